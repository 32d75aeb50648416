//! Card-present classification: track 2, both tracks, EMV (binary and hex), against the keyed
//! path on the same card as a baseline. Each input's verdict is asserted before measuring.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use binclass::{Date, Profile, Reason};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn inputs() -> Vec<(&'static str, &'static [u8], Option<Reason>)> {
    vec![
        ("track2", b";6212345678901232=30122011234567890?<", None),
        (
            "track1+2",
            b"%B6212345678901232^ZHANG/SAN^3012201000000123?U;6212345678901232=30122011234567890?<",
            None,
        ),
        (
            "track2 lrc_mismatch",
            b";6212345678901232=30122011234567890?0",
            Some(Reason::LrcMismatch),
        ),
        (
            "track2 expired",
            b";4111111111111111=25121011234567890?",
            Some(Reason::Expired),
        ),
    ]
}

const EMV_HEX: &str = "701F5A0862123456789012325F24033012315F300202204F08A000000333010101";

fn bench(c: &mut Criterion) {
    let p = Profile::default().with_today(Date::new(2026, 11, 21).unwrap());
    let mut g = c.benchmark_group("card_present");
    g.throughput(Throughput::Elements(1));
    for (name, input, reason) in inputs() {
        assert_eq!(p.classify_track(input).reason(), reason, "{name}");
        g.bench_function(name, |b| b.iter(|| p.classify_track(black_box(input))));
    }
    let mut tlv = [0u8; 64];
    let tlv = binclass::emv::decode_hex(EMV_HEX.as_bytes(), &mut tlv)
        .unwrap()
        .to_vec();
    assert!(p.classify_emv(&tlv).is_supported());
    assert!(p.classify_emv_hex(EMV_HEX).is_supported());
    g.bench_function("emv binary", |b| {
        b.iter(|| p.classify_emv(black_box(&tlv[..])))
    });
    g.bench_function("emv hex", |b| {
        b.iter(|| p.classify_emv_hex(black_box(EMV_HEX)))
    });
    assert!(p.classify("6212345678901232").is_supported());
    g.bench_function("keyed baseline", |b| {
        b.iter(|| p.classify(black_box("6212345678901232")))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
