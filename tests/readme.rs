//! README.md is the user's manual: its examples must work exactly as written.
//!
//! Every `$ binclass ...` line in a ```console block is run (from the repository root) and
//! its standard output compared with the lines that follow it. The Rust blocks run as
//! doctests (see `lib.rs`). The reason table and the scheme list must match the code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use binclass::{Lang, Reason, Scheme};
use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// (command line, expected output lines) for each `$ binclass` in console blocks.
fn console_examples(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_console = false;
    for line in text.lines() {
        if line.starts_with("```") {
            in_console = line == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.push((cmd.to_owned(), Vec::new()));
        } else if let Some(last) = out.last_mut() {
            last.1.push(line.to_owned());
        }
    }
    out
}

/// Splits a command line on spaces, honouring double and single quotes (no other shell).
fn words(cmd: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in cmd.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, ' ') => {
                if any || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        words.push(cur);
    }
    words
}

#[test]
fn console_examples_work_as_written() {
    let examples = console_examples(&readme());
    assert!(examples.len() >= 10, "expected CLI examples in README.md");
    for kind in ["--track", "--emv", "--json", "--profile"] {
        assert!(
            examples.iter().any(|(cmd, _)| cmd.contains(kind)),
            "README has no `binclass classify {kind}` example"
        );
    }
    for (cmd, expected) in examples {
        let w = words(&cmd);
        assert_eq!(
            w[0], "binclass",
            "README console lines must run binclass: {cmd}"
        );
        let out = Command::new(env!("CARGO_BIN_EXE_binclass"))
            .args(&w[1..])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let got: Vec<&str> = stdout.lines().collect();
        assert_eq!(
            got, expected,
            "README example `$ {cmd}` prints something else"
        );
    }
}

#[test]
fn the_quick_start_line_is_true() {
    let text = readme();
    assert!(text.contains("cargo run --release -- classify 6212345678901232"));
    let v = binclass::classify("6212345678901232");
    let line = format!(
        "`{}  supported  {}  len 16  luhn ok`",
        v.masked(),
        v.scheme().unwrap()
    );
    assert!(
        text.contains(&line),
        "README quick start should show {line}"
    );
}

#[test]
fn reason_table_matches_the_code() {
    let text = readme();
    for r in Reason::ALL {
        let row = format!(
            "| {} | `{}` | {} | {} |",
            r.number(),
            r.code(),
            r.message(Lang::En),
            r.message(Lang::ZhCn)
        );
        assert!(
            text.contains(&row),
            "README reason table lacks or misstates:\n{row}"
        );
    }
}

#[test]
fn every_scheme_id_is_listed() {
    let text = readme();
    for s in Scheme::ALL {
        assert!(
            text.contains(s.id()),
            "README does not list scheme `{}`",
            s.id()
        );
    }
}

#[test]
fn word_splitting() {
    assert_eq!(
        words(r#"binclass classify --json "4111 1111" x"#),
        ["binclass", "classify", "--json", "4111 1111", "x"]
    );
    assert_eq!(words("a '' b"), ["a", "", "b"]);
}
