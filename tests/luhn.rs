//! The word-at-a-time (SWAR) Luhn check against the textbook definition and the `luhn`
//! crate, directly and through `classify`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use binclass::{Lengths, LuhnPolicy, Profile, Scheme, luhn};
use common::luhn_textbook;
use proptest::prelude::*;

fn values(digits: &str) -> Vec<u8> {
    digits.bytes().map(|b| b - b'0').collect()
}

/// A profile that reports the Luhn result of every 8-19 digit Visa number.
fn report_everything() -> Profile {
    Profile::accepting(&[Scheme::Visa])
        .with_lengths(Scheme::Visa, Lengths::ANY)
        .with_luhn(Scheme::Visa, LuhnPolicy::Advisory)
}

#[test]
fn every_string_of_up_to_six_digits() {
    for n in 1..=6u32 {
        for v in 0..10u32.pow(n) {
            let s = format!("{v:0width$}", width = n as usize);
            let want = luhn_textbook(&s);
            assert_eq!(luhn::is_valid_ascii(s.as_bytes()), want, "{s}");
            assert_eq!(luhn::is_valid(&values(&s)), want, "{s}");
            assert_eq!(::luhn::valid(&s), want, "{s}");
        }
    }
}

#[test]
fn rejects_what_is_not_a_digit_string() {
    assert!(!luhn::is_valid_ascii(b""));
    assert!(!luhn::is_valid_ascii(b"4111 1111 1111 1111"));
    for bad in (0..=255u8).filter(|b| !b.is_ascii_digit()) {
        for at in 0..19 {
            let mut s = *b"0000000000000000000";
            s[at] = bad;
            assert!(!luhn::is_valid_ascii(&s), "byte {bad:#x} at {at}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn swar_agrees_with_textbook_and_luhn_crate(s in "[0-9]{1,64}") {
        let want = luhn_textbook(&s);
        prop_assert_eq!(luhn::is_valid_ascii(s.as_bytes()), want);
        prop_assert_eq!(luhn::is_valid(&values(&s)), want);
        prop_assert_eq!(::luhn::valid(&s), want);
    }

    #[test]
    fn classify_reports_the_textbook_result(tail in "[0-9]{4,15}", bump in 0u8..10) {
        // Every PAN length, with the check digit shifted by `bump` so about one in ten passes.
        // (4111 is Visa throughout: no carved-out range below it.)
        let mut pan = format!("4111{tail}").into_bytes();
        let last = pan.len() - 1;
        pan[last] = b'0' + (pan[last] - b'0' + bump) % 10;
        let pan = String::from_utf8(pan).unwrap();
        let v = report_everything().classify(&pan);
        prop_assert!(v.is_supported());
        prop_assert_eq!(v.luhn(), Some(luhn_textbook(&pan)), "{} digits", pan.len());
        // The keyed path (separators) packs the same digits and must agree.
        let spaced: String = pan.chars().flat_map(|c| [c, ' ']).collect();
        prop_assert_eq!(report_everything().classify(&spaced).luhn(), v.luhn());
    }
}
