//! The `binclass` command line: output shapes, JSON keys, stdin streaming, exit codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::process::Output;

#[path = "common/run.rs"]
mod run;

fn binclass(args: &[&str], stdin: Option<&[u8]>) -> Output {
    run::binclass(args, stdin.unwrap_or_default())
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
            "country",
            "entry",
            "expiry",
            "length",
            "luhn",
            "masked",
            "message_en",
            "message_zh",
            "product",
            "reason",
            "scheme",
            "service_code",
            "support"
        ]
    );
    assert_eq!(lines[0]["entry"], "keyed");
    assert!(lines[0]["expiry"].is_null() && lines[0]["service_code"].is_null());
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
    // No issuer data given: product and country are null, not absent.
    assert!(lines[0]["product"].is_null() && lines[0]["country"].is_null());
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

    // A known key with a value of the wrong type, and an unknown key: both named.
    std::fs::write(&path, "accept = [\"unionpay\"]\nfallbak = \"denied\"\n").unwrap();
    let out = binclass(
        &["classify", "--profile", path.to_str().unwrap(), "4"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("fallbak"), "{err}");
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

#[test]
fn classify_track_reads_each_line_as_track_data() {
    let input = "%B4111111111111111^SMITH/JOHN^3012201123456789?;4111111111111111=30122011234567890?\r\n\
                 ;4111111111111111=25121011234567890?\n\
                 ;E?\n\
                 B6212345678901232^ZHANG/SAN^3012201000000\n";
    let out = binclass(
        &["classify", "--json", "--track", "--today", "2026-11-21"],
        Some(input.as_bytes()),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["entry"], "track2");
    assert_eq!(lines[0]["support"], "supported");
    assert_eq!(lines[0]["expiry"], "3012");
    assert_eq!(lines[0]["service_code"], "201");
    assert_eq!(lines[1]["reason"], "expired");
    assert_eq!(lines[1]["expiry"], "2512");
    assert_eq!(lines[2]["reason"], "malformed_track");
    assert!(lines[2]["expiry"].is_null() && lines[2]["service_code"].is_null());
    assert_eq!(lines[3]["entry"], "track1");
    assert_eq!(lines[3]["scheme"], "unionpay");
    let text = String::from_utf8(out.stdout).unwrap();
    for secret in ["4111111111111111", "SMITH", "ZHANG", "1234567890"] {
        assert!(!text.contains(secret), "{text}");
    }
}

#[test]
fn classify_track_fallback_flag_overrides_the_profile() {
    let dir = std::env::temp_dir().join(format!("binclass-cli-fb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("cn.toml");
    std::fs::write(&path, "fallback = \"allowed\"\n").unwrap();
    let card = ";6212345678901232=30122011234567890?";
    let run = |extra: &[&str]| {
        let mut args = vec![
            "classify",
            "--json",
            "--track",
            "--today",
            "2026-11-21",
            "--profile",
            path.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        args.push(card);
        json_lines(&binclass(&args, None))[0]["reason"].clone()
    };
    assert!(run(&[]).is_null());
    assert_eq!(run(&["--fallback", "deny"]), "chip_required");
    std::fs::write(&path, "fallback = \"denied\"\n").unwrap();
    assert_eq!(run(&[]), "chip_required");
    assert!(run(&["--fallback", "allow"]).is_null());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn classify_emv_reads_hex_and_names_bad_hex() {
    let out = binclass(
        &[
            "classify",
            "--json",
            "--emv",
            "--today",
            "2026-11-21",
            "5A 08 6212345678901232 5F24 03 301231 5F30 02 0220 4F 08 A000000333010101",
            "5A 08 6212345678901232 4F 07 A0000000031010",
            "5A 08 62123456789012ZZ",
            "5A 08 621234567890123",
            "",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    assert_eq!(lines[0]["entry"], "emv");
    assert_eq!(lines[0]["support"], "supported");
    assert_eq!(lines[0]["expiry"], "3012");
    assert_eq!(lines[0]["service_code"], "220");
    assert_eq!(lines[1]["reason"], "aid_mismatch");
    assert_eq!(lines[2]["reason"], "invalid_character");
    assert_eq!(lines[3]["reason"], "malformed_track");
    assert_eq!(lines[4]["reason"], "empty");
    assert!(lines.iter().all(|l| l["entry"] == "emv"));
}

#[test]
fn human_output_for_card_present_input() {
    let out = binclass(
        &[
            "classify",
            "--track",
            "--today",
            "2026-11-21",
            ";6212345678901232=30122201234567890?",
        ],
        None,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "621234******1232  supported  unionpay  len 16  luhn ok  track2  exp 3012  svc 220  chip  pin  online\n"
    );
}

#[test]
fn card_present_usage_errors_exit_2() {
    for args in [
        &["classify", "--today", "2026-13-01", "4111111111111111"][..],
        &["classify", "--today", "tomorrow", "4111111111111111"],
        &["classify", "--track", "--emv", "x"],
        &["classify", "--fallback", "sometimes", "x"],
    ] {
        let out = binclass(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
    let err = String::from_utf8(binclass(&["classify", "--today", "2026-13-01", "4"], None).stderr)
        .unwrap();
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn without_today_the_system_clock_decides() {
    // A card that expired in January 2000 is expired by any clock this test runs under.
    let out = binclass(
        &[
            "classify",
            "--json",
            "--track",
            ";4111111111111111=00011011234567890?",
        ],
        None,
    );
    assert_eq!(json_lines(&out)[0]["reason"], "expired");
}
