//! Card schemes (brands) and sets of them.
//!
//! The [`Scheme`] enum is generated from `data/schemes.csv` by `build.rs`, so the list, the
//! ids and the stable numeric codes cannot drift from the data.

use core::fmt;
use core::str::FromStr;

include!(concat!(env!("OUT_DIR"), "/schemes.rs"));

// Scheme sets are 64-bit masks indexed by code; the data parser enforces codes 1..=63.
const _: () = assert!(Scheme::ALL.len() < 64);

impl fmt::Display for Scheme {
    /// Writes the stable id, e.g. `mastercard`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Scheme {
    /// The stable numeric code (the C API and data files use it).
    ///
    /// ```
    /// use binclass::Scheme;
    /// assert_eq!(Scheme::from_code(Scheme::Visa.code()), Some(Scheme::Visa));
    /// ```
    pub const fn code(self) -> u8 {
        self as u8
    }
}

/// The error for an unknown scheme id; it names the id (ids are not card data).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownScheme;

impl fmt::Display for UnknownScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown scheme id")
    }
}

impl core::error::Error for UnknownScheme {}

impl FromStr for Scheme {
    type Err = UnknownScheme;

    /// Parses a stable id such as `unionpay`.
    ///
    /// ```
    /// use binclass::Scheme;
    /// assert_eq!("unionpay".parse::<Scheme>(), Ok(Scheme::Unionpay));
    /// assert!("UnionPay".parse::<Scheme>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scheme::from_id(s).ok_or(UnknownScheme)
    }
}

/// A set of schemes, as a 64-bit mask indexed by [`Scheme::code`]. `Copy`, allocation-free.
///
/// Iteration is in code order.
///
/// ```
/// use binclass::{Scheme, SchemeSet};
/// let set = SchemeSet::EMPTY.with(Scheme::Discover).with(Scheme::Unionpay);
/// assert!(set.contains(Scheme::Unionpay));
/// assert_eq!(set.len(), 2);
/// assert_eq!(set.iter().collect::<Vec<_>>(), [Scheme::Discover, Scheme::Unionpay]);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SchemeSet(u64);

impl SchemeSet {
    /// No scheme.
    pub const EMPTY: SchemeSet = SchemeSet(0);

    /// Every known scheme.
    // Evaluated at compile time: a bad index fails the build.
    #[allow(clippy::indexing_slicing)]
    pub const ALL: SchemeSet = {
        let mut mask = 0u64;
        let mut i = 0;
        while i < Scheme::ALL.len() {
            mask |= 1u64 << (Scheme::ALL[i] as u8);
            i += 1;
        }
        SchemeSet(mask)
    };

    /// The set for a raw mask (bit `n` = scheme code `n`); unknown bits are dropped.
    pub const fn from_mask(mask: u64) -> SchemeSet {
        SchemeSet(mask & Self::ALL.0)
    }

    /// The raw mask (bit `n` = scheme code `n`).
    pub const fn mask(self) -> u64 {
        self.0
    }

    /// This set plus `scheme`.
    #[must_use]
    pub const fn with(self, scheme: Scheme) -> SchemeSet {
        SchemeSet(self.0 | 1u64 << (scheme as u8))
    }

    /// This set without `scheme`.
    #[must_use]
    pub const fn without(self, scheme: Scheme) -> SchemeSet {
        SchemeSet(self.0 & !(1u64 << (scheme as u8)))
    }

    /// Is `scheme` in the set?
    pub const fn contains(self, scheme: Scheme) -> bool {
        self.0 & (1u64 << (scheme as u8)) != 0
    }

    /// Schemes in both sets.
    #[must_use]
    pub const fn intersect(self, other: SchemeSet) -> SchemeSet {
        SchemeSet(self.0 & other.0)
    }

    /// Schemes in either set.
    #[must_use]
    pub const fn union(self, other: SchemeSet) -> SchemeSet {
        SchemeSet(self.0 | other.0)
    }

    /// Is the set empty?
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Number of schemes in the set.
    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The schemes, in code order.
    pub fn iter(self) -> SchemeSetIter {
        SchemeSetIter(self.0)
    }
}

impl fmt::Debug for SchemeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<Scheme> for SchemeSet {
    fn from_iter<I: IntoIterator<Item = Scheme>>(iter: I) -> Self {
        iter.into_iter().fold(SchemeSet::EMPTY, SchemeSet::with)
    }
}

impl IntoIterator for SchemeSet {
    type Item = Scheme;
    type IntoIter = SchemeSetIter;
    fn into_iter(self) -> SchemeSetIter {
        self.iter()
    }
}

/// Iterator over a [`SchemeSet`], in code order.
#[derive(Clone, Debug)]
pub struct SchemeSetIter(u64);

impl Iterator for SchemeSetIter {
    type Item = Scheme;

    fn next(&mut self) -> Option<Scheme> {
        while self.0 != 0 {
            let code = self.0.trailing_zeros() as u8;
            self.0 &= self.0 - 1;
            if let Some(s) = Scheme::from_code(code) {
                return Some(s);
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.0.count_ones() as usize;
        (0, Some(n))
    }
}
