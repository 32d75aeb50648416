//! Classifies the benchmark's seeded PAN mix in a plain loop, for instruction counts that do
//! not depend on machine load (BENCHMARKS.md, "Instructions per PAN"):
//!
//! ```text
//! cargo build --profile bench --example mix_loop
//! valgrind --tool=callgrind target/release/examples/mix_loop binclass 4
//! valgrind --tool=callgrind target/release/examples/mix_loop creditcard 4
//! valgrind --tool=callgrind target/release/examples/mix_loop none 4
//! ```
//!
//! `none` builds the mix and walks it without classifying: subtract its count from the others
//! and divide by passes x 65,536 for instructions per PAN.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../benches/common/mod.rs"]
mod common;

use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "binclass".into());
    let passes: usize = args.next().map_or(1, |a| {
        a.parse()
            .expect("usage: mix_loop [binclass|creditcard|none] [PASSES]")
    });
    let mix = common::mix(common::MIX_LEN);
    let pans = mix.pans();
    let mut kept = 0usize;
    for _ in 0..passes {
        kept += match what.as_str() {
            "binclass" => with_binclass(&pans),
            "creditcard" => with_creditcard(&pans),
            "none" => with_nothing(&pans),
            other => panic!("unknown classifier {other:?}: binclass, creditcard or none"),
        };
    }
    println!(
        "{what}: {passes} passes over {} PANs, {kept} kept",
        pans.len()
    );
}

// One function per loop, kept out of line so a profile shows each on its own.

#[inline(never)]
fn with_binclass(pans: &[&str]) -> usize {
    let mut kept = 0;
    for pan in black_box(pans) {
        kept += usize::from(black_box(binclass::classify(black_box(pan))).is_supported());
    }
    kept
}

#[inline(never)]
fn with_creditcard(pans: &[&str]) -> usize {
    let mut kept = 0;
    for pan in black_box(pans) {
        kept += usize::from(black_box(pan).parse::<creditcard::CreditCard>().is_ok());
    }
    kept
}

#[inline(never)]
fn with_nothing(pans: &[&str]) -> usize {
    let mut kept = 0;
    for pan in black_box(pans) {
        kept += black_box(pan).len() & 1;
    }
    kept
}
