//! Fuzz target `bins_file`: see `tests/common/checks.rs` for the property it checks. Findings go
//! minimised into `fuzz/regressions/bins_file/`, replayed by `cargo test`.
#![no_main]

#[path = "../../tests/common/mod.rs"]
#[allow(dead_code, unused_imports)]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::checks::bins_file(data));
