//! The shared handle under load: reader threads classify in loops while a writer swaps two
//! sets of card data thousands of times. Every verdict must be exactly the verdict of one of
//! the two sets: never a mix of one set's table with the other's issuer data, never a
//! half-built table.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use binclass::{Bins, CardData, Product, ProductSet, Profile, Support, Table, TableHandle};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

const SWAPS: usize = 5_000;
const READERS: usize = 3;

/// Set A: the compiled table, issuer data saying the Visa BIN is credit and the UnionPay BIN
/// debit.
fn set_a() -> CardData {
    let bins = Bins::parse(
        "a.csv",
        "bin,product,country\n411111,credit,US\n621234,debit,CN\n",
    )
    .unwrap();
    CardData::new(Table::compiled(), Some(bins))
}

/// Set B: a runtime table that moves 411111 to UnionPay, withdraws 401178-401179, makes the
/// 62 block Luhn-required and adds 955880; issuer data that swaps the products around.
fn set_b() -> CardData {
    let table = Table::parse(
        "b.csv",
        "# version: B\n# effective: 2026-12-01\n\
         start,end,scheme,lengths,luhn,cobadge,example,source,action\n\
         411111,411111,unionpay,16-19,required,,41111100,T,\n\
         401178,401179,,,,,40117800,T,withdraw\n\
         62,62,unionpay,16-19,required,,62000000,T,\n\
         955880,955880,unionpay,19,required,,95588000,T,\n",
    )
    .unwrap();
    let bins = Bins::parse(
        "b.csv",
        "bin,product,country\n411111,debit,CN\n621234,credit,HK\n",
    )
    .unwrap();
    CardData::new(table, Some(bins))
}

const PANS: [&str; 8] = [
    "4111111111111111",    // A: visa credit US; B: unionpay debit CN
    "4011780000000006",    // A: visa/elo co-badge; B: unknown
    "6212345678901232",    // A: debit CN; B: credit HK
    "6200000000000001",    // A: advisory Luhn, supported; B: luhn_failed
    "9558801234567890128", // A: unknown; B: unionpay
    "5555555555554444",    // the same in both
    "4000056655665556",    // the same in both (no issuer data)
    "12345",               // bad_length in both
];

#[test]
fn readers_see_one_set_or_the_other_never_a_mix() {
    let profile = Profile::default().with_products(ProductSet::EMPTY.with(Product::Debit));
    let (a, b) = (set_a(), set_b());
    let want_a: Vec<Support> = PANS.iter().map(|p| profile.classify_with(&a, p)).collect();
    let want_b: Vec<Support> = PANS.iter().map(|p| profile.classify_with(&b, p)).collect();
    // The two sets disagree on the first five cards, so a mix would show.
    for i in 0..5 {
        assert_ne!(want_a[i], want_b[i], "{}", PANS[i]);
    }
    // A mix of B's table with A's issuer data gives a verdict that is neither.
    let mixed = CardData::from_shared(Arc::clone(b.shared_table()), a.shared_bins().cloned());
    let v = profile.classify_with(&mixed, PANS[0]);
    assert!(v != want_a[0] && v != want_b[0]);

    let handle = Arc::new(TableHandle::new(a.clone()));
    let swaps = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..READERS)
        .map(|_| {
            let (handle, swaps, done, failed) =
                (handle.clone(), swaps.clone(), done.clone(), failed.clone());
            let (profile, want_a, want_b) = (profile.clone(), want_a.clone(), want_b.clone());
            std::thread::spawn(move || {
                let (mut seen_a, mut seen_b, mut loops) = (0usize, 0usize, 0usize);
                // Until the writer has swapped enough and this reader has seen both sets.
                while !(swaps.load(Ordering::Relaxed) >= SWAPS && seen_a > 0 && seen_b > 0) {
                    for (i, pan) in PANS.iter().enumerate() {
                        let v = handle.classify(&profile, pan);
                        if v == want_a[i] {
                            seen_a += usize::from(i == 0);
                        } else if v == want_b[i] {
                            seen_b += usize::from(i == 0);
                        } else {
                            failed.store(true, Ordering::Relaxed);
                            panic!("{pan}: {v:?} is neither set's verdict");
                        }
                    }
                    loops += 1;
                    assert!(loops < 50_000_000, "the writer never got to swap");
                }
                done.fetch_add(1, Ordering::Relaxed);
                (seen_a, seen_b)
            })
        })
        .collect();
    let writer = {
        let (handle, swaps, done, failed) =
            (handle.clone(), swaps.clone(), done.clone(), failed.clone());
        std::thread::spawn(move || {
            let mut n = 0usize;
            while done.load(Ordering::Relaxed) < READERS && !failed.load(Ordering::Relaxed) {
                handle.store(if n % 2 == 0 { b.clone() } else { a.clone() });
                n += 1;
                swaps.store(n, Ordering::Relaxed);
                if n % 64 == 0 {
                    std::thread::yield_now();
                }
            }
            n
        })
    };
    for r in readers {
        let (seen_a, seen_b) = r.join().unwrap();
        assert!(seen_a > 0 && seen_b > 0);
    }
    assert!(writer.join().unwrap() >= SWAPS);
}

#[test]
fn a_snapshot_outlives_a_swap_and_rollback_is_one_call() {
    let handle = TableHandle::new(set_b());
    let profile = Profile::default();
    let held = handle.current();
    handle.rollback();
    // The held snapshot still answers with B; new readers get the compiled table with B's
    // issuer data (rollback keeps issuer data).
    assert_eq!(held.table().version(), "B");
    assert!(
        profile
            .classify_with(&held, "9558801234567890128")
            .is_supported()
    );
    let now = handle.current();
    assert!(now.table().is_compiled());
    assert!(now.bins().is_some());
    assert_eq!(
        handle.classify(&profile, "9558801234567890128").reason(),
        Some(binclass::Reason::UnknownIin)
    );
    handle.set_bins(None);
    assert!(handle.current().bins().is_none());
}
