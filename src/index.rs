//! Builds the three-level prefix index from parsed IIN rows.
//!
//! The table's meaning is the function `f(p8)` from an eight-digit prefix to the set of rows
//! that win longest-prefix matching there ([`crate::datafile::resolve_naive`]). This module
//! compresses `f` into:
//!
//! - a dense level of 10,000 entries, one per four-digit prefix;
//! - a sparse level keyed by six-digit prefix, only for blocks whose answer differs from their
//!   four-digit entry;
//! - a sparse level keyed by eight-digit prefix, only for values whose answer differs from their
//!   six-digit entry.
//!
//! An entry is a match id (an index into a list of distinct row sets, 0 meaning no match), a
//! `DEEPER` bit saying the next level must be consulted, and a reach id (the set of schemes any
//! longer number under this prefix can resolve to, for as-you-type candidates). `build.rs`
//! turns the result into `phf` maps; it depends on nothing else in the crate.

use crate::datafile::IinRow;
use std::collections::{BTreeMap, HashMap};

/// Bits of an entry holding the match id.
pub const MATCH_MASK: u32 = 0x7FFF;
/// Entry bit: consult the next level.
pub const DEEPER: u32 = 0x8000;
/// Shift of the reach id inside an entry.
pub const REACH_SHIFT: u32 = 16;

const P8_END: u32 = 100_000_000;

/// The compressed index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Built {
    /// Distinct winning row sets (indices into the input rows, ascending); id 0 is empty.
    pub matches: Vec<Vec<usize>>,
    /// Scheme mask of each match.
    pub match_schemes: Vec<u64>,
    /// Distinct reach sets (scheme masks); id 0 is empty.
    pub reach: Vec<u64>,
    /// 10,000 entries, one per four-digit prefix.
    pub l4: Vec<u32>,
    /// Six-digit prefix -> entry.
    pub l6: BTreeMap<u32, u32>,
    /// Eight-digit prefix -> match id.
    pub l8: BTreeMap<u32, u32>,
}

/// Constant pieces of `f`: `starts[i]..starts[i+1]` resolves to `ids[i]`.
struct Pieces {
    starts: Vec<u32>,
    ids: Vec<u32>,
}

impl Pieces {
    fn find(&self, p8: u32) -> usize {
        self.starts.partition_point(|&s| s <= p8).saturating_sub(1)
    }

    fn at(&self, p8: u32) -> u32 {
        self.ids.get(self.find(p8)).copied().unwrap_or(0)
    }

    /// The match id if `f` is constant over `lo..hi`.
    fn constant(&self, lo: u32, hi: u32) -> Option<u32> {
        let i = self.find(lo);
        let end = self.starts.get(i + 1).copied().unwrap_or(P8_END);
        (end >= hi).then(|| self.ids.get(i).copied().unwrap_or(0))
    }

    /// Every match id that occurs over `lo..hi`.
    fn ids_over(&self, lo: u32, hi: u32) -> impl Iterator<Item = u32> + '_ {
        let i = self.find(lo);
        self.starts
            .iter()
            .zip(&self.ids)
            .skip(i)
            .take_while(move |(s, _)| **s < hi)
            .map(|(_, id)| *id)
    }
}

struct Builder<'a> {
    rows: &'a [IinRow],
    built: Built,
    match_ids: HashMap<Vec<usize>, u32>,
    reach_ids: HashMap<u64, u32>,
}

impl Builder<'_> {
    fn match_id(&mut self, set: Vec<usize>) -> u32 {
        if let Some(&id) = self.match_ids.get(&set) {
            return id;
        }
        let id = u32::try_from(self.built.matches.len()).unwrap_or(u32::MAX);
        let mask = set.iter().fold(0u64, |m, &i| {
            m | self.rows.get(i).map_or(0, |r| 1u64 << r.scheme)
        });
        self.built.match_schemes.push(mask);
        self.built.matches.push(set.clone());
        self.match_ids.insert(set, id);
        id
    }

    fn reach_id(&mut self, mask: u64) -> u32 {
        if let Some(&id) = self.reach_ids.get(&mask) {
            return id;
        }
        let id = u32::try_from(self.built.reach.len()).unwrap_or(u32::MAX);
        self.built.reach.push(mask);
        self.reach_ids.insert(mask, id);
        id
    }

    fn reach_over(&mut self, pieces: &Pieces, lo: u32, hi: u32) -> u32 {
        let mask = pieces.ids_over(lo, hi).fold(0u64, |m, id| {
            m | self
                .built
                .match_schemes
                .get(id as usize)
                .copied()
                .unwrap_or(0)
        });
        self.reach_id(mask)
    }
}

fn most_common(values: impl Iterator<Item = u32>) -> u32 {
    let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(v, n)| (n, std::cmp::Reverse(v)))
        .map_or(0, |(v, _)| v)
}

/// Builds the index for `rows` (which must have passed validation).
pub fn build(rows: &[IinRow]) -> Built {
    let mut b = Builder {
        rows,
        built: Built::default(),
        match_ids: HashMap::new(),
        reach_ids: HashMap::new(),
    };
    b.match_id(Vec::new());
    b.reach_id(0);

    // 1. Cut [0, 10^8) at every row boundary; f is constant between cuts.
    let mut cuts: Vec<u32> = vec![0];
    for r in rows {
        let (lo, hi) = r.span8();
        cuts.push(lo);
        if hi < P8_END {
            cuts.push(hi);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut pieces = Pieces {
        starts: Vec::with_capacity(cuts.len()),
        ids: Vec::with_capacity(cuts.len()),
    };
    // Binary search instead of a scan per cut: runtime tables can have thousands of rows.
    let resolver = crate::datafile::Resolver::new(rows.iter().map(|r| (r.digits, r.span8())));
    for &lo in &cuts {
        let set = resolver.winners(lo);
        let id = b.match_id(set);
        // Merge equal neighbours so "constant" checks see maximal pieces.
        if pieces.ids.last() != Some(&id) {
            pieces.starts.push(lo);
            pieces.ids.push(id);
        }
    }

    // 2. Levels.
    for bucket in 0..10_000u32 {
        let lo = bucket * 10_000;
        let hi = lo + 10_000;
        let reach = b.reach_over(&pieces, lo, hi) << REACH_SHIFT;
        if let Some(id) = pieces.constant(lo, hi) {
            b.built.l4.push(id | reach);
            continue;
        }
        let blocks: Vec<Option<u32>> = (0..100)
            .map(|k| pieces.constant(lo + k * 100, lo + k * 100 + 100))
            .collect();
        let base = most_common(blocks.iter().flatten().copied());
        b.built.l4.push(base | DEEPER | reach);
        for (k, v) in (0u32..).zip(blocks) {
            let q = bucket * 100 + k;
            match v {
                Some(id) if id == base => {}
                Some(id) => {
                    let r = b.reach_over(&pieces, q * 100, q * 100 + 100) << REACH_SHIFT;
                    b.built.l6.insert(q, id | r);
                }
                None => {
                    let vals: Vec<u32> = (0..100).map(|x| pieces.at(q * 100 + x)).collect();
                    let common = most_common(vals.iter().copied());
                    let r = b.reach_over(&pieces, q * 100, q * 100 + 100) << REACH_SHIFT;
                    b.built.l6.insert(q, common | DEEPER | r);
                    for (x, id) in (0u32..).zip(vals) {
                        if id != common {
                            b.built.l8.insert(q * 100 + x, id);
                        }
                    }
                }
            }
        }
    }
    b.built
}

/// Resolves an eight-digit prefix through the built levels (the same walk the compiled
/// lookup does), for testing the builder itself.
pub fn lookup(built: &Built, p8: u32) -> u32 {
    let e = built.l4.get((p8 / 10_000) as usize).copied().unwrap_or(0);
    if e & DEEPER == 0 {
        return e & MATCH_MASK;
    }
    match built.l6.get(&(p8 / 100)) {
        None => e & MATCH_MASK,
        Some(&v) if v & DEEPER == 0 => v & MATCH_MASK,
        Some(&v) => built.l8.get(&p8).copied().unwrap_or(v & MATCH_MASK),
    }
}
