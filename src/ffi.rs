//! The C API: `extern "C"` functions for POS applications written in C, and the types they
//! exchange. `include/binclass.h` is generated from this file by a pinned cbindgen; the
//! documentation below is the header's documentation.
//!
//! This is the only module of the crate with `unsafe` code. Every raw pointer it is given is
//! checked once, by one of five small helpers (`input_bytes`, `c_string`, `output`,
//! `output_array`, `profile_ref`); the function bodies work on safe references only.
//!
//! # Contract
//!
//! - Every function catches panics and never unwinds into C. A function that returns a
//!   `binclass_status` reports a panic as `BINCLASS_STATUS_PANIC`; one that returns a string
//!   returns `"unknown"`. The core is written so that it cannot panic (the crate denies the
//!   clippy lints `unwrap_used`, `expect_used`, `panic` and `indexing_slicing`); catching is
//!   the backstop. The libraries are built with `panic = "unwind"` (Cargo's default): a build
//!   with `panic = "abort"` would abort the process instead, because catching a panic is then
//!   impossible.
//! - Every pointer argument is checked: NULL gives `BINCLASS_STATUS_NULL_ARGUMENT`, a pointer
//!   not aligned for its type gives `BINCLASS_STATUS_INVALID_ARGUMENT`.
//! - Outputs are written only when the function returns `BINCLASS_STATUS_OK`; on any other
//!   status the caller's memory is left exactly as it was.
//! - Input is any bytes with an explicit length: non-UTF-8 and embedded NUL bytes are
//!   classified (as `invalid_character` or `malformed_track`), never misread. A length over
//!   the limit (`BINCLASS_MAX_INPUT`, `BINCLASS_MAX_TRACK_INPUT`, `BINCLASS_MAX_EMV_INPUT`,
//!   `BINCLASS_MAX_PROFILE_SIZE`) is rejected with `BINCLASS_STATUS_INPUT_TOO_LONG` before a
//!   byte is read.
//! - Enumerated inputs arrive as `uint32_t` and are converted with a checked conversion: an
//!   unknown value is reported (or gives `"unknown"`), never trusted.
//! - Status codes and every `#define` value are stable: a value is never reused for another
//!   meaning.
//! - Nothing is allocated for the caller except a `binclass_profile`, released with
//!   `binclass_profile_free`. Returned strings are static, NUL-terminated UTF-8: never free
//!   them.
//!
//! # Threads
//!
//! Every function may be called from any thread at any time. A `binclass_profile` is
//! immutable: one profile can be used by any number of threads at once without locking, and
//! must be freed once, after every thread has stopped using it. The profile-loading error
//! message (`binclass_profile_last_error`) is kept per thread.
//!
//! # Card-present entry points
//!
//! Three functions classify, one per kind of input, with the same arguments (`profile`,
//! bytes, length, `binclass_result *out`) and the same result: `binclass_classify` (keyed
//! digits), `binclass_classify_track` (magnetic stripe: track 1, track 2 or both) and
//! `binclass_classify_emv` (chip: binary BER-TLV). Card-present verdicts also fill
//! `entry`, `expiry` and `service_code`, and check the expiry, the service code and
//! fallback against the profile.
//!
//! The library reads no clock: expiry is checked against the date in the profile, which the
//! caller sets from the terminal's clock with `binclass_profile_with_today` (a new profile;
//! derive one per business day, or per transaction). A profile without a date never gives
//! `BINCLASS_REASON_EXPIRED`. `binclass_profile_with_fallback` derives a profile that allows
//! or denies swiping a chip card, e.g. to allow fallback for one transaction after the chip
//! could not be read.
//!
//! # Example
//!
//! ```c
//! #include <stdio.h>
//! #include <string.h>
//! #include "binclass.h"
//!
//! int main(void) {
//!     const char *keyed = "6212 3456 7890 1232";
//!     binclass_result r;
//!     if (binclass_classify(NULL, keyed, strlen(keyed), &r) != BINCLASS_STATUS_OK)
//!         return 2;
//!     if (r.supported)
//!         printf("%s %s\n", r.masked_pan, binclass_scheme_name(r.scheme));
//!     else
//!         printf("%s\n", binclass_reason_message(r.reason, BINCLASS_LANG_ZH_CN));
//!     return 0;
//! }
//! ```

use crate::expiry::{Date, YearMonth};
use crate::pan::{MAX_INPUT, MAX_LEN};
use crate::policy::{Fallback, Profile};
use crate::scheme::{Scheme, SchemeSet};
use crate::service_code::ServiceCode;
use crate::support::{Entry, Flags, Lang, Reason, Support};
use crate::table::TableHandle;
use crate::track::{TRACK1_MAX, TRACK2_MAX};
use crate::{ProfileError, candidates};
use core::cell::RefCell;
use core::ffi::{CStr, c_char};
use core::mem::MaybeUninit;
use std::io::Read as _;
use std::panic::{self, AssertUnwindSafe};

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

/// Longest card input accepted, in bytes (19 digits with separators, with room to spare).
/// A longer `len` is rejected with `BINCLASS_STATUS_INPUT_TOO_LONG` before any byte is read.
pub const BINCLASS_MAX_INPUT: usize = 64;

/// Longest magnetic-stripe input accepted by `binclass_classify_track`, in bytes: track 1
/// (at most 79 characters with its sentinels and LRC) followed by track 2 (at most 40),
/// rounded up. A longer `len` is rejected with `BINCLASS_STATUS_INPUT_TOO_LONG` before any
/// byte is read.
pub const BINCLASS_MAX_TRACK_INPUT: usize = 128;

/// Most EMV data accepted by `binclass_classify_emv`, in bytes: room for a whole card read
/// (the SELECT response and a dozen or more records, each fitting one short response APDU of
/// at most 256 bytes), far more than the tags binclass reads need. A longer `len` is rejected
/// with `BINCLASS_STATUS_INPUT_TOO_LONG` before any byte is read.
pub const BINCLASS_MAX_EMV_INPUT: usize = 4096;
const _: () = assert!(BINCLASS_MAX_EMV_INPUT == crate::emv::MAX_TLV);

/// Largest profile accepted, in bytes, from text or from a file.
pub const BINCLASS_MAX_PROFILE_SIZE: usize = 1048576;

/// Longest profile path accepted, in bytes, including the terminating NUL. The path is read
/// up to its NUL or this many bytes, whichever comes first.
pub const BINCLASS_MAX_PATH: usize = 4096;

/// Size of `binclass_result.masked_pan`: always room for the masked form and its NUL.
pub const BINCLASS_MASKED_PAN_SIZE: usize = 80;

/// Array size that holds any answer of `binclass_candidates` (scheme codes are 1 to 63).
pub const BINCLASS_MAX_SCHEMES: usize = 64;

/// Buffer size that always holds the whole `binclass_profile_last_error` message.
pub const BINCLASS_ERROR_SIZE: usize = 1024;

const _: () = assert!(BINCLASS_MAX_INPUT == MAX_INPUT);
// Both tracks at their longest fit; anything longer cannot be valid track data.
const _: () = assert!(BINCLASS_MAX_TRACK_INPUT >= TRACK1_MAX + TRACK2_MAX);
// The masked form has one character per digit seen, so it is never longer than the keyed
// input; card-present input gives a PAN of at most 19 digits.
const _: () = assert!(BINCLASS_MAX_INPUT < BINCLASS_MASKED_PAN_SIZE);
const _: () = assert!(MAX_LEN < BINCLASS_MASKED_PAN_SIZE);
// A scheme set is a 64-bit mask by code.
const _: () = assert!(BINCLASS_MAX_SCHEMES == u64::BITS as usize);
// Every location number in a profile error has fewer digits than redaction (error.rs) looks for.
const _: () = assert!(BINCLASS_MAX_PROFILE_SIZE < 10_000_000);

// ---------------------------------------------------------------------------------------------
// Enumerations and constants
// ---------------------------------------------------------------------------------------------

/// What a call did. `BINCLASS_STATUS_OK` is 0; every other value is a failure, after which
/// no output has been written. Values are stable and never reused.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum binclass_status {
    /// Success; outputs are written.
    Ok = 0,
    /// A required pointer argument was NULL.
    NullArgument = 1,
    /// A length was over its limit; nothing was read.
    InputTooLong = 2,
    /// An argument had a value outside its range (e.g. a misaligned pointer).
    InvalidArgument = 3,
    /// The caller's array is too small for the answer; nothing was written.
    BufferTooSmall = 4,
    /// The profile text is not a valid profile; see `binclass_profile_last_error`.
    ProfileInvalid = 5,
    /// The profile file could not be read; see `binclass_profile_last_error`.
    ProfileIo = 6,
    /// An internal error (a bug in binclass) was caught; no output was written.
    Panic = 7,
    /// A card table or BIN file is not valid; see `binclass_profile_last_error`. The data
    /// served before the call keeps serving.
    DataInvalid = 8,
    /// A card table or BIN file could not be read; see `binclass_profile_last_error`. The data
    /// served before the call keeps serving.
    DataIo = 9,
}

impl binclass_status {
    /// Every status, in number order.
    const ALL: [binclass_status; 10] = [
        binclass_status::Ok,
        binclass_status::NullArgument,
        binclass_status::InputTooLong,
        binclass_status::InvalidArgument,
        binclass_status::BufferTooSmall,
        binclass_status::ProfileInvalid,
        binclass_status::ProfileIo,
        binclass_status::Panic,
        binclass_status::DataInvalid,
        binclass_status::DataIo,
    ];

    const fn name(self) -> &'static CStr {
        match self {
            binclass_status::Ok => c"ok",
            binclass_status::NullArgument => c"null_argument",
            binclass_status::InputTooLong => c"input_too_long",
            binclass_status::InvalidArgument => c"invalid_argument",
            binclass_status::BufferTooSmall => c"buffer_too_small",
            binclass_status::ProfileInvalid => c"profile_invalid",
            binclass_status::ProfileIo => c"profile_io",
            binclass_status::Panic => c"panic",
            binclass_status::DataInvalid => c"data_invalid",
            binclass_status::DataIo => c"data_io",
        }
    }
}

impl TryFrom<u32> for binclass_status {
    type Error = ();

    fn try_from(n: u32) -> Result<Self, ()> {
        binclass_status::ALL
            .into_iter()
            .find(|s| *s as u32 == n)
            .ok_or(())
    }
}

/// Language of merchant messages, for `binclass_reason_message`.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum binclass_lang {
    /// English.
    En = 0,
    /// Simplified Chinese (zh-CN).
    ZhCn = 1,
}

impl TryFrom<u32> for binclass_lang {
    type Error = ();

    fn try_from(n: u32) -> Result<Self, ()> {
        match n {
            0 => Ok(binclass_lang::En),
            1 => Ok(binclass_lang::ZhCn),
            _ => Err(()),
        }
    }
}

impl From<binclass_lang> for Lang {
    fn from(l: binclass_lang) -> Lang {
        match l {
            binclass_lang::En => Lang::En,
            binclass_lang::ZhCn => Lang::ZhCn,
        }
    }
}

/// May a chip card be taken by swipe, for `binclass_profile_with_fallback`. The value 0 is
/// not used, so an unset (zeroed) variable is rejected rather than read as either choice.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum binclass_fallback {
    /// A swiped chip card (service code 2xx or 6xx) is classified like any other swipe (the
    /// default profile's setting).
    Allowed = 1,
    /// A swiped chip card is `BINCLASS_REASON_CHIP_REQUIRED` (as Chinese terminals must,
    /// since 1 May 2017).
    Denied = 2,
}

impl TryFrom<u32> for binclass_fallback {
    type Error = ();

    fn try_from(n: u32) -> Result<Self, ()> {
        match n {
            1 => Ok(binclass_fallback::Allowed),
            2 => Ok(binclass_fallback::Denied),
            _ => Err(()),
        }
    }
}

impl From<binclass_fallback> for Fallback {
    fn from(f: binclass_fallback) -> Fallback {
        match f {
            binclass_fallback::Allowed => Fallback::Allowed,
            binclass_fallback::Denied => Fallback::Denied,
        }
    }
}

/// `binclass_result.flags`: the transaction must be authorised online.
pub const BINCLASS_FLAG_ONLINE_REQUIRED: u32 = 1;
/// `binclass_result.flags`: a PIN is required.
pub const BINCLASS_FLAG_PIN_REQUIRED: u32 = 2;
/// `binclass_result.flags`: the card has a chip.
pub const BINCLASS_FLAG_CHIP_PRESENT: u32 = 4;

const _: () = assert!(BINCLASS_FLAG_ONLINE_REQUIRED == Flags::ONLINE_REQUIRED.bits() as u32);
const _: () = assert!(BINCLASS_FLAG_PIN_REQUIRED == Flags::PIN_REQUIRED.bits() as u32);
const _: () = assert!(BINCLASS_FLAG_CHIP_PRESENT == Flags::CHIP_PRESENT.bits() as u32);

/// `binclass_result.luhn`: the check digit was not checked (the scheme's policy is `none`,
/// or the length was wrong).
pub const BINCLASS_LUHN_NOT_CHECKED: u32 = 0;
/// `binclass_result.luhn`: the check digit is correct.
pub const BINCLASS_LUHN_PASSED: u32 = 1;
/// `binclass_result.luhn`: the check digit is wrong (the card may still be supported when its
/// scheme's policy is `advisory`, as for UnionPay).
pub const BINCLASS_LUHN_FAILED: u32 = 2;

/// `binclass_result.entry`: the number was keyed by hand (`binclass_classify`). The value 0 is
/// never used, so a zeroed struct is not mistaken for a verdict.
pub const BINCLASS_ENTRY_KEYED: u32 = 1;
/// `binclass_result.entry`: magnetic stripe, track 1 only (`binclass_classify_track`).
pub const BINCLASS_ENTRY_TRACK1: u32 = 2;
/// `binclass_result.entry`: magnetic stripe, track 2 read, alone or with track 1
/// (`binclass_classify_track`; also for track data too damaged to tell).
pub const BINCLASS_ENTRY_TRACK2: u32 = 3;
/// `binclass_result.entry`: chip, EMV data (`binclass_classify_emv`).
pub const BINCLASS_ENTRY_EMV: u32 = 4;

/// `binclass_result.reason` when the card is supported: no reason.
pub const BINCLASS_REASON_NONE: u32 = 0;
/// Reason: no digits were given.
pub const BINCLASS_REASON_EMPTY: u32 = 1;
/// Reason: a character other than digits, spaces and dashes.
pub const BINCLASS_REASON_INVALID_CHARACTER: u32 = 2;
/// Reason: too few or too many digits, for any card or for its scheme.
pub const BINCLASS_REASON_BAD_LENGTH: u32 = 3;
/// Reason: the check digit is wrong.
pub const BINCLASS_REASON_LUHN_FAILED: u32 = 4;
/// Reason: the card's prefix is not in the card table.
pub const BINCLASS_REASON_UNKNOWN_IIN: u32 = 5;
/// Reason: the card's scheme is not accepted by the profile.
pub const BINCLASS_REASON_SCHEME_NOT_ACCEPTED: u32 = 6;
/// Reason: track data is damaged or not in a valid format (also a reader's read error).
pub const BINCLASS_REASON_MALFORMED_TRACK: u32 = 7;
/// Reason: the track's check character (LRC) does not match its data.
pub const BINCLASS_REASON_LRC_MISMATCH: u32 = 8;
/// Reason: the card's expiry date has passed.
pub const BINCLASS_REASON_EXPIRED: u32 = 9;
/// Reason: a chip card was swiped where the profile does not allow fallback.
pub const BINCLASS_REASON_CHIP_REQUIRED: u32 = 10;
/// Reason: the service code forbids this terminal's services (ATM-only, cash-only).
pub const BINCLASS_REASON_SERVICE_NOT_ALLOWED: u32 = 11;
/// Reason: the chip application (AID) belongs to another scheme than the card number.
pub const BINCLASS_REASON_AID_MISMATCH: u32 = 12;
/// Reason: the card's product (credit, debit, prepaid, charge) is not accepted by the profile.
pub const BINCLASS_REASON_PRODUCT_NOT_ACCEPTED: u32 = 13;
/// Reason: the card was issued outside the terminal's country and the profile is
/// domestic-only.
pub const BINCLASS_REASON_COUNTRY_NOT_ACCEPTED: u32 = 14;

macro_rules! same_number {
    ($($c:ident = $r:expr;)*) => {
        $(const _: () = assert!($c == $r as u32);)*
    };
}
same_number! {
    BINCLASS_REASON_EMPTY = Reason::Empty;
    BINCLASS_REASON_INVALID_CHARACTER = Reason::InvalidCharacter;
    BINCLASS_REASON_BAD_LENGTH = Reason::BadLength;
    BINCLASS_REASON_LUHN_FAILED = Reason::LuhnFailed;
    BINCLASS_REASON_UNKNOWN_IIN = Reason::UnknownIin;
    BINCLASS_REASON_MALFORMED_TRACK = Reason::MalformedTrack;
    BINCLASS_REASON_LRC_MISMATCH = Reason::LrcMismatch;
    BINCLASS_REASON_EXPIRED = Reason::Expired;
    BINCLASS_REASON_CHIP_REQUIRED = Reason::ChipRequired;
    BINCLASS_REASON_SERVICE_NOT_ALLOWED = Reason::ServiceNotAllowed;
    BINCLASS_REASON_AID_MISMATCH = Reason::AidMismatch;
    BINCLASS_REASON_SCHEME_NOT_ACCEPTED = Reason::SchemeNotAccepted;
    BINCLASS_REASON_PRODUCT_NOT_ACCEPTED = Reason::ProductNotAccepted;
    BINCLASS_REASON_COUNTRY_NOT_ACCEPTED = Reason::CountryNotAccepted;
}

/// `binclass_result.scheme` when no scheme is known.
pub const BINCLASS_SCHEME_NONE: u32 = 0;
/// Scheme code of Visa (`visa`).
pub const BINCLASS_SCHEME_VISA: u32 = 1;
/// Scheme code of Mastercard (`mastercard`).
pub const BINCLASS_SCHEME_MASTERCARD: u32 = 2;
/// Scheme code of American Express (`amex`).
pub const BINCLASS_SCHEME_AMEX: u32 = 3;
/// Scheme code of Discover (`discover`).
pub const BINCLASS_SCHEME_DISCOVER: u32 = 4;
/// Scheme code of Diners Club International (`diners`).
pub const BINCLASS_SCHEME_DINERS: u32 = 5;
/// Scheme code of JCB (`jcb`).
pub const BINCLASS_SCHEME_JCB: u32 = 6;
/// Scheme code of UnionPay (`unionpay`).
pub const BINCLASS_SCHEME_UNIONPAY: u32 = 7;
/// Scheme code of Maestro (`maestro`).
pub const BINCLASS_SCHEME_MAESTRO: u32 = 8;
/// Scheme code of Mir (`mir`).
pub const BINCLASS_SCHEME_MIR: u32 = 9;
/// Scheme code of RuPay (`rupay`).
pub const BINCLASS_SCHEME_RUPAY: u32 = 10;
/// Scheme code of Elo (`elo`).
pub const BINCLASS_SCHEME_ELO: u32 = 11;
/// Scheme code of Hipercard (`hipercard`).
pub const BINCLASS_SCHEME_HIPERCARD: u32 = 12;
/// Scheme code of Hiper (`hiper`).
pub const BINCLASS_SCHEME_HIPER: u32 = 13;
/// Scheme code of Troy (`troy`).
pub const BINCLASS_SCHEME_TROY: u32 = 14;
/// Scheme code of Verve (`verve`).
pub const BINCLASS_SCHEME_VERVE: u32 = 15;
/// Scheme code of Dankort (`dankort`).
pub const BINCLASS_SCHEME_DANKORT: u32 = 16;
/// Scheme code of UATP (`uatp`).
pub const BINCLASS_SCHEME_UATP: u32 = 17;
/// Scheme code of BORICA (`borica`).
pub const BINCLASS_SCHEME_BORICA: u32 = 18;
/// Scheme code of China T-Union (`china_t_union`).
pub const BINCLASS_SCHEME_CHINA_T_UNION: u32 = 19;
/// Scheme code of InterPayment (`interpayment`).
pub const BINCLASS_SCHEME_INTERPAYMENT: u32 = 20;
/// Scheme code of InstaPayment (`instapayment`).
pub const BINCLASS_SCHEME_INSTAPAYMENT: u32 = 21;
/// Scheme code of Naranja (`naranja`).
pub const BINCLASS_SCHEME_NARANJA: u32 = 22;
/// Scheme code of Cabal (`cabal`).
pub const BINCLASS_SCHEME_CABAL: u32 = 23;
/// Scheme code of UkrCard (`ukrcard`).
pub const BINCLASS_SCHEME_UKRCARD: u32 = 24;
/// Scheme code of LankaPay (`lankapay`).
pub const BINCLASS_SCHEME_LANKAPAY: u32 = 25;
/// Scheme code of GPN (`gpn`).
pub const BINCLASS_SCHEME_GPN: u32 = 26;
/// Scheme code of BC Card (`bc_card`).
pub const BINCLASS_SCHEME_BC_CARD: u32 = 27;
/// Scheme code of Humo (`humo`).
pub const BINCLASS_SCHEME_HUMO: u32 = 28;
/// Scheme code of UzCard (`uzcard`).
pub const BINCLASS_SCHEME_UZCARD: u32 = 29;
/// Scheme code of Napas (`napas`).
pub const BINCLASS_SCHEME_NAPAS: u32 = 30;
/// Scheme code of Forbrugsforeningen (`forbrugsforeningen`).
pub const BINCLASS_SCHEME_FORBRUGSFORENINGEN: u32 = 31;
/// Scheme code of mada (`mada`).
pub const BINCLASS_SCHEME_MADA: u32 = 32;
/// Scheme code of Cartes Bancaires (`cartes_bancaires`).
pub const BINCLASS_SCHEME_CARTES_BANCAIRES: u32 = 33;
/// Scheme code of NPS Pridnestrovie (`nps_pridnestrovie`).
pub const BINCLASS_SCHEME_NPS_PRIDNESTROVIE: u32 = 34;
/// Scheme code of AfriGo (`afrigo`).
pub const BINCLASS_SCHEME_AFRIGO: u32 = 35;
/// Scheme code of Alelo (`alelo`).
pub const BINCLASS_SCHEME_ALELO: u32 = 36;
/// Scheme code of Carnet (`carnet`).
pub const BINCLASS_SCHEME_CARNET: u32 = 37;
/// Scheme code of Sodexo (`sodexo`).
pub const BINCLASS_SCHEME_SODEXO: u32 = 38;
/// Scheme code of VR (`vr`).
pub const BINCLASS_SCHEME_VR: u32 = 39;
/// Scheme code of Edenred (`edenred`).
pub const BINCLASS_SCHEME_EDENRED: u32 = 40;

// The header's scheme codes are data/schemes.csv's: a renumbered scheme fails the build, and
// `tests/ffi.rs` checks that every scheme in the data has its `#define` in the header.
same_number! {
    BINCLASS_SCHEME_VISA = Scheme::Visa;
    BINCLASS_SCHEME_MASTERCARD = Scheme::Mastercard;
    BINCLASS_SCHEME_AMEX = Scheme::Amex;
    BINCLASS_SCHEME_DISCOVER = Scheme::Discover;
    BINCLASS_SCHEME_DINERS = Scheme::Diners;
    BINCLASS_SCHEME_JCB = Scheme::Jcb;
    BINCLASS_SCHEME_UNIONPAY = Scheme::Unionpay;
    BINCLASS_SCHEME_MAESTRO = Scheme::Maestro;
    BINCLASS_SCHEME_MIR = Scheme::Mir;
    BINCLASS_SCHEME_RUPAY = Scheme::Rupay;
    BINCLASS_SCHEME_ELO = Scheme::Elo;
    BINCLASS_SCHEME_HIPERCARD = Scheme::Hipercard;
    BINCLASS_SCHEME_HIPER = Scheme::Hiper;
    BINCLASS_SCHEME_TROY = Scheme::Troy;
    BINCLASS_SCHEME_VERVE = Scheme::Verve;
    BINCLASS_SCHEME_DANKORT = Scheme::Dankort;
    BINCLASS_SCHEME_UATP = Scheme::Uatp;
    BINCLASS_SCHEME_BORICA = Scheme::Borica;
    BINCLASS_SCHEME_CHINA_T_UNION = Scheme::ChinaTUnion;
    BINCLASS_SCHEME_INTERPAYMENT = Scheme::Interpayment;
    BINCLASS_SCHEME_INSTAPAYMENT = Scheme::Instapayment;
    BINCLASS_SCHEME_NARANJA = Scheme::Naranja;
    BINCLASS_SCHEME_CABAL = Scheme::Cabal;
    BINCLASS_SCHEME_UKRCARD = Scheme::Ukrcard;
    BINCLASS_SCHEME_LANKAPAY = Scheme::Lankapay;
    BINCLASS_SCHEME_GPN = Scheme::Gpn;
    BINCLASS_SCHEME_BC_CARD = Scheme::BcCard;
    BINCLASS_SCHEME_HUMO = Scheme::Humo;
    BINCLASS_SCHEME_UZCARD = Scheme::Uzcard;
    BINCLASS_SCHEME_NAPAS = Scheme::Napas;
    BINCLASS_SCHEME_FORBRUGSFORENINGEN = Scheme::Forbrugsforeningen;
    BINCLASS_SCHEME_MADA = Scheme::Mada;
    BINCLASS_SCHEME_CARTES_BANCAIRES = Scheme::CartesBancaires;
    BINCLASS_SCHEME_NPS_PRIDNESTROVIE = Scheme::NpsPridnestrovie;
    BINCLASS_SCHEME_AFRIGO = Scheme::Afrigo;
    BINCLASS_SCHEME_ALELO = Scheme::Alelo;
    BINCLASS_SCHEME_CARNET = Scheme::Carnet;
    BINCLASS_SCHEME_SODEXO = Scheme::Sodexo;
    BINCLASS_SCHEME_VR = Scheme::Vr;
    BINCLASS_SCHEME_EDENRED = Scheme::Edenred;
}

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/// The verdict on one card. A plain struct the caller owns (usually on its stack), filled by
/// `binclass_classify`, `binclass_classify_track` or `binclass_classify_emv`. It holds no
/// full card number, and nothing else from the card but the expiry and the service code.
///
/// The layout has no padding bytes (every byte is written), and its size is fixed at 120
/// bytes.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy)]
#[repr(C)]
pub struct binclass_result {
    /// true when the terminal can take the card (send it online); `reason` is then 0.
    pub supported: bool,
    /// Check-digit result: `BINCLASS_LUHN_NOT_CHECKED`, `_PASSED` or `_FAILED`.
    pub luhn: u8,
    /// Number of digits seen, 0 when no digits were read (e.g. `invalid_character`).
    pub pan_length: u16,
    /// The scheme (`BINCLASS_SCHEME_*`): for a supported card, the one chosen by the profile's
    /// priority; for `bad_length`, `luhn_failed` and `scheme_not_accepted`, the scheme the
    /// prefix names; 0 when unknown.
    pub scheme: u32,
    /// Why the card is not supported (`BINCLASS_REASON_*`), 0 when it is.
    pub reason: u32,
    /// `BINCLASS_FLAG_*` bits for the next step, from the service code (and
    /// `BINCLASS_FLAG_CHIP_PRESENT` for EMV data). Always 0 for keyed input.
    pub flags: u32,
    /// Every scheme the prefix names, as a mask: bit n set for scheme code n. More than one
    /// bit for a co-badged card.
    pub candidates: u64,
    /// How the card data arrived: `BINCLASS_ENTRY_KEYED`, `_TRACK1`, `_TRACK2` or `_EMV`.
    pub entry: u32,
    /// The 3-digit service code, NUL-terminated, e.g. "201". Empty ("") for keyed input, and
    /// when the card data has none or could not be read.
    pub service_code: [c_char; 4],
    /// The expiry month as YYMM, NUL-terminated, e.g. "3012". Empty ("") for keyed input, and
    /// when the card data has none or could not be read.
    pub expiry: [c_char; 8],
    /// The masked card number, NUL-terminated: at most the first 6 and last 4 digits, the
    /// rest `*` (e.g. "411111******1111"); empty when no digits were read.
    pub masked_pan: [c_char; BINCLASS_MASKED_PAN_SIZE],
}

const _: () = assert!(core::mem::size_of::<binclass_result>() == 120);
const _: () = assert!(core::mem::align_of::<binclass_result>() == 8);
// No padding: the fields' sizes add up to the struct's size.
const _: () = assert!(1 + 1 + 2 + 4 + 4 + 4 + 8 + 4 + 4 + 8 + BINCLASS_MASKED_PAN_SIZE == 120);

impl binclass_result {
    fn new(v: &Support) -> binclass_result {
        let mut masked = [0u8; BINCLASS_MASKED_PAN_SIZE];
        // The last byte stays NUL. Cannot fail: the masked form has one character per digit
        // seen, at most BINCLASS_MAX_INPUT.
        if let Some(room) = masked.get_mut(..BINCLASS_MASKED_PAN_SIZE - 1) {
            let _ = v.masked().write_ascii(room);
        }
        binclass_result {
            supported: v.is_supported(),
            luhn: match v.luhn() {
                None => BINCLASS_LUHN_NOT_CHECKED as u8,
                Some(true) => BINCLASS_LUHN_PASSED as u8,
                Some(false) => BINCLASS_LUHN_FAILED as u8,
            },
            pan_length: u16::try_from(v.length().unwrap_or(0)).unwrap_or(u16::MAX),
            scheme: v
                .scheme()
                .map_or(BINCLASS_SCHEME_NONE, |s| u32::from(s.code())),
            reason: v
                .reason()
                .map_or(BINCLASS_REASON_NONE, |r| u32::from(r.number())),
            flags: u32::from(v.flags().bits()),
            candidates: v.candidates().mask(),
            entry: match v.entry() {
                Entry::Keyed => BINCLASS_ENTRY_KEYED,
                Entry::Track1 => BINCLASS_ENTRY_TRACK1,
                Entry::Track2 => BINCLASS_ENTRY_TRACK2,
                Entry::Emv => BINCLASS_ENTRY_EMV,
            },
            service_code: v.service_code().map_or([0; 4], service_code_text),
            expiry: v.expiry().map_or([0; 8], yymm_text),
            masked_pan: masked.map(|b| b as c_char),
        }
    }
}

/// An ASCII digit (0-9 in, '0'-'9' out) as a C character.
const fn digit(d: u8) -> c_char {
    (b'0' + d % 10) as c_char
}

/// "YYMM" and a NUL, padded with NULs.
fn yymm_text(e: YearMonth) -> [c_char; 8] {
    let (yy, mm) = ((e.year() % 100) as u8, e.month());
    [
        digit(yy / 10),
        digit(yy),
        digit(mm / 10),
        digit(mm),
        0,
        0,
        0,
        0,
    ]
}

/// The three digits and a NUL.
fn service_code_text(sc: ServiceCode) -> [c_char; 4] {
    let [a, b, c] = sc.digits();
    [digit(a), digit(b), digit(c), 0]
}

/// A terminal profile: which schemes the terminal accepts, their co-badge priority,
/// per-scheme length and check-digit rules, and for card-present input: fallback, the
/// terminal's services and the date expiry is checked against. Opaque; created by
/// `binclass_profile_from_str`, `binclass_profile_from_file` or derived from another with
/// `binclass_profile_with_today` / `binclass_profile_with_fallback`; released by
/// `binclass_profile_free`. Immutable, so it can be shared by any number of threads at once.
#[allow(non_camel_case_types)]
pub struct binclass_profile(Profile);

/// Card data updated in the field: a runtime card table laid over the compiled one, and
/// issuer data (a BIN file), made by `binclass_card_data_new` and released by
/// `binclass_card_data_free`. Any number of threads may classify with it while one loads a
/// new table or BIN file: a load builds the new data off to the side and publishes it with one
/// atomic swap, so each verdict comes wholly from the old data or wholly from the new.
#[allow(non_camel_case_types)]
pub struct binclass_card_data(TableHandle);

// ---------------------------------------------------------------------------------------------
// The boundary: panics, pointers, lengths
// ---------------------------------------------------------------------------------------------

/// Runs `body`, returning `on_panic` if it panics. Every `extern "C"` function goes through
/// here, so no panic unwinds into C.
fn guard<T>(on_panic: T, body: impl FnOnce() -> T) -> T {
    // AssertUnwindSafe: a body computes its outputs before it writes any of them, and the
    // only state shared between calls is immutable (profiles, static tables) or replaced
    // whole (the per-thread error text), so a panic leaves nothing half-updated.
    match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(v) => v,
        Err(payload) => {
            // Dropping a payload can itself panic, outside any catch: leak it instead. This
            // path runs only for a bug in binclass.
            core::mem::forget(payload);
            on_panic
        }
    }
}

/// [`guard`] for the functions that return a status.
fn boundary(body: impl FnOnce() -> Result<(), binclass_status>) -> binclass_status {
    guard(binclass_status::Panic, || match body() {
        Ok(()) => binclass_status::Ok,
        Err(status) => status,
    })
}

/// The `len` bytes at `ptr`, after checking `ptr` and that `len <= max`.
///
/// # Safety
/// When `ptr` is not NULL and `len <= max`, `ptr` must point to `len` readable bytes that
/// stay unchanged for `'a` (the header's contract for every input).
unsafe fn input_bytes<'a>(
    ptr: *const u8,
    len: usize,
    max: usize,
) -> Result<&'a [u8], binclass_status> {
    if ptr.is_null() {
        return Err(binclass_status::NullArgument);
    }
    if len > max {
        return Err(binclass_status::InputTooLong);
    }
    // SAFETY: non-NULL, `u8` needs no alignment, `len <= max` is far below `isize::MAX`, and
    // the caller guarantees `len` readable bytes.
    Ok(unsafe { core::slice::from_raw_parts(ptr, len) })
}

/// Checks an output pointer without touching what it points to: NULL or misaligned fails.
/// Functions check every pointer first, and borrow an output only once their inputs are no
/// longer borrowed, so that no reference to caller memory ever overlaps another.
fn check_output<T>(ptr: *const T) -> Result<(), binclass_status> {
    if ptr.is_null() {
        return Err(binclass_status::NullArgument);
    }
    if !ptr.is_aligned() {
        return Err(binclass_status::InvalidArgument);
    }
    Ok(())
}

/// The caller's output slot at `ptr`, after [`check_output`]. Nothing is read from it; it is
/// written (whole) only on success.
///
/// # Safety
/// When `ptr` is not NULL, it must point to writable memory for one `T`, not used by anyone
/// else for `'a`.
unsafe fn output<'a, T>(ptr: *mut T) -> Result<&'a mut MaybeUninit<T>, binclass_status> {
    check_output(ptr)?;
    // SAFETY: non-NULL and aligned; `MaybeUninit` makes no claim about the current contents;
    // the caller guarantees the memory is writable and exclusive.
    Ok(unsafe { &mut *ptr.cast::<MaybeUninit<T>>() })
}

/// The caller's array of `capacity` elements at `ptr`, of which at most `BINCLASS_MAX_SCHEMES`
/// are ever used, so a huge `capacity` never forms a huge slice.
///
/// # Safety
/// When `ptr` is not NULL, it must point to `capacity` writable elements, used by no one else
/// for `'a`.
unsafe fn output_array<'a>(
    ptr: *mut u32,
    capacity: usize,
) -> Result<&'a mut [MaybeUninit<u32>], binclass_status> {
    check_output(ptr)?;
    let usable = capacity.min(BINCLASS_MAX_SCHEMES);
    // SAFETY: non-NULL and aligned; `usable <= capacity` elements are writable per the
    // caller's contract; `usable * 4` bytes is tiny.
    Ok(unsafe { core::slice::from_raw_parts_mut(ptr.cast::<MaybeUninit<u32>>(), usable) })
}

/// The profile at `ptr`, or the default profile for NULL.
///
/// # Safety
/// When `ptr` is not NULL, it must come from `binclass_profile_from_*` and not be freed yet.
unsafe fn profile_ref<'a>(ptr: *const binclass_profile) -> Result<&'a Profile, binclass_status> {
    static DEFAULT: Profile = Profile::ACCEPT_ALL;
    if ptr.is_null() {
        return Ok(&DEFAULT);
    }
    if !ptr.is_aligned() {
        return Err(binclass_status::InvalidArgument);
    }
    // SAFETY: a live profile made by `Box::into_raw` (caller's contract); only shared
    // references to it are ever made.
    Ok(unsafe { &(*ptr).0 })
}

/// The body of the three classify functions: checks `out`, `profile` and `input` (at most
/// `max` bytes), classifies with `classify`, and writes the verdict.
///
/// # Safety
/// As documented on `binclass_classify`, with `max` in place of `BINCLASS_MAX_INPUT`.
unsafe fn classify_into(
    profile: *const binclass_profile,
    input: *const u8,
    len: usize,
    max: usize,
    out: *mut binclass_result,
    classify: impl FnOnce(&Profile, &[u8]) -> Support,
) -> binclass_status {
    boundary(|| {
        check_output(out)?;
        // SAFETY: forwarded from the caller.
        let profile = unsafe { profile_ref(profile)? };
        // SAFETY: as above.
        let verdict = classify(profile, unsafe { input_bytes(input, len, max)? });
        // SAFETY: as above; the input is no longer borrowed.
        unsafe { output(out)? }.write(binclass_result::new(&verdict));
        Ok(())
    })
}

/// The card data at `ptr`, or `None` (the compiled table alone) for NULL.
///
/// # Safety
/// When `ptr` is not NULL, it must come from `binclass_card_data_new` and not be freed yet.
unsafe fn card_data_ref<'a>(
    ptr: *const binclass_card_data,
) -> Result<Option<&'a TableHandle>, binclass_status> {
    if ptr.is_null() {
        return Ok(None);
    }
    if !ptr.is_aligned() {
        return Err(binclass_status::InvalidArgument);
    }
    // SAFETY: a live handle made by `Box::into_raw` (caller's contract); only shared
    // references to it are ever made, and `TableHandle` is safe to share between threads.
    Ok(Some(unsafe { &(*ptr).0 }))
}

/// The body of the three `_with` classify functions: [`classify_into`] with the verdict
/// taken from `data`'s current card data (the compiled table when `data` is NULL).
///
/// # Safety
/// As for [`classify_into`]; `data` as for [`card_data_ref`].
unsafe fn classify_with_into(
    profile: *const binclass_profile,
    data: *const binclass_card_data,
    input: *const u8,
    len: usize,
    max: usize,
    out: *mut binclass_result,
    classify: impl FnOnce(&Profile, &crate::table::CardData, &[u8]) -> Support,
) -> binclass_status {
    boundary(|| {
        check_output(out)?;
        // SAFETY: forwarded from the caller.
        let handle = unsafe { card_data_ref(data)? };
        // SAFETY: as above.
        let profile = unsafe { profile_ref(profile)? };
        // SAFETY: as above.
        let input = unsafe { input_bytes(input, len, max)? };
        let verdict = match handle {
            Some(h) => classify(profile, &h.current(), input),
            None => classify(profile, &crate::table::CardData::compiled(), input),
        };
        // SAFETY: as above; the input is no longer borrowed.
        unsafe { output(out)? }.write(binclass_result::new(&verdict));
        Ok(())
    })
}

/// Loads a card table or BIN file named by the NUL-terminated `path` with `load` into
/// `data`, recording the outcome as this thread's last error (empty on success).
///
/// # Safety
/// `data` must be a live handle from `binclass_card_data_new`; `path` as for [`c_string`]
/// with `BINCLASS_MAX_PATH`.
unsafe fn load_card_data(
    data: *const binclass_card_data,
    path: *const c_char,
    load: impl FnOnce(&TableHandle, &std::path::Path) -> Result<(), crate::LoadError>,
) -> binclass_status {
    boundary(|| {
        let result = (|| {
            // SAFETY: forwarded from the caller.
            let handle = unsafe { card_data_ref(data) }
                .map_err(|s| (s, "the card data pointer is misaligned".to_string()))?
                .ok_or((
                    binclass_status::NullArgument,
                    "the card data pointer is NULL".to_string(),
                ))?;
            // SAFETY: as above.
            let bytes = unsafe { c_string(path, BINCLASS_MAX_PATH) }.map_err(|s| {
                let why = match s {
                    binclass_status::InputTooLong => {
                        format!("the path has no NUL in its first {BINCLASS_MAX_PATH} bytes")
                    }
                    _ => "the path pointer is NULL".to_string(),
                };
                (s, why)
            })?;
            let path = path_from_bytes(bytes).map_err(|(_, why)| (binclass_status::DataIo, why))?;
            load(handle, &path).map_err(|e| match e {
                crate::LoadError::Io { .. } => (binclass_status::DataIo, e.to_string()),
                crate::LoadError::Invalid(_) => (binclass_status::DataInvalid, e.to_string()),
            })
        })();
        match result {
            Ok(()) => {
                set_last_error("");
                Ok(())
            }
            Err((status, message)) => {
                set_last_error(&message);
                Err(status)
            }
        }
    })
}

/// A new profile made by `derive` from a copy of `profile` (NULL: the default), stored in
/// `*out`. `profile` itself is never changed: profiles are shared, immutable values.
///
/// # Safety
/// `profile` as for [`profile_ref`], `out` as for [`output`].
unsafe fn derive_profile(
    profile: *const binclass_profile,
    out: *mut *mut binclass_profile,
    derive: impl FnOnce(Profile) -> Result<Profile, binclass_status>,
) -> binclass_status {
    boundary(|| {
        check_output(out)?;
        // SAFETY: forwarded from the caller.
        let derived = derive(unsafe { profile_ref(profile)? }.clone())?;
        // SAFETY: as above.
        let out = unsafe { output(out)? };
        out.write(Box::into_raw(Box::new(binclass_profile(derived))));
        Ok(())
    })
}

/// The bytes of a NUL-terminated string, reading at most `max` bytes (NUL included).
///
/// # Safety
/// When `ptr` is not NULL, it must point to a NUL-terminated string, or to at least `max`
/// readable bytes.
unsafe fn c_string<'a>(ptr: *const c_char, max: usize) -> Result<&'a [u8], binclass_status> {
    if ptr.is_null() {
        return Err(binclass_status::NullArgument);
    }
    let bytes = ptr.cast::<u8>();
    let mut len = 0;
    loop {
        if len == max {
            return Err(binclass_status::InputTooLong);
        }
        // SAFETY: every byte before index `len` was readable and not NUL, so the string
        // continues; `len < max` bytes are readable by the caller's contract.
        if unsafe { bytes.add(len).read() } == 0 {
            break;
        }
        len += 1;
    }
    // SAFETY: the `len` bytes were just read one by one.
    Ok(unsafe { core::slice::from_raw_parts(bytes, len) })
}

// ---------------------------------------------------------------------------------------------
// Static strings
// ---------------------------------------------------------------------------------------------

/// NUL-terminated copies of the core's static strings, built at compile time, indexed by the
/// stable numbers.
// Every index below is evaluated at compile time: an out-of-bounds index fails the build.
#[allow(clippy::indexing_slicing)]
mod tables {
    use super::{Lang, Reason, Scheme};

    /// `s` in a zero-filled slot of `W` bytes, so it is NUL-terminated. Runs at compile time: a
    /// string that does not fit, or holds a NUL, fails the build.
    const fn slot<const W: usize>(s: &str) -> [u8; W] {
        let b = s.as_bytes();
        assert!(b.len() < W, "string too long for its static slot");
        let mut out = [0u8; W];
        let mut i = 0;
        while i < b.len() {
            assert!(b[i] != 0, "static string holds a NUL");
            out[i] = b[i];
            i += 1;
        }
        out
    }

    /// The texts of a reason the C API serves: code, English message, Chinese message.
    const fn reason_text(r: Reason, which: usize) -> &'static str {
        match which {
            0 => r.code(),
            1 => r.message(Lang::En),
            _ => r.message(Lang::ZhCn),
        }
    }

    /// Slots in the reason tables: one per number up to the highest allocated.
    const REASON_SLOTS: usize = {
        let mut max = 0;
        let mut i = 0;
        while i < Reason::ALL.len() {
            let n = Reason::ALL[i].number() as usize;
            if n > max {
                max = n;
            }
            i += 1;
        }
        max + 1
    };

    /// Bytes per reason string: the longest, plus its NUL.
    const REASON_WIDTH: usize = {
        let mut max = 0;
        let mut i = 0;
        while i < Reason::ALL.len() {
            let mut k = 0;
            while k < 3 {
                let n = reason_text(Reason::ALL[i], k).len();
                if n > max {
                    max = n;
                }
                k += 1;
            }
            i += 1;
        }
        max + 1
    };

    pub(super) type ReasonTable = [[[u8; REASON_WIDTH]; REASON_SLOTS]; 3];

    /// `[code, en, zh][number]`, NUL-terminated; unallocated numbers are empty.
    pub(super) static REASON_TEXTS: ReasonTable = {
        let mut t = [[[0u8; REASON_WIDTH]; REASON_SLOTS]; 3];
        let mut i = 0;
        while i < Reason::ALL.len() {
            let r = Reason::ALL[i];
            let mut k = 0;
            while k < 3 {
                t[k][r.number() as usize] = slot(reason_text(r, k));
                k += 1;
            }
            i += 1;
        }
        t
    };

    /// Slots in the scheme tables: one per code up to the highest.
    const SCHEME_SLOTS: usize = {
        let mut max = 0;
        let mut i = 0;
        while i < Scheme::ALL.len() {
            if Scheme::ALL[i].code() as usize > max {
                max = Scheme::ALL[i].code() as usize;
            }
            i += 1;
        }
        max + 1
    };

    /// Bytes per scheme string: the longest id or name, plus its NUL.
    const SCHEME_WIDTH: usize = {
        let mut max = 0;
        let mut i = 0;
        while i < Scheme::ALL.len() {
            let s = Scheme::ALL[i];
            if s.id().len() > max {
                max = s.id().len();
            }
            if s.name().len() > max {
                max = s.name().len();
            }
            i += 1;
        }
        max + 1
    };

    /// `[id, name][code]`, NUL-terminated; unused codes are empty.
    pub(super) static SCHEME_TEXTS: [[[u8; SCHEME_WIDTH]; SCHEME_SLOTS]; 2] = {
        let mut t = [[[0u8; SCHEME_WIDTH]; SCHEME_SLOTS]; 2];
        let mut i = 0;
        while i < Scheme::ALL.len() {
            let s = Scheme::ALL[i];
            t[0][s.code() as usize] = slot(s.id());
            t[1][s.code() as usize] = slot(s.name());
            i += 1;
        }
        t
    };
}

use tables::{REASON_TEXTS, SCHEME_TEXTS};

static VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");
static DATA_VERSION: &str = concat!(env!("BINCLASS_DATA_VERSION"), "\0");

const UNKNOWN: &CStr = c"unknown";

/// The string in a NUL-padded slot, or `"unknown"` when there is none.
fn from_slot<const W: usize>(slot: Option<&'static [u8; W]>) -> *const c_char {
    match slot {
        Some(s) if s.first().is_some_and(|&b| b != 0) => s.as_ptr().cast(),
        _ => UNKNOWN.as_ptr(),
    }
}

fn reason_string(reason: u32, which: usize) -> *const c_char {
    let r = u8::try_from(reason).ok().and_then(Reason::from_number);
    from_slot(r.and_then(|r| {
        REASON_TEXTS
            .get(which)
            .and_then(|t| t.get(usize::from(r.number())))
    }))
}

fn scheme_string(scheme: u32, which: usize) -> *const c_char {
    let s = u8::try_from(scheme).ok().and_then(Scheme::from_code);
    from_slot(s.and_then(|s| {
        SCHEME_TEXTS
            .get(which)
            .and_then(|t| t.get(usize::from(s.code())))
    }))
}

// ---------------------------------------------------------------------------------------------
// Per-thread profile error text
// ---------------------------------------------------------------------------------------------

/// The last profile-loading error of this thread: fixed size, no allocation, no destructor.
struct ErrorText {
    bytes: [u8; BINCLASS_ERROR_SIZE - 1],
    len: usize,
}

thread_local! {
    static LAST_ERROR: RefCell<ErrorText> = const {
        RefCell::new(ErrorText { bytes: [0; BINCLASS_ERROR_SIZE - 1], len: 0 })
    };
}

/// The longest prefix of `s` that fits in `max` bytes and ends on a character boundary.
fn truncate(s: &str, max: usize) -> &str {
    let mut n = s.len().min(max);
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    s.get(..n).unwrap_or("")
}

fn set_last_error(message: &str) {
    let _ = LAST_ERROR.try_with(|e| {
        if let Ok(mut e) = e.try_borrow_mut() {
            let m = truncate(message, e.bytes.len());
            if let Some(dst) = e.bytes.get_mut(..m.len()) {
                dst.copy_from_slice(m.as_bytes());
            }
            e.len = m.len();
        }
    });
}

/// Loads a profile with `load`, stores it in `*out` on success, and records the outcome as
/// this thread's last error (empty on success).
///
/// # Safety
/// `out` as for [`output`].
unsafe fn load_profile(
    out: *mut *mut binclass_profile,
    load: impl FnOnce() -> Result<Profile, (binclass_status, String)>,
) -> binclass_status {
    boundary(|| {
        let result = (|| {
            let bad_out = |s| (s, "the output pointer is NULL or misaligned".to_string());
            check_output(out).map_err(bad_out)?;
            let profile = load()?;
            // SAFETY: forwarded from the caller.
            let out = unsafe { output(out) }.map_err(bad_out)?;
            out.write(Box::into_raw(Box::new(binclass_profile(profile))));
            Ok(())
        })();
        match result {
            Ok(()) => {
                set_last_error("");
                Ok(())
            }
            Err((status, message)) => {
                set_last_error(&message);
                Err(status)
            }
        }
    })
}

/// Parses profile text (JSON if it starts with `{`, TOML otherwise); `origin` names it in
/// messages.
fn parse_profile(text: &[u8], origin: &str) -> Result<Profile, (binclass_status, String)> {
    let text = core::str::from_utf8(text).map_err(|e| {
        (
            binclass_status::ProfileInvalid,
            format!(
                "{origin}: invalid profile: not UTF-8 text (bad byte at offset {})",
                e.valid_up_to()
            ),
        )
    })?;
    Profile::from_text(text).map_err(|e| match e {
        ProfileError::Invalid { message, .. } => (
            binclass_status::ProfileInvalid,
            format!("{origin}: invalid profile: {message}"),
        ),
        other => (binclass_status::ProfileInvalid, other.to_string()),
    })
}

fn path_from_bytes(bytes: &[u8]) -> Result<std::path::PathBuf, (binclass_status, String)> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        Ok(std::path::PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
    }
    #[cfg(not(unix))]
    {
        core::str::from_utf8(bytes)
            .map(std::path::PathBuf::from)
            .map_err(|_| {
                (
                    binclass_status::ProfileIo,
                    "the profile path is not UTF-8".to_string(),
                )
            })
    }
}

fn read_profile_file(path: &std::path::Path) -> Result<Profile, (binclass_status, String)> {
    let origin = path.display().to_string();
    let io = |e: std::io::Error| {
        (
            binclass_status::ProfileIo,
            format!("{origin}: cannot read profile: {e}"),
        )
    };
    let mut text = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            f.take(BINCLASS_MAX_PROFILE_SIZE as u64 + 1)
                .read_to_end(&mut text)
        })
        .map_err(io)?;
    if text.len() > BINCLASS_MAX_PROFILE_SIZE {
        return Err((
            binclass_status::InputTooLong,
            format!("{origin}: profile file is larger than {BINCLASS_MAX_PROFILE_SIZE} bytes"),
        ));
    }
    parse_profile(&text, &origin)
}

// ---------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------

/// Classifies a keyed card number: digits, with spaces and dashes ignored anywhere.
///
/// `profile` is the terminal profile, or NULL for the default profile (every known scheme
/// accepted, the card table's rules). `input` points to `len` bytes, which need not be
/// NUL-terminated and may be any bytes; `len` 0 is allowed (reason `empty`). On success the
/// verdict is written to `*out`; a card that cannot be taken is still a success, with
/// `out->supported` false and `out->reason` saying why.
///
/// Returns `BINCLASS_STATUS_OK`; `_NULL_ARGUMENT` if `input` or `out` is NULL;
/// `_INPUT_TOO_LONG` if `len > BINCLASS_MAX_INPUT`; `_INVALID_ARGUMENT` for a misaligned
/// `profile` or `out`.
///
/// Never allocates. Thread-safe; the same profile may be used by many threads at once.
///
/// # Safety
/// `input` must point to `len` readable bytes; `out` to a writable `binclass_result` that
/// does not overlap `input`; `profile` must be NULL or a live profile from
/// `binclass_profile_from_*`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_classify(
    profile: *const binclass_profile,
    input: *const c_char,
    len: usize,
    out: *mut binclass_result,
) -> binclass_status {
    // SAFETY: the caller's contract, as documented above.
    unsafe {
        classify_into(
            profile,
            input.cast(),
            len,
            BINCLASS_MAX_INPUT,
            out,
            |p, b| p.classify(b),
        )
    }
}

/// Classifies magnetic-stripe data as a card reader delivers it: track 1 (format B), track 2,
/// or track 1 followed by track 2 as keyboard-wedge readers send them; which one is detected
/// from the data. Start and end sentinels and the LRC are optional (the LRC is checked when
/// present); track 2 fields are separated by `=` or `D`. An `E` in place of a track (a
/// reader's read error) is `malformed_track`. A line end is not part of track data: strip
/// it before the call.
///
/// `profile`, `out` and the statuses are as for `binclass_classify`. `input` points to `len`
/// bytes, which need not be NUL-terminated and may be any bytes. Besides the card number,
/// the verdict checks the expiry against the profile's date (`binclass_profile_with_today`),
/// the service code against the terminal's services, and whether a chip card may be swiped
/// (`binclass_profile_with_fallback`). `out->entry` is `BINCLASS_ENTRY_TRACK1` (track 1
/// only) or `BINCLASS_ENTRY_TRACK2`; `out->expiry` and `out->service_code` are filled when
/// the track carries them. Damaged data is still a success: `out->reason` says
/// `BINCLASS_REASON_MALFORMED_TRACK` or `BINCLASS_REASON_LRC_MISMATCH`.
///
/// Returns `BINCLASS_STATUS_OK`; `_NULL_ARGUMENT` if `input` or `out` is NULL;
/// `_INPUT_TOO_LONG` if `len > BINCLASS_MAX_TRACK_INPUT`; `_INVALID_ARGUMENT` for a
/// misaligned `profile` or `out`.
///
/// Never allocates. The track data is read in place: the cardholder name and discretionary
/// data are never copied, and the one copy of the card number is wiped before the function
/// returns. Thread-safe.
///
/// # Safety
/// As for `binclass_classify`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_classify_track(
    profile: *const binclass_profile,
    input: *const c_char,
    len: usize,
    out: *mut binclass_result,
) -> binclass_status {
    // SAFETY: the caller's contract, as documented above.
    unsafe {
        classify_into(
            profile,
            input.cast(),
            len,
            BINCLASS_MAX_TRACK_INPUT,
            out,
            |p, b| p.classify_track(b),
        )
    }
}

/// Classifies EMV chip data: binary BER-TLV as the reader or kernel delivers it (not hex
/// text). Read: `5A` (PAN), `57` (track 2 equivalent data), `5F24` (expiry), `5F30` (service
/// code) and the AID (`9F06`, else `84`, else the first `4F`), at the top level or inside
/// templates `70`, `77`, `6F`, `A5`, `BF0C` and `61`; every other tag is skipped. Elements
/// that disagree (e.g. the PAN in `5A` and in `57`) are `malformed_track`; an AID of another
/// scheme than the card number is `aid_mismatch`.
///
/// `profile`, `out` and the statuses are as for `binclass_classify`. `tlv` points to `len`
/// bytes. The verdict checks the expiry (the `5F24` date) against the profile's date and the
/// service code against the terminal's services; `out->entry` is `BINCLASS_ENTRY_EMV` and
/// `out->flags` always has `BINCLASS_FLAG_CHIP_PRESENT` for a supported card.
///
/// Returns `BINCLASS_STATUS_OK`; `_NULL_ARGUMENT` if `tlv` or `out` is NULL;
/// `_INPUT_TOO_LONG` if `len > BINCLASS_MAX_EMV_INPUT`; `_INVALID_ARGUMENT` for a misaligned
/// `profile` or `out`.
///
/// Never allocates. The data is read in place; the one copy of the card number is wiped
/// before the function returns. Thread-safe.
///
/// # Safety
/// `tlv` must point to `len` readable bytes; otherwise as for `binclass_classify`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_classify_emv(
    profile: *const binclass_profile,
    tlv: *const u8,
    len: usize,
    out: *mut binclass_result,
) -> binclass_status {
    // SAFETY: the caller's contract, as documented above.
    unsafe {
        classify_into(profile, tlv, len, BINCLASS_MAX_EMV_INPUT, out, |p, b| {
            p.classify_emv(b)
        })
    }
}

/// `binclass_classify` with card data updated in the field: the number is looked up in
/// `data`'s runtime card table (laid over the compiled one) and its BIN file, and the
/// profile's product and country rules apply (`BINCLASS_REASON_PRODUCT_NOT_ACCEPTED`,
/// `_COUNTRY_NOT_ACCEPTED`). `data` NULL means the compiled table alone, exactly as
/// `binclass_classify`.
///
/// Returns as `binclass_classify`, and `_INVALID_ARGUMENT` for a misaligned `data`.
///
/// Never allocates, never waits for a thread that is loading new data. Thread-safe.
///
/// # Safety
/// As for `binclass_classify`; `data` must be NULL or a live handle from
/// `binclass_card_data_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_classify_with(
    profile: *const binclass_profile,
    data: *const binclass_card_data,
    input: *const c_char,
    len: usize,
    out: *mut binclass_result,
) -> binclass_status {
    // SAFETY: the caller's contract, as documented above.
    unsafe {
        classify_with_into(
            profile,
            data,
            input.cast(),
            len,
            BINCLASS_MAX_INPUT,
            out,
            |p, d, b| p.classify_with(d, b),
        )
    }
}

/// `binclass_classify_track` with card data updated in the field (see
/// `binclass_classify_with`). Expiry, service code and fallback are checked as by
/// `binclass_classify_track`; an expired card is reported before a product or country
/// refusal.
///
/// Returns as `binclass_classify_track`, and `_INVALID_ARGUMENT` for a misaligned `data`.
///
/// Never allocates. Thread-safe.
///
/// # Safety
/// As for `binclass_classify_with`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_classify_track_with(
    profile: *const binclass_profile,
    data: *const binclass_card_data,
    input: *const c_char,
    len: usize,
    out: *mut binclass_result,
) -> binclass_status {
    // SAFETY: the caller's contract, as documented above.
    unsafe {
        classify_with_into(
            profile,
            data,
            input.cast(),
            len,
            BINCLASS_MAX_TRACK_INPUT,
            out,
            |p, d, b| p.classify_track_with(d, b),
        )
    }
}

/// `binclass_classify_emv` with card data updated in the field (see
/// `binclass_classify_with`).
///
/// Returns as `binclass_classify_emv`, and `_INVALID_ARGUMENT` for a misaligned `data`.
///
/// Never allocates. Thread-safe.
///
/// # Safety
/// `tlv` must point to `len` readable bytes; otherwise as for `binclass_classify_with`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_classify_emv_with(
    profile: *const binclass_profile,
    data: *const binclass_card_data,
    tlv: *const u8,
    len: usize,
    out: *mut binclass_result,
) -> binclass_status {
    // SAFETY: the caller's contract, as documented above.
    unsafe {
        classify_with_into(
            profile,
            data,
            tlv,
            len,
            BINCLASS_MAX_EMV_INPUT,
            out,
            |p, d, b| p.classify_emv_with(d, b),
        )
    }
}

/// The schemes a partly typed card number could still become, for as-you-type display.
///
/// `input` is the `len` bytes typed so far (spaces and dashes ignored; `len` 0 means nothing
/// typed yet, which gives every scheme in the card table). Anything that is not a digit,
/// space or dash, or more than 19 digits, gives no scheme. The scheme codes are written to
/// `schemes[0..*count]` in ascending order; an array of `BINCLASS_MAX_SCHEMES` elements
/// always suffices.
///
/// Returns `BINCLASS_STATUS_OK`; `_NULL_ARGUMENT` if `input`, `schemes` or `count` is NULL;
/// `_INPUT_TOO_LONG` if `len > BINCLASS_MAX_INPUT`; `_INVALID_ARGUMENT` for a misaligned
/// `schemes` or `count`; `_BUFFER_TOO_SMALL` if more than `capacity` schemes match (then
/// neither `schemes` nor `*count` is written).
///
/// Never allocates. Thread-safe.
///
/// # Safety
/// `input` must point to `len` readable bytes; `schemes` to `capacity` writable `uint32_t`;
/// `count` to a writable `size_t`; the three must not overlap.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_candidates(
    input: *const c_char,
    len: usize,
    schemes: *mut u32,
    capacity: usize,
    count: *mut usize,
) -> binclass_status {
    boundary(|| {
        check_output(schemes)?;
        check_output(count)?;
        // SAFETY: the caller's contract, as documented above.
        let set: SchemeSet =
            candidates(unsafe { input_bytes(input.cast(), len, BINCLASS_MAX_INPUT)? });
        if set.len() > capacity.min(BINCLASS_MAX_SCHEMES) {
            return Err(binclass_status::BufferTooSmall);
        }
        // SAFETY: as above; the input is no longer borrowed.
        let array = unsafe { output_array(schemes, capacity)? };
        for (slot, scheme) in array.iter_mut().zip(set) {
            slot.write(u32::from(scheme.code()));
        }
        // SAFETY: as above; the array is no longer borrowed.
        unsafe { output(count)? }.write(set.len());
        Ok(())
    })
}

/// Creates a profile from text: JSON if it starts with `{`, TOML otherwise (the format of
/// the `binclass` command's `--profile` files; see the README).
///
/// `text` points to `len` bytes of UTF-8, not necessarily NUL-terminated. On success a new
/// profile is stored in `*out`; free it with `binclass_profile_free`.
///
/// Returns `BINCLASS_STATUS_OK`; `_PROFILE_INVALID` for text that is not a valid profile
/// (including non-UTF-8 text); `_NULL_ARGUMENT` if `text` or `out` is NULL;
/// `_INPUT_TOO_LONG` if `len > BINCLASS_MAX_PROFILE_SIZE`; `_INVALID_ARGUMENT` for a
/// misaligned `out`. On failure `binclass_profile_last_error` says what is wrong.
///
/// Thread-safe. Allocates the profile.
///
/// # Safety
/// `text` must point to `len` readable bytes; `out` to a writable `binclass_profile *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_profile_from_str(
    text: *const c_char,
    len: usize,
    out: *mut *mut binclass_profile,
) -> binclass_status {
    // SAFETY: the caller's contract, as documented above.
    unsafe {
        load_profile(out, || {
            let text = input_bytes(text.cast(), len, BINCLASS_MAX_PROFILE_SIZE).map_err(|s| {
                let why = match s {
                    binclass_status::InputTooLong => {
                        format!("profile text is longer than {BINCLASS_MAX_PROFILE_SIZE} bytes")
                    }
                    _ => "the profile text pointer is NULL".to_string(),
                };
                (s, why)
            })?;
            parse_profile(text, "<string>")
        })
    }
}

/// Creates a profile from a file: JSON if its content starts with `{`, TOML otherwise.
///
/// `path` is a NUL-terminated path (any bytes but NUL on POSIX systems), read up to its NUL
/// or `BINCLASS_MAX_PATH` bytes. The file is read once and may be at most
/// `BINCLASS_MAX_PROFILE_SIZE` bytes. On success a new profile is stored in `*out`; free it
/// with `binclass_profile_free`.
///
/// Returns `BINCLASS_STATUS_OK`; `_PROFILE_IO` if the file cannot be opened or read;
/// `_PROFILE_INVALID` for content that is not a valid profile; `_INPUT_TOO_LONG` for a path
/// without a NUL in its first `BINCLASS_MAX_PATH` bytes or a file over the size limit;
/// `_NULL_ARGUMENT` if `path` or `out` is NULL; `_INVALID_ARGUMENT` for a misaligned `out`.
/// On failure `binclass_profile_last_error` says what is wrong.
///
/// Thread-safe. Allocates the profile.
///
/// # Safety
/// `path` must be NUL-terminated or have `BINCLASS_MAX_PATH` readable bytes; `out` must
/// point to a writable `binclass_profile *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_profile_from_file(
    path: *const c_char,
    out: *mut *mut binclass_profile,
) -> binclass_status {
    // SAFETY: the caller's contract, as documented above.
    unsafe {
        load_profile(out, || {
            let bytes = c_string(path, BINCLASS_MAX_PATH).map_err(|s| {
                let why = match s {
                    binclass_status::InputTooLong => {
                        format!(
                            "the profile path has no NUL in its first {BINCLASS_MAX_PATH} bytes"
                        )
                    }
                    _ => "the profile path pointer is NULL".to_string(),
                };
                (s, why)
            })?;
            read_profile_file(&path_from_bytes(bytes)?)
        })
    }
}

/// Creates a profile like `profile` (NULL: the default profile) whose date, for expiry
/// checks, is `year`-`month`-`day`: the terminal's local date. The library reads no clock, and
/// a profile without a date never reports `BINCLASS_REASON_EXPIRED`; a terminal derives a new
/// profile when its date changes (or per transaction: it is one small allocation). A card is
/// good through the last day of its expiry month (of the `5F24` date for EMV data).
///
/// `profile` is not changed and stays valid; free both. On success the new profile is stored
/// in `*out`.
///
/// Returns `BINCLASS_STATUS_OK`; `_INVALID_ARGUMENT` for a date that does not exist (year
/// 1-9999, month 1-12, day within the month: 2026-02-29 is rejected) or a misaligned pointer;
/// `_NULL_ARGUMENT` if `out` is NULL. Does not change `binclass_profile_last_error`.
///
/// Thread-safe. Allocates the profile.
///
/// # Safety
/// `profile` must be NULL or a live profile; `out` must point to a writable
/// `binclass_profile *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_profile_with_today(
    profile: *const binclass_profile,
    year: u16,
    month: u8,
    day: u8,
    out: *mut *mut binclass_profile,
) -> binclass_status {
    // SAFETY: the caller's contract, as documented above.
    unsafe {
        derive_profile(profile, out, |p| {
            let today = Date::new(year, month, day).ok_or(binclass_status::InvalidArgument)?;
            Ok(p.with_today(today))
        })
    }
}

/// Creates a profile like `profile` (NULL: the default profile) that allows or denies taking
/// a chip card by swipe: `fallback` is `BINCLASS_FALLBACK_ALLOWED` (1) or
/// `BINCLASS_FALLBACK_DENIED` (2). With fallback denied, a swiped card whose service code
/// says it has a chip (2xx or 6xx) is `BINCLASS_REASON_CHIP_REQUIRED`. Profile files set
/// this with `fallback = "denied"`; this function is for changing it at run time, e.g. to
/// allow fallback for one transaction after the chip could not be read.
///
/// `profile` is not changed and stays valid; free both. On success the new profile is stored
/// in `*out`.
///
/// Returns `BINCLASS_STATUS_OK`; `_INVALID_ARGUMENT` for any other `fallback` value or a
/// misaligned pointer; `_NULL_ARGUMENT` if `out` is NULL. Does not change
/// `binclass_profile_last_error`.
///
/// Thread-safe. Allocates the profile.
///
/// # Safety
/// As for `binclass_profile_with_today`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_profile_with_fallback(
    profile: *const binclass_profile,
    fallback: u32,
    out: *mut *mut binclass_profile,
) -> binclass_status {
    // SAFETY: the caller's contract, as documented above.
    unsafe {
        derive_profile(profile, out, |p| {
            let f = binclass_fallback::try_from(fallback)
                .map_err(|()| binclass_status::InvalidArgument)?;
            Ok(p.with_fallback(f.into()))
        })
    }
}

/// The date a profile checks expiry against (`profile` NULL: the default profile), written
/// to `*year`, `*month` and `*day`; all three are 0 when the profile has none. A profile file
/// can set one (`today = "2026-11-21"`, for tests and replays); a terminal that finds 0 sets
/// its own date with `binclass_profile_with_today`.
///
/// Returns `BINCLASS_STATUS_OK`; `_NULL_ARGUMENT` if `year`, `month` or `day` is NULL;
/// `_INVALID_ARGUMENT` for a misaligned pointer.
///
/// Never allocates. Thread-safe.
///
/// # Safety
/// `profile` must be NULL or a live profile; `year`, `month` and `day` must point to writable
/// values that do not overlap.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_profile_today(
    profile: *const binclass_profile,
    year: *mut u16,
    month: *mut u8,
    day: *mut u8,
) -> binclass_status {
    boundary(|| {
        check_output(year)?;
        check_output(month)?;
        check_output(day)?;
        // SAFETY: the caller's contract, as documented above.
        let today = unsafe { profile_ref(profile)? }.today();
        let (y, m, d) = today.map_or((0, 0, 0), |t| (t.year(), t.month(), t.day()));
        // SAFETY: as above; each output is borrowed alone, for one write.
        unsafe { output(year)? }.write(y);
        // SAFETY: as above.
        unsafe { output(month)? }.write(m);
        // SAFETY: as above.
        unsafe { output(day)? }.write(d);
        Ok(())
    })
}

/// Releases a profile. NULL is a no-op. The profile must not be used afterwards, by any
/// thread, and must not be freed twice.
///
/// # Safety
/// `profile` must be NULL or a live profile from `binclass_profile_from_*` or
/// `binclass_profile_with_*`, not in use by any other thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_profile_free(profile: *mut binclass_profile) {
    // SAFETY: the caller's contract, as documented above.
    unsafe { free_boxed(profile) }
}

/// Releases what one of the `_new`/`_from_*`/`_with_*` functions handed out with
/// `Box::into_raw`; NULL and misaligned pointers are ignored.
///
/// # Safety
/// `ptr` must be NULL or come from `Box::into_raw` in this module, not be in use by any other
/// thread, and not have been released before.
unsafe fn free_boxed<T>(ptr: *mut T) {
    guard((), || {
        if !ptr.is_null() && ptr.is_aligned() {
            // SAFETY: made by `Box::into_raw` and released once (the caller's contract).
            drop(unsafe { Box::from_raw(ptr) });
        }
    });
}

/// Creates card data serving the compiled table alone, with no issuer data; load updates
/// into it with `binclass_card_data_load_table` and `binclass_card_data_load_bins`. On
/// success the handle is stored in `*out`; free it with `binclass_card_data_free`.
///
/// Returns `BINCLASS_STATUS_OK`; `_NULL_ARGUMENT` if `out` is NULL; `_INVALID_ARGUMENT` for a
/// misaligned `out`.
///
/// Thread-safe. Allocates the handle.
///
/// # Safety
/// `out` must point to a writable `binclass_card_data *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_card_data_new(
    out: *mut *mut binclass_card_data,
) -> binclass_status {
    boundary(|| {
        check_output(out)?;
        let handle = Box::new(binclass_card_data(TableHandle::default()));
        // SAFETY: the caller's contract, as documented above.
        unsafe { output(out)? }.write(Box::into_raw(handle));
        Ok(())
    })
}

/// Loads a runtime card table file (the format of `binclass table check`; see the README)
/// and serves it, laid over the compiled table, from now on, with the current issuer data.
/// `path` is a NUL-terminated path, read up to its NUL or `BINCLASS_MAX_PATH` bytes.
///
/// Threads classifying with `data` meanwhile are never blocked: each verdict uses the old
/// table or the new one, whole. On failure nothing changes, the old table keeps serving, and
/// `binclass_profile_last_error` gives every problem as `FILE:LINE: what is wrong`.
///
/// Returns `BINCLASS_STATUS_OK`; `_DATA_IO` if the file cannot be read; `_DATA_INVALID` if
/// it is not a valid card table; `_NULL_ARGUMENT` if `data` or `path` is NULL;
/// `_INPUT_TOO_LONG` for a path without a NUL in its first `BINCLASS_MAX_PATH` bytes;
/// `_INVALID_ARGUMENT` for a misaligned `data`.
///
/// Thread-safe. Allocates the new table; the old one is freed when no thread uses it.
///
/// # Safety
/// `data` must be a live handle from `binclass_card_data_new`; `path` must be
/// NUL-terminated or have `BINCLASS_MAX_PATH` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_card_data_load_table(
    data: *const binclass_card_data,
    path: *const c_char,
) -> binclass_status {
    // SAFETY: the caller's contract, as documented above.
    unsafe { load_card_data(data, path, |h, p| h.load_table(p)) }
}

/// Loads a BIN file (issuer data: product, country and issuer by 6- or 8-digit BIN; see the
/// README) and serves it from now on, with the current table. Otherwise as
/// `binclass_card_data_load_table`: returns `_DATA_IO` or `_DATA_INVALID` on failure, and
/// the old issuer data keeps serving.
///
/// # Safety
/// As for `binclass_card_data_load_table`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_card_data_load_bins(
    data: *const binclass_card_data,
    path: *const c_char,
) -> binclass_status {
    // SAFETY: the caller's contract, as documented above.
    unsafe { load_card_data(data, path, |h, p| h.load_bins(p)) }
}

/// Returns `data` to the compiled table (its issuer data is kept), e.g. after an update that
/// turned out to be wrong. Threads classifying meanwhile see the old table or the compiled
/// one, whole.
///
/// Returns `BINCLASS_STATUS_OK`; `_NULL_ARGUMENT` if `data` is NULL; `_INVALID_ARGUMENT` for
/// a misaligned `data`. Does not change `binclass_profile_last_error`.
///
/// Thread-safe.
///
/// # Safety
/// `data` must be a live handle from `binclass_card_data_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_card_data_rollback(
    data: *const binclass_card_data,
) -> binclass_status {
    boundary(|| {
        // SAFETY: the caller's contract, as documented above.
        let handle = unsafe { card_data_ref(data)? }.ok_or(binclass_status::NullArgument)?;
        handle.rollback();
        Ok(())
    })
}

/// Releases card data. NULL is a no-op. It must not be used afterwards, by any thread, and
/// must not be freed twice.
///
/// # Safety
/// `data` must be NULL or a live handle from `binclass_card_data_new`, not in use by any
/// other thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_card_data_free(data: *mut binclass_card_data) {
    // SAFETY: the caller's contract, as documented above.
    unsafe { free_boxed(data) }
}

/// Copies this thread's last profile-loading error message into `buf`, like `snprintf`:
/// at most `capacity - 1` bytes of UTF-8 (cut at a character boundary) and a NUL. Returns
/// the full message length in bytes, not counting the NUL; a return value `>= capacity`
/// means the copy was cut. A `buf` of `BINCLASS_ERROR_SIZE` bytes always holds the whole
/// message. With `buf` NULL or `capacity` 0 nothing is written and the length is returned.
///
/// The message is empty (returns 0) when the last `binclass_profile_from_*` call on this
/// thread succeeded, or none was made. Messages name the file, line and column and what is
/// wrong; they never contain card numbers: any run of 8 or more digits is masked.
///
/// `binclass_card_data_load_table` and `binclass_card_data_load_bins` record their errors
/// here too (every problem as `FILE:LINE: what is wrong`, cut to fit the buffer), and clear
/// it on success.
///
/// Thread-safe: each thread has its own message.
///
/// # Safety
/// `buf` must be NULL or point to `capacity` writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn binclass_profile_last_error(buf: *mut c_char, capacity: usize) -> usize {
    guard(0, || {
        LAST_ERROR
            .try_with(|e| {
                let Ok(e) = e.try_borrow() else { return 0 };
                let message = e
                    .bytes
                    .get(..e.len)
                    .and_then(|b| core::str::from_utf8(b).ok())
                    .unwrap_or("");
                if !buf.is_null() && capacity > 0 {
                    let part = truncate(message, capacity - 1);
                    // SAFETY: `buf` has `capacity` writable bytes (the caller's contract);
                    // `part.len() + 1 <= capacity`.
                    unsafe {
                        core::ptr::copy_nonoverlapping(part.as_ptr(), buf.cast::<u8>(), part.len());
                        buf.add(part.len()).write(0);
                    }
                }
                message.len()
            })
            .unwrap_or(0)
    })
}

/// The stable snake_case code of a reason, e.g. "unknown_iin". Static, NUL-terminated, never
/// NULL; "unknown" for a value that is not a reason (including 0, "no reason").
#[unsafe(no_mangle)]
pub extern "C" fn binclass_reason_code(reason: u32) -> *const c_char {
    guard(UNKNOWN.as_ptr(), || reason_string(reason, 0))
}

/// The merchant message for a reason: what happened and what to do, in one or two short
/// sentences. `lang` is `BINCLASS_LANG_EN` (0) or `BINCLASS_LANG_ZH_CN` (1). Static,
/// NUL-terminated UTF-8, never NULL; "unknown" for a value that is not a reason or a
/// language.
#[unsafe(no_mangle)]
pub extern "C" fn binclass_reason_message(reason: u32, lang: u32) -> *const c_char {
    guard(UNKNOWN.as_ptr(), || match binclass_lang::try_from(lang) {
        Ok(binclass_lang::En) => reason_string(reason, 1),
        Ok(binclass_lang::ZhCn) => reason_string(reason, 2),
        Err(()) => UNKNOWN.as_ptr(),
    })
}

/// The display name of a scheme, e.g. "UnionPay". Static, NUL-terminated, never NULL;
/// "unknown" for a value that is not a scheme code (including 0).
#[unsafe(no_mangle)]
pub extern "C" fn binclass_scheme_name(scheme: u32) -> *const c_char {
    guard(UNKNOWN.as_ptr(), || scheme_string(scheme, 1))
}

/// The stable snake_case id of a scheme, e.g. "unionpay" (the id used in profiles and JSON).
/// Static, NUL-terminated, never NULL; "unknown" for a value that is not a scheme code.
#[unsafe(no_mangle)]
pub extern "C" fn binclass_scheme_id(scheme: u32) -> *const c_char {
    guard(UNKNOWN.as_ptr(), || scheme_string(scheme, 0))
}

/// The name of a status, e.g. "input_too_long", for logs. Static, NUL-terminated, never
/// NULL; "unknown" for a value that is not a status.
#[unsafe(no_mangle)]
pub extern "C" fn binclass_status_name(status: u32) -> *const c_char {
    guard(UNKNOWN.as_ptr(), || {
        binclass_status::try_from(status).map_or(UNKNOWN.as_ptr(), |s| s.name().as_ptr())
    })
}

/// The library version, e.g. "0.1.0". Static, NUL-terminated, never NULL.
#[unsafe(no_mangle)]
pub extern "C" fn binclass_version() -> *const c_char {
    guard(UNKNOWN.as_ptr(), || VERSION.as_ptr().cast())
}

/// The version of the compiled card table (`# version:` in `data/iin.csv`). Static,
/// NUL-terminated, never NULL.
#[unsafe(no_mangle)]
pub extern "C" fn binclass_data_version() -> *const c_char {
    guard(UNKNOWN.as_ptr(), || DATA_VERSION.as_ptr().cast())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn a_panic_in_a_body_becomes_the_panic_status() {
        let status = boundary(|| panic!("boom"));
        assert_eq!(status, binclass_status::Panic);
        assert_eq!(guard(7, || -> i32 { panic!("boom") }), 7);
    }

    #[test]
    fn truncation_keeps_whole_characters() {
        assert_eq!(truncate("卡表", 4), "卡");
        assert_eq!(truncate("卡表", 6), "卡表");
        assert_eq!(truncate("abc", 0), "");
    }
}
