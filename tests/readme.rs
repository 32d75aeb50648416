//! README.md is the user's manual: every `console` example runs as written and prints exactly
//! what is shown, and the reason table matches the messages in the code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use binclass::{Lang, Reason};
use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// Splits a command line on spaces, honouring single quotes (all the README uses).
fn shell_words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted, mut any) = (Vec::new(), String::new(), false, false);
    for c in line.chars() {
        match c {
            '\'' => (quoted, any) = (!quoted, true),
            ' ' if !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                }
                any = false;
            }
            _ => {
                word.push(c);
                any = true;
            }
        }
    }
    assert!(!quoted, "unbalanced quote in {line}");
    if any {
        words.push(word);
    }
    words
}

/// (arguments after `cargo run -q --`, expected stdout) for every console example.
fn examples() -> Vec<(Vec<String>, String)> {
    let text = readme();
    let mut out = Vec::new();
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
            let args = cmd
                .strip_prefix("cargo run -q -- ")
                .unwrap_or_else(|| panic!("README command not run through cargo: {cmd}"));
            out.push((shell_words(args), String::new()));
        } else {
            let last = out.last_mut().expect("output before any command");
            last.1.push_str(line);
            last.1.push('\n');
        }
    }
    out
}

#[test]
fn every_console_example_prints_what_the_readme_shows() {
    let examples = examples();
    assert!(
        examples.len() >= 8,
        "expected the worked examples, found {}",
        examples.len()
    );
    for kind in ["--track", "--emv", "--json"] {
        assert!(
            examples.iter().any(|(a, _)| a.iter().any(|w| w == kind)),
            "no {kind} example"
        );
    }
    for (args, expected) in examples {
        let out = Command::new(env!("CARGO_BIN_EXE_binclass"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8(out.stdout).unwrap(), expected, "{args:?}");
    }
}

#[test]
fn reason_table_lists_every_reason_with_both_messages() {
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
