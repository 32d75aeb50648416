//! Fuzz target `emv_roundtrip`: see `tests/common/checks.rs` for the property it checks. Findings go
//! minimised into `fuzz/regressions/emv_roundtrip/`, replayed by `cargo test`.
#![no_main]

#[path = "../../tests/common/mod.rs"]
#[allow(dead_code, unused_imports)]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::checks::emv_roundtrip(data));
