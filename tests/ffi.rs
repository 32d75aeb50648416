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

use binclass::ffi::*;
use binclass::{Lang, Profile, Reason, Scheme, candidates};
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

/// Every field of the C result agrees with the Rust verdict.
fn assert_matches_rust(r: &binclass_result, input: &[u8], profile: &Profile) {
    let v = profile.classify(input);
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
    assert_eq!(r.entry, BINCLASS_ENTRY_KEYED);
    assert_eq!(chars(&r.masked_pan), v.masked().to_string());
    assert_eq!(chars(&r.service_code), "");
    assert_eq!(chars(&r.expiry), "");
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
