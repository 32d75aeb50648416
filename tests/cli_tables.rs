//! The command line with runtime tables and issuer data: `classify --table --bins`,
//! `table check`, and the README's walk-throughs on the files in `examples/data/`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Output;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");

#[path = "common/run.rs"]
mod run;

fn binclass(args: &[&str]) -> Output {
    run::binclass(args, b"")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn json(out: &Output) -> Vec<serde_json::Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn table_check_summarises_a_good_table() {
    let out = binclass(&["table", "check", "examples/data/update-2026-12.csv"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    for want in [
        "examples/data/update-2026-12.csv: runtime card table\n",
        "version: 2026.12.01-1\n",
        "effective: 2026-12-01\n",
        "rows: 3 (2 set, 1 withdrawn)\n",
        "schemes: unionpay 2\n",
        "  examples/data/update-2026-12.csv:6 adds a prefix range the compiled table does not have\n",
        "errors: 0\n",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    // Each runtime row names the compiled rows it meets, by their data/iin.csv line.
    let rows = binclass::iin::ranges();
    let at = |start: u32, digits: u8| {
        rows.iter()
            .find(|r| r.start() == start && r.digits() == digits)
            .unwrap()
            .line()
    };
    for want in [
        format!(
            "  examples/data/update-2026-12.csv:8 replaces (same prefix length) data/iin.csv:{}\n",
            at(62, 2)
        ),
        format!(
            "  examples/data/update-2026-12.csv:8 leaves in force the longer data/iin.csv:{}\n",
            at(622126, 6)
        ),
        format!(
            "  examples/data/update-2026-12.csv:10 replaces (same prefix length) data/iin.csv:{}\n",
            at(401178, 6)
        ),
    ] {
        assert!(text.contains(&want), "missing {want:?} in\n{text}");
    }
}

#[test]
fn table_check_lists_errors_and_exits_2() {
    let out = binclass(&["table", "check", "examples/data/update-bad.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stdout(&out),
        "examples/data/update-bad.csv: runtime card table\n\
         examples/data/update-bad.csv:4: length `19-20` is outside 8..=19 (ISO/IEC 7812-1)\n\
         examples/data/update-bad.csv:5: a withdrawal leaves `scheme` empty, found `visa`\n\
         errors: 2\n"
    );
    // The same file refused by classify, which does not start.
    let out = binclass(&[
        "classify",
        "--table",
        "examples/data/update-bad.csv",
        "4111111111111111",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("examples/data/update-bad.csv:4: length `19-20`"),
        "{err}"
    );
}

#[test]
fn table_check_summarises_a_bin_file() {
    let out = binclass(&["table", "check", "examples/data/bins.csv"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for want in [
        "examples/data/bins.csv: BIN file\n",
        "version: 2026-12-01\n",
        "rows: 6 (5 six-digit, 1 eight-digit)\n",
        "products: credit 1, debit 4, prepaid 1, charge 0, unknown 0\n",
        "countries: 4; issuers: 6\n",
        "errors: 0\n",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    let dir = std::env::temp_dir().join(format!("binclass-cli-tables-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bins.csv");
    std::fs::write(&bad, "bin,product\n621234,debit\n621234,gift\n").unwrap();
    let out = binclass(&["table", "check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains(&format!("{}:3: product `gift`", bad.display())),
        "{}",
        stdout(&out)
    );
    std::fs::write(&bad, "name,value\n").unwrap();
    assert_eq!(
        binclass(&["table", "check", bad.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        binclass(&["table", "check", "/nonexistent/t.csv"])
            .status
            .code(),
        Some(2)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn classify_with_table_and_bins_reports_product_and_country() {
    let out = binclass(&[
        "classify",
        "--json",
        "--table",
        "examples/data/update-2026-12.csv",
        "--bins",
        "examples/data/bins.csv",
        "9558801234567890128",
        "6200000000000001",
        "4011780000000006",
        "4111111111111111",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v[0]["support"], "supported");
    assert_eq!(v[0]["scheme"], "unionpay");
    assert_eq!(
        (v[0]["product"].as_str(), v[0]["country"].as_str()),
        (Some("debit"), Some("CN"))
    );
    assert_eq!(v[1]["reason"], "luhn_failed");
    assert_eq!(v[2]["reason"], "unknown_iin");
    assert_eq!(
        (v[3]["product"].as_str(), v[3]["country"].as_str()),
        (Some("credit"), Some("US"))
    );
    assert!(v[1]["product"].is_null() && v[1]["country"].is_null());
}

#[test]
fn debit_only_profile_end_to_end() {
    let out = binclass(&[
        "classify",
        "--profile",
        "examples/data/debit-only.toml",
        "--bins",
        "examples/data/bins.csv",
        "4111 1111 1111 1111",
        "6212 3456 7890 1232",
        "4000 0566 5566 5556",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0]
            .starts_with("411111******1111  unsupported  product_not_accepted  visa  credit  US  "),
        "{text}"
    );
    assert_eq!(
        lines[1],
        "621234******1232  supported  unionpay  len 16  luhn ok  debit  CN"
    );
    assert_eq!(
        lines[2],
        "400005******5556  supported  visa  len 16  luhn ok  prepaid  GB"
    );
}

#[test]
fn domestic_only_profile_end_to_end() {
    let out = binclass(&[
        "classify",
        "--json",
        "--profile",
        &format!("{DIR}/cn-domestic.toml"),
        "--bins",
        &format!("{DIR}/bins.csv"),
        "6212 3456 7890 1232",
        "9558801234567890128",
        "6258 0012 3456 7893",
        "4111 1111 1111 1111",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v[0]["support"], "supported");
    // Not in the compiled table; the BIN file names it UnionPay, issued in CN.
    assert_eq!(v[1]["support"], "supported");
    assert_eq!(v[1]["scheme"], "unionpay");
    assert_eq!(v[2]["reason"], "country_not_accepted");
    assert_eq!(v[2]["country"], "HK");
    assert!(v[2]["message_zh"].as_str().unwrap().contains("境外"));
    assert_eq!(v[3]["reason"], "scheme_not_accepted");
}
