//! The `binclass` command line: output shapes, JSON keys, stdin streaming, exit codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn binclass(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_binclass"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let data = stdin.unwrap_or_default().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn classify_json_has_exactly_the_contract_keys() {
    let out = binclass(
        &["classify", "--json", "4111111111111111", "4111111111111112"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    let mut keys: Vec<&str> = lines[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "candidates",
            "length",
            "luhn",
            "masked",
            "message_en",
            "message_zh",
            "reason",
            "scheme",
            "support"
        ]
    );
    assert_eq!(lines[0]["support"], "supported");
    assert_eq!(lines[0]["scheme"], "visa");
    assert_eq!(lines[0]["masked"], "411111******1111");
    assert_eq!(lines[0]["length"], 16);
    assert_eq!(lines[0]["luhn"], true);
    assert!(
        lines[0]["reason"].is_null()
            && lines[0]["message_en"].is_null()
            && lines[0]["message_zh"].is_null()
    );
    assert_eq!(lines[1]["support"], "unsupported");
    assert_eq!(lines[1]["reason"], "luhn_failed");
    assert_eq!(lines[1]["luhn"], false);
    assert!(
        lines[1]["message_en"]
            .as_str()
            .unwrap()
            .contains("check digit")
    );
    assert!(lines[1]["message_zh"].as_str().unwrap().contains("校验位"));
}

#[test]
fn classify_reads_stdin_in_order_with_crlf_and_blank_lines() {
    let input = b"4111111111111111\r\n\n378282246310005\nabc\n6212345678901232";
    let out = binclass(&["classify", "--json"], Some(input));
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    let reasons: Vec<_> = lines
        .iter()
        .map(|l| l["reason"].as_str().unwrap_or("-").to_owned())
        .collect();
    assert_eq!(reasons, ["-", "empty", "-", "invalid_character", "-"]);
    assert_eq!(lines[2]["scheme"], "amex");
    assert_eq!(lines[4]["scheme"], "unionpay");
    assert!(lines[1]["length"].is_null() && lines[1]["scheme"].is_null());
}

#[test]
fn classify_streams_many_lines() {
    let mut input = Vec::new();
    for i in 0..100_000u32 {
        writeln!(input, "4{i:014}").unwrap();
    }
    let out = binclass(&["classify", "--json"], Some(&input));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), 100_000);
}

#[test]
fn classify_human_output_names_reason_and_messages() {
    let out = binclass(&["classify", "4111 1111 1111 1112"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("411111******1112  unsupported  luhn_failed  visa"),
        "{text}"
    );
    assert!(text.contains("卡号校验位错误"), "{text}");
}

#[test]
fn classify_with_profile_file() {
    let dir = std::env::temp_dir().join(format!("binclass-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("cn.toml");
    std::fs::write(&path, "accept = [\"unionpay\"]\n").unwrap();
    let out = binclass(
        &[
            "classify",
            "--json",
            "--profile",
            path.to_str().unwrap(),
            "4111111111111111",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_lines(&out)[0]["reason"], "scheme_not_accepted");

    std::fs::write(&path, "accept = [\"unionpay\"]\nfallback = 1\n").unwrap();
    let out = binclass(
        &[
            "classify",
            "--profile",
            path.to_str().unwrap(),
            "4111111111111111",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("fallback"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        binclass(&["classify", "--profile", "/nonexistent/p.toml", "4"], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        binclass(&["classify", "--bogus"], None).status.code(),
        Some(2)
    );
    assert_eq!(binclass(&["frobnicate"], None).status.code(), Some(2));
    assert_eq!(binclass(&["candidates", "4x"], None).status.code(), Some(2));
}

#[test]
fn candidates_lists_ids() {
    let out = binclass(&["candidates", "62"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<&str> = text.lines().collect();
    assert!(
        ids.contains(&"unionpay") && ids.contains(&"discover"),
        "{ids:?}"
    );
    let out = binclass(&["candidates", "--json", "4111 1111"], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v, serde_json::json!(["visa"]));
}

#[test]
fn version_names_the_data_version() {
    let out = binclass(&["--version"], None);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(binclass::DATA_VERSION), "{text}");
}
