//! Issuer data and runtime tables: loading a 1,000,000-row BIN file, BIN lookups (against a
//! `BTreeMap` baseline), and classification through a swappable handle with a runtime table
//! and issuer data (against the compiled-table `classify`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../examples/gen_bins.rs"]
mod gen_bins;

use binclass::{Bins, CardData, Product, Profile, Table, TableHandle};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::collections::BTreeMap;
use std::hint::black_box;

const ROWS: usize = 1_000_000;

fn prefix8(bin: &str) -> u32 {
    format!("{bin:0<8}").parse().unwrap()
}

fn load(c: &mut Criterion) {
    let text = gen_bins::render(&gen_bins::rows(ROWS, 0x5EED));
    let mut g = c.benchmark_group("bins_load");
    g.sample_size(10);
    g.throughput(Throughput::Elements(ROWS as u64));
    g.bench_function(BenchmarkId::new("parse", ROWS), |b| {
        b.iter(|| {
            let bins = Bins::parse("bins.csv", black_box(&text)).unwrap();
            assert_eq!(bins.len(), ROWS);
            bins
        });
    });
    g.finish();
}

fn lookup(c: &mut Criterion) {
    let rows = gen_bins::rows(ROWS, 0x5EED);
    let bins = Bins::parse("bins.csv", &gen_bins::render(&rows)).unwrap();
    // The baseline: the obvious map from BIN to product.
    let naive: BTreeMap<(u32, u8), &'static str> = rows
        .iter()
        .map(|r| ((r.bin.parse().unwrap(), r.bin.len() as u8), r.product))
        .collect();
    // 1,024 probes: half listed BINs (6- and 8-digit), half prefixes no BIN covers.
    let mut probes: Vec<(u32, Option<&str>)> = Vec::new();
    for (i, r) in rows.iter().step_by(ROWS / 512).take(512).enumerate() {
        let p8 = prefix8(&r.bin)
            + if r.bin.len() == 6 {
                (i % 100) as u32
            } else {
                0
            };
        probes.push((p8, Some(r.product)));
    }
    let mut x = 12_345u32;
    while probes.len() < 1024 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345) % 100_000_000;
        let listed = naive.contains_key(&(x, 8)) || naive.contains_key(&(x / 100, 6));
        if !listed {
            probes.push((x, None));
        }
    }
    // The expected answer per probe: listed or not, and the product.
    let expected: Vec<(u32, Option<Option<Product>>)> = probes
        .iter()
        .map(|&(p8, want)| (p8, want.map(Product::from_id)))
        .collect();
    let mut g = c.benchmark_group("bins_lookup");
    g.throughput(Throughput::Elements(probes.len() as u64));
    g.bench_function("bins", |b| {
        b.iter(|| {
            for &(p8, want) in &expected {
                let got = bins.lookup(black_box(p8)).map(|i| i.product());
                assert_eq!(got, want);
            }
        });
    });
    g.bench_function("btreemap_baseline", |b| {
        b.iter(|| {
            for &(p8, want) in &probes {
                let p8 = black_box(p8);
                let got = naive.get(&(p8, 8)).or_else(|| naive.get(&(p8 / 100, 6)));
                assert_eq!(got.is_some(), want.is_some());
            }
        });
    });
    g.finish();
}

fn classify(c: &mut Criterion) {
    let rows = gen_bins::rows(ROWS, 0x5EED);
    let bins = Bins::parse("bins.csv", &gen_bins::render(&rows)).unwrap();
    let update = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/update-2026-12.csv"
    ))
    .unwrap();
    let table = Table::parse("update-2026-12.csv", &update).unwrap();
    let handle = TableHandle::new(CardData::new(table, Some(bins)));
    let profile = Profile::default();
    let pans: Vec<&str> = vec![
        "4111111111111111",
        "5555555555554444",
        "378282246310005",
        "6212345678901232",
        "6200000000000005",
        "9558801234567890128",
        "4000056655665556",
        "1234567812345670",
    ];
    let want: Vec<_> = pans.iter().map(|p| handle.classify(&profile, p)).collect();
    let plain: Vec<_> = pans.iter().map(|p| profile.classify(p)).collect();
    let mut g = c.benchmark_group("classify_runtime");
    g.throughput(Throughput::Elements(pans.len() as u64));
    g.bench_function("handle_overlay_and_bins", |b| {
        b.iter(|| {
            for (p, w) in pans.iter().zip(&want) {
                assert_eq!(handle.classify(&profile, black_box(p)), *w);
            }
        });
    });
    g.bench_function("compiled_classify_baseline", |b| {
        b.iter(|| {
            for (p, w) in pans.iter().zip(&plain) {
                assert_eq!(profile.classify(black_box(p)), *w);
            }
        });
    });
    g.finish();
}

criterion_group!(benches, load, lookup, classify);
criterion_main!(benches);
