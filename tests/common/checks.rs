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

// ---- card-present input ----

use super::card::{self, Track1, Track2};
use binclass::{emv, track};

/// Reads fuzz bytes as a stream of small choices; exhausted input reads as zeros.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let (b, rest) = self.0.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
        self.0 = rest;
        b
    }
    fn below(&mut self, n: u8) -> u8 {
        self.byte() % n
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.below(10))).collect()
    }
    fn flag(&mut self) -> bool {
        self.byte() & 1 == 1
    }
}

/// The fields a parser reports, as text.
fn fields(
    pan: &binclass::Pan,
    exp: Option<binclass::YearMonth>,
    sc: Option<binclass::ServiceCode>,
) -> card::NaiveFields {
    let digits: String = pan.digits().iter().map(|d| char::from(b'0' + d)).collect();
    (
        digits,
        exp.map(|e| e.yymm().to_string()),
        sc.map(|c| c.to_string()),
    )
}

/// Any bytes: the track parser agrees with the naive regex parser, rejects what is not
/// ASCII, and the verdict shows no card data.
pub fn track(input: &[u8]) {
    let ours = track::parse(input)
        .ok()
        .map(|s| fields(s.pan(), s.expiry(), s.service_code()));
    match std::str::from_utf8(input) {
        Ok(text) => {
            assert_eq!(ours, card::naive_tracks(text));
            card::classify_track(&Profile::default(), text);
        }
        Err(_) => assert_eq!(ours, None),
    }
    // The runtime-data path with the compiled data answers exactly as the compiled path.
    let p = Profile::default();
    assert_eq!(
        p.classify_track_with(&binclass::CardData::compiled(), input),
        p.classify_track(input)
    );
}

/// Valid tracks built from fuzz-chosen parts (with or without sentinels and LRC, `=` or `D`,
/// one track or both) parse back to exactly those parts.
pub fn track_roundtrip(input: &[u8]) {
    let mut b = Bytes(input);
    let pan_len = 12 + usize::from(b.below(8));
    let pan = format!("4{}", b.digits(pan_len - 1));
    let yy = b.digits(2);
    let mm = format!("{:02}", 1 + b.below(12));
    let expiry = (!b.flag()).then(|| format!("{yy}{mm}"));
    let sc = (!b.flag()).then(|| b.digits(3));
    let name_len = 2 + usize::from(b.below(25));
    let name: String = (0..name_len)
        .map(|_| {
            // Track 1 name characters: 6-bit set without the separators and sentinels.
            let c = char::from(0x20 + b.below(0x40));
            if matches!(c, '^' | '%' | '?') { 'A' } else { c }
        })
        .collect();
    let n = usize::from(b.below(8));
    let disc2 = b.digits(n);
    let mut two = Track2 {
        pan: pan.clone(),
        sep: if b.flag() { '=' } else { 'D' },
        expiry: expiry.clone(),
        service_code: sc.clone(),
        discretionary: disc2,
        start: b.flag(),
        end: b.flag(),
        lrc: b.flag(),
    };
    if !two.end {
        two.lrc = false;
    }
    let mut one = Track1 {
        pan: pan.clone(),
        name,
        expiry: expiry.clone(),
        service_code: sc.clone(),
        discretionary: String::new(),
        start: b.flag(),
        end: b.flag(),
        lrc: b.flag(),
    };
    if !one.end {
        one.lrc = false;
    }
    let n = usize::from(b.below(10));
    one.discretionary = b.digits(n);
    let text = match b.below(3) {
        0 => two.render(),
        1 => one.render(),
        _ => {
            (one.end, two.start, two.sep) = (true, true, '=');
            one.render() + &two.render()
        }
    };
    let parsed = track::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{e} for a valid track"));
    assert_eq!(
        fields(parsed.pan(), parsed.expiry(), parsed.service_code()),
        (pan, expiry, sc)
    );
}

/// Any bytes as EMV data: no panic, and a parse that succeeds reports a PAN of 8-19 digits
/// that the verdict masks.
pub fn emv(input: &[u8]) {
    let v = Profile::default().classify_emv(input);
    // The runtime-data path with the compiled data answers exactly as the compiled path.
    assert_eq!(
        Profile::default().classify_emv_with(&binclass::CardData::compiled(), input),
        v
    );
    if let Ok(chip) = emv::parse(input) {
        let n = chip.pan().len();
        assert!((8..=19).contains(&n));
        assert_eq!(v.length(), Some(n));
        let secrets = [fields(chip.pan(), None, None).0];
        card::assert_no_leak(&card::rendered(&v), &secrets);
    }
}

/// Valid EMV data built from fuzz-chosen parts (tag 5A and/or 57, 5F24, 5F30, an AID, inside
/// a 70 or 77 template or not, short or long length forms) parses back to those parts.
pub fn emv_roundtrip(input: &[u8]) {
    let mut b = Bytes(input);
    let pan_len = 12 + usize::from(b.below(8));
    let pan = format!("62{}", b.digits(pan_len - 2));
    let yy = b.digits(2);
    let mm = format!("{:02}", 1 + b.below(12));
    let sc = b.digits(3);
    let long = b.flag();
    let mut body = Vec::new();
    let with_5a = b.flag();
    let with_57 = !with_5a || b.flag();
    if with_5a {
        body.extend(card::tlv(&[0x5A], &card::pack(&pan), long));
    }
    if with_57 {
        let n = usize::from(b.below(6));
        let t2 = format!("{pan}D{yy}{mm}{sc}{}", b.digits(n));
        body.extend(card::tlv(&[0x57], &card::pack(&t2), long));
    }
    body.extend(card::tlv(
        &[0x5F, 0x24],
        &card::pack(&format!("{yy}{mm}28")),
        long,
    ));
    body.extend(card::tlv(
        &[0x5F, 0x30],
        &card::pack(&format!("0{sc}")),
        long,
    ));
    if b.flag() {
        body.extend(card::tlv(
            &[0x4F],
            &[0xA0, 0, 0, 0x03, 0x33, 0x01, 0x01, 0x01],
            long,
        ));
    }
    let data = match b.below(3) {
        0 => body,
        1 => card::tlv(&[0x70], &body, long),
        _ => card::tlv(&[0x77], &body, long),
    };
    let chip = emv::parse(&data).unwrap_or_else(|e| panic!("{e} for valid EMV data"));
    assert_eq!(
        fields(chip.pan(), chip.expiry(), chip.service_code()),
        (pan, Some(format!("{yy}{mm}")), Some(sc))
    );
}

// ---- the C boundary ----

/// The C entry points on arbitrary bytes, with the true length or an over-long one: the
/// same verdict as Rust, over-long lengths rejected without reading, profiles loaded from
/// any bytes freed cleanly.
pub fn ffi(input: &[u8]) {
    use binclass::ffi::*;
    let (mode, data) = input.split_first().map_or((0, &[][..]), |(m, d)| (*m, d));
    let mut out = std::mem::MaybeUninit::<binclass_result>::uninit();
    // SAFETY: `data` is valid for `data.len()` bytes and `out` for one result.
    let status = unsafe {
        binclass_classify(
            std::ptr::null(),
            data.as_ptr().cast(),
            data.len(),
            out.as_mut_ptr(),
        )
    };
    if data.len() <= BINCLASS_MAX_INPUT {
        assert_eq!(status, binclass_status::Ok);
        // SAFETY: written on success.
        let r = unsafe { out.assume_init() };
        let v = binclass::classify(data);
        assert_eq!(r.supported, v.is_supported());
        assert_eq!(r.reason, v.reason().map_or(0, |r| u32::from(r.number())));
        assert_eq!(r.candidates, v.candidates().mask());
    } else {
        assert_ne!(status, binclass_status::Ok);
    }
    if mode & 1 == 1 {
        // A length far beyond the buffer must be refused before any byte is read.
        // SAFETY: the function rejects lengths over BINCLASS_MAX_INPUT without reading.
        let status = unsafe {
            binclass_classify(
                std::ptr::null(),
                data.as_ptr().cast(),
                usize::MAX - usize::from(mode),
                out.as_mut_ptr(),
            )
        };
        assert_ne!(status, binclass_status::Ok);
    }
    // The card-present entry points: the same verdict as Rust with the default profile.
    // SAFETY: `data` is valid for its length; `out` for one result.
    let status = unsafe {
        binclass_classify_track(
            std::ptr::null(),
            data.as_ptr().cast(),
            data.len(),
            out.as_mut_ptr(),
        )
    };
    let rust =
        (data.len() <= BINCLASS_MAX_TRACK_INPUT).then(|| Profile::default().classify_track(data));
    same_verdict(status, &out, rust);
    // SAFETY: as above.
    let status = unsafe {
        binclass_classify_emv(
            std::ptr::null(),
            data.as_ptr(),
            data.len(),
            out.as_mut_ptr(),
        )
    };
    let rust =
        (data.len() <= BINCLASS_MAX_EMV_INPUT).then(|| Profile::default().classify_emv(data));
    same_verdict(status, &out, rust);
    // The `_with` entry points, with NULL card data (the compiled table) or a handle serving
    // the compiled table: the same verdicts as the Rust `_with` functions.
    let mut handle: *mut binclass_card_data = std::ptr::null_mut();
    if mode & 2 == 2 {
        // SAFETY: `handle` is a valid out-pointer.
        assert_eq!(
            unsafe { binclass_card_data_new(&mut handle) },
            binclass_status::Ok
        );
    }
    let compiled = binclass::CardData::compiled();
    let p = Profile::default();
    // SAFETY: `data` is valid for its length; `out` for one result; `handle` NULL or live.
    let status = unsafe {
        binclass_classify_with(
            std::ptr::null(),
            handle,
            data.as_ptr().cast(),
            data.len(),
            out.as_mut_ptr(),
        )
    };
    let rust = (data.len() <= BINCLASS_MAX_INPUT).then(|| p.classify_with(&compiled, data));
    same_verdict(status, &out, rust);
    // SAFETY: as above.
    let status = unsafe {
        binclass_classify_track_with(
            std::ptr::null(),
            handle,
            data.as_ptr().cast(),
            data.len(),
            out.as_mut_ptr(),
        )
    };
    let rust =
        (data.len() <= BINCLASS_MAX_TRACK_INPUT).then(|| p.classify_track_with(&compiled, data));
    same_verdict(status, &out, rust);
    // SAFETY: as above.
    let status = unsafe {
        binclass_classify_emv_with(
            std::ptr::null(),
            handle,
            data.as_ptr(),
            data.len(),
            out.as_mut_ptr(),
        )
    };
    let rust = (data.len() <= BINCLASS_MAX_EMV_INPUT).then(|| p.classify_emv_with(&compiled, data));
    same_verdict(status, &out, rust);
    // SAFETY: made above (or NULL), freed once.
    unsafe { binclass_card_data_free(handle) };
    let mut ids = [0u32; 64];
    let mut count = 0usize;
    let cap = usize::from(mode >> 2) % 65;
    // SAFETY: `ids` has room for `cap` <= 64 codes; `count` is valid.
    let status = unsafe {
        binclass_candidates(
            data.as_ptr().cast(),
            data.len(),
            ids.as_mut_ptr(),
            cap,
            &mut count,
        )
    };
    if status == binclass_status::Ok {
        assert_eq!(count, binclass::candidates(data).len());
    }
    let mut profile: *mut binclass_profile = std::ptr::null_mut();
    // SAFETY: `data` is valid for its length; `profile` is a valid out-pointer.
    let status =
        unsafe { binclass_profile_from_str(data.as_ptr().cast(), data.len(), &mut profile) };
    if status == binclass_status::Ok {
        // SAFETY: a profile just created, classified with and freed once.
        unsafe {
            let s = binclass_classify(profile, c"4111111111111111".as_ptr(), 16, out.as_mut_ptr());
            assert_eq!(s, binclass_status::Ok);
            binclass_profile_free(profile);
        }
    } else {
        assert!(profile.is_null());
    }
}

/// Runtime table files never panic; a file that loads answers, at every boundary of its
/// entries, what data/FORMAT.md's rules give by linear scan over the compiled rows and the
/// file's rows and withdrawals.
pub fn runtime_table(input: &[u8]) {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    let Ok(table) = binclass::Table::parse("fuzz.csv", text) else {
        return;
    };
    let file = table.runtime_file().unwrap();
    let compiled = &data().iin.rows;
    let spans: Vec<(u8, (u32, u32))> = file
        .rows
        .iter()
        .map(|r| (r.digits, r.span8()))
        .chain(file.withdrawals.iter().map(|w| (w.digits, w.span8())))
        .collect();
    for &(_, (lo, hi)) in &spans {
        for p8 in [lo, hi - 1, hi.min(99_999_999)] {
            let covers = |digits: u8| {
                spans
                    .iter()
                    .any(|&(d, (a, b))| d == digits && a <= p8 && p8 < b)
            };
            // (digits, line, is_runtime, is_withdrawal) of every entry still in force at p8.
            let mut live: Vec<(u8, u64, bool, bool)> = compiled
                .iter()
                .filter(|c| c.contains8(p8) && !covers(c.digits))
                .map(|c| (c.digits, c.line, false, false))
                .collect();
            live.extend(
                file.rows
                    .iter()
                    .filter(|r| r.contains8(p8))
                    .map(|r| (r.digits, r.line, true, false)),
            );
            live.extend(
                file.withdrawals
                    .iter()
                    .filter(|w| w.contains8(p8))
                    .map(|w| (w.digits, w.line, true, true)),
            );
            let best = live.iter().map(|e| e.0).max();
            let winners: Vec<_> = live.iter().filter(|e| Some(e.0) == best).collect();
            let mut want: Vec<(bool, u64)> = if winners.iter().any(|e| e.3) {
                Vec::new()
            } else {
                winners.iter().map(|e| (e.2, e.1)).collect()
            };
            want.sort_unstable();
            let mut got: Vec<(bool, u64)> = table
                .lookup(p8)
                .map(|m| {
                    m.ranges()
                        .map(|r| match r.origin() {
                            binclass::table::Origin::Runtime { line } => (true, u64::from(line)),
                            binclass::table::Origin::Compiled { line } => (false, u64::from(line)),
                            other => panic!("unexpected origin {other:?}"),
                        })
                        .collect()
                })
                .unwrap_or_default();
            got.sort_unstable();
            assert_eq!(got, want, "prefix {p8:08}");
        }
    }
}

/// BIN files never panic; every BIN a file lists is found by its own prefix (a 6-digit BIN
/// yields to an 8-digit BIN listed at the same prefix).
pub fn bins_file(input: &[u8]) {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    let Ok(bins) = binclass::Bins::parse("fuzz.csv", text) else {
        return;
    };
    for e in bins.iter() {
        let p8 = if e.digits() == 8 {
            e.bin()
        } else {
            e.bin() * 100
        };
        let got = bins.lookup(p8).unwrap();
        if e.digits() == 8 || got.digits() == 6 {
            assert_eq!(got, e, "BIN {p8:08}");
        } else {
            assert_eq!(got.bin(), p8, "BIN {p8:08}");
        }
    }
}

/// A C call's status and result against the Rust verdict (`None`: the input is over the C
/// limit, so the call must fail without writing).
fn same_verdict(
    status: binclass::ffi::binclass_status,
    out: &std::mem::MaybeUninit<binclass::ffi::binclass_result>,
    rust: Option<binclass::Support>,
) {
    match rust {
        Some(v) => {
            assert_eq!(status, binclass::ffi::binclass_status::Ok);
            // SAFETY: written on success, just now.
            let r = unsafe { out.assume_init_ref() };
            assert_eq!(r.reason, v.reason().map_or(0, |r| u32::from(r.number())));
            assert_eq!(r.scheme, v.scheme().map_or(0, |s| u32::from(s.code())));
            assert_eq!(r.flags, u32::from(v.flags().bits()));
        }
        None => assert_ne!(status, binclass::ffi::binclass_status::Ok),
    }
}
