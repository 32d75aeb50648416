//! Runs the `binclass` command built for these tests. Included with `#[path]` by the command
//! line tests only: `CARGO_BIN_EXE_binclass` exists for integration tests, not for the fuzz
//! targets that share `tests/common/mod.rs`.
#![allow(dead_code, clippy::unwrap_used)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// `binclass ARGS` from the repository root, with `stdin` written on a thread of its own (so
/// a large input cannot dead-lock against a full stdout pipe). A write error is ignored: the
/// command may exit before reading all of it.
pub fn binclass(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_binclass"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}
