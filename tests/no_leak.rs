//! No full PAN in any output: every verdict, PAN, error and CLI line produced for a corpus of
//! card numbers is formatted and scanned. At most the first 6 and last 4 digits may appear,
//! so no 11-digit window of the number may show up anywhere.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
#[path = "common/run.rs"]
mod run;

use binclass::{Lang, LuhnPolicy, Pan, Profile, Scheme};
use common::{data, with_check_digit};

/// Card numbers: one per data row, in every length of its scheme, valid and invalid.
fn corpus() -> Vec<String> {
    let mut v = Vec::new();
    for r in &data().iin.rows {
        for len in 8..=19usize {
            if r.lengths & (1 << len) == 0 {
                continue;
            }
            let payload = format!("{:7<width$}", r.example, width = len - 1);
            let pan = with_check_digit(&payload);
            let mut bad = pan.clone().into_bytes();
            let last = bad.len() - 1;
            bad[last] = b'0' + (bad[last] - b'0' + 3) % 10;
            v.push(pan);
            v.push(String::from_utf8(bad).unwrap());
        }
    }
    // Unknown prefixes, wrong lengths, separators.
    v.push("9999999999999999".into());
    v.push("12345678901234567890123".into());
    v.push("4111 1111 1111 1111".into());
    v.push("4111-1111-1111-1111-111".into());
    v
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn assert_no_leak(pan: &str, output: &str) {
    let d = digits(pan);
    let out_digits_runs: Vec<&str> = output.split(|c: char| !c.is_ascii_digit()).collect();
    for run in out_digits_runs {
        if run.len() < 11 {
            continue;
        }
        for w in d.as_bytes().windows(11) {
            let w = std::str::from_utf8(w).unwrap();
            assert!(!run.contains(w), "output leaks digits of a PAN: {output:?}");
        }
    }
}

#[test]
fn verdicts_pans_and_errors_never_show_a_full_pan() {
    let profiles = [
        Profile::default(),
        Profile::accepting(&[Scheme::Amex]),
        Profile::default().with_luhn(Scheme::Unionpay, LuhnPolicy::Required),
    ];
    let corpus = corpus();
    assert!(corpus.len() > 1000);
    for pan in &corpus {
        for p in &profiles {
            let v = p.classify(pan);
            for out in [
                format!("{v}"),
                format!("{v:?}"),
                format!("{:?}", v.masked()),
                v.masked().to_string(),
                v.message(Lang::En).unwrap_or_default().to_string(),
                v.message(Lang::ZhCn).unwrap_or_default().to_string(),
            ] {
                assert_no_leak(pan, &out);
            }
        }
        match Pan::parse(pan.as_bytes()) {
            Ok(parsed) => {
                assert_no_leak(pan, &format!("{parsed} {parsed:?}"));
            }
            Err(e) => assert_no_leak(pan, &format!("{e} {e:?}")),
        }
    }
}

#[test]
fn cli_output_never_shows_a_full_pan() {
    let corpus = corpus();
    for json in [false, true] {
        let mut args = vec!["classify"];
        if json {
            args.push("--json");
        }
        let out = run::binclass(&args, corpus.join("\n").as_bytes());
        assert_eq!(out.status.code(), Some(0));
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), corpus.len());
        for (pan, line) in corpus.iter().zip(&lines) {
            assert_no_leak(pan, line);
        }
        assert!(stderr.is_empty(), "{stderr}");
    }
}

#[test]
fn the_scanner_catches_a_leak() {
    // The check itself must be able to fail.
    let r = std::panic::catch_unwind(|| assert_no_leak("4111111111111111", "x 4111111111111111 y"));
    assert!(r.is_err());
    let r = std::panic::catch_unwind(|| assert_no_leak("4111111111111111", "411111******1111"));
    assert!(r.is_ok());
}

#[test]
fn profile_errors_never_echo_a_card_number() {
    // A card number pasted where a profile was expected comes back in no error message.
    for text in [
        "4111111111111111 = 1",
        "accept = [\"4111111111111111\"]",
        "[schemes.6212345678901232]\nluhn = \"none\"",
        "{\"4111 1111 1111 1111\": 1}",
    ] {
        let e = Profile::from_text(text).unwrap_err();
        for pan in ["4111111111111111", "6212345678901232"] {
            assert_no_leak(pan, &e.to_string());
            assert_no_leak(pan, &format!("{e:?}"));
        }
    }
}
