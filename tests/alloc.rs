//! The hot path never touches the heap: a counting global allocator watches `classify`,
//! `Profile::classify`, `classify_pan` and `candidates` over every kind of input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use binclass::{Lang, LuhnPolicy, Pan, Profile, Scheme, candidates, classify};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;

/// Counts allocations made by the current thread (other test threads do not interfere).
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: the slot may be gone while a thread shuts down.
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
}

// SAFETY: every call is forwarded unchanged to the system allocator; counting has no effect
// on the memory handed out.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: same contract as ours, forwarded.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: same contract as ours, forwarded.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: same contract as ours, forwarded.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours, forwarded.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

/// Every shape the pipeline distinguishes: each reason, co-badges, separators, all lengths,
/// over-long and non-ASCII input.
fn inputs() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = [
        "4111111111111111",
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111111111111112",
        "6212345678901234569",
        "6212345678901234560",
        "6221260000000000",
        "378282246310005",
        "30569309025904",
        "7012345678901234",
        "22000000000000000",
        "411111111111",
        "",
        "   ",
        "4111x1111",
        "４１１１",
        "12345678901234567890123",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    v.push(vec![b'4'; 200]);
    v.push((0..=255u8).collect());
    for n in 8..=19 {
        v.push("6011000990139424512".as_bytes()[..n].to_vec());
    }
    v
}

#[test]
fn classify_and_candidates_never_allocate() {
    let inputs = inputs();
    let restrictive = Profile::accepting(&[Scheme::Unionpay, Scheme::Visa])
        .with_luhn(Scheme::Unionpay, LuhnPolicy::Required)
        .with_lengths(Scheme::Visa, binclass::Lengths::range(13, 19));
    let pans: Vec<Pan> = inputs.iter().filter_map(|i| Pan::parse(i).ok()).collect();
    assert!(pans.len() > 10);
    // Warm up anything lazy (there should be nothing) before counting.
    for i in &inputs {
        black_box(classify(i));
    }

    let n = allocations_during(|| {
        for _ in 0..100 {
            for i in &inputs {
                let v = black_box(classify(black_box(i)));
                black_box(restrictive.classify(black_box(i)));
                black_box(v.message(Lang::ZhCn));
                black_box(v.masked().bin(&mut [0; 6]).len());
                for cut in 0..=i.len().min(24) {
                    black_box(candidates(black_box(&i[..cut])));
                }
            }
            for p in &pans {
                black_box(restrictive.classify_pan(black_box(p)));
                black_box(p.masked());
            }
        }
    });
    assert_eq!(n, 0, "the hot path allocated {n} times");
}

#[test]
fn the_counter_sees_allocations() {
    // Guard against a counter that counts nothing.
    let n = allocations_during(|| {
        black_box(vec![1u8; 64]);
        black_box(classify("4111111111111111").to_string());
    });
    assert!(n >= 2, "counted {n}");
}

/// Card-present input and runtime card data: parsing tracks and EMV data (binary and hex,
/// short and long), and classifying through a table overlay, issuer data and a
/// `TableHandle`, allocate nothing per call once the data is loaded.
#[test]
fn card_present_and_runtime_data_never_allocate() {
    let update = "# version: 1\n# effective: 2026-12-01\n\
        start,end,scheme,lengths,luhn,cobadge,example,source,action\n\
        955880,955880,unionpay,19,required,,95588000,TMS-1,\n\
        401178,401179,,,,,40117800,TMS-1,withdraw\n";
    let bins = "bin,product,country,issuer\n411111,credit,US,Example\n621234,debit,CN,Example\n";
    let data = binclass::CardData::new(
        binclass::Table::parse("u.csv", update).unwrap(),
        Some(binclass::Bins::parse("b.csv", bins).unwrap()),
    );
    let handle = binclass::TableHandle::new(data.clone());
    let p = Profile::default()
        .with_today(binclass::Date::new(2026, 11, 21).unwrap())
        .with_products(binclass::ProductSet::EMPTY.with(binclass::Product::Debit));
    let tracks = [
        ";4111111111111111=30122011234567890?",
        "%B4111111111111111^SMITH/JOHN^3012201000000?;4111111111111111=3012201000000?",
        ";9558801234567890128=30121011234567890?",
        ";4111111111111111=25121011234567890?",
        ";E?",
        "garbage",
    ];
    let long_hex = format!("5A086212345678901232DF018203E8{}", "00".repeat(1000));
    let hexes = [
        "5A 08 6212345678901232 5F24 03 301231 5F30 02 0220",
        "5A0A9558801234567890128F",
        long_hex.as_str(),
        "zz",
    ];
    let mut tlv = [0u8; 64];
    let tlv = binclass::emv::decode_hex(hexes[0].as_bytes(), &mut tlv)
        .unwrap()
        .to_vec();
    let inputs = inputs();
    let run = || {
        for t in tracks {
            black_box(p.classify_track(black_box(t)));
            black_box(p.classify_track_with(&data, black_box(t)));
        }
        for h in hexes {
            black_box(p.classify_emv_hex(black_box(h)));
            black_box(p.classify_emv_hex_with(&data, black_box(h)));
        }
        black_box(p.classify_emv(black_box(&tlv)));
        black_box(p.classify_emv_with(&data, black_box(&tlv)));
        for i in &inputs {
            black_box(p.classify_with(&data, black_box(i)));
            black_box(handle.classify(&p, black_box(i)));
        }
    };
    // Warm up: the handle's first load on a thread may set up its thread-local state.
    run();
    let n = allocations_during(|| {
        for _ in 0..20 {
            run();
        }
    });
    assert_eq!(
        n, 0,
        "card-present or runtime-data classification allocated {n} times"
    );
}
