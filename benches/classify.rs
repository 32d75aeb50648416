//! How fast is a verdict? `binclass::classify` against a naive linear-scan classifier and the
//! `creditcard` 0.1.0 and `card-validate` 2.4.0 crates, over the same seeded PAN mix, in the
//! same criterion group, so the ratios come from one run.
//!
//! Every bench checks its answers before it is timed: binclass must agree with the naive
//! classifier on every PAN of the mix (reason, scheme, Luhn, co-badge set), the naive classifier
//! must agree with the label the generator meant, and each peer must reject every Luhn-invalid
//! PAN and name Visa, Mastercard and Amex as we do. A bench cannot time a wrong answer.
//!
//! Run: `cargo bench --bench classify` (about a minute on 2 cores). Filter with e.g.
//! `cargo bench --bench classify -- mix`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use binclass::{Reason, Scheme, SchemeSet, candidates, classify};
use common::{
    MIX_LEN, Verdict, card_validate_answer, check_peer, creditcard_answer, label_holds, mix, naive,
};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use std::hint::black_box;
use std::time::Duration;

// ---------------------------------------------------------------------------------------------
// Benches.

fn bench_mix(c: &mut Criterion) {
    let m = mix(MIX_LEN);
    let pans = m.pans();
    for (pan, &label) in pans.iter().zip(&m.labels) {
        let want = naive(pan.as_bytes());
        assert!(label_holds(label, &want), "{label:?}");
        assert_eq!(
            Verdict::of(&classify(pan)),
            want,
            "binclass disagrees with the naive scan"
        );
    }
    check_peer("creditcard 0.1.0", &pans, &m.labels, creditcard_answer);
    check_peer(
        "card-validate 2.4.0",
        &pans,
        &m.labels,
        card_validate_answer,
    );

    let mut g = c.benchmark_group("mix");
    g.throughput(Throughput::Elements(pans.len() as u64));
    g.bench_function("binclass", |b| {
        b.iter(|| {
            for pan in black_box(&pans) {
                black_box(classify(black_box(pan)));
            }
        });
    });
    g.bench_function("creditcard", |b| {
        b.iter(|| {
            for pan in black_box(&pans) {
                black_box(black_box(pan).parse::<creditcard::CreditCard>()).ok();
            }
        });
    });
    g.bench_function("card_validate", |b| {
        b.iter(|| {
            for pan in black_box(&pans) {
                black_box(card_validate::Validate::from(black_box(pan))).ok();
            }
        });
    });
    // The naive scan is ~100x slower: a few flat samples are plenty.
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    g.bench_function("naive_scan", |b| {
        b.iter(|| {
            for pan in black_box(&pans) {
                black_box(naive(black_box(pan).as_bytes()));
            }
        });
    });
    g.finish();
}

fn bench_single(c: &mut Criterion) {
    let cases: [(&str, &str, Verdict); 4] = [
        (
            "visa16",
            "4111111111111111",
            Verdict {
                reason: None,
                scheme: Some(Scheme::Visa),
                luhn: Some(true),
                candidates: SchemeSet::EMPTY.with(Scheme::Visa),
            },
        ),
        (
            "unionpay19",
            "6212345678901234569",
            Verdict {
                reason: None,
                scheme: Some(Scheme::Unionpay),
                luhn: Some(true),
                candidates: SchemeSet::EMPTY.with(Scheme::Unionpay),
            },
        ),
        (
            "unknown_prefix",
            "7012345678901234",
            Verdict::no(Reason::UnknownIin),
        ),
        (
            "luhn_failure",
            "5555555555554445",
            Verdict {
                reason: Some(Reason::LuhnFailed),
                scheme: Some(Scheme::Mastercard),
                luhn: Some(false),
                candidates: SchemeSet::EMPTY.with(Scheme::Mastercard),
            },
        ),
    ];
    let mut g = c.benchmark_group("single");
    g.throughput(Throughput::Elements(1));
    for (name, pan, want) in cases {
        assert_eq!(naive(pan.as_bytes()), want, "{name}: naive");
        assert_eq!(Verdict::of(&classify(pan)), want, "{name}: binclass");
        let peers_accept = want.reason.is_none();
        assert_eq!(
            creditcard_answer(pan).is_ok(),
            peers_accept,
            "{name}: creditcard"
        );
        assert_eq!(
            card_validate_answer(pan).is_ok(),
            peers_accept,
            "{name}: card-validate"
        );
        g.bench_with_input(BenchmarkId::new("binclass", name), pan, |b, pan| {
            b.iter(|| classify(black_box(pan)));
        });
        g.bench_with_input(BenchmarkId::new("creditcard", name), pan, |b, pan| {
            b.iter(|| black_box(pan).parse::<creditcard::CreditCard>().ok());
        });
        g.bench_with_input(BenchmarkId::new("card_validate", name), pan, |b, pan| {
            b.iter(|| card_validate::Validate::from(black_box(pan)).ok());
        });
    }
    // Keyed with the spaces a person types: normalised on the way.
    let keyed = "4111 1111 1111 1111";
    assert_eq!(Verdict::of(&classify(keyed)), naive(b"4111111111111111"));
    g.bench_with_input(
        BenchmarkId::new("binclass", "visa16_spaced"),
        keyed,
        |b, pan| {
            b.iter(|| classify(black_box(pan)));
        },
    );
    g.finish();
}

fn bench_candidates(c: &mut Criterion) {
    // What an as-you-type display asks while "6212 3456 7890 1232" is typed.
    let typed: Vec<&str> = (0..=16).map(|n| &"6212345678901232"[..n]).collect();
    for p in &typed {
        let got = candidates(p);
        assert!(!got.is_empty(), "prefix {p:?}");
        assert!(got.contains(Scheme::Unionpay), "prefix {p:?}");
    }
    assert_eq!(
        candidates("6212345678901232"),
        SchemeSet::EMPTY.with(Scheme::Unionpay)
    );
    let mut g = c.benchmark_group("candidates");
    g.throughput(Throughput::Elements(typed.len() as u64));
    g.bench_function("typing_unionpay16", |b| {
        b.iter(|| {
            for p in black_box(&typed) {
                black_box(candidates(black_box(p)));
            }
        });
    });
    g.finish();
}

criterion_group! {
    name = classify_benches;
    // Modest samples keep a full run to about three minutes on this 2-core machine.
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = bench_mix, bench_single, bench_candidates
}
criterion_main!(classify_benches);
