//! # binclass
//!
//! Decide, before going online, whether a POS terminal can take a card, and when it can't,
//! say why in words a merchant understands.
//!
//! ## Overview
//!
//! [`classify`] takes what was keyed (digits with the spaces and dashes people type) and
//! returns a [`Support`] verdict: supported, with the scheme, co-badge candidates, PAN length
//! and Luhn result; or not supported, with a stable [`Reason`] code and a short merchant
//! message in English and Simplified Chinese ([`Reason::message`]).
//!
//! The pipeline runs one way, one module per step:
//! input -> [`pan`] (normalise, length, masking) -> [`iin`] (compiled prefix table, longest
//! prefix wins up to 8 digits) -> [`luhn`] -> [`Profile`] (what this terminal accepts) ->
//! [`Support`].
//!
//! The prefix table is generated at build time from `data/iin.csv` (every row with its source)
//! into a dense 4-digit index in front of `phf` maps. [`DATA_VERSION`] names the table.
//!
//! Card-present input takes the same path after its own first step, and returns the same
//! [`Support`]:
//! - [`Profile::classify_track`]: magnetic-stripe data as readers send it, track 1, track 2 or
//!   both ([`track`]: sentinels, LRC, the `E` read-error marker);
//! - [`Profile::classify_emv`] / [`Profile::classify_emv_hex`]: EMV BER-TLV ([`emv`]: tags 57,
//!   5A, 5F24, 5F30 and the AID, whose RID must match the card number's scheme).
//!
//! These also check the expiry ([`expiry`], against the date the caller put in the profile:
//! the library reads no clock), the [`ServiceCode`] (allowed services; chip card swiped where
//! the profile denies [`Fallback`]), and set [`Flags`] (online, PIN, chip) on the verdict.
//!
//! ## Example
//!
//! ```
//! use binclass::{classify, Lang, Reason, Scheme};
//!
//! let v = classify("6212 3456 7890 1232");
//! assert!(v.is_supported());
//! assert_eq!(v.scheme(), Some(Scheme::Unionpay));
//! assert_eq!(v.masked().to_string(), "621234******1232");
//!
//! let v = classify("4111 1111 1111 1112");
//! assert_eq!(v.reason(), Some(Reason::LuhnFailed));
//! println!("{}", v.message(Lang::ZhCn).unwrap());
//!
//! // A swipe at a Chinese terminal: chip cards must be inserted.
//! use binclass::{Date, Fallback, Profile};
//! let terminal = Profile::accepting(&[Scheme::Unionpay])
//!     .with_fallback(Fallback::Denied)
//!     .with_today(Date::new(2026, 11, 21).unwrap());
//! let v = terminal.classify_track(";6212345678901232=30122200000000000?");
//! assert_eq!(v.reason(), Some(Reason::ChipRequired));
//! ```
//!
//! ## Performance
//!
//! [`classify`] and [`candidates`] never allocate (a counting-allocator test checks it),
//! never panic, and return small `Copy` values. Input that is nothing but 8 to 19 digits is
//! read as two or three overlapping 64-bit words: the digit check, the IIN key, the Luhn sum
//! and the masked form are computed eight digits at a time, without a byte loop. The prefix
//! lookup is one read of a dense 4-digit level and one read of a flattened per-match rule;
//! only 152 of the 10,000 four-digit blocks need the perfect-hash levels. Keyed input with
//! spaces or dashes takes a separate path that compacts the digits first. `BENCHMARKS.md`
//! has the numbers against the `creditcard` and `card-validate` crates (the `classify`
//! criterion bench).
//!
//! The card-present entry points ([`Profile::classify_track`], [`Profile::classify_emv`],
//! [`Profile::classify_emv_hex`]) keep the same promises: they parse in place in one or two
//! passes over the input, copy nothing but the PAN, and cost a few times a keyed
//! classification (the `card_present` bench).
//!
//! ## Features
//!
//! - `std` (default): terminal profiles from TOML/JSON files ([`Profile::from_file`]), the
//!   data-file parser ([`datafile`]), `std::error::Error` for errors, and card tables updated
//!   in the field: a runtime table laid over the compiled one ([`Table`]), issuer data by BIN
//!   ([`Bins`]: product and country for [`Profile::with_products`] and
//!   [`Profile::with_domestic_only`]), swapped atomically under running classifiers
//!   ([`TableHandle`]).
//! - `cli` (default): the `binclass` command-line tool.
//! - `ffi` (default, needs `std`): the C API in [`ffi`], exported as `binclass_*` symbols and
//!   declared in `include/binclass.h`. Build the C libraries with `make -C examples lib`
//!   (see the README's "C API" section). A Rust program that does not want the C symbols in
//!   its binary uses `default-features = false, features = ["std"]`.
//!
//! Without default features the crate is `#![no_std]` and needs no allocator.
//!
//! ## Safety
//!
//! The library has no `unsafe` code outside the C API module ([`ffi`]; the crate denies
//! `unsafe_code` and allows it on that module alone). At the C boundary every pointer is
//! checked, every length is bounded before anything is read, and every function catches
//! panics (the libraries are built with `panic = "unwind"`; see the module docs).
//! The core is kept panic-free by clippy lints denied for the whole crate (`unwrap_used`,
//! `expect_used`, `panic`, `indexing_slicing`), and is fuzzed and property-tested against a
//! naive oracle.
//! No `Debug`, `Display`, error or message ever contains a full PAN: PAN-bearing types print
//! the masked form (first 6 and last 4 digits at most, PCI DSS 4.0 requirement 3.4.1).
//! Track data, the cardholder name and discretionary data never appear in any output either:
//! the parsers validate them in place and keep only the PAN, in a [`Pan`] that is wiped
//! (`zeroize`) when dropped.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod emv;
pub mod expiry;
pub mod iin;
pub mod issuer;
pub mod luhn;
pub mod pan;
mod policy;
mod scheme;
mod service_code;
mod support;
mod swar;
pub mod track;

#[cfg(feature = "std")]
pub mod datafile;
#[cfg(feature = "std")]
mod error;
#[cfg(feature = "std")]
#[doc(hidden)]
pub mod index;
#[cfg(feature = "std")]
mod profile_file;
#[cfg(feature = "std")]
pub mod table;

#[cfg(feature = "ffi")]
#[allow(unsafe_code)]
pub mod ffi;

pub use expiry::{BadDate, Date, YearMonth};
pub use iin::{DATA_DATE, DATA_VERSION, candidates};
pub use issuer::{BadCountry, Country, Product, ProductSet};
pub use luhn::LuhnPolicy;
pub use pan::{Lengths, MaskedPan, Pan, PanParseError};
pub use policy::{Fallback, Profile, TerminalServices, classify};
pub use scheme::{Scheme, SchemeSet, SchemeSetIter, UnknownScheme};
pub use service_code::{AllowedServices, Authorization, Interchange, PinRequirement, ServiceCode};
pub use support::{Entry, Flags, Lang, Reason, Support};

#[cfg(feature = "std")]
pub use error::ProfileError;

#[cfg(feature = "std")]
pub use error::LoadError;
#[cfg(feature = "std")]
pub use issuer::{BinInfo, Bins};
#[cfg(feature = "std")]
pub use table::{CardData, Table, TableHandle};

/// The README's Rust examples, run as doctests so the manual cannot drift from the code.
#[cfg(all(doctest, feature = "std"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
