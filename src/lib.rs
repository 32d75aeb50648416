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
//! ```
//!
//! ## Performance
//!
//! [`classify`] and [`candidates`] never allocate, never panic, and return small `Copy`
//! values. A lookup is one array read and at most two perfect-hash probes. See the
//! `classify` criterion bench.
//!
//! ## Features
//!
//! - `std` (default): terminal profiles from TOML/JSON files ([`Profile::from_file`]), the
//!   data-file parser ([`datafile`]), `std::error::Error` for errors.
//! - `cli` (default): the `binclass` command-line tool.
//!
//! Without default features the crate is `#![no_std]` and needs no allocator.
//!
//! ## Safety
//!
//! The library has no `unsafe` code outside the C API module. The core is kept panic-free by
//! clippy lints denied for the whole crate (`unwrap_used`, `expect_used`, `panic`,
//! `indexing_slicing`), and is fuzzed and property-tested against a naive oracle.
//! No `Debug`, `Display`, error or message ever contains a full PAN: PAN-bearing types print
//! the masked form (first 6 and last 4 digits at most, PCI DSS 4.0 requirement 3.4.1).
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod iin;
pub mod luhn;
pub mod pan;
mod policy;
mod scheme;
mod support;
mod swar;

#[cfg(feature = "std")]
pub mod datafile;
#[cfg(feature = "std")]
mod error;
#[cfg(feature = "std")]
#[doc(hidden)]
pub mod index;
#[cfg(feature = "std")]
mod profile_file;

pub use iin::{DATA_DATE, DATA_VERSION, candidates};
pub use luhn::LuhnPolicy;
pub use pan::{Lengths, MaskedPan, Pan, PanParseError};
pub use policy::{Profile, classify};
pub use scheme::{Scheme, SchemeSet, SchemeSetIter, UnknownScheme};
pub use support::{Entry, Flags, Lang, Reason, Support};

#[cfg(feature = "std")]
pub use error::ProfileError;
