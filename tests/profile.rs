//! Terminal profiles: built in code, loaded from TOML and JSON, and their effect on verdicts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use binclass::{Lengths, LuhnPolicy, Profile, Reason, Scheme, classify};

#[test]
fn default_profile_accepts_every_scheme() {
    assert_eq!(Profile::default().accepted(), binclass::SchemeSet::ALL);
    assert_eq!(Profile::default(), Profile::ACCEPT_ALL);
}

#[test]
fn accept_list_order_is_co_badge_priority() {
    let pan = "6221260000000000"; // 622126-622925: UnionPay and Discover, Luhn-valid
    let v = classify(pan);
    assert!(v.candidates().contains(Scheme::Unionpay) && v.candidates().contains(Scheme::Discover));
    let up_first = Profile::accepting(&[Scheme::Unionpay, Scheme::Discover]);
    let d_first = Profile::accepting(&[Scheme::Discover, Scheme::Unionpay]);
    assert_eq!(up_first.classify(pan).scheme(), Some(Scheme::Unionpay));
    assert_eq!(d_first.classify(pan).scheme(), Some(Scheme::Discover));
    // Only one of the two accepted: that one, and the card stays supported.
    let only_d = Profile::accepting(&[Scheme::Discover]);
    assert_eq!(only_d.classify(pan).scheme(), Some(Scheme::Discover));
    assert_eq!(only_d.classify(pan).candidates(), v.candidates());
}

#[test]
fn scheme_not_accepted_names_the_scheme() {
    let p = Profile::accepting(&[Scheme::Unionpay]);
    let v = p.classify("378282246310005");
    assert_eq!(v.reason(), Some(Reason::SchemeNotAccepted));
    assert_eq!(v.scheme(), Some(Scheme::Amex));
}

#[test]
fn luhn_override_changes_the_verdict() {
    // A UnionPay number that fails Luhn: advisory in the table, so supported, luhn=false.
    let bad = "6212345678901233";
    let v = classify(bad);
    assert!(v.is_supported());
    assert_eq!(v.luhn(), Some(false));
    let strict = Profile::default().with_luhn(Scheme::Unionpay, LuhnPolicy::Required);
    assert_eq!(strict.classify(bad).reason(), Some(Reason::LuhnFailed));
    let off = Profile::default().with_luhn(Scheme::Visa, LuhnPolicy::None);
    let v = off.classify("4111111111111112");
    assert!(v.is_supported());
    assert_eq!(v.luhn(), None);
}

#[test]
fn lengths_override_changes_the_verdict() {
    let visa13 = "4222222222222";
    assert!(classify(visa13).is_supported());
    let p = Profile::default().with_lengths(Scheme::Visa, Lengths::EMPTY.with(16));
    assert_eq!(p.classify(visa13).reason(), Some(Reason::BadLength));
    assert!(p.classify("4111111111111111").is_supported());
}

#[test]
fn toml_and_json_give_the_same_profile() {
    let t = Profile::from_toml(
        "accept = [\"unionpay\", \"visa\"]\n[schemes.unionpay]\nluhn = \"required\"\nlengths = [16, 19]\n",
    )
    .unwrap();
    let j = Profile::from_json(
        r#"{"accept": ["unionpay", "visa"], "schemes": {"unionpay": {"luhn": "required", "lengths": [16, 19]}}}"#,
    )
    .unwrap();
    assert_eq!(t, j);
    let code = Profile::accepting(&[Scheme::Unionpay, Scheme::Visa])
        .with_luhn(Scheme::Unionpay, LuhnPolicy::Required)
        .with_lengths(Scheme::Unionpay, Lengths::EMPTY.with(16).with(19));
    assert_eq!(t, code);
    assert_eq!(
        Profile::from_text("{\"accept\": [\"visa\"]}").unwrap(),
        Profile::accepting(&[Scheme::Visa])
    );
    assert_eq!(Profile::from_toml("").unwrap(), Profile::default());
}

#[test]
fn bad_profiles_name_what_is_wrong() {
    let cases: &[(&str, &str)] = &[
        (
            "accept = [\"visa\", \"vissa\"]",
            "unknown scheme id `vissa`",
        ),
        ("acept = [\"visa\"]", "acept"),
        ("[schemes.vissa]\nluhn = \"none\"", "vissa"),
        ("[schemes.visa]\nluhn = \"sometimes\"", "sometimes"),
        ("[schemes.visa]\nlength = [16]", "length"),
        (
            "[schemes.visa]\nlengths = [7]",
            "schemes.visa.lengths: 7 is outside 8..=19",
        ),
        (
            "[schemes.visa]\nlengths = []",
            "schemes.visa.lengths is empty",
        ),
        ("accept = []", "`accept` is empty"),
        ("accept = \"visa\"", "invalid type"),
        ("accept = [", "invalid profile"),
    ];
    for (text, want) in cases {
        let e = Profile::from_toml(text).unwrap_err().to_string();
        assert!(e.contains(want), "{text:?}: wanted {want:?} in {e:?}");
    }
    let e = Profile::from_json(r#"{"accept": ["visa"], "extra": 1}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("extra"), "{e}");
    let e = Profile::from_file("/nonexistent/profile.toml")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("/nonexistent/profile.toml: cannot read profile"),
        "{e}"
    );
}

#[test]
fn reason_precedence_is_as_documented() {
    // empty < invalid_character < bad_length(any) < unknown_iin < bad_length(scheme)
    // < luhn_failed < scheme_not_accepted
    let amex_only = Profile::accepting(&[Scheme::Amex]);
    let cases: &[(&str, Reason)] = &[
        ("", Reason::Empty),
        (" - ", Reason::Empty),
        ("4111 x", Reason::InvalidCharacter), // invalid char beats short length
        ("x", Reason::InvalidCharacter),
        ("411111", Reason::BadLength), // too short beats anything else
        ("41111111111111111111", Reason::BadLength), // 20 digits
        ("0000000000000000", Reason::UnknownIin), // unknown beats Luhn (it passes anyway)
        ("0000000000000001", Reason::UnknownIin), // unknown beats Luhn failure
        ("41111111111111", Reason::BadLength), // 14-digit Visa: scheme length
        ("411111111111111", Reason::BadLength), // scheme length beats Luhn failure
        ("4111111111111112", Reason::LuhnFailed), // Luhn beats not accepted
        ("4111111111111111", Reason::SchemeNotAccepted),
    ];
    for (input, want) in cases {
        assert_eq!(amex_only.classify(input).reason(), Some(*want), "{input:?}");
    }
    let over = "4".repeat(65);
    assert_eq!(classify(&over).reason(), Some(Reason::BadLength));
    assert_eq!(classify(&over).length(), None);
}

#[test]
fn separators_are_ignored() {
    for s in [
        "4111111111111111",
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        " 4111--1111 1111-1111 ",
    ] {
        let v = classify(s);
        assert!(v.is_supported(), "{s:?}");
        assert_eq!(v.length(), Some(16));
    }
    assert_eq!(
        classify("4111\t1111111111111").reason(),
        Some(Reason::InvalidCharacter)
    );
}

#[test]
fn every_reason_has_messages_in_both_languages() {
    use binclass::Lang;
    for r in Reason::ALL {
        assert_eq!(Reason::from_code(r.code()), Some(r));
        assert_eq!(Reason::from_number(r.number()), Some(r));
        for lang in [Lang::En, Lang::ZhCn] {
            assert!(!r.summary(lang).is_empty() && !r.action(lang).is_empty());
            assert!(r.message(lang).starts_with(r.summary(lang)));
            assert!(r.message(lang).ends_with(r.action(lang)));
        }
        assert!(
            r.message(Lang::ZhCn)
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        );
        assert!(r.message(Lang::En).is_ascii());
    }
    let codes: std::collections::BTreeSet<_> = Reason::ALL.iter().map(|r| r.code()).collect();
    assert_eq!(codes.len(), Reason::ALL.len());
}

/// The hot path skips the override tables for schemes without an override: clearing one
/// override must keep the other, and clearing both must give the default profile back.
#[test]
fn clearing_one_override_keeps_the_other() {
    let cleared = Profile::default()
        .with_lengths(Scheme::Visa, binclass::Lengths::range(13, 19))
        .with_lengths(Scheme::Visa, binclass::Lengths::EMPTY);
    assert_eq!(cleared, Profile::default());
    let advisory = Profile::default()
        .with_luhn(Scheme::Visa, LuhnPolicy::Advisory)
        .with_lengths(Scheme::Visa, binclass::Lengths::range(13, 19))
        .with_lengths(Scheme::Visa, binclass::Lengths::EMPTY);
    let v = advisory.classify("4111111111111112");
    assert_eq!(v.reason(), None);
    assert_eq!(v.luhn(), Some(false));
    assert_eq!(
        advisory.classify("41111111111111").reason(),
        Some(Reason::BadLength),
        "14 digits: the table's Visa lengths are back"
    );
}
