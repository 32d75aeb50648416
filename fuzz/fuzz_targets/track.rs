//! Fuzz target `track`: see `tests/common/checks.rs` for the property it checks. Findings go
//! minimised into `fuzz/regressions/track/`, replayed by `cargo test`.
#![no_main]

#[path = "../../tests/common/mod.rs"]
#[allow(dead_code, unused_imports)]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::checks::track(data));
