//! The fast pipeline against the naive oracle: property tests over arbitrary input, and an
//! exhaustive sweep of every six-digit prefix and every row boundary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use binclass::{LuhnPolicy, Profile, Scheme, classify, iin};
use common::{Expected, data, naive_candidates, naive_classify, with_check_digit};
use proptest::prelude::*;

fn restrictive_profile() -> Profile {
    Profile::accepting(&[
        Scheme::Unionpay,
        Scheme::Visa,
        Scheme::Discover,
        Scheme::Mastercard,
    ])
    .with_luhn(Scheme::Unionpay, LuhnPolicy::Required)
    .with_luhn(Scheme::Visa, LuhnPolicy::Advisory)
    .with_lengths(Scheme::Mastercard, binclass::Lengths::range(16, 19))
}

fn check(profile: &Profile, input: &[u8]) {
    let fast = Expected::of(&profile.classify(input));
    let slow = naive_classify(profile, input);
    assert_eq!(fast, slow, "input of {} bytes", input.len());
}

/// Every six-digit prefix, as a Luhn-valid 16-digit PAN, a Luhn-invalid one, and a 19-digit
/// one: all 3,000,000 agree with the oracle.
#[test]
fn every_six_digit_prefix_agrees_with_oracle() {
    let default = Profile::default();
    for p6 in 0..1_000_000u32 {
        let valid = with_check_digit(&format!("{p6:06}000000000"));
        check(&default, valid.as_bytes());
        let mut invalid = valid.clone().into_bytes();
        let last = invalid.len() - 1;
        invalid[last] = b'0' + (invalid[last] - b'0' + 1) % 10;
        check(&default, &invalid);
        if p6 % 7 == 0 {
            let long = with_check_digit(&format!("{p6:06}123456789012"));
            check(&restrictive_profile(), long.as_bytes());
        }
    }
}

/// Each row's first and last eight-digit prefix, and the ones just outside, resolve to the
/// same rows as the linear scan.
#[test]
fn every_row_boundary_agrees_with_linear_scan() {
    let rows = &data().iin.rows;
    for r in rows {
        let (lo, hi) = r.span8();
        for p8 in [lo.wrapping_sub(1), lo, lo + 1, hi - 1, hi] {
            if p8 >= 100_000_000 {
                continue;
            }
            let want: Vec<u32> = datafile_lines(p8);
            let got: Vec<u32> = iin::lookup(p8)
                .map(|m| m.ranges().iter().map(|r| r.line()).collect())
                .unwrap_or_default();
            assert_eq!(got, want, "prefix {p8:08} (row at line {})", r.line);
        }
    }
}

fn datafile_lines(p8: u32) -> Vec<u32> {
    let mut v: Vec<u32> = binclass::datafile::resolve_naive(&data().iin.rows, p8)
        .iter()
        .map(|r| r.line as u32)
        .collect();
    v.sort_unstable();
    v
}

/// As-you-type candidates for every prefix of up to four digits.
#[test]
fn candidates_agree_with_oracle_up_to_four_digits() {
    assert_eq!(binclass::candidates(""), naive_candidates(""));
    for n in 1..=4u32 {
        for v in 0..10u32.pow(n) {
            let p = format!("{v:0width$}", width = n as usize);
            assert_eq!(binclass::candidates(&p), naive_candidates(&p), "prefix {p}");
        }
    }
}

fn pan_like() -> impl Strategy<Value = Vec<u8>> {
    // Digits with the odd separator or stray byte, 0 to 70 bytes.
    prop::collection::vec(
        prop_oneof![
            20 => b'0'..=b'9',
            2 => Just(b' '),
            2 => Just(b'-'),
            1 => any::<u8>(),
        ],
        0..70,
    )
}

fn table_prefix() -> impl Strategy<Value = String> {
    // Start from a real row's example so most cases hit the table, then wander.
    let examples: Vec<String> = data().iin.rows.iter().map(|r| r.example.clone()).collect();
    (prop::sample::select(examples), "[0-9]{0,13}").prop_map(|(e, tail)| format!("{e}{tail}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn arbitrary_bytes_agree_with_oracle(input in prop::collection::vec(any::<u8>(), 0..80)) {
        check(&Profile::default(), &input);
    }

    #[test]
    fn pan_like_input_agrees_with_oracle(input in pan_like()) {
        check(&Profile::default(), &input);
        check(&restrictive_profile(), &input);
    }

    #[test]
    fn table_hits_agree_with_oracle(p in table_prefix()) {
        check(&Profile::default(), p.as_bytes());
        check(&restrictive_profile(), p.as_bytes());
        let full = with_check_digit(&p);
        check(&Profile::default(), full.as_bytes());
    }

    #[test]
    fn candidates_agree_with_oracle(p in prop_oneof![table_prefix(), "[0-9]{0,20}"]) {
        let p = &p[..p.len().min(20)];
        prop_assert_eq!(binclass::candidates(p), naive_candidates(p));
    }

    #[test]
    fn candidates_contain_the_final_scheme(p in table_prefix(), cut in 0usize..20) {
        // Whatever a finished number is accepted as was offered while it was being typed.
        let full = with_check_digit(&p);
        let v = classify(&full);
        let typed = &full[..cut.min(full.len())];
        if let (true, Some(s)) = (v.is_supported(), v.scheme()) {
            prop_assert!(binclass::candidates(typed).contains(s), "prefix of {} digits lost {s}", typed.len());
        }
    }
}
