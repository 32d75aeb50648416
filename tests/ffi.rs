//! The C API called from Rust: every `extern "C"` function with valid and hostile arguments,
//! the results checked against the safe Rust API, and the checked-in header checked against
//! `data/`. The same calls from C, under ASan, UBSan and valgrind, are in `tests/c/`.
#![cfg(feature = "ffi")]
#![allow(
    unsafe_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use binclass::ffi::*;
use binclass::{Date, Entry, Fallback, Lang, Profile, Reason, Scheme, Support, TerminalServices};
use binclass::{candidates, emv};
use common::card::{Track1, Track2, pack, tlv};
use core::ffi::{CStr, c_char};
use core::mem::MaybeUninit;
use core::ptr;
use proptest::prelude::*;

/// An output slot filled with a sentinel byte, to see whether a call wrote it. It stays a
/// `MaybeUninit`: 0xA5 is not a valid `bool`, so it is only ever compared as bytes.
fn sentinel() -> MaybeUninit<binclass_result> {
    let mut slot = MaybeUninit::<binclass_result>::uninit();
    // SAFETY: writes exactly the slot's bytes.
    unsafe {
        slot.as_mut_ptr()
            .cast::<u8>()
            .write_bytes(0xA5, RESULT_SIZE)
    };
    slot
}

const RESULT_SIZE: usize = core::mem::size_of::<binclass_result>();

/// The bytes of a slot (every byte initialised: by the sentinel, or by a call).
fn slot_bytes(slot: &MaybeUninit<binclass_result>) -> [u8; RESULT_SIZE] {
    // SAFETY: all RESULT_SIZE bytes are initialised.
    unsafe { ptr::read(slot.as_ptr().cast()) }
}

/// Classifies through the C API, asserting `BINCLASS_STATUS_OK`.
fn classify_c(profile: *const binclass_profile, input: &[u8]) -> binclass_result {
    let mut out = sentinel();
    let status = unsafe {
        binclass_classify(
            profile,
            input.as_ptr().cast(),
            input.len(),
            out.as_mut_ptr(),
        )
    };
    assert_eq!(status, binclass_status::Ok, "{input:?}");
    // SAFETY: on success the whole struct is written.
    unsafe { out.assume_init() }
}

fn text(p: *const c_char) -> &'static str {
    assert!(!p.is_null());
    unsafe { CStr::from_ptr(p) }.to_str().unwrap()
}

fn chars(a: &[c_char]) -> &str {
    let bytes: &[u8] = unsafe { core::slice::from_raw_parts(a.as_ptr().cast(), a.len()) };
    let end = bytes.iter().position(|&b| b == 0).expect("NUL-terminated");
    core::str::from_utf8(&bytes[..end]).unwrap()
}

/// Every field of the C result agrees with the Rust verdict on keyed input.
fn assert_matches_rust(r: &binclass_result, input: &[u8], profile: &Profile) {
    let v = profile.classify(input);
    assert_same(r, &v);
    assert_eq!(r.entry, BINCLASS_ENTRY_KEYED);
    assert_eq!(chars(&r.service_code), "");
    assert_eq!(chars(&r.expiry), "");
}

/// Every field of the C result agrees with a Rust verdict. The expiry and service code are
/// compared with the Rust types' own `Display`, not with the C API's digit code.
fn assert_same(r: &binclass_result, v: &Support) {
    assert_eq!(r.supported, v.is_supported());
    assert_eq!(r.reason, v.reason().map_or(0, |x| u32::from(x.number())));
    assert_eq!(r.scheme, v.scheme().map_or(0, |s| u32::from(s.code())));
    assert_eq!(r.candidates, v.candidates().mask());
    assert_eq!(usize::from(r.pan_length), v.length().unwrap_or(0));
    assert_eq!(r.flags, u32::from(v.flags().bits()));
    let luhn = match v.luhn() {
        None => BINCLASS_LUHN_NOT_CHECKED,
        Some(true) => BINCLASS_LUHN_PASSED,
        Some(false) => BINCLASS_LUHN_FAILED,
    };
    assert_eq!(u32::from(r.luhn), luhn);
    let entry = match v.entry() {
        Entry::Keyed => BINCLASS_ENTRY_KEYED,
        Entry::Track1 => BINCLASS_ENTRY_TRACK1,
        Entry::Track2 => BINCLASS_ENTRY_TRACK2,
        Entry::Emv => BINCLASS_ENTRY_EMV,
        other => panic!("no BINCLASS_ENTRY_ for {other:?}"),
    };
    assert_eq!(r.entry, entry);
    assert_eq!(chars(&r.masked_pan), v.masked().to_string());
    let expiry = v.expiry().map(|e| e.yymm().to_string()).unwrap_or_default();
    assert_eq!(chars(&r.expiry), expiry);
    let sc = v.service_code().map(|s| s.to_string()).unwrap_or_default();
    assert_eq!(chars(&r.service_code), sc);
    // Past each string's NUL the array is zero-filled.
    assert!(bytes_of(&r.expiry)[expiry.len()..].iter().all(|&b| b == 0));
    assert!(
        bytes_of(&r.service_code)[sc.len()..]
            .iter()
            .all(|&b| b == 0)
    );
}

fn bytes_of(a: &[c_char]) -> &[u8] {
    unsafe { core::slice::from_raw_parts(a.as_ptr().cast(), a.len()) }
}

#[test]
fn classify_fills_every_field_for_a_supported_card() {
    let r = classify_c(ptr::null(), b"4111 1111 1111 1111");
    assert!(r.supported);
    assert_eq!(r.scheme, BINCLASS_SCHEME_VISA);
    assert_eq!(r.reason, BINCLASS_REASON_NONE);
    assert_eq!(r.pan_length, 16);
    assert_eq!(u32::from(r.luhn), BINCLASS_LUHN_PASSED);
    assert_eq!(r.flags, 0);
    assert_eq!(r.candidates, 1 << BINCLASS_SCHEME_VISA);
    assert_eq!(r.entry, BINCLASS_ENTRY_KEYED);
    assert_eq!(chars(&r.masked_pan), "411111******1111");
    assert_eq!(chars(&r.service_code), "");
    assert_eq!(chars(&r.expiry), "");
    // Every byte was written, padding included (there is none).
    // SAFETY: `binclass_result` is 120 bytes with no padding (asserted in src/ffi.rs).
    let bytes: [u8; RESULT_SIZE] = unsafe { core::mem::transmute(r) };
    assert!(bytes.iter().all(|&b| b != 0xA5));
}

#[test]
fn classify_reports_each_reason_with_its_number() {
    let cases: [(&[u8], u32); 6] = [
        (b"", BINCLASS_REASON_EMPTY),
        (b" - ", BINCLASS_REASON_EMPTY),
        (b"4111 1111 1111 111x", BINCLASS_REASON_INVALID_CHARACTER),
        (b"4111\x001111 1111 1111", BINCLASS_REASON_INVALID_CHARACTER),
        (b"1234", BINCLASS_REASON_BAD_LENGTH),
        (b"4111 1111 1111 1112", BINCLASS_REASON_LUHN_FAILED),
    ];
    for (input, reason) in cases {
        let r = classify_c(ptr::null(), input);
        assert!(!r.supported);
        assert_eq!(r.reason, reason, "{input:?}");
        assert_matches_rust(&r, input, &Profile::default());
    }
    // A co-badged UnionPay/Discover prefix keeps both candidates.
    let r = classify_c(ptr::null(), b"6221260000000000");
    assert!(r.supported);
    assert_eq!(
        r.candidates,
        (1 << BINCLASS_SCHEME_UNIONPAY) | (1 << BINCLASS_SCHEME_DISCOVER)
    );
}

#[test]
fn classify_accepts_non_utf8_and_nul_bytes_as_invalid_characters() {
    for input in [
        &b"\xff\xfe"[..],
        b"\0",
        b"4111\xe5\x8d\xa1",
        "卡号".as_bytes(),
        b"\x80",
    ] {
        let r = classify_c(ptr::null(), input);
        assert_eq!(r.reason, BINCLASS_REASON_INVALID_CHARACTER);
        assert_eq!(r.pan_length, 0);
        assert_eq!(chars(&r.masked_pan), "");
    }
}

#[test]
fn classify_rejects_an_over_long_length_without_reading() {
    // A one-byte buffer with a length far past it. tests/c/test_ffi.c makes the same call on
    // a 1-byte heap block under valgrind, which reports any read past it; here the status and
    // the untouched output show the early return.
    let one = [b'4'];
    for len in [BINCLASS_MAX_INPUT + 1, usize::MAX, isize::MAX as usize + 1] {
        let mut out = sentinel();
        let status =
            unsafe { binclass_classify(ptr::null(), one.as_ptr().cast(), len, out.as_mut_ptr()) };
        assert_eq!(status, binclass_status::InputTooLong);
        assert_eq!(slot_bytes(&out), slot_bytes(&sentinel()));
    }
    // The limit itself is accepted.
    let max = [b'4'; BINCLASS_MAX_INPUT];
    let r = classify_c(ptr::null(), &max);
    assert_eq!(r.reason, BINCLASS_REASON_BAD_LENGTH);
    assert_eq!(usize::from(r.pan_length), BINCLASS_MAX_INPUT);
    assert_eq!(chars(&r.masked_pan).len(), BINCLASS_MAX_INPUT);
}

#[test]
fn classify_null_and_misaligned_pointers_write_nothing() {
    let input = b"4111111111111111";
    let mut out = sentinel();
    let s = unsafe { binclass_classify(ptr::null(), ptr::null(), 16, out.as_mut_ptr()) };
    assert_eq!(s, binclass_status::NullArgument);
    let s = unsafe { binclass_classify(ptr::null(), ptr::null(), 0, out.as_mut_ptr()) };
    assert_eq!(s, binclass_status::NullArgument);
    assert_eq!(slot_bytes(&out), slot_bytes(&sentinel()));
    let s = unsafe { binclass_classify(ptr::null(), input.as_ptr().cast(), 16, ptr::null_mut()) };
    assert_eq!(s, binclass_status::NullArgument);

    // An output pointer one byte off its alignment.
    let mut storage = [sentinel(), sentinel()];
    let misaligned = unsafe { storage.as_mut_ptr().cast::<u8>().add(1) }.cast::<binclass_result>();
    let s = unsafe { binclass_classify(ptr::null(), input.as_ptr().cast(), 16, misaligned) };
    assert_eq!(s, binclass_status::InvalidArgument);
    assert_eq!(slot_bytes(&storage[0]), slot_bytes(&sentinel()));
    let bad_profile = ptr::without_provenance::<binclass_profile>(1);
    let s = unsafe { binclass_classify(bad_profile, input.as_ptr().cast(), 16, out.as_mut_ptr()) };
    assert_eq!(s, binclass_status::InvalidArgument);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4_000))]

    #[test]
    fn classify_agrees_with_rust_on_any_bytes(input in proptest::collection::vec(any::<u8>(), 0..=64)) {
        let r = classify_c(ptr::null(), &input);
        assert_matches_rust(&r, &input, &Profile::default());
    }

    #[test]
    fn classify_agrees_with_rust_on_keyed_shapes(input in "[0-9 -]{0,64}") {
        let r = classify_c(ptr::null(), input.as_bytes());
        assert_matches_rust(&r, input.as_bytes(), &Profile::default());
    }

    #[test]
    fn candidates_agree_with_rust(input in "[0-9 x-]{0,30}") {
        let mut ids = [0u32; BINCLASS_MAX_SCHEMES];
        let mut n = usize::MAX;
        let s = unsafe {
            binclass_candidates(input.as_ptr().cast(), input.len(), ids.as_mut_ptr(), ids.len(), &mut n)
        };
        prop_assert_eq!(s, binclass_status::Ok);
        let want: Vec<u32> = candidates(&input).iter().map(|s| u32::from(s.code())).collect();
        prop_assert_eq!(&ids[..n], &want[..]);
    }
}

fn candidates_c(input: &[u8], capacity: usize) -> (binclass_status, Vec<u32>, usize) {
    let mut ids = vec![0xDEAD_BEEFu32; capacity.max(1)];
    let mut n = 0xABCD;
    let s = unsafe {
        binclass_candidates(
            input.as_ptr().cast(),
            input.len(),
            ids.as_mut_ptr(),
            capacity,
            &mut n,
        )
    };
    (s, ids, n)
}

#[test]
fn candidates_writes_ids_in_code_order_or_nothing() {
    let (s, ids, n) = candidates_c(b"62", BINCLASS_MAX_SCHEMES);
    assert_eq!(s, binclass_status::Ok);
    assert!(ids[..n].contains(&BINCLASS_SCHEME_UNIONPAY));
    assert!(ids[..n].contains(&BINCLASS_SCHEME_DISCOVER));
    assert!(ids[..n].windows(2).all(|w| w[0] < w[1]));

    // Nothing typed: every scheme of the table; needs more room than 1.
    let all = candidates("").len();
    assert!(all > 1);
    let (s, ids, n) = candidates_c(b"", 1);
    assert_eq!(s, binclass_status::BufferTooSmall);
    assert_eq!((ids[0], n), (0xDEAD_BEEF, 0xABCD));
    let (s, _, n) = candidates_c(b"", all);
    assert_eq!((s, n), (binclass_status::Ok, all));

    // Capacity 0 with an answer of 0 schemes is fine.
    let (s, _, n) = candidates_c(b"4x", 0);
    assert_eq!((s, n), (binclass_status::Ok, 0));
    // A huge capacity is not trusted beyond BINCLASS_MAX_SCHEMES.
    let mut ids = [0u32; BINCLASS_MAX_SCHEMES];
    let mut n = 0;
    let s = unsafe { binclass_candidates(c"4".as_ptr(), 1, ids.as_mut_ptr(), usize::MAX, &mut n) };
    assert_eq!(s, binclass_status::Ok);
    let want: Vec<u32> = candidates("4")
        .iter()
        .map(|s| u32::from(s.code()))
        .collect();
    assert!(want.contains(&BINCLASS_SCHEME_VISA));
    assert_eq!(&ids[..n], &want[..]);
}

#[test]
fn candidates_checks_every_pointer_and_the_length() {
    let mut ids = [0u32; 4];
    let mut n = 7usize;
    let p = c"4111".as_ptr();
    unsafe {
        assert_eq!(
            binclass_candidates(ptr::null(), 0, ids.as_mut_ptr(), 4, &mut n),
            binclass_status::NullArgument
        );
        assert_eq!(
            binclass_candidates(p, 4, ptr::null_mut(), 4, &mut n),
            binclass_status::NullArgument
        );
        assert_eq!(
            binclass_candidates(p, 4, ids.as_mut_ptr(), 4, ptr::null_mut()),
            binclass_status::NullArgument
        );
        assert_eq!(
            binclass_candidates(p, BINCLASS_MAX_INPUT + 1, ids.as_mut_ptr(), 4, &mut n),
            binclass_status::InputTooLong
        );
        let odd = ids.as_mut_ptr().cast::<u8>().add(1).cast::<u32>();
        assert_eq!(
            binclass_candidates(p, 4, odd, 3, &mut n),
            binclass_status::InvalidArgument
        );
    }
    assert_eq!((ids, n), ([0; 4], 7));
}

fn last_error() -> String {
    let mut buf = [0 as c_char; BINCLASS_ERROR_SIZE];
    let n = unsafe { binclass_profile_last_error(buf.as_mut_ptr(), buf.len()) };
    let s = chars(&buf).to_string();
    assert_eq!(s.len(), n);
    s
}

fn profile_from_str(text: &[u8]) -> (binclass_status, *mut binclass_profile) {
    let mut p = ptr::null_mut();
    let s = unsafe { binclass_profile_from_str(text.as_ptr().cast(), text.len(), &mut p) };
    (s, p)
}

#[test]
fn profile_from_str_loads_toml_and_json_and_applies_them() {
    for text in [
        &b"accept = [\"unionpay\", \"visa\"]\n[schemes.unionpay]\nluhn = \"required\"\n"[..],
        br#"{"accept": ["unionpay", "visa"], "schemes": {"unionpay": {"luhn": "required"}}}"#,
    ] {
        let (s, p) = profile_from_str(text);
        assert_eq!(s, binclass_status::Ok);
        assert!(!p.is_null());
        assert_eq!(last_error(), "");
        let rust = Profile::accepting(&[Scheme::Unionpay, Scheme::Visa])
            .with_luhn(Scheme::Unionpay, binclass::LuhnPolicy::Required);
        for input in [
            &b"378282246310005"[..],
            b"6212345678901232",
            b"6212345678901233",
            b"4111111111111111",
        ] {
            let r = classify_c(p, input);
            assert_matches_rust(&r, input, &rust);
        }
        let r = classify_c(p, b"378282246310005");
        assert_eq!(r.reason, BINCLASS_REASON_SCHEME_NOT_ACCEPTED);
        assert_eq!(r.scheme, BINCLASS_SCHEME_AMEX);
        unsafe { binclass_profile_free(p) };
    }
}

#[test]
fn profile_from_str_failures_write_nothing_and_explain() {
    let cases: [(&[u8], binclass_status, &str); 5] = [
        (b"acept = []", binclass_status::ProfileInvalid, "acept"),
        (
            b"accept = [\"vissa\"]",
            binclass_status::ProfileInvalid,
            "vissa",
        ),
        (b"accept = []", binclass_status::ProfileInvalid, "empty"),
        (
            b"accept = [\"visa\"]\xff",
            binclass_status::ProfileInvalid,
            "not UTF-8",
        ),
        (
            b"accept = [\"visa\"]\0",
            binclass_status::ProfileInvalid,
            "invalid profile",
        ),
    ];
    for (text, status, needle) in cases {
        let mut p = 0x1234usize as *mut binclass_profile;
        let s = unsafe { binclass_profile_from_str(text.as_ptr().cast(), text.len(), &mut p) };
        assert_eq!(s, status, "{text:?}");
        assert_eq!(p as usize, 0x1234, "output written on failure");
        let e = last_error();
        assert!(e.contains(needle), "{e}");
        assert!(e.starts_with("<string>: "), "{e}");
    }
    // Empty text is a valid profile that accepts everything.
    let (s, p) = profile_from_str(b"");
    assert_eq!(s, binclass_status::Ok);
    unsafe { binclass_profile_free(p) };
}

#[test]
fn profile_errors_never_echo_a_card_number() {
    for text in [
        &b"4111111111111111 = 1"[..],
        b"accept = [\"4111111111111111\"]",
        b"accept = [\"4111 1111 1111 1111\"]",
        br#"{"6212345678901232": true}"#,
    ] {
        let (s, _) = profile_from_str(text);
        assert_eq!(s, binclass_status::ProfileInvalid);
        let e = last_error();
        assert!(
            !e.contains("4111111111111111") && !e.contains("1111 1111"),
            "{e}"
        );
        assert!(!e.contains("6212345678901232"), "{e}");
        assert!(e.contains("****"), "{e}");
    }
}

#[test]
fn profile_from_str_checks_pointers_and_length() {
    let mut p = ptr::null_mut();
    let text = b"accept = [\"visa\"]";
    unsafe {
        assert_eq!(
            binclass_profile_from_str(ptr::null(), 0, &mut p),
            binclass_status::NullArgument
        );
        assert!(last_error().contains("NULL"));
        assert_eq!(
            binclass_profile_from_str(text.as_ptr().cast(), text.len(), ptr::null_mut()),
            binclass_status::NullArgument
        );
        assert_eq!(
            binclass_profile_from_str(text.as_ptr().cast(), BINCLASS_MAX_PROFILE_SIZE + 1, &mut p),
            binclass_status::InputTooLong
        );
        assert!(last_error().contains("longer than 1048576 bytes"));
        assert_eq!(
            binclass_profile_from_str(text.as_ptr().cast(), usize::MAX, &mut p),
            binclass_status::InputTooLong
        );
    }
    assert!(p.is_null());
}

#[test]
fn profile_last_error_behaves_like_snprintf() {
    let (s, _) = profile_from_str(b"acept = []");
    assert_eq!(s, binclass_status::ProfileInvalid);
    let full = last_error();
    let n = full.len();
    assert!(n > 10);
    unsafe {
        assert_eq!(binclass_profile_last_error(ptr::null_mut(), 100), n);
        let mut buf = [0x55 as c_char; 8];
        assert_eq!(binclass_profile_last_error(buf.as_mut_ptr(), 0), n);
        assert_eq!(buf, [0x55; 8]);
        assert_eq!(binclass_profile_last_error(buf.as_mut_ptr(), 8), n);
        assert_eq!(chars(&buf), &full[..7]);
        assert_eq!(binclass_profile_last_error(buf.as_mut_ptr(), 1), n);
        assert_eq!(buf[0], 0);
    }
    // Cut at a character boundary: a multi-byte character is never split.
    let (s, _) = profile_from_str("accept = [\"维萨卡\"]".as_bytes());
    assert_eq!(s, binclass_status::ProfileInvalid);
    let full = last_error();
    let at = full.find('维').unwrap();
    let mut buf = [0 as c_char; 64];
    unsafe { binclass_profile_last_error(buf.as_mut_ptr(), at + 3) };
    assert_eq!(chars(&buf), &full[..at]);
}

#[test]
fn profile_last_error_is_per_thread() {
    let (s, _) = profile_from_str(b"acept = []");
    assert_eq!(s, binclass_status::ProfileInvalid);
    std::thread::spawn(|| assert_eq!(last_error(), ""))
        .join()
        .unwrap();
    assert!(last_error().contains("acept"));
}

fn temp_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("binclass-ffi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn c_path(p: &std::path::Path) -> std::ffi::CString {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(p.as_os_str().as_bytes()).unwrap()
}

#[test]
fn profile_from_file_reads_toml_and_json_files() {
    let toml = temp_path("terminal.toml");
    std::fs::write(&toml, "accept = [\"amex\"]\n").unwrap();
    let json = temp_path("terminal.json");
    std::fs::write(&json, r#"{"accept": ["amex"]}"#).unwrap();
    for path in [&toml, &json] {
        let mut p = ptr::null_mut();
        let s = unsafe { binclass_profile_from_file(c_path(path).as_ptr(), &mut p) };
        assert_eq!(s, binclass_status::Ok);
        let r = classify_c(p, b"4111111111111111");
        assert_eq!(r.reason, BINCLASS_REASON_SCHEME_NOT_ACCEPTED);
        let r = classify_c(p, b"378282246310005");
        assert!(r.supported);
        unsafe { binclass_profile_free(p) };
    }
}

#[test]
fn profile_from_file_failures() {
    let mut p = ptr::null_mut();
    let missing = temp_path("missing.toml");
    let s = unsafe { binclass_profile_from_file(c_path(&missing).as_ptr(), &mut p) };
    assert_eq!(s, binclass_status::ProfileIo);
    let e = last_error();
    assert!(
        e.contains("missing.toml") && e.contains("cannot read profile"),
        "{e}"
    );

    let bad = temp_path("bad.toml");
    std::fs::write(
        &bad,
        "accept = [\"visa\"]\n\n[schemes.visa]\nluhn = \"sometimes\"\n",
    )
    .unwrap();
    let s = unsafe { binclass_profile_from_file(c_path(&bad).as_ptr(), &mut p) };
    assert_eq!(s, binclass_status::ProfileInvalid);
    let e = last_error();
    assert!(
        e.contains("bad.toml: invalid profile") && e.contains("sometimes"),
        "{e}"
    );
    assert!(e.contains("line 4"), "{e}");

    let big = temp_path("big.toml");
    std::fs::write(&big, vec![b'#'; BINCLASS_MAX_PROFILE_SIZE + 1]).unwrap();
    let s = unsafe { binclass_profile_from_file(c_path(&big).as_ptr(), &mut p) };
    assert_eq!(s, binclass_status::InputTooLong);
    assert!(last_error().contains("larger than"));
    // Exactly at the limit is read (and is an empty, valid profile: all comments).
    std::fs::write(&big, vec![b'#'; BINCLASS_MAX_PROFILE_SIZE]).unwrap();
    let s = unsafe { binclass_profile_from_file(c_path(&big).as_ptr(), &mut p) };
    assert_eq!(s, binclass_status::Ok);
    unsafe { binclass_profile_free(p) };
    p = ptr::null_mut();

    // A directory, a non-UTF-8 name, an empty path.
    let dir = temp_path("");
    let s = unsafe { binclass_profile_from_file(c_path(&dir).as_ptr(), &mut p) };
    assert_eq!(s, binclass_status::ProfileIo);
    let s = unsafe { binclass_profile_from_file(c"/nonexistent/\xff\xfe.toml".as_ptr(), &mut p) };
    assert_eq!(s, binclass_status::ProfileIo);
    let s = unsafe { binclass_profile_from_file(c"".as_ptr(), &mut p) };
    assert_eq!(s, binclass_status::ProfileIo);

    // A path with no NUL in the first BINCLASS_MAX_PATH bytes is not read further.
    let long = vec![b'a'; BINCLASS_MAX_PATH];
    let s = unsafe { binclass_profile_from_file(long.as_ptr().cast(), &mut p) };
    assert_eq!(s, binclass_status::InputTooLong);
    let s = unsafe { binclass_profile_from_file(ptr::null(), &mut p) };
    assert_eq!(s, binclass_status::NullArgument);
    let s = unsafe { binclass_profile_from_file(c"x".as_ptr(), ptr::null_mut()) };
    assert_eq!(s, binclass_status::NullArgument);
    assert!(p.is_null());
}

#[test]
fn profile_free_accepts_null() {
    unsafe { binclass_profile_free(ptr::null_mut()) };
}

#[test]
fn one_profile_serves_many_threads() {
    let (s, p) = profile_from_str(b"accept = [\"visa\", \"unionpay\"]");
    assert_eq!(s, binclass_status::Ok);
    let addr = p as usize;
    let threads: Vec<_> = (0..4)
        .map(|t| {
            std::thread::spawn(move || {
                let p = addr as *const binclass_profile;
                for i in 0..2_000u64 {
                    let input = format!("{}", 4_111_111_111_111_111 + i * 7 + t);
                    let r = classify_c(p, input.as_bytes());
                    assert_matches_rust(
                        &r,
                        input.as_bytes(),
                        &Profile::accepting(&[Scheme::Visa, Scheme::Unionpay]),
                    );
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    unsafe { binclass_profile_free(p) };
}

#[test]
fn reason_strings_cover_every_reason_and_reject_the_rest() {
    for r in Reason::ALL {
        let n = u32::from(r.number());
        assert_eq!(text(binclass_reason_code(n)), r.code());
        assert_eq!(text(binclass_reason_message(n, 0)), r.message(Lang::En));
        assert_eq!(text(binclass_reason_message(n, 1)), r.message(Lang::ZhCn));
        assert_eq!(
            text(binclass_reason_message(n, binclass_lang::ZhCn as u32)),
            r.message(Lang::ZhCn)
        );
        assert_eq!(text(binclass_reason_message(n, 2)), "unknown");
        assert_eq!(text(binclass_reason_message(n, u32::MAX)), "unknown");
    }
    for n in [0, 255, 256, 1000, u32::MAX] {
        assert_eq!(text(binclass_reason_code(n)), "unknown");
        assert_eq!(text(binclass_reason_message(n, 0)), "unknown");
    }
    let highest = Reason::ALL
        .iter()
        .map(|r| u32::from(r.number()))
        .max()
        .unwrap();
    assert_eq!(text(binclass_reason_code(highest + 1)), "unknown");
}

#[test]
fn scheme_strings_cover_every_scheme_and_reject_the_rest() {
    for s in Scheme::ALL {
        let code = u32::from(s.code());
        assert_eq!(text(binclass_scheme_id(code)), s.id());
        assert_eq!(text(binclass_scheme_name(code)), s.name());
    }
    for n in [0, 63, 64, 256 + 1, u32::MAX] {
        if u8::try_from(n).ok().and_then(Scheme::from_code).is_none() {
            assert_eq!(text(binclass_scheme_id(n)), "unknown");
            assert_eq!(text(binclass_scheme_name(n)), "unknown");
        }
    }
    assert_eq!(
        text(binclass_scheme_name(BINCLASS_SCHEME_UNIONPAY)),
        "UnionPay"
    );
    assert_eq!(
        text(binclass_scheme_id(BINCLASS_SCHEME_UNIONPAY)),
        "unionpay"
    );
}

#[test]
fn status_names_and_versions() {
    let names = [
        "ok",
        "null_argument",
        "input_too_long",
        "invalid_argument",
        "buffer_too_small",
        "profile_invalid",
        "profile_io",
        "panic",
        "data_invalid",
        "data_io",
    ];
    for (n, name) in names.iter().enumerate() {
        assert_eq!(text(binclass_status_name(n as u32)), *name);
    }
    assert_eq!(text(binclass_status_name(names.len() as u32)), "unknown");
    assert_eq!(text(binclass_status_name(u32::MAX)), "unknown");
    assert_eq!(text(binclass_version()), env!("CARGO_PKG_VERSION"));
    assert_eq!(text(binclass_data_version()), binclass::DATA_VERSION);
}

/// The checked-in header, for the checks that tie it to `data/` and the Rust API.
fn header() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/include/binclass.h")).unwrap()
}

#[test]
fn header_defines_every_scheme_and_reason_with_its_number() {
    let h = header();
    for s in Scheme::ALL {
        let line = format!(
            "#define BINCLASS_SCHEME_{} {}\n",
            s.id().to_uppercase(),
            s.code()
        );
        assert!(
            h.contains(&line),
            "include/binclass.h lacks `{}`",
            line.trim()
        );
    }
    for r in Reason::ALL {
        let line = format!(
            "#define BINCLASS_REASON_{} {}\n",
            r.code().to_uppercase(),
            r.number()
        );
        assert!(
            h.contains(&line),
            "include/binclass.h lacks `{}`",
            line.trim()
        );
    }
}

#[test]
fn header_declares_every_exported_function() {
    let h = header();
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/ffi.rs")).unwrap();
    let exported: Vec<&str> = src
        .lines()
        .filter_map(|l| l.split("extern \"C\" fn ").nth(1))
        .filter_map(|rest| rest.split('(').next())
        .collect();
    assert!(exported.len() >= 13, "{exported:?}");
    for name in exported {
        assert!(
            h.contains(&format!("{name}(")),
            "include/binclass.h lacks {name}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Card-present entry points and the profile functions they need
// ---------------------------------------------------------------------------------------------

/// `BINCLASS_FALLBACK_ALLOWED` and `_DENIED` as C passes them.
const ALLOWED: u32 = binclass_fallback::Allowed as u32;
const DENIED: u32 = binclass_fallback::Denied as u32;

/// A profile made by the C API, freed when dropped.
struct CProfile(*mut binclass_profile);

impl Drop for CProfile {
    fn drop(&mut self) {
        unsafe { binclass_profile_free(self.0) };
    }
}

fn with_today_c(base: *const binclass_profile, y: u16, m: u8, d: u8) -> CProfile {
    let mut p = ptr::null_mut();
    let s = unsafe { binclass_profile_with_today(base, y, m, d, &mut p) };
    assert_eq!(s, binclass_status::Ok, "{y}-{m}-{d}");
    assert!(!p.is_null());
    CProfile(p)
}

fn with_fallback_c(base: *const binclass_profile, fallback: u32) -> CProfile {
    let mut p = ptr::null_mut();
    let s = unsafe { binclass_profile_with_fallback(base, fallback, &mut p) };
    assert_eq!(s, binclass_status::Ok, "{fallback}");
    CProfile(p)
}

fn today_c(profile: *const binclass_profile) -> (u16, u8, u8) {
    let (mut y, mut m, mut d) = (0xAAAA, 0xAA, 0xAA);
    let s = unsafe { binclass_profile_today(profile, &mut y, &mut m, &mut d) };
    assert_eq!(s, binclass_status::Ok);
    (y, m, d)
}

/// The two card-present entry points behind one signature, for the checks they share.
type RawEntry =
    unsafe fn(*const binclass_profile, *const u8, usize, *mut binclass_result) -> binclass_status;

unsafe fn track_raw(
    p: *const binclass_profile,
    input: *const u8,
    len: usize,
    out: *mut binclass_result,
) -> binclass_status {
    unsafe { binclass_classify_track(p, input.cast(), len, out) }
}

unsafe fn emv_raw(
    p: *const binclass_profile,
    input: *const u8,
    len: usize,
    out: *mut binclass_result,
) -> binclass_status {
    unsafe { binclass_classify_emv(p, input, len, out) }
}

fn call_ok(entry: RawEntry, profile: *const binclass_profile, input: &[u8]) -> binclass_result {
    let mut out = sentinel();
    let s = unsafe { entry(profile, input.as_ptr(), input.len(), out.as_mut_ptr()) };
    assert_eq!(s, binclass_status::Ok, "{input:?}");
    unsafe { out.assume_init() }
}

fn track_c(profile: *const binclass_profile, input: &[u8]) -> binclass_result {
    call_ok(track_raw, profile, input)
}

fn emv_c(profile: *const binclass_profile, tlv: &[u8]) -> binclass_result {
    call_ok(emv_raw, profile, tlv)
}

fn unhex(text: &str) -> Vec<u8> {
    let mut buf = [0u8; emv::MAX_TLV];
    emv::decode_hex(text.as_bytes(), &mut buf).unwrap().to_vec()
}

fn today() -> Date {
    Date::new(2026, 11, 21).unwrap()
}

#[test]
fn track_fills_the_card_present_fields() {
    let p = with_today_c(ptr::null(), 2026, 11, 21);
    let rust = Profile::default().with_today(today());

    let swipe: &[u8] = b";6212345678901232=30122011234567890?<";
    let r = track_c(p.0, swipe);
    assert!(r.supported);
    assert_eq!(r.scheme, BINCLASS_SCHEME_UNIONPAY);
    assert_eq!(r.entry, BINCLASS_ENTRY_TRACK2);
    assert_eq!(chars(&r.expiry), "3012");
    assert_eq!(chars(&r.service_code), "201");
    assert_eq!(r.flags, BINCLASS_FLAG_CHIP_PRESENT);
    assert_eq!(chars(&r.masked_pan), "621234******1232");
    assert_same(&r, &rust.classify_track(swipe));

    let track1: &[u8] = b"%B6212345678901232^ZHANG/SAN^3012201000000123?U";
    let r = track_c(p.0, track1);
    assert!(r.supported);
    assert_eq!(r.entry, BINCLASS_ENTRY_TRACK1);
    assert_eq!(chars(&r.expiry), "3012");
    assert_same(&r, &rust.classify_track(track1));

    // Both tracks; expired in December 2025; service code 101 (stripe only, no flags).
    let both: &[u8] =
        b"%B4111111111111111^SMITH/JOHN^2512101123456789?;4111111111111111=25121011234567890?";
    let r = track_c(p.0, both);
    assert_eq!(r.reason, BINCLASS_REASON_EXPIRED);
    assert_eq!(r.scheme, BINCLASS_SCHEME_VISA);
    assert_eq!(r.entry, BINCLASS_ENTRY_TRACK2);
    assert_eq!((chars(&r.expiry), chars(&r.service_code)), ("2512", "101"));
    assert_eq!(r.flags, 0);
    assert_same(&r, &rust.classify_track(both));
    // Without a date (the default profile), expiry is never checked.
    assert!(track_c(ptr::null(), both).supported);

    // Damaged data: the exact reason, nothing from the card.
    let cases: [(&[u8], u32, u32); 4] = [
        (
            b";6212345678901232=30122011234567890?0",
            BINCLASS_REASON_LRC_MISMATCH,
            BINCLASS_ENTRY_TRACK2,
        ),
        (
            b";E?",
            BINCLASS_REASON_MALFORMED_TRACK,
            BINCLASS_ENTRY_TRACK2,
        ),
        (
            b"%E?",
            BINCLASS_REASON_MALFORMED_TRACK,
            BINCLASS_ENTRY_TRACK1,
        ),
        (
            b";1234=3012201?",
            BINCLASS_REASON_BAD_LENGTH,
            BINCLASS_ENTRY_TRACK2,
        ),
    ];
    for (input, reason, entry) in cases {
        let r = track_c(p.0, input);
        assert_eq!((r.reason, r.entry), (reason, entry), "{input:?}");
        assert_eq!(chars(&r.masked_pan), "");
        assert_eq!((chars(&r.expiry), chars(&r.service_code)), ("", ""));
        assert_same(&r, &rust.classify_track(input));
    }
}

#[test]
fn emv_fills_the_card_present_fields() {
    let p = with_today_c(ptr::null(), 2026, 11, 21);
    let rust = Profile::default().with_today(today());

    // A record template with a UnionPay AID; service code 220: online and PIN.
    let record =
        unhex("70 1F 5A 08 6212345678901232 5F24 03 301231 5F30 02 0220 4F 08 A000000333010101");
    let r = emv_c(p.0, &record);
    assert!(r.supported);
    assert_eq!(r.scheme, BINCLASS_SCHEME_UNIONPAY);
    assert_eq!(r.entry, BINCLASS_ENTRY_EMV);
    assert_eq!((chars(&r.expiry), chars(&r.service_code)), ("3012", "220"));
    assert_eq!(
        r.flags,
        BINCLASS_FLAG_CHIP_PRESENT | BINCLASS_FLAG_PIN_REQUIRED | BINCLASS_FLAG_ONLINE_REQUIRED
    );
    assert_same(&r, &rust.classify_emv(&record));

    // Tag 57 (published example) under a Mastercard AID: a Visa number, aid_mismatch.
    let t2eq = unhex("57 11 4761739001010119D22122011143804400 4F 07 A0000000041010");
    let r = emv_c(p.0, &t2eq);
    assert_eq!(r.reason, BINCLASS_REASON_AID_MISMATCH);
    assert_eq!((chars(&r.expiry), chars(&r.service_code)), ("2212", "201"));
    assert_same(&r, &rust.classify_emv(&t2eq));

    // Expired on its 5F24 date: 2026-11-20 is the day before today.
    let expired = unhex("5A 08 6212345678901232 5F24 03 261120");
    let r = emv_c(p.0, &expired);
    assert_eq!(r.reason, BINCLASS_REASON_EXPIRED);
    assert_eq!(chars(&r.expiry), "2611");
    let still_good = unhex("5A 08 6212345678901232 5F24 03 261121");
    assert!(emv_c(p.0, &still_good).supported);

    // Malformed TLV, empty, and a hex *text* passed by mistake: reported, not misread.
    for (input, reason) in [
        (&[0x5A, 0x09, 0x41][..], BINCLASS_REASON_MALFORMED_TRACK),
        (&[], BINCLASS_REASON_EMPTY),
        (b"5A086212345678901232", BINCLASS_REASON_MALFORMED_TRACK),
    ] {
        let r = emv_c(p.0, input);
        assert_eq!(r.reason, reason, "{input:?}");
        assert_eq!(r.entry, BINCLASS_ENTRY_EMV);
        assert_same(&r, &rust.classify_emv(input));
    }
}

#[test]
fn card_present_entry_points_check_pointers_and_lengths() {
    let entries: [(RawEntry, usize, &str); 2] = [
        (track_raw, BINCLASS_MAX_TRACK_INPUT, "track"),
        (emv_raw, BINCLASS_MAX_EMV_INPUT, "emv"),
    ];
    for (entry, max, name) in entries {
        let one = [b'4'];
        let mut out = sentinel();
        unsafe {
            // NULL input (with or without a length), NULL output.
            for len in [0, 5] {
                let s = entry(ptr::null(), ptr::null(), len, out.as_mut_ptr());
                assert_eq!(s, binclass_status::NullArgument, "{name}");
            }
            let s = entry(ptr::null(), one.as_ptr(), 1, ptr::null_mut());
            assert_eq!(s, binclass_status::NullArgument, "{name}");
            // Over-long lengths past a one-byte buffer: rejected before reading.
            for len in [max + 1, usize::MAX, isize::MAX as usize + 1] {
                let s = entry(ptr::null(), one.as_ptr(), len, out.as_mut_ptr());
                assert_eq!(s, binclass_status::InputTooLong, "{name} {len}");
            }
            // A misaligned output or profile.
            let mut storage = [sentinel(), sentinel()];
            let odd = storage
                .as_mut_ptr()
                .cast::<u8>()
                .add(1)
                .cast::<binclass_result>();
            let s = entry(ptr::null(), one.as_ptr(), 1, odd);
            assert_eq!(s, binclass_status::InvalidArgument, "{name}");
            assert_eq!(slot_bytes(&storage[0]), slot_bytes(&sentinel()));
            let bad_profile = ptr::without_provenance::<binclass_profile>(1);
            let s = entry(bad_profile, one.as_ptr(), 1, out.as_mut_ptr());
            assert_eq!(s, binclass_status::InvalidArgument, "{name}");
        }
        assert_eq!(slot_bytes(&out), slot_bytes(&sentinel()), "{name}");

        // Length 0 is `empty`; exactly the limit is read (and is not a valid card).
        let r = call_ok(entry, ptr::null(), &one[..0]);
        assert_eq!(r.reason, BINCLASS_REASON_EMPTY, "{name}");
        let full = vec![b'4'; max];
        let r = call_ok(entry, ptr::null(), &full);
        assert!(!r.supported, "{name}");
        assert_eq!(chars(&r.masked_pan), "");
    }
    let full = vec![b'4'; BINCLASS_MAX_TRACK_INPUT];
    assert_same(
        &track_c(ptr::null(), &full),
        &Profile::default().classify_track(&full),
    );
    let zeros = vec![0u8; BINCLASS_MAX_EMV_INPUT];
    assert_eq!(
        emv_c(ptr::null(), &zeros).reason,
        BINCLASS_REASON_MALFORMED_TRACK
    );
}

#[test]
fn track_takes_any_bytes() {
    for input in [
        &b";4111\x00111111111111=3012201?"[..],
        b"\xff\xfe",
        b"\x00",
        ";6212345678901232=3012卡".as_bytes(),
        b"%B4111111111111111^\x80\x80^3012201?",
        b";6212345678901232=30122011234567890?<\r\n",
    ] {
        let r = track_c(ptr::null(), input);
        assert_eq!(r.reason, BINCLASS_REASON_MALFORMED_TRACK, "{input:?}");
        assert_same(&r, &Profile::default().classify_track(input));
    }
}

#[test]
fn with_today_and_fallback_derive_new_profiles_and_leave_the_base_alone() {
    let (s, base) = profile_from_str(b"accept = [\"unionpay\", \"visa\"]\nfallback = \"denied\"\n");
    assert_eq!(s, binclass_status::Ok);
    let base = CProfile(base);
    let swipe: &[u8] = b";6212345678901232=30122011234567890?<";
    let expired: &[u8] = b";6212345678901232=25122011234567890?";

    let dated = with_today_c(base.0, 2026, 11, 21);
    let allowed = with_fallback_c(dated.0, ALLOWED);
    let denied_again = with_fallback_c(allowed.0, DENIED);
    let rust_base =
        Profile::accepting(&[Scheme::Unionpay, Scheme::Visa]).with_fallback(Fallback::Denied);
    let rust = rust_base.clone().with_today(today());
    for (p, want) in [
        (&base, rust_base),
        (&dated, rust.clone()),
        (&allowed, rust.clone().with_fallback(Fallback::Allowed)),
        (&denied_again, rust.clone()),
    ] {
        for input in [swipe, expired] {
            assert_same(&track_c(p.0, input), &want.classify_track(input));
        }
    }
    // The base is unchanged: no date (the expired card is not `expired`), fallback denied.
    assert_eq!(
        track_c(base.0, expired).reason,
        BINCLASS_REASON_CHIP_REQUIRED
    );
    assert_eq!(today_c(base.0), (0, 0, 0));
    assert_eq!(track_c(dated.0, expired).reason, BINCLASS_REASON_EXPIRED);
    assert_eq!(
        track_c(dated.0, swipe).reason,
        BINCLASS_REASON_CHIP_REQUIRED
    );
    assert!(track_c(allowed.0, swipe).supported);
    assert_eq!(today_c(allowed.0), (2026, 11, 21));
    // A later date on a dated profile replaces it; the card is good through 2030-12-31.
    let last_day = with_today_c(dated.0, 2030, 12, 31);
    let day_after = with_today_c(dated.0, 2031, 1, 1);
    let good_swipe = with_fallback_c(last_day.0, ALLOWED);
    assert!(track_c(good_swipe.0, swipe).supported);
    assert_eq!(track_c(day_after.0, swipe).reason, BINCLASS_REASON_EXPIRED);
    // NULL derives from the default profile.
    let from_default = with_fallback_c(ptr::null(), DENIED);
    assert_same(
        &track_c(from_default.0, swipe),
        &Profile::default()
            .with_fallback(Fallback::Denied)
            .classify_track(swipe),
    );
    // Keyed input has no expiry or service code: a date changes nothing.
    let r = classify_c(day_after.0, b"6212345678901232");
    assert!(r.supported);
}

#[test]
fn with_today_rejects_dates_that_do_not_exist_and_writes_nothing() {
    let bad: [(u16, u8, u8); 13] = [
        (0, 1, 1),
        (10000, 1, 1),
        (u16::MAX, 12, 31),
        (2026, 0, 1),
        (2026, 13, 1),
        (2026, u8::MAX, 1),
        (2026, 1, 0),
        (2026, 1, 32),
        (2026, 4, 31),
        (2026, 2, 29),
        (2100, 2, 29),
        (1900, 2, 29),
        (2026, 1, u8::MAX),
    ];
    for (y, m, d) in bad {
        let mut p = 0x1234usize as *mut binclass_profile;
        let s = unsafe { binclass_profile_with_today(ptr::null(), y, m, d, &mut p) };
        assert_eq!(s, binclass_status::InvalidArgument, "{y}-{m}-{d}");
        assert_eq!(p as usize, 0x1234, "output written on failure");
    }
    for (y, m, d) in [(1, 1, 1), (9999, 12, 31), (2000, 2, 29), (2028, 2, 29)] {
        let p = with_today_c(ptr::null(), y, m, d);
        assert_eq!(today_c(p.0), (y, m, d));
    }
    unsafe {
        let s = binclass_profile_with_today(ptr::null(), 2026, 11, 21, ptr::null_mut());
        assert_eq!(s, binclass_status::NullArgument);
        let mut storage = [0usize; 2];
        let odd = storage.as_mut_ptr().cast::<u8>().add(1).cast();
        let s = binclass_profile_with_today(ptr::null(), 2026, 11, 21, odd);
        assert_eq!(s, binclass_status::InvalidArgument);
        assert_eq!(storage, [0, 0]);
        let mut p = ptr::null_mut();
        let bad_profile = ptr::without_provenance::<binclass_profile>(1);
        let s = binclass_profile_with_today(bad_profile, 2026, 11, 21, &mut p);
        assert_eq!(s, binclass_status::InvalidArgument);
        assert!(p.is_null());
    }
}

#[test]
fn with_fallback_rejects_values_that_are_not_a_choice() {
    // The header's numbers, fixed for good.
    assert_eq!((ALLOWED, DENIED), (1, 2));
    let h = header();
    assert!(
        h.contains("BINCLASS_FALLBACK_ALLOWED = 1,") && h.contains("BINCLASS_FALLBACK_DENIED = 2,")
    );
    for v in [0, 3, 256 + 1, u32::MAX] {
        let mut p = 0x1234usize as *mut binclass_profile;
        let s = unsafe { binclass_profile_with_fallback(ptr::null(), v, &mut p) };
        assert_eq!(s, binclass_status::InvalidArgument, "{v}");
        assert_eq!(p as usize, 0x1234);
    }
    let s = unsafe { binclass_profile_with_fallback(ptr::null(), DENIED, ptr::null_mut()) };
    assert_eq!(s, binclass_status::NullArgument);
}

#[test]
fn profile_today_reports_the_date_or_zeros() {
    assert_eq!(today_c(ptr::null()), (0, 0, 0));
    let (s, p) = profile_from_str(b"today = \"2026-11-21\"\n");
    assert_eq!(s, binclass_status::Ok);
    let p = CProfile(p);
    assert_eq!(today_c(p.0), (2026, 11, 21));
    // A date set from C replaces the file's.
    let q = with_today_c(p.0, 2027, 1, 2);
    assert_eq!(today_c(q.0), (2027, 1, 2));
    assert_eq!(today_c(p.0), (2026, 11, 21));

    let (mut y, mut m, mut d) = (7u16, 7u8, 7u8);
    unsafe {
        let n = binclass_profile_today(p.0, ptr::null_mut(), &mut m, &mut d);
        assert_eq!(n, binclass_status::NullArgument);
        let n = binclass_profile_today(p.0, &mut y, ptr::null_mut(), &mut d);
        assert_eq!(n, binclass_status::NullArgument);
        let n = binclass_profile_today(p.0, &mut y, &mut m, ptr::null_mut());
        assert_eq!(n, binclass_status::NullArgument);
        let mut storage = [0u16; 2];
        let odd = storage.as_mut_ptr().cast::<u8>().add(1).cast::<u16>();
        let n = binclass_profile_today(p.0, odd, &mut m, &mut d);
        assert_eq!(n, binclass_status::InvalidArgument);
        assert_eq!(storage, [0, 0]);
        let bad_profile = ptr::without_provenance::<binclass_profile>(1);
        let n = binclass_profile_today(bad_profile, &mut y, &mut m, &mut d);
        assert_eq!(n, binclass_status::InvalidArgument);
    }
    assert_eq!((y, m, d), (7, 7, 7), "outputs written on failure");
}

// ---- property tests: the C entry points agree with the Rust ones ----

/// A terminal setup, made both ways: profile text (services, fallback), then the C
/// functions (fallback override, date), and the same with the Rust API.
#[derive(Clone, Debug)]
struct Setup {
    services: u8,
    fallback_in_file: Option<bool>,
    fallback_override: Option<bool>,
    today: Option<(u16, u8, u8)>,
}

fn setups() -> impl Strategy<Value = Setup> {
    (
        1u8..=3,
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::option::of((2000u16..2100, 1u8..=12, 1u8..=28)),
    )
        .prop_map(
            |(services, fallback_in_file, fallback_override, today)| Setup {
                services,
                fallback_in_file,
                fallback_override,
                today,
            },
        )
}

fn fallback_of(allowed: bool) -> (Fallback, u32, &'static str) {
    if allowed {
        (Fallback::Allowed, ALLOWED, "allowed")
    } else {
        (Fallback::Denied, DENIED, "denied")
    }
}

impl Setup {
    fn build(&self) -> (Vec<CProfile>, Profile) {
        let services = match self.services {
            1 => (r#"["purchase"]"#, TerminalServices::PURCHASE),
            2 => (r#"["cash"]"#, TerminalServices::CASH),
            _ => (
                r#"["purchase", "cash"]"#,
                TerminalServices::PURCHASE.with(TerminalServices::CASH),
            ),
        };
        let mut text = format!("services = {}\n", services.0);
        let mut rust = Profile::default().with_services(services.1);
        if let Some(a) = self.fallback_in_file {
            let (f, _, word) = fallback_of(a);
            text += &format!("fallback = \"{word}\"\n");
            rust = rust.with_fallback(f);
        }
        let (s, p) = profile_from_str(text.as_bytes());
        assert_eq!(s, binclass_status::Ok, "{text}");
        let mut chain = vec![CProfile(p)];
        if let Some(a) = self.fallback_override {
            let (f, n, _) = fallback_of(a);
            chain.push(with_fallback_c(chain.last().unwrap().0, n));
            rust = rust.with_fallback(f);
        }
        if let Some((y, m, d)) = self.today {
            chain.push(with_today_c(chain.last().unwrap().0, y, m, d));
            rust = rust.with_today(Date::new(y, m, d).unwrap());
        }
        (chain, rust)
    }
}

fn pan_strategy() -> impl Strategy<Value = String> {
    let prefixes = prop::sample::select(vec!["", "4", "51", "6212", "622126", "34", "2200"]);
    (prefixes, "[0-9]{19}", 8usize..=19).prop_map(|(p, digits, len)| {
        let mut s = format!("{p}{digits}");
        s.truncate(len);
        s
    })
}

prop_compose! {
    /// Track 1, track 2 or both from random valid parts, sometimes with one byte changed.
    fn tracks()(
        pan in pan_strategy(),
        expiry in prop::option::of((0u8..100, 1u8..=12).prop_map(|(y, m)| format!("{y:02}{m:02}"))),
        service_code in prop::option::of((0u16..1000).prop_map(|v| format!("{v:03}"))),
        name in "[A-Z][A-Z /]{1,20}",
        disc in "[0-9]{0,8}",
        which in 1u8..=3,
        sentinels: bool,
        lrc: bool,
        edit in prop::option::of((any::<prop::sample::Index>(), any::<u8>())),
    ) -> Vec<u8> {
        let mut t1 = Track1 { pan: pan.clone(), name, expiry: expiry.clone(), service_code: service_code.clone(), discretionary: disc.clone(), start: sentinels, end: sentinels || which == 3, lrc };
        let mut t2 = Track2 { pan, sep: '=', expiry, service_code, discretionary: disc, start: sentinels || which == 3, end: sentinels, lrc };
        t1.start |= which == 3;
        t2.end |= which == 3;
        let mut s = match which {
            1 => t1.render(),
            2 => t2.render(),
            _ => t1.render() + &t2.render(),
        }
        .into_bytes();
        if let Some((at, byte)) = edit {
            let i = at.index(s.len());
            s[i] = byte;
        }
        s
    }
}

prop_compose! {
    /// EMV data from random valid parts (PAN in 5A and/or 57, expiry, service code, AID,
    /// template), sometimes with one byte changed.
    fn tlvs()(
        pan in pan_strategy(),
        (y, m, d) in (0u8..100, 1u8..=12, 1u8..=28),
        sc in 0u16..1000,
        which in 1u8..=3,
        with_5f24: bool,
        with_5f30: bool,
        aid in prop::option::of(prop::sample::select(vec![
            "A0000000031010", "A0000000041010", "A000000333010101", "A0000000651010", "A000000025010801", "F123456789",
        ])),
        template in prop::sample::select(vec![0u8, 0x70, 0x77]),
        edit in prop::option::of((any::<prop::sample::Index>(), any::<u8>())),
    ) -> Vec<u8> {
        let mut body = Vec::new();
        if which & 1 != 0 {
            body.extend(tlv(&[0x5A], &pack(&pan), false));
        }
        if which & 2 != 0 {
            body.extend(tlv(&[0x57], &pack(&format!("{pan}D{y:02}{m:02}{sc:03}")), false));
        }
        if with_5f24 {
            body.extend(tlv(&[0x5F, 0x24], &pack(&format!("{y:02}{m:02}{d:02}")), false));
        }
        if with_5f30 {
            body.extend(tlv(&[0x5F, 0x30], &pack(&format!("0{sc:03}")), false));
        }
        if let Some(aid) = aid {
            body.extend(tlv(&[0x4F], &pack(aid), false));
        }
        let mut data = if template == 0 { body } else { tlv(&[template], &body, false) };
        if let Some((at, byte)) = edit {
            let i = at.index(data.len());
            data[i] = byte;
        }
        data
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_500))]

    #[test]
    fn track_agrees_with_rust_on_built_tracks(input in tracks(), setup in setups()) {
        let (c, rust) = setup.build();
        let r = track_c(c.last().unwrap().0, &input);
        assert_same(&r, &rust.classify_track(&input));
    }

    #[test]
    fn track_agrees_with_rust_on_any_bytes(
        input in prop::collection::vec(any::<u8>(), 0..=BINCLASS_MAX_TRACK_INPUT),
        setup in setups(),
    ) {
        let (c, rust) = setup.build();
        let r = track_c(c.last().unwrap().0, &input);
        assert_same(&r, &rust.classify_track(&input));
    }

    #[test]
    fn emv_agrees_with_rust_on_built_tlv(input in tlvs(), setup in setups()) {
        let (c, rust) = setup.build();
        let r = emv_c(c.last().unwrap().0, &input);
        assert_same(&r, &rust.classify_emv(&input));
    }

    #[test]
    fn emv_agrees_with_rust_on_any_bytes(
        input in prop::collection::vec(any::<u8>(), 0..=400),
        setup in setups(),
    ) {
        let (c, rust) = setup.build();
        let r = emv_c(c.last().unwrap().0, &input);
        assert_same(&r, &rust.classify_emv(&input));
    }
}

/// The generators reach every card-present verdict, so the agreement tests above compare
/// more than the error paths.
#[test]
fn the_generators_reach_every_card_present_reason() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    let setup = Setup {
        services: 1,
        fallback_in_file: Some(false),
        fallback_override: None,
        today: Some((2050, 6, 15)),
    };
    let (c, _) = setup.build();
    let p = c.last().unwrap().0;
    for _ in 0..3_000 {
        let t = tracks().new_tree(&mut runner).unwrap().current();
        seen.insert(track_c(p, &t).reason);
        let e = tlvs().new_tree(&mut runner).unwrap().current();
        seen.insert(emv_c(p, &e).reason);
    }
    for reason in [
        BINCLASS_REASON_NONE,
        BINCLASS_REASON_MALFORMED_TRACK,
        BINCLASS_REASON_LRC_MISMATCH,
        BINCLASS_REASON_EXPIRED,
        BINCLASS_REASON_CHIP_REQUIRED,
        BINCLASS_REASON_SERVICE_NOT_ALLOWED,
        BINCLASS_REASON_AID_MISMATCH,
        BINCLASS_REASON_UNKNOWN_IIN,
        BINCLASS_REASON_LUHN_FAILED,
    ] {
        assert!(
            seen.contains(&reason),
            "never generated reason {reason}: {seen:?}"
        );
    }
}

// ---- card data updated in the field ----

/// Card data with the example table update and BIN file, made through the C API.
fn card_data_c() -> *mut binclass_card_data {
    let mut data = ptr::null_mut();
    assert_eq!(
        unsafe { binclass_card_data_new(&mut data) },
        binclass_status::Ok
    );
    let load =
        |f: unsafe extern "C" fn(*const binclass_card_data, *const c_char) -> binclass_status,
         path: &CStr| unsafe { f(data, path.as_ptr()) };
    assert_eq!(
        load(
            binclass_card_data_load_table,
            c"examples/data/update-2026-12.csv"
        ),
        binclass_status::Ok
    );
    assert_eq!(
        load(binclass_card_data_load_bins, c"examples/data/bins.csv"),
        binclass_status::Ok
    );
    data
}

/// The same data through the Rust API.
fn card_data_rust() -> binclass::CardData {
    binclass::CardData::new(
        binclass::Table::from_file("examples/data/update-2026-12.csv").unwrap(),
        Some(binclass::Bins::from_file("examples/data/bins.csv").unwrap()),
    )
}

type WithFn = unsafe extern "C" fn(
    *const binclass_profile,
    *const binclass_card_data,
    *const c_char,
    usize,
    *mut binclass_result,
) -> binclass_status;

fn classify_with_c(f: WithFn, data: *const binclass_card_data, input: &[u8]) -> binclass_result {
    let mut out = sentinel();
    let s = unsafe {
        f(
            ptr::null(),
            data,
            input.as_ptr().cast(),
            input.len(),
            out.as_mut_ptr(),
        )
    };
    assert_eq!(s, binclass_status::Ok, "{input:?}");
    // SAFETY: on success the whole struct is written.
    unsafe { out.assume_init() }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Keyed, track and EMV input through the C `_with` functions gives every field of the
    /// Rust `_with` verdict; with NULL data, the compiled verdict.
    #[test]
    fn classify_with_agrees_with_rust(
        keyed in "[0-9 -]{0,30}",
        pan in "(9558|4111|6212|5555)[0-9]{12,15}",
        tail in "[0-9]{4,20}",
        bytes in proptest::collection::vec(any::<u8>(), 0..=64),
    ) {
        let data = card_data_c();
        let rust = card_data_rust();
        let p = Profile::default();
        for input in [keyed.as_bytes(), pan.as_bytes(), &bytes[..]] {
            assert_same(&classify_with_c(binclass_classify_with, data, input), &p.classify_with(&rust, input));
            assert_same(&classify_with_c(binclass_classify_with, ptr::null(), input), &p.classify(input));
        }
        let swipe = format!(";{pan}={tail}?");
        for input in [swipe.as_bytes(), &bytes[..]] {
            assert_same(
                &classify_with_c(binclass_classify_track_with, data, input),
                &p.classify_track_with(&rust, input),
            );
        }
        let mut out = sentinel();
        let s = unsafe { binclass_classify_emv_with(ptr::null(), data, bytes.as_ptr(), bytes.len(), out.as_mut_ptr()) };
        prop_assert_eq!(s, binclass_status::Ok);
        let r = unsafe { out.assume_init() };
        assert_same(&r, &p.classify_emv_with(&rust, &bytes));
        unsafe { binclass_card_data_free(data) };
    }
}

#[test]
fn card_data_load_errors_keep_the_old_data() {
    let data = card_data_c();
    let domestic = b"9558801234567890128";
    assert!(classify_with_c(binclass_classify_with, data, domestic).supported);
    let s =
        unsafe { binclass_card_data_load_table(data, c"examples/data/update-bad.csv".as_ptr()) };
    assert_eq!(s, binclass_status::DataInvalid);
    let mut buf = [0 as c_char; BINCLASS_ERROR_SIZE];
    let n = unsafe { binclass_profile_last_error(buf.as_mut_ptr(), buf.len()) };
    assert!(n > 0);
    let msg = unsafe { CStr::from_ptr(buf.as_ptr()) }.to_str().unwrap();
    assert!(msg.starts_with("examples/data/update-bad.csv:4: "), "{msg}");
    assert!(classify_with_c(binclass_classify_with, data, domestic).supported);
    assert_eq!(
        unsafe { binclass_card_data_load_bins(data, c"/nonexistent/bins.csv".as_ptr()) },
        binclass_status::DataIo
    );
    assert_eq!(
        unsafe { binclass_card_data_rollback(data) },
        binclass_status::Ok
    );
    assert_eq!(
        unsafe {
            binclass_card_data_load_table(data, c"examples/data/update-2026-12.csv".as_ptr())
        },
        binclass_status::Ok
    );
    assert_eq!(
        unsafe { binclass_profile_last_error(ptr::null_mut(), 0) },
        0
    );
    assert_eq!(
        text(binclass_status_name(binclass_status::DataInvalid as u32)),
        "data_invalid"
    );
    unsafe { binclass_card_data_free(data) };
}
