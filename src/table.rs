//! Card tables updated in the field: a runtime table file applied as an overlay on the
//! compiled table, issuer data beside it, and a handle that swaps both atomically.
//!
//! - [`Table`] is an IIN table: the compiled one ([`Table::compiled`]), or the compiled one
//!   with a runtime table file laid over it ([`Table::from_file`]). The file has the
//!   `data/iin.csv` format, is parsed and validated by the same code as `build.rs`
//!   ([`crate::datafile::parse_overlay`]), and its rules are in `data/FORMAT.md`, "Runtime
//!   table files". At load time the compiled rows and the file's rows are merged and indexed
//!   with the builder the compiled table uses ([`crate::index`]) into plain vectors: a dense
//!   level by four digits and sorted six- and eight-digit levels, so a lookup is one array read
//!   and at most two binary searches, and never allocates.
//! - [`CardData`] is what a classifier consults: a table and optional issuer data
//!   ([`Bins`]), each behind an `Arc`.
//! - [`TableHandle`] holds the current [`CardData`] in an `arc_swap::ArcSwap`: readers take a
//!   snapshot without a lock, writers build the new data off to the side and swap it in with
//!   one atomic store. A load that fails never reaches the handle, so the old data keeps
//!   serving; an update is seen whole or not at all; [`TableHandle::rollback`] returns to the
//!   compiled table.
//!
//! ```
//! use binclass::{Profile, Reason, Table, TableHandle};
//! let update = "# version: 2026.12.01-1\n# effective: 2026-12-01\n\
//!     start,end,scheme,lengths,luhn,cobadge,example,source,action\n\
//!     955880,955880,unionpay,19,required,,95588000,TMS-1,\n\
//!     401178,401179,,,,,40117800,TMS-1,withdraw\n";
//! let handle = TableHandle::default();
//! let p = Profile::default();
//! let pan = "9558 8012 3456 7890 128";
//! assert_eq!(handle.classify(&p, pan).reason(), Some(Reason::UnknownIin));
//!
//! handle.set_table(Table::parse("update.csv", update).unwrap());
//! assert!(handle.classify(&p, pan).is_supported());
//! assert_eq!(handle.current().table().version(), "2026.12.01-1");
//!
//! handle.rollback();
//! assert_eq!(handle.classify(&p, pan).reason(), Some(Reason::UnknownIin));
//! ```

use crate::LoadError;
use crate::datafile::{
    self, DataError, DataErrors, IinRow, IinTable, LuhnRule, SchemeRow, Withdrawal,
};
use crate::iin::{self, IinRange};
use crate::index;
use crate::issuer::{BinInfo, Bins, IssuerFacts};
use crate::luhn::LuhnPolicy;
use crate::pan::Lengths;
use crate::scheme::{Scheme, SchemeSet};
use arc_swap::{ArcSwap, Guard};
use std::fmt;
use std::sync::Arc;

/// Where a range in effect comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Origin {
    /// A row of the compiled table, at this line of `data/iin.csv`.
    Compiled {
        /// Line in `data/iin.csv`.
        line: u32,
    },
    /// A row of the runtime table file, at this line.
    Runtime {
        /// Line in the runtime table file.
        line: u32,
    },
    /// A BIN file entry that names a scheme for a prefix no table row covers.
    BinFile,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Compiled { line } => write!(f, "data/iin.csv:{line}"),
            Origin::Runtime { line } => write!(f, "runtime table line {line}"),
            Origin::BinFile => f.write_str("BIN file"),
        }
    }
}

/// One range in effect: a prefix range and what it says, with its origin. `Copy`.
///
/// Where a runtime row replaced part of a compiled row, the compiled range is reported as the
/// part still in effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableRange {
    start: u32,
    end: u32,
    digits: u8,
    scheme: Scheme,
    lengths: Lengths,
    luhn: LuhnPolicy,
    origin: Origin,
}

impl TableRange {
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
    /// Where the range comes from.
    pub const fn origin(&self) -> Origin {
        self.origin
    }

    fn compiled(r: &IinRange) -> TableRange {
        TableRange {
            start: r.start(),
            end: r.end(),
            digits: r.digits(),
            scheme: r.scheme(),
            lengths: r.lengths(),
            luhn: r.luhn(),
            origin: Origin::Compiled { line: r.line() },
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Ranges<'a> {
    Compiled(&'static [&'static IinRange]),
    Runtime(&'a [TableRange]),
    One(TableRange),
}

/// What a prefix resolves to in a [`Table`]: one range, or several for a co-badged card.
#[derive(Clone, Copy, Debug)]
pub struct TableMatch<'a> {
    schemes: SchemeSet,
    ranges: Ranges<'a>,
}

impl<'a> TableMatch<'a> {
    /// The schemes of all ranges.
    pub const fn schemes(&self) -> SchemeSet {
        self.schemes
    }

    /// The winning ranges (all of the same prefix length and span).
    pub fn ranges(&self) -> TableRanges<'a> {
        TableRanges {
            ranges: self.ranges,
            next: 0,
        }
    }
}

/// Iterator over the ranges of a [`TableMatch`]. Allocation-free.
#[derive(Clone, Debug)]
pub struct TableRanges<'a> {
    ranges: Ranges<'a>,
    next: usize,
}

impl Iterator for TableRanges<'_> {
    type Item = TableRange;

    #[inline]
    fn next(&mut self) -> Option<TableRange> {
        let r = match self.ranges {
            Ranges::Compiled(s) => s.get(self.next).map(|r| TableRange::compiled(r)),
            Ranges::Runtime(s) => s.get(self.next).copied(),
            Ranges::One(r) => (self.next == 0).then_some(r),
        };
        self.next += 1;
        r
    }
}

/// The merged, indexed form of a runtime table file.
#[derive(Clone)]
struct Overlay {
    file: IinTable,
    /// Ranges of every match, back to back.
    ranges: Vec<TableRange>,
    /// Per match id: first range, number of ranges, schemes. Id 0 and withdrawn ids are empty.
    matches: Vec<(u32, u32, SchemeSet)>,
    l4: Vec<u32>,
    l6: Vec<(u32, u32)>,
    l8: Vec<(u32, u32)>,
}

/// An IIN table: the compiled table, or the compiled table with a runtime table file laid
/// over it. Immutable once built; share it through [`CardData`] and [`TableHandle`].
///
/// ```
/// use binclass::{Scheme, Table};
/// let t = Table::compiled();
/// assert!(t.is_compiled() && t.version() == binclass::DATA_VERSION);
/// assert_eq!(t.lookup(41111111).unwrap().schemes().iter().collect::<Vec<_>>(), [Scheme::Visa]);
/// ```
#[derive(Clone)]
pub struct Table {
    version: String,
    effective: Option<String>,
    origin: Option<String>,
    overlay: Option<Arc<Overlay>>,
}

impl fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Table");
        d.field("version", &self.version)
            .field("effective", &self.effective)
            .field("origin", &self.origin);
        if let Some(o) = &self.overlay {
            d.field("runtime_rows", &o.file.rows.len())
                .field("withdrawals", &o.file.withdrawals.len());
        }
        d.finish()
    }
}

impl Default for Table {
    fn default() -> Table {
        Table::compiled()
    }
}

/// How a runtime row or withdrawal relates to a compiled row it meets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OverlapKind {
    /// Same prefix length: the runtime entry replaces the compiled row where they overlap.
    Replaces,
    /// The compiled row is shorter: the runtime entry carves its span out of it.
    CarvesOut,
    /// The compiled row is longer and inside the runtime entry's span: it still wins there.
    Keeps,
}

/// One meeting of a runtime entry with a compiled row, for `binclass table check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overlap {
    /// Line of the runtime row or withdrawal.
    pub line: u64,
    /// How they relate.
    pub kind: OverlapKind,
    /// Line of the compiled row in `data/iin.csv`.
    pub compiled_line: u32,
}

/// Counts and overlaps of a runtime table, for `binclass table check`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableSummary {
    /// Range rows in the file.
    pub rows: usize,
    /// Withdrawal rows in the file.
    pub withdrawals: usize,
    /// Rows per scheme, in code order.
    pub schemes: Vec<(Scheme, usize)>,
    /// Every meeting with a compiled row, by line.
    pub overlaps: Vec<Overlap>,
    /// Lines of runtime rows and withdrawals that meet no compiled row (new prefixes).
    pub new: Vec<u64>,
}

fn scheme_rows() -> Vec<SchemeRow> {
    Scheme::ALL
        .iter()
        .map(|s| SchemeRow {
            code: s.code(),
            id: s.id().to_owned(),
            name: s.name().to_owned(),
            sources: Vec::new(),
            line: 0,
        })
        .collect()
}

fn luhn_rule(p: LuhnPolicy) -> LuhnRule {
    match p {
        LuhnPolicy::Required => LuhnRule::Required,
        LuhnPolicy::Advisory => LuhnRule::Advisory,
        _ => LuhnRule::None,
    }
}

fn luhn_policy(r: LuhnRule) -> LuhnPolicy {
    match r {
        LuhnRule::Required => LuhnPolicy::Required,
        LuhnRule::Advisory => LuhnPolicy::Advisory,
        LuhnRule::None => LuhnPolicy::None,
    }
}

/// `lo..=hi` less every interval of `cut` (sorted by start), as inclusive intervals.
fn subtract(lo: u32, hi: u32, cut: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut next = lo;
    for &(a, b) in cut {
        if b < next || a > hi {
            continue;
        }
        if a > next {
            out.push((next, a - 1));
        }
        next = next.max(b.saturating_add(1));
        if next > hi {
            return out;
        }
    }
    out.push((next, hi));
    out
}

/// What a merged row is, for turning the built index back into ranges.
#[derive(Clone, Copy)]
enum Kind {
    Compiled(u32),
    Runtime(u32),
    Withdrawn,
}

fn located(file: &str, line: u64, message: String) -> DataError {
    DataError::new(file, line, message)
}

impl Table {
    /// The compiled table alone.
    pub fn compiled() -> Table {
        Table {
            version: iin::DATA_VERSION.to_owned(),
            effective: None,
            origin: None,
            overlay: None,
        }
    }

    /// Reads a runtime table file and lays it over the compiled table. Errors name
    /// `FILE:LINE`.
    pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<Table, LoadError> {
        let path = path.as_ref();
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
            path: origin.clone(),
            source,
        })?;
        Table::parse(&origin, &text).map_err(LoadError::Invalid)
    }

    /// Parses runtime table text; `origin` names it in errors.
    ///
    /// ```
    /// let bad = "# version: 1\n# effective: 2026-02-30\nstart,end,scheme,lengths,luhn,cobadge,example,source\n";
    /// let e = binclass::Table::parse("t.csv", bad).unwrap_err();
    /// assert_eq!(e.to_string(), "t.csv:2: effective date `2026-02-30` is not a calendar day written YYYY-MM-DD");
    /// ```
    pub fn parse(origin: &str, text: &str) -> Result<Table, DataErrors> {
        let file = datafile::parse_overlay(origin, text, &scheme_rows())?;
        let overlay = Overlay::build(origin, file)?;
        Ok(Table {
            version: overlay.file.meta("version").unwrap_or_default().to_owned(),
            effective: overlay.file.meta("effective").map(str::to_owned),
            origin: Some(origin.to_owned()),
            overlay: Some(Arc::new(overlay)),
        })
    }

    /// The table's version: the runtime file's `# version:`, or [`crate::DATA_VERSION`].
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The runtime file's `# effective:` date (`YYYY-MM-DD`); `None` for the compiled table.
    pub fn effective(&self) -> Option<&str> {
        self.effective.as_deref()
    }

    /// Is the table in effect on `today` (`YYYY-MM-DD`)? The compiled table always is; a
    /// runtime table from its effective date on. binclass reads no clock: the caller decides
    /// when to call [`TableHandle::set_table`].
    ///
    /// ```
    /// let t = binclass::Table::parse("t.csv", "# version: 7\n# effective: 2026-12-01\nstart,end,scheme,lengths,luhn,cobadge,example,source\n").unwrap();
    /// assert!(!t.is_effective_on("2026-11-30") && t.is_effective_on("2026-12-01"));
    /// ```
    pub fn is_effective_on(&self, today: &str) -> bool {
        match &self.effective {
            None => true,
            Some(e) => datafile::valid_day(today) && e.as_str() <= today,
        }
    }

    /// The file the runtime rows came from; `None` for the compiled table.
    pub fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }

    /// Is this the compiled table alone?
    pub fn is_compiled(&self) -> bool {
        self.overlay.is_none()
    }

    /// The parsed runtime file (rows, withdrawals, header); `None` for the compiled table.
    pub fn runtime_file(&self) -> Option<&IinTable> {
        self.overlay.as_ref().map(|o| &o.file)
    }

    /// Looks up an eight-digit prefix: longest prefix wins across the compiled and runtime
    /// rows (`data/FORMAT.md`). Never allocates.
    #[inline]
    pub fn lookup(&self, prefix8: u32) -> Option<TableMatch<'_>> {
        match &self.overlay {
            None => iin::lookup(prefix8).map(|m| TableMatch {
                schemes: m.schemes(),
                ranges: Ranges::Compiled(m.ranges()),
            }),
            Some(o) => o.lookup(prefix8),
        }
    }

    /// Counts, and how each runtime entry meets the compiled rows.
    pub fn summary(&self) -> TableSummary {
        let Some(o) = &self.overlay else {
            return TableSummary::default();
        };
        let rows = &o.file.rows;
        let mut s = TableSummary {
            rows: rows.len(),
            withdrawals: o.file.withdrawals.len(),
            ..TableSummary::default()
        };
        for sc in Scheme::ALL {
            let n = rows.iter().filter(|r| r.scheme == sc.code()).count();
            if n > 0 {
                s.schemes.push((sc, n));
            }
        }
        let entries = rows.iter().map(|r| (r.line, r.span8(), r.digits)).chain(
            o.file
                .withdrawals
                .iter()
                .map(|w| (w.line, w.span8(), w.digits)),
        );
        for (line, (lo, hi), digits) in entries {
            let before = s.overlaps.len();
            for c in iin::ranges() {
                let scale = 10u32.pow(u32::from(8 - c.digits()));
                let (clo, chi) = (c.start() * scale, (c.end() + 1) * scale);
                if clo >= hi || lo >= chi {
                    continue;
                }
                let kind = match c.digits().cmp(&digits) {
                    std::cmp::Ordering::Equal => OverlapKind::Replaces,
                    std::cmp::Ordering::Less => OverlapKind::CarvesOut,
                    std::cmp::Ordering::Greater => OverlapKind::Keeps,
                };
                s.overlaps.push(Overlap {
                    line,
                    kind,
                    compiled_line: c.line(),
                });
            }
            if s.overlaps.len() == before {
                s.new.push(line);
            }
        }
        s.overlaps.sort_by_key(|o| (o.line, o.compiled_line));
        s
    }
}

impl Overlay {
    fn build(origin: &str, file: IinTable) -> Result<Overlay, DataErrors> {
        // 1. Merge: compiled rows minus the spans the file sets or withdraws at the same
        //    prefix length, then the file's rows and withdrawals. Plain longest-prefix
        //    matching over this list is the overlay semantics of data/FORMAT.md.
        let mut merged: Vec<IinRow> = Vec::new();
        let mut kinds: Vec<Kind> = Vec::new();
        for c in iin::ranges() {
            let mut cut: Vec<(u32, u32)> = file
                .rows
                .iter()
                .filter(|r| r.digits == c.digits())
                .map(|r| (r.start, r.end))
                .chain(
                    file.withdrawals
                        .iter()
                        .filter(|w| w.digits == c.digits())
                        .map(|w| (w.start, w.end)),
                )
                .collect();
            cut.sort_unstable();
            for (start, end) in subtract(c.start(), c.end(), &cut) {
                merged.push(IinRow {
                    start,
                    end,
                    digits: c.digits(),
                    scheme: c.scheme().code(),
                    lengths: c.lengths().mask(),
                    luhn: luhn_rule(c.luhn()),
                    cobadge: false,
                    example: String::new(),
                    sources: Vec::new(),
                    line: u64::from(c.line()),
                });
                kinds.push(Kind::Compiled(c.line()));
            }
        }
        for r in &file.rows {
            merged.push(r.clone());
            kinds.push(Kind::Runtime(u32::try_from(r.line).unwrap_or(u32::MAX)));
        }
        for w in &file.withdrawals {
            merged.push(withdrawal_row(w));
            kinds.push(Kind::Withdrawn);
        }

        // 2. Index with the compiled table's builder.
        let built = index::build(&merged);
        if built.matches.len() > index::MATCH_MASK as usize {
            return Err(DataErrors(vec![located(
                origin,
                0,
                format!(
                    "the merged table has {} distinct prefix answers; at most {} fit the index",
                    built.matches.len(),
                    index::MATCH_MASK
                ),
            )]));
        }
        let mut ranges = Vec::new();
        let mut matches = Vec::with_capacity(built.matches.len());
        for set in &built.matches {
            let withdrawn = set
                .iter()
                .any(|&i| matches!(kinds.get(i), Some(Kind::Withdrawn)));
            let first = u32::try_from(ranges.len()).unwrap_or(u32::MAX);
            let mut schemes = SchemeSet::EMPTY;
            if !withdrawn {
                for &i in set {
                    let (Some(r), Some(&kind)) = (merged.get(i), kinds.get(i)) else {
                        continue;
                    };
                    let Some(scheme) = Scheme::from_code(r.scheme) else {
                        continue;
                    };
                    let origin = match kind {
                        Kind::Compiled(line) => Origin::Compiled { line },
                        Kind::Runtime(line) => Origin::Runtime { line },
                        Kind::Withdrawn => continue,
                    };
                    schemes = schemes.with(scheme);
                    ranges.push(TableRange {
                        start: r.start,
                        end: r.end,
                        digits: r.digits,
                        scheme,
                        lengths: Lengths::from_mask(r.lengths),
                        luhn: luhn_policy(r.luhn),
                        origin,
                    });
                }
            }
            let count = u32::try_from(ranges.len()).unwrap_or(u32::MAX) - first;
            matches.push((first, count, schemes));
        }
        let overlay = Overlay {
            file,
            ranges,
            matches,
            l4: built.l4,
            l6: built.l6.into_iter().collect(),
            l8: built.l8.into_iter().collect(),
        };
        overlay.check_examples(origin)?;
        Ok(overlay)
    }

    /// Each runtime row's example must resolve to that row in the merged table, and each
    /// withdrawal's example to nothing: a longer compiled row would make the file say
    /// something the terminal does not do.
    fn check_examples(&self, origin: &str) -> Result<(), DataErrors> {
        let mut errs = Vec::new();
        let by = |m: Option<TableMatch<'_>>| {
            m.and_then(|m| m.ranges().next())
                .map_or_else(String::new, |r| r.origin().to_string())
        };
        for r in &self.file.rows {
            let Some(p8) = datafile::example_prefix8(&r.example) else {
                continue;
            };
            let m = self.lookup(p8);
            let own = m.is_some_and(|m| {
                m.ranges().any(|x| {
                    x.origin()
                        == Origin::Runtime {
                            line: r.line as u32,
                        }
                })
            });
            if !own {
                errs.push(located(
                    origin,
                    r.line,
                    format!(
                        "example `{}` is shadowed by the longer row {}: replace or withdraw that row too",
                        r.example,
                        by(m)
                    ),
                ));
            }
        }
        for w in &self.file.withdrawals {
            let Some(p8) = datafile::example_prefix8(&w.example) else {
                continue;
            };
            let m = self.lookup(p8);
            if m.is_some() {
                errs.push(located(
                    origin,
                    w.line,
                    format!(
                        "example `{}` still resolves to the longer row {}: withdraw that row too",
                        w.example,
                        by(m)
                    ),
                ));
            }
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(DataErrors(errs))
        }
    }

    #[inline]
    fn match_id(&self, p8: u32) -> u32 {
        let e = self.l4.get((p8 / 10_000) as usize).copied().unwrap_or(0);
        if e & index::DEEPER == 0 {
            return e & index::MATCH_MASK;
        }
        match find(&self.l6, p8 / 100) {
            None => e & index::MATCH_MASK,
            Some(v) if v & index::DEEPER == 0 => v & index::MATCH_MASK,
            Some(v) => find(&self.l8, p8).unwrap_or(v & index::MATCH_MASK),
        }
    }

    #[inline]
    fn lookup(&self, p8: u32) -> Option<TableMatch<'_>> {
        let &(first, count, schemes) = self.matches.get(self.match_id(p8) as usize)?;
        if count == 0 {
            return None;
        }
        let ranges = self
            .ranges
            .get(first as usize..first as usize + count as usize)?;
        Some(TableMatch {
            schemes,
            ranges: Ranges::Runtime(ranges),
        })
    }
}

#[inline]
fn find(level: &[(u32, u32)], key: u32) -> Option<u32> {
    level
        .binary_search_by_key(&key, |&(k, _)| k)
        .ok()
        .and_then(|i| level.get(i))
        .map(|&(_, v)| v)
}

/// A withdrawal as a merged row: it wins longest-prefix matching like a row, and the index
/// answers it with "no match". Scheme code 0 is never a scheme.
fn withdrawal_row(w: &Withdrawal) -> IinRow {
    IinRow {
        start: w.start,
        end: w.end,
        digits: w.digits,
        scheme: 0,
        lengths: 0,
        luhn: LuhnRule::None,
        cobadge: false,
        example: w.example.clone(),
        sources: w.sources.clone(),
        line: w.line,
    }
}

/// What a classifier consults: an IIN [`Table`] and optional issuer data ([`Bins`]).
/// Cheap to clone (two `Arc`s).
///
/// ```
/// use binclass::{Bins, CardData, Product, Profile, Table};
/// let bins = Bins::parse("bins.csv", "bin,product,country,issuer\n621234,debit,CN,Example Bank\n").unwrap();
/// let data = CardData::new(Table::compiled(), Some(bins));
/// let v = Profile::default().classify_with(&data, "6212 3456 7890 1232");
/// assert_eq!(v.product(), Some(Product::Debit));
/// assert_eq!(v.country().unwrap().as_str(), "CN");
/// let pan = binclass::Pan::parse(b"6212345678901232").unwrap();
/// assert_eq!(data.issuer_name(&pan), Some("Example Bank"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct CardData {
    table: Arc<Table>,
    bins: Option<Arc<Bins>>,
}

impl CardData {
    /// The compiled table and no issuer data.
    pub fn compiled() -> CardData {
        CardData::default()
    }

    /// A table and optional issuer data.
    pub fn new(table: Table, bins: Option<Bins>) -> CardData {
        CardData {
            table: Arc::new(table),
            bins: bins.map(Arc::new),
        }
    }

    /// From shared parts (to swap one part and keep the other without copying it).
    pub fn from_shared(table: Arc<Table>, bins: Option<Arc<Bins>>) -> CardData {
        CardData { table, bins }
    }

    /// The IIN table.
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The IIN table, shared.
    pub fn shared_table(&self) -> &Arc<Table> {
        &self.table
    }

    /// The issuer data, if loaded.
    pub fn bins(&self) -> Option<&Bins> {
        self.bins.as_deref()
    }

    /// The issuer data, shared.
    pub fn shared_bins(&self) -> Option<&Arc<Bins>> {
        self.bins.as_ref()
    }

    /// What a prefix resolves to: the table's answer, or, for a prefix no table row covers,
    /// the scheme its BIN file entry names (lengths 8-19, Luhn required, unless the profile
    /// overrides them). Never allocates.
    #[inline]
    pub fn lookup(&self, prefix8: u32) -> Option<TableMatch<'_>> {
        if let Some(m) = self.table.lookup(prefix8) {
            return Some(m);
        }
        let b = self.issuer(prefix8)?;
        let scheme = b.scheme()?;
        Some(TableMatch {
            schemes: SchemeSet::EMPTY.with(scheme),
            ranges: Ranges::One(TableRange {
                start: b.bin(),
                end: b.bin(),
                digits: b.digits(),
                scheme,
                lengths: Lengths::ANY,
                luhn: LuhnPolicy::Required,
                origin: Origin::BinFile,
            }),
        })
    }

    /// The BIN file entry for a prefix, if issuer data is loaded and lists it.
    #[inline]
    pub fn issuer(&self, prefix8: u32) -> Option<BinInfo<'_>> {
        self.bins.as_ref()?.lookup(prefix8)
    }

    #[inline]
    pub(crate) fn facts(&self, prefix8: u32) -> IssuerFacts {
        self.issuer(prefix8)
            .map_or(IssuerFacts::UNKNOWN, |b| b.facts())
    }

    /// The issuer's name for a card, on request (it never travels in the verdict).
    pub fn issuer_name(&self, pan: &crate::Pan) -> Option<&str> {
        self.issuer(pan.prefix8())?.issuer()
    }
}

/// A shared, lock-free handle on the [`CardData`] classifiers use.
///
/// Readers ([`TableHandle::classify`], [`TableHandle::current`]) never lock and never wait
/// for a writer. Writers build new data completely, then publish it with one atomic swap:
/// a reader sees the old data or the new, never a mix. A load that fails returns its error
/// before anything is swapped. Share the handle between threads with `Arc` or a `static`.
#[derive(Debug, Default)]
pub struct TableHandle {
    current: ArcSwap<CardData>,
}

impl TableHandle {
    /// A handle serving `data`.
    pub fn new(data: CardData) -> TableHandle {
        TableHandle {
            current: ArcSwap::from_pointee(data),
        }
    }

    /// The data being served now. Lock-free; hold the guard only briefly (it pins this
    /// snapshot: a swap does not free it until the guard is dropped).
    #[inline]
    pub fn current(&self) -> Guard<Arc<CardData>> {
        self.current.load()
    }

    /// Classifies keyed input under `profile` with the data being served now.
    ///
    /// Never panics, never allocates, never waits for a writer.
    #[inline]
    pub fn classify(&self, profile: &crate::Profile, input: impl AsRef<[u8]>) -> crate::Support {
        profile.classify_with(&self.current.load(), input)
    }

    /// Serves `data` from now on.
    pub fn store(&self, data: CardData) {
        self.current.store(Arc::new(data));
    }

    /// Serves `table` from now on, with the current issuer data.
    pub fn set_table(&self, table: Table) {
        let table = Arc::new(table);
        self.current
            .rcu(|cur| CardData::from_shared(Arc::clone(&table), cur.bins.clone()));
    }

    /// Serves `bins` (or no issuer data) from now on, with the current table.
    pub fn set_bins(&self, bins: Option<Bins>) {
        let bins = bins.map(Arc::new);
        self.current
            .rcu(|cur| CardData::from_shared(Arc::clone(&cur.table), bins.clone()));
    }

    /// Loads a runtime table file and serves it. On error nothing changes.
    pub fn load_table(&self, path: impl AsRef<std::path::Path>) -> Result<(), LoadError> {
        self.set_table(Table::from_file(path)?);
        Ok(())
    }

    /// Loads a BIN file and serves it. On error nothing changes.
    pub fn load_bins(&self, path: impl AsRef<std::path::Path>) -> Result<(), LoadError> {
        self.set_bins(Some(Bins::from_file(path)?));
        Ok(())
    }

    /// Returns to the compiled table (issuer data is kept; `set_bins(None)` drops it).
    pub fn rollback(&self) {
        self.set_table(Table::compiled());
    }
}
