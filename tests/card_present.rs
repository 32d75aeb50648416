//! Card-present verdicts: expiry, service code, fallback, terminal services, flags, the
//! precedence of every reason, profile file keys, and the no-leak sweep.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use binclass::{Date, Entry, Fallback, Flags, Lang, Profile, Reason, Scheme, TerminalServices};
use common::card::{Track1, Track2, classify_emv, classify_track, rendered};

const VISA: &str = "4111111111111111";
const UNIONPAY: &str = "6212345678901232";

fn today() -> Date {
    Date::new(2026, 11, 21).unwrap()
}

fn terminal() -> Profile {
    Profile::default().with_today(today())
}

/// Track 2 with sentinels and LRC.
fn swipe(pan: &str, yymm: &str, sc: &str) -> String {
    Track2::new(pan, yymm, sc, "0000000000").render()
}

#[test]
fn expiry_is_good_through_the_end_of_its_month() {
    let on = |d: &str| Profile::default().with_today(d.parse().unwrap());
    let card = swipe(VISA, "2611", "101");
    assert!(classify_track(&on("2026-11-30"), &card).is_supported());
    assert!(classify_track(&on("2026-01-01"), &card).is_supported());
    assert_eq!(
        classify_track(&on("2026-12-01"), &card).reason(),
        Some(Reason::Expired)
    );
    assert_eq!(
        classify_track(&on("2027-01-01"), &card).reason(),
        Some(Reason::Expired)
    );
    // No date in the profile: never expired, the expiry is still reported.
    let v = classify_track(&Profile::default(), &swipe(VISA, "0001", "101"));
    assert!(v.is_supported());
    assert_eq!(v.expiry().unwrap().yymm().to_string(), "0001");
    // EMV 5F24 carries a day: the application expires after it.
    let chip =
        |d: &str| classify_emv(&on(d), "5A08 4111111111111111 5F24 03 261115", &[VISA]).reason();
    assert_eq!(chip("2026-11-15"), None);
    assert_eq!(chip("2026-11-16"), Some(Reason::Expired));
    // Tag 57 alone: through the end of its month.
    let t57 = "57 0E 4111111111111111D2611101000F";
    assert_eq!(classify_emv(&on("2026-11-30"), t57, &[VISA]).reason(), None);
    assert_eq!(
        classify_emv(&on("2026-12-01"), t57, &[VISA]).reason(),
        Some(Reason::Expired)
    );
}

#[test]
fn flags_come_from_the_service_code() {
    let p = terminal();
    let flags = |sc: &str| classify_track(&p, &swipe(VISA, "3012", sc)).flags();
    assert_eq!(flags("101"), Flags::EMPTY);
    assert_eq!(flags("201"), Flags::CHIP_PRESENT);
    assert_eq!(flags("601"), Flags::CHIP_PRESENT);
    assert_eq!(
        flags("120"),
        Flags::ONLINE_REQUIRED.with(Flags::PIN_REQUIRED)
    );
    assert_eq!(
        flags("145"),
        Flags::ONLINE_REQUIRED.with(Flags::PIN_REQUIRED)
    );
    // "PIN where feasible" is not "PIN required".
    assert_eq!(flags("206"), Flags::CHIP_PRESENT);
    assert_eq!(
        flags("226"),
        Flags::CHIP_PRESENT.with(Flags::ONLINE_REQUIRED)
    );
    // Keyed input carries none; chip data is always chip_present.
    assert_eq!(p.classify(VISA).flags(), Flags::EMPTY);
    assert_eq!(
        classify_emv(&p, "5A08 4111111111111111 5F30 02 0101", &[VISA]).flags(),
        Flags::CHIP_PRESENT
    );
}

#[test]
fn fallback_decides_a_swiped_chip_card() {
    let allow = terminal().with_fallback(Fallback::Allowed);
    let deny = terminal().with_fallback(Fallback::Denied);
    assert_eq!(Profile::default().fallback(), Fallback::Allowed);
    for sc in ["201", "221", "601", "606"] {
        let card = swipe(UNIONPAY, "3012", sc);
        let v = classify_track(&allow, &card);
        assert!(
            v.is_supported() && v.flags().contains(Flags::CHIP_PRESENT),
            "{sc}"
        );
        let v = classify_track(&deny, &card);
        assert_eq!(v.reason(), Some(Reason::ChipRequired), "{sc}");
        assert_eq!(v.scheme(), Some(Scheme::Unionpay));
        assert_eq!(v.service_code().unwrap().to_string(), sc);
        // Track 1 alone is a swipe too.
        let t1 = Track1::new(UNIONPAY, "ZHANG/SAN", "3012", sc, "000000").render();
        assert_eq!(
            classify_track(&deny, &t1).reason(),
            Some(Reason::ChipRequired)
        );
    }
    // A stripe-only card, or a stripe without a service code, swipes fine.
    assert!(classify_track(&deny, &swipe(UNIONPAY, "3012", "101")).is_supported());
    assert!(classify_track(&deny, &format!(";{UNIONPAY}=3012=?")).is_supported());
    // The chip itself is never a fallback.
    let emv = "5A08 6212345678901232 5F30 02 0201";
    assert!(classify_emv(&deny, emv, &[UNIONPAY]).is_supported());
}

#[test]
fn the_terminal_services_decide_restricted_cards() {
    let purchase = terminal();
    let cash = terminal().with_services(TerminalServices::CASH);
    let both = terminal().with_services(TerminalServices::PURCHASE.with(TerminalServices::CASH));
    assert_eq!(Profile::default().services(), TerminalServices::PURCHASE);
    // (service code, purchase terminal, cash terminal, both)
    let table = [
        ("101", true, true, true),
        ("102", true, false, true), // goods and services only
        ("103", false, true, true), // ATM only (counts as cash)
        ("104", false, true, true), // cash only
        ("105", true, false, true),
        ("107", true, false, true),
        ("108", true, true, true), // reserved: no restriction assumed
    ];
    for (sc, at_purchase, at_cash, at_both) in table {
        let card = swipe(VISA, "3012", sc);
        for (p, ok) in [(&purchase, at_purchase), (&cash, at_cash), (&both, at_both)] {
            let v = classify_track(p, &card);
            let expected = if ok {
                None
            } else {
                Some(Reason::ServiceNotAllowed)
            };
            assert_eq!(v.reason(), expected, "{sc} at {:?}", p.services());
        }
    }
    // EMV's 5F30 counts too.
    let atm_only = "5A08 4111111111111111 5F30 02 0103";
    assert_eq!(
        classify_emv(&purchase, atm_only, &[VISA]).reason(),
        Some(Reason::ServiceNotAllowed)
    );
    // An empty set is ignored rather than refusing everything.
    assert_eq!(
        terminal().with_services(TerminalServices::NONE).services(),
        TerminalServices::PURCHASE
    );
}

/// Pairs of problems on one card: the earlier reason in `Reason`'s documented order wins.
#[test]
fn precedence_of_card_present_reasons() {
    let strict = Profile::accepting(&[Scheme::Unionpay])
        .with_fallback(Fallback::Denied)
        .with_today(today());
    let chip_atm_expired = swipe(VISA, "2001", "203");
    let cases: Vec<(&str, String, Reason)> = vec![
        // malformed (framing) > lrc_mismatch
        (
            "charset before LRC",
            format!(";{VISA}=3012201X?0"),
            Reason::MalformedTrack,
        ),
        // lrc_mismatch > malformed field
        (
            "LRC before fields",
            format!(
                ";{VISA}=3013201?{}",
                wrong_lrc(&format!(";{VISA}=3013201?"))
            ),
            Reason::LrcMismatch,
        ),
        // malformed field > bad_length (short PAN)
        (
            "field before short PAN",
            ";4111111=3013201?".into(),
            Reason::MalformedTrack,
        ),
        // bad_length (short PAN) > anything about the card
        ("short PAN", ";4111111=2001203?".into(), Reason::BadLength),
        // unknown_iin > expired
        (
            "unknown before expired",
            swipe("9999999999999995", "2001", "203"),
            Reason::UnknownIin,
        ),
        // luhn_failed > expired
        (
            "luhn before expired",
            swipe("4111111111111112", "2001", "203"),
            Reason::LuhnFailed,
        ),
        // expired > scheme_not_accepted > service_not_allowed > chip_required
        ("expired first", chip_atm_expired, Reason::Expired),
        (
            "not accepted next",
            swipe(VISA, "3012", "203"),
            Reason::SchemeNotAccepted,
        ),
        (
            "service before chip",
            swipe(UNIONPAY, "3012", "203"),
            Reason::ServiceNotAllowed,
        ),
        (
            "chip last",
            swipe(UNIONPAY, "3012", "201"),
            Reason::ChipRequired,
        ),
    ];
    for (what, input, reason) in cases {
        assert_eq!(
            classify_track(&strict, &input).reason(),
            Some(reason),
            "{what}: {input}"
        );
    }
    // EMV: luhn_failed > aid_mismatch > expired > scheme_not_accepted.
    let mc_aid = "4F07A0000000041010";
    let emv_cases = [
        (
            format!("5A08 4111111111111112 5F24 03 200131 {mc_aid}"),
            Reason::LuhnFailed,
        ),
        (
            format!("5A08 4111111111111111 5F24 03 200131 {mc_aid}"),
            Reason::AidMismatch,
        ),
        (
            "5A08 4111111111111111 5F24 03 200131 4F07A0000000031010".into(),
            Reason::Expired,
        ),
        (
            "5A08 4111111111111111 5F24 03 301231 5F30 02 0203".into(),
            Reason::SchemeNotAccepted,
        ),
        (
            "5A08 6212345678901232 5F24 03 301231 5F30 02 0203".into(),
            Reason::ServiceNotAllowed,
        ),
    ];
    let secrets = [VISA, UNIONPAY, "4111111111111112"];
    for (hex, reason) in emv_cases {
        assert_eq!(
            classify_emv(&strict, &hex, &secrets).reason(),
            Some(reason),
            "{hex}"
        );
    }
}

fn wrong_lrc(track: &str) -> char {
    let right = binclass::track::lrc_track2(track.as_bytes()).unwrap();
    if right == b'0' { '1' } else { '0' }
}

#[test]
fn keyed_input_is_unchanged() {
    let p = terminal().with_fallback(Fallback::Denied);
    let v = p.classify(VISA);
    assert!(v.is_supported());
    assert_eq!(
        (v.entry(), v.expiry(), v.service_code()),
        (Entry::Keyed, None, None)
    );
}

#[test]
fn profile_files_carry_the_card_present_keys() {
    let toml = "accept = [\"unionpay\"]\nfallback = \"denied\"\nservices = [\"purchase\", \"cash\"]\ntoday = \"2026-11-21\"\n";
    let json = r#"{"accept": ["unionpay"], "fallback": "denied", "services": ["cash", "purchase"], "today": "2026-11-21"}"#;
    let a = Profile::from_toml(toml).unwrap();
    let b = Profile::from_json(json).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.fallback(), Fallback::Denied);
    assert_eq!(
        a.services(),
        TerminalServices::PURCHASE.with(TerminalServices::CASH)
    );
    assert_eq!(a.today(), Some(today()));
    assert_eq!(
        Profile::from_toml("").unwrap().fallback(),
        Fallback::Allowed
    );
    // Bad values and unknown keys are named.
    for (text, needle) in [
        ("fallback = \"maybe\"", "maybe"),
        ("fallback = 1", "fallback"),
        ("services = [\"refund\"]", "refund"),
        ("services = []", "services"),
        ("today = \"2026-02-30\"", "2026-02-30"),
        ("today = \"21/11/2026\"", "YYYY-MM-DD"),
        ("fallbak = \"denied\"", "fallbak"),
    ] {
        let e = Profile::from_toml(text).unwrap_err().to_string();
        assert!(e.contains(needle), "{text}: {e}");
    }
}

#[test]
fn every_reason_has_both_messages_and_its_number() {
    let numbers: Vec<(u8, &str)> = Reason::ALL.iter().map(|r| (r.number(), r.code())).collect();
    assert_eq!(
        numbers[6..],
        [
            (7, "malformed_track"),
            (8, "lrc_mismatch"),
            (9, "expired"),
            (10, "chip_required"),
            (11, "service_not_allowed"),
            (12, "aid_mismatch"),
            (13, "product_not_accepted"),
            (14, "country_not_accepted")
        ]
    );
    for r in Reason::ALL {
        assert_eq!(Reason::from_number(r.number()), Some(r));
        assert_eq!(Reason::from_code(r.code()), Some(r));
        for lang in [Lang::En, Lang::ZhCn] {
            assert!(!r.summary(lang).is_empty() && !r.action(lang).is_empty());
        }
        assert!(
            r.message(Lang::ZhCn)
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        );
    }
    assert_eq!(Reason::from_number(0), None);
    assert_eq!(Reason::from_number(15), None);
}

/// Formats every verdict and error the card-present inputs of this suite produce and checks
/// that no PAN, name or discretionary data shows. (The helpers run the same check on every
/// call in tests/track.rs and tests/emv.rs; this sweep adds profiles and Display forms.)
#[test]
fn no_card_data_in_any_output() {
    let name = "WANGXIAOMING/MR";
    let disc = "98765432101234";
    let inputs = [
        Track1::new(VISA, name, "3012", "201", disc).render(),
        Track1::new(VISA, name, "2001", "101", disc).render(),
        Track1::new("4111111111111112", name, "3012", "201", disc).render(),
        Track1::new(VISA, name, "3012", "201", disc).render()
            + &Track2::new(VISA, "3012", "201", disc).render(),
        Track1::new(VISA, name, "3013", "201", disc).render(),
        Track2::new(UNIONPAY, "3012", "203", disc).render(),
        format!("%B{VISA}^{name}^3012201{disc}?;{VISA}=3012201{disc}?X"),
    ];
    let profiles = [
        Profile::default(),
        terminal().with_fallback(Fallback::Denied),
        Profile::accepting(&[Scheme::Unionpay]).with_today(today()),
    ];
    for p in &profiles {
        for input in &inputs {
            let v = classify_track(p, input);
            for out in rendered(&v) {
                for secret in [VISA, UNIONPAY, name, disc, input.as_str()] {
                    assert!(!out.contains(secret), "{out}");
                }
            }
        }
        // 57 with discretionary data, and the cardholder name in 5F20 ("WANG/XIAOM").
        let hex = format!(
            "70 21 57 12 4111111111111111D3012201{} 5F20 0A 57414E472F5849414F4D",
            &disc[..12]
        );
        let v = classify_emv(p, &hex, &[VISA, &disc[..12], "WANG/XIAOM"]);
        assert!(
            v.is_supported() || v.reason() == Some(Reason::SchemeNotAccepted),
            "{v}"
        );
        assert!(!v.to_string().contains(VISA));
    }
}
