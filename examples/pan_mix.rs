//! Writes the benchmark's seeded PAN mix, one PAN per line, for timing the command line:
//!
//! ```text
//! cargo run --release --example pan_mix -- 10000000 > pans.txt
//! binclass classify --summary < pans.txt
//! ```
//!
//! The mix (schemes, lengths, about 5% Luhn failures and 2% unknown prefixes) is the one
//! `benches/classify.rs` times; see `benches/common/mod.rs`. These are generated test
//! numbers, not real cards.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../benches/common/mod.rs"]
mod common;

use std::io::{BufWriter, Write};

fn main() {
    let n: usize = std::env::args().nth(1).map_or(common::MIX_LEN, |a| {
        a.parse().expect("usage: pan_mix [COUNT]")
    });
    let mix = common::mix(n);
    let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    for pan in mix.pans() {
        out.write_all(pan.as_bytes()).unwrap();
        out.write_all(b"\n").unwrap();
    }
    out.flush().unwrap();
}
