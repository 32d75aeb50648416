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
//!
//! `race` times binclass and `creditcard` in alternating passes over the mix and prints the
//! median ns per PAN of each and their ratio. On a shared machine whose speed drifts between
//! criterion's groups, alternating passes keep both under the same conditions:
//!
//! ```text
//! cargo run --profile bench --example mix_loop -- race 400
//! ```
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
            .expect("usage: mix_loop [binclass|creditcard|none|race] [PASSES]")
    });
    let mix = common::mix(common::MIX_LEN);
    let pans = mix.pans();
    if what == "race" {
        race(&pans, passes);
        return;
    }
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

/// Alternating timed passes; the median pass of each, in ns per PAN.
fn race(pans: &[&str], passes: usize) {
    let time = |f: fn(&[&str]) -> usize| {
        let start = std::time::Instant::now();
        black_box(f(pans));
        start.elapsed().as_nanos() as f64 / pans.len() as f64
    };
    // One untimed pass each to warm caches and predictors.
    black_box((with_binclass(pans), with_creditcard(pans)));
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for i in 0..passes.max(1) {
        // Alternate which goes first, so neither always follows the other.
        if i % 2 == 0 {
            ours.push(time(with_binclass));
            theirs.push(time(with_creditcard));
        } else {
            theirs.push(time(with_creditcard));
            ours.push(time(with_binclass));
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (b, c) = (median(&mut ours), median(&mut theirs));
    println!(
        "{} alternating passes over {} PANs, median ns per PAN: binclass {b:.1}, creditcard {c:.1}, ratio {:.2}x",
        ours.len(),
        pans.len(),
        c / b
    );
}
