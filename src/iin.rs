//! The compiled IIN (BIN) table and its lookup: longest prefix wins, up to eight digits.
//!
//! `build.rs` generates the table from `data/iin.csv`: a dense level of 10,000 entries by the
//! first four digits, and `phf` maps by six and eight digits consulted only where a four-digit
//! block holds longer ranges. A lookup is one array read and at most two hashes, and never
//! allocates.

use crate::luhn::LuhnPolicy;
use crate::pan::{Lengths, MAX_LEN};
use crate::scheme::{Scheme, SchemeSet};

/// One row of the compiled table: a prefix range and what it says.
///
/// ```
/// let m = binclass::iin::lookup(41111111).unwrap();
/// let r = m.ranges()[0];
/// assert_eq!(r.scheme(), binclass::Scheme::Visa);
/// assert!(r.lengths().contains(16));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IinRange {
    start: u32,
    end: u32,
    digits: u8,
    scheme: Scheme,
    lengths: Lengths,
    luhn: LuhnPolicy,
    line: u32,
}

impl IinRange {
    /// First prefix of the range (as a `digits()`-digit number).
    pub const fn start(&self) -> u32 {
        self.start
    }
    /// Last prefix of the range.
    pub const fn end(&self) -> u32 {
        self.end
    }
    /// Prefix length of the range, 1 to 8.
    pub const fn digits(&self) -> u8 {
        self.digits
    }
    /// The scheme.
    pub const fn scheme(&self) -> Scheme {
        self.scheme
    }
    /// Allowed PAN lengths.
    pub const fn lengths(&self) -> Lengths {
        self.lengths
    }
    /// Check-digit policy.
    pub const fn luhn(&self) -> LuhnPolicy {
        self.luhn
    }
    /// Line of `data/iin.csv` the range comes from.
    pub const fn line(&self) -> u32 {
        self.line
    }
}

/// What a prefix resolves to: one range, or several for a co-badged card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IinMatch {
    schemes: SchemeSet,
    ranges: &'static [&'static IinRange],
}

impl IinMatch {
    /// The schemes of all ranges.
    pub const fn schemes(&self) -> SchemeSet {
        self.schemes
    }
    /// The winning ranges (all of the same prefix length and the same span).
    pub const fn ranges(&self) -> &'static [&'static IinRange] {
        self.ranges
    }
}

/// What the verdict needs from a match, flattened so that a one-range match (most cards)
/// is one table read: the match's schemes, and for one range its scheme, lengths and Luhn
/// policy. `ranges` is 0 for no match and more than 1 for a co-badge (then see `MATCHES`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rule {
    pub(crate) schemes: SchemeSet,
    pub(crate) lengths: Lengths,
    pub(crate) scheme: Scheme,
    pub(crate) luhn: LuhnPolicy,
    pub(crate) ranges: u8,
}

#[allow(clippy::unreadable_literal, clippy::indexing_slicing)]
mod tables {
    use super::{IinMatch, IinRange, Lengths, LuhnPolicy, Rule, Scheme, SchemeSet};
    include!(concat!(env!("OUT_DIR"), "/iin_tables.rs"));
}

pub use tables::{DATA_DATE, DATA_VERSION};

const MATCH_MASK: u32 = 0x7FFF;
const DEEPER: u32 = 0x8000;

// Footprint guard: a data refresh that makes the sparse levels balloon fails the build.
const _: () = assert!(tables::MATCHES.len() <= MATCH_MASK as usize);
const _: () = assert!(tables::RULES.len() == tables::MATCHES.len());
const _: () = assert!(tables::REACH.len() <= 0xFFFF);
const _: () = assert!(tables::ROWS.len() <= 8192);

/// Every range of the compiled table, in `data/iin.csv` order.
pub fn ranges() -> &'static [IinRange] {
    &tables::ROWS
}

/// The match id of an eight-digit prefix: one array read, and the `phf` levels only for
/// the few four-digit blocks that hold longer ranges (152 of 10,000 in the 2026-11 table).
#[inline(always)]
fn match_id(p8: u32) -> u32 {
    match_id_in_block(p8 / 10_000, || p8)
}

/// [`match_id`] from the four-digit block, with the eight-digit prefix computed only when the
/// block needs the `phf` levels.
#[inline(always)]
fn match_id_in_block(block: u32, p8: impl FnOnce() -> u32) -> u32 {
    let e = u32::from(tables::L4.get(block as usize).copied().unwrap_or(0));
    if e & DEEPER == 0 {
        return e & MATCH_MASK;
    }
    deeper_match_id(p8(), e)
}

#[inline(never)]
fn deeper_match_id(p8: u32, e: u32) -> u32 {
    match tables::L6.get(&(p8 / 100)) {
        None => e & MATCH_MASK,
        Some(&v) if v & DEEPER == 0 => v & MATCH_MASK,
        Some(&v) => tables::L8.get(&p8).copied().unwrap_or(v & MATCH_MASK),
    }
}

/// The match id and flattened rule of the first eight digits, as
/// [`crate::swar::parse_quads`] leaves them (`ranges == 0`: no match): the hot path indexes
/// by the first four without finishing the number.
#[inline(always)]
pub(crate) fn rule_of_quads(quads: u64) -> (u32, &'static Rule) {
    let block = (quads & 0xFFFF) as u32;
    rule_by_id(match_id_in_block(block, || crate::swar::join_quads(quads)))
}

#[inline(always)]
fn rule_by_id(id: u32) -> (u32, &'static Rule) {
    match tables::RULES.get(id as usize) {
        Some(r) => (id, r),
        None => (0, &NO_RULE),
    }
}

static NO_RULE: Rule = Rule {
    schemes: SchemeSet::EMPTY,
    lengths: Lengths::EMPTY,
    scheme: Scheme::Visa,
    luhn: LuhnPolicy::None,
    ranges: 0,
};

/// The match with this id (from [`rule`]).
#[inline]
pub(crate) fn match_by_id(id: u32) -> Option<IinMatch> {
    if id == 0 {
        return None;
    }
    tables::MATCHES.get(id as usize).copied()
}

/// Looks up an eight-digit prefix (the first 8 digits of a PAN, as a number).
///
/// ```
/// use binclass::{iin, Scheme};
/// let m = iin::lookup(62212612).unwrap();
/// assert!(m.schemes().contains(Scheme::Unionpay) && m.schemes().contains(Scheme::Discover));
/// assert!(iin::lookup(99_999_999).is_none()); // no scheme claims 9999
/// assert!(iin::lookup(1_234).is_none()); // nor 0001...
/// ```
#[inline]
pub fn lookup(prefix8: u32) -> Option<IinMatch> {
    let id = match_id(prefix8) as usize;
    if id == 0 {
        return None;
    }
    tables::MATCHES.get(id).copied()
}

fn reach_id(id: u32) -> SchemeSet {
    SchemeSet::from_mask(tables::REACH.get(id as usize).copied().unwrap_or(0))
}

/// Schemes reachable under a four-digit block.
fn reach4(block: u32) -> SchemeSet {
    reach_id(u32::from(
        tables::L4_REACH.get(block as usize).copied().unwrap_or(0),
    ))
}

/// Schemes reachable under an entry of the six-digit level.
fn reach(entry: u32) -> SchemeSet {
    reach_id(entry >> 16)
}

fn match_schemes(id: u32) -> SchemeSet {
    tables::MATCHES
        .get(id as usize)
        .map_or(SchemeSet::EMPTY, |m| m.schemes)
}

/// Schemes reachable under a six-digit prefix.
fn reach6(q: u32) -> SchemeSet {
    let e = u32::from(tables::L4.get((q / 100) as usize).copied().unwrap_or(0));
    if e & DEEPER == 0 {
        return match_schemes(e & MATCH_MASK);
    }
    match tables::L6.get(&q) {
        Some(&v) => reach(v),
        None => match_schemes(e & MATCH_MASK),
    }
}

/// The schemes a partly typed number could still turn out to be, for as-you-type display.
///
/// Spaces and dashes are ignored. Anything else that is not a digit, or more than 19 digits,
/// gives the empty set. An empty prefix gives every scheme in the table. Once eight digits are
/// typed the answer is the card's own scheme(s), less those whose lengths the number has
/// already outgrown. Never allocates.
///
/// ```
/// use binclass::{candidates, Scheme};
/// assert!(candidates("4").contains(Scheme::Visa));
/// let c = candidates("62");
/// assert!(c.contains(Scheme::Unionpay) && c.contains(Scheme::Discover));
/// assert_eq!(candidates("4111 1111").iter().collect::<Vec<_>>(), [Scheme::Visa]);
/// assert!(candidates("4x").is_empty());
/// ```
pub fn candidates(prefix: impl AsRef<[u8]>) -> SchemeSet {
    let mut digits = [0u8; MAX_LEN];
    let mut n = 0usize;
    for &b in prefix.as_ref() {
        match b {
            b'0'..=b'9' => {
                match digits.get_mut(n) {
                    Some(slot) => *slot = b - b'0',
                    None => return SchemeSet::EMPTY,
                }
                n += 1;
            }
            b' ' | b'-' => {}
            _ => return SchemeSet::EMPTY,
        }
    }
    let typed = digits.get(..n).unwrap_or(&[]);
    let value = typed
        .iter()
        .fold(0u32, |a, &d| a.wrapping_mul(10).wrapping_add(u32::from(d)));
    match n {
        0..=3 => {
            let at = (10u32.pow(n as u32) - 1) / 9 + value;
            reach_id(u32::from(
                tables::SHORT_REACH.get(at as usize).copied().unwrap_or(0),
            ))
        }
        4 => reach4(value),
        5 => (value * 10..value * 10 + 10).fold(SchemeSet::EMPTY, |acc, q| acc.union(reach6(q))),
        6 => reach6(value),
        7 => (value * 10..value * 10 + 10).fold(SchemeSet::EMPTY, |acc, p8| {
            acc.union(match_schemes(match_id(p8)))
        }),
        _ => {
            let p8 = crate::pan::prefix8(typed);
            lookup(p8).map_or(SchemeSet::EMPTY, |m| {
                m.ranges
                    .iter()
                    .filter(|r| r.lengths.max().is_some_and(|max| usize::from(max) >= n))
                    .fold(SchemeSet::EMPTY, |acc, r| acc.with(r.scheme))
            })
        }
    }
}
