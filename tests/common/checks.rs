//! The properties the fuzz targets check, one function per target. The fuzz crate calls
//! them on generated input; `tests/fuzz_regressions.rs` replays every committed input through
//! the same functions under plain `cargo test`.

use super::{Expected, data, naive_candidates, naive_classify};
use binclass::{LuhnPolicy, Profile, Scheme, datafile, index};

fn profiles() -> [Profile; 2] {
    [
        Profile::default(),
        Profile::accepting(&[Scheme::Unionpay, Scheme::Visa, Scheme::Discover])
            .with_luhn(Scheme::Unionpay, LuhnPolicy::Required)
            .with_lengths(Scheme::Visa, binclass::Lengths::EMPTY.with(16)),
    ]
}

/// Keyed classification equals the naive oracle, under two profiles.
pub fn classify(input: &[u8]) {
    for p in &profiles() {
        assert_eq!(Expected::of(&p.classify(input)), naive_classify(p, input));
    }
}

/// As-you-type candidates equal the naive answer for digit strings; anything else is empty.
pub fn candidates(input: &[u8]) {
    let got = binclass::candidates(input);
    let typed = input
        .iter()
        .all(|b| b.is_ascii_digit() || *b == b' ' || *b == b'-');
    if !typed {
        assert!(got.is_empty());
        return;
    }
    let digits: String = input
        .iter()
        .filter(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect();
    assert_eq!(got, naive_candidates(&digits));
}

/// Luhn equals the `luhn` crate (reference oracle) on the digits the bytes map to.
pub fn luhn(input: &[u8]) {
    let digits: Vec<u8> = input.iter().map(|b| b % 10).collect();
    let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    assert_eq!(
        binclass::luhn::is_valid(&digits),
        luhn::valid(&text),
        "{} digits",
        digits.len()
    );
    // The word-at-a-time check that classify uses, on the same digits as ASCII.
    assert_eq!(
        binclass::luhn::is_valid_ascii(text.as_bytes()),
        luhn::valid(&text),
        "{} ASCII digits",
        digits.len()
    );
}

/// Profile files never panic; a loaded profile classifies.
pub fn profile(input: &[u8]) {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    for p in [Profile::from_toml(text), Profile::from_json(text)]
        .into_iter()
        .flatten()
    {
        let v = p.classify("6212345678901232");
        assert!(v.length() == Some(16));
    }
}

/// Table files never panic; a table that validates builds an index that agrees with the
/// linear scan at every row boundary.
pub fn table_file(input: &[u8]) {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    let d = data();
    let Ok(table) = datafile::parse_iin("fuzz.csv", text, &d.schemes, &d.sources) else {
        return;
    };
    let built = index::build(&table.rows);
    for r in &table.rows {
        let (lo, hi) = r.span8();
        for p8 in [lo, hi - 1, hi.min(99_999_999)] {
            let want: Vec<u64> = datafile::resolve_naive(&table.rows, p8)
                .iter()
                .map(|r| r.line)
                .collect();
            let id = index::lookup(&built, p8) as usize;
            let got: Vec<u64> = built.matches[id]
                .iter()
                .map(|&i| table.rows[i].line)
                .collect();
            assert_eq!(got, want, "prefix {p8:08}");
        }
    }
}
