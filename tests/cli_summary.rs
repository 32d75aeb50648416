//! `binclass classify --summary`: counts per scheme and per reason, checked against the
//! per-line `--json` output of the same input, on small and multi-block inputs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::with_check_digit;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::process::Output;

#[path = "common/run.rs"]
mod run;

/// `binclass ARGS < stdin`, which must succeed.
fn binclass(args: &[&str], stdin: &[u8]) -> Output {
    let out = run::binclass(args, stdin);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// What `--summary --json` should say, counted from the per-line `--json` output.
fn expected_from_lines(input: &[u8]) -> Value {
    let out = binclass(&["classify", "--json"], input);
    let mut reasons: BTreeMap<String, u64> = binclass::Reason::ALL
        .iter()
        .map(|r| (r.code().to_owned(), 0))
        .collect();
    let mut schemes: BTreeMap<String, [u64; 2]> = BTreeMap::new();
    let (mut inputs, mut supported) = (0u64, 0u64);
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        inputs += 1;
        let ok = v["support"] == "supported";
        supported += u64::from(ok);
        if let Some(r) = v["reason"].as_str() {
            *reasons.get_mut(r).unwrap() += 1;
        }
        if let Some(s) = v["scheme"].as_str() {
            schemes.entry(s.to_owned()).or_default()[usize::from(!ok)] += 1;
        }
    }
    json!({
        "inputs": inputs,
        "supported": supported,
        "unsupported": inputs - supported,
        "reasons": reasons,
        "schemes": schemes
            .into_iter()
            .map(|(s, [y, n])| (s, json!({ "supported": y, "unsupported": n })))
            .collect::<serde_json::Map<_, _>>(),
    })
}

fn summary_json(input: &[u8]) -> Value {
    let out = binclass(&["classify", "--summary", "--json"], input);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "one JSON object: {text}");
    assert!(
        out.stderr.is_empty(),
        "no progress when stderr is not a terminal"
    );
    serde_json::from_str(&text).unwrap()
}

/// A varied input: every reason, co-badges, CRLF, blank and over-long lines.
fn varied(lines: usize) -> Vec<u8> {
    let shapes = [
        "4111111111111111",
        "4111111111111112",
        "6212345678901234569",
        "6212345678901234560",
        "6221260000000000",
        "378282246310005\r",
        "7012345678901234",
        "22000000000000000",
        "",
        "4111 1111 1111 1111",
        "4111x1111",
        "123",
    ];
    let mut out = Vec::new();
    for i in 0..lines {
        match i % 13 {
            12 => out.extend(with_check_digit(&format!("5{:014}", i * 7919)).as_bytes()),
            k => out.extend(shapes[k].as_bytes()),
        }
        if i % 1000 == 999 {
            out.extend(std::iter::repeat_n(b'4', 100));
        }
        out.push(b'\n');
    }
    out
}

#[test]
fn summary_of_known_lines() {
    let input = b"4111111111111111\n4111111111111112\n378282246310005\n\n7012345678901234\n6212345678901234560\nabc";
    let v = summary_json(input);
    assert_eq!(v["inputs"], 7);
    assert_eq!(v["supported"], 3, "{v}");
    assert_eq!(v["unsupported"], 4);
    // Every reason is listed, zero or not.
    let mut reasons: serde_json::Map<String, Value> = binclass::Reason::ALL
        .iter()
        .map(|r| (r.code().to_owned(), json!(0)))
        .collect();
    for r in ["empty", "invalid_character", "luhn_failed", "unknown_iin"] {
        reasons.insert(r.to_owned(), json!(1));
    }
    assert_eq!(v["reasons"], Value::Object(reasons));
    assert_eq!(
        v["schemes"],
        json!({
            "visa": {"supported": 1, "unsupported": 1},
            "amex": {"supported": 1, "unsupported": 0},
            "unionpay": {"supported": 1, "unsupported": 0},
        })
    );
}

#[test]
fn summary_agrees_with_per_line_output() {
    let input = varied(5_000);
    assert_eq!(summary_json(&input), expected_from_lines(&input));
}

#[test]
fn summary_of_many_blocks_agrees_with_per_line_output() {
    // About 5 MiB: several read blocks, spread over the worker threads.
    let input = varied(300_000);
    assert!(input.len() > 4 << 20);
    assert_eq!(summary_json(&input), expected_from_lines(&input));
}

#[test]
fn summary_text_and_arguments() {
    let out = binclass(
        &[
            "classify",
            "--summary",
            "4111111111111111",
            "4111111111111112",
            "5555555555554444",
        ],
        b"",
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let row = |name: &str| {
        text.lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no {name} row in\n{text}"))
            .split_whitespace()
            .skip(1)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(row("inputs"), "3");
    assert_eq!(row("supported"), "2 (66.67%)");
    assert_eq!(row("luhn_failed"), "1");
    assert_eq!(row("unknown_iin"), "0");
    assert_eq!(row("visa"), "1 1");
    assert_eq!(row("mastercard"), "1 0");
    assert!(!text.contains("4111111111111111"), "no PAN in a summary");
}

#[test]
fn empty_input_summarises_to_zero() {
    let v = summary_json(b"");
    assert_eq!(v["inputs"], 0);
    assert_eq!(v["schemes"], json!({}));
}

#[test]
fn summary_of_track_data() {
    let input = b";4111111111111111=30122011234567890?\n;4111111111111111=25121011234567890?\n%B4111111111111111^DOE/JOHN^3012201000000000000?\n";
    let out = binclass(
        &[
            "classify",
            "--summary",
            "--json",
            "--track",
            "--today",
            "2026-11-21",
        ],
        input,
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["inputs"], 3);
    assert_eq!(v["supported"], 2);
    assert_eq!(v["reasons"]["expired"], 1);
    assert_eq!(
        v["schemes"],
        json!({"visa": {"supported": 2, "unsupported": 1}})
    );
}
