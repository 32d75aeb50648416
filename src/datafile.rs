//! Parser and validator for the card table files in `data/` (format: `data/FORMAT.md`).
//!
//! This one module is used three ways: `build.rs` includes it to generate the compiled table,
//! the tests use it to build the naive oracle, and (with `std`) the runtime table loader
//! ([`parse_overlay`], used by `crate::table`) reads table files pushed to terminals with it. It depends on nothing else in the crate, so `build.rs` can `#[path]`-include
//! it. Every problem is reported as `FILE:LINE: what is wrong`, and all problems are reported,
//! not only the first.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Shortest and longest PAN lengths allowed by ISO/IEC 7812-1.
pub const MIN_PAN_LEN: u8 = 8;
/// Longest PAN length allowed by ISO/IEC 7812-1.
pub const MAX_PAN_LEN: u8 = 19;
/// Longest prefix a row may have (ISO/IEC 7812-1:2017 eight-digit IINs).
pub const MAX_PREFIX_DIGITS: u8 = 8;
/// Largest scheme code (scheme sets are 64-bit masks; bit 0 is unused).
pub const MAX_SCHEME_CODE: u8 = 63;

/// One problem in a data file, located by file and 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataError {
    /// The file name as given to the parser (e.g. `data/iin.csv`).
    pub file: String,
    /// 1-based line number; 0 when the problem concerns the whole file.
    pub line: u64,
    /// What is wrong. Never contains more than the offending field.
    pub message: String,
}

impl DataError {
    /// A located problem. Any run of more than eight digits in `message` (a card number
    /// pasted into a table field, say) is cut to its first six digits and `…`, so no error
    /// ever carries a full PAN.
    pub fn new(file: &str, line: u64, message: String) -> DataError {
        DataError {
            file: file.to_owned(),
            line,
            message: mask_digit_runs(&message),
        }
    }
}

/// Cuts every run of more than [`MAX_PREFIX_DIGITS`] digits to its first six and `…`.
fn mask_digit_runs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() > usize::from(MAX_PREFIX_DIGITS) {
            out.push_str(run.get(..6).unwrap_or(""));
            out.push('…');
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in s.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for DataError {}

/// All problems found in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataErrors(pub Vec<DataError>);

impl fmt::Display for DataErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DataErrors {}

/// How a scheme's check digit is treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LuhnRule {
    /// A failed Luhn check rejects the card.
    Required,
    /// The Luhn result is reported but does not reject the card.
    Advisory,
    /// The Luhn check is not applied.
    None,
}

impl LuhnRule {
    /// The spelling used in data and profile files.
    pub fn as_str(self) -> &'static str {
        match self {
            LuhnRule::Required => "required",
            LuhnRule::Advisory => "advisory",
            LuhnRule::None => "none",
        }
    }

    /// Parses `required`, `advisory` or `none`.
    pub fn parse(s: &str) -> Option<LuhnRule> {
        match s {
            "required" => Some(LuhnRule::Required),
            "advisory" => Some(LuhnRule::Advisory),
            "none" => Some(LuhnRule::None),
            _ => None,
        }
    }
}

/// A row of `data/sources.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRow {
    /// Short key referenced by other files.
    pub key: String,
    /// What the source is and where it was read.
    pub citation: String,
    /// Publication or capture date.
    pub date: String,
    /// 1-based line in the file.
    pub line: u64,
}

/// A row of `data/schemes.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemeRow {
    /// Stable numeric code, 1..=63.
    pub code: u8,
    /// Stable snake_case id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Source keys.
    pub sources: Vec<String>,
    /// 1-based line in the file.
    pub line: u64,
}

/// A row of an IIN range table (`data/iin.csv` or a runtime table file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IinRow {
    /// First prefix of the range, as a number of `digits` digits.
    pub start: u32,
    /// Last prefix of the range, same number of digits.
    pub end: u32,
    /// Number of digits of `start` and `end` (1..=8): the row's match length.
    pub digits: u8,
    /// Scheme code (from the scheme list).
    pub scheme: u8,
    /// Allowed PAN lengths as a bit mask: bit `n` set means length `n` is allowed.
    pub lengths: u32,
    /// Check-digit rule.
    pub luhn: LuhnRule,
    /// This row deliberately shares its exact range with rows of other schemes.
    pub cobadge: bool,
    /// Example prefix (digits) that resolves to this row.
    pub example: String,
    /// Source keys.
    pub sources: Vec<String>,
    /// 1-based line in the file.
    pub line: u64,
}

impl IinRow {
    /// The range as half-open bounds over eight-digit prefixes.
    pub fn span8(&self) -> (u32, u32) {
        let scale = 10u32.pow(u32::from(MAX_PREFIX_DIGITS - self.digits));
        (self.start * scale, (self.end + 1) * scale)
    }

    /// Does this row contain the given eight-digit prefix?
    pub fn contains8(&self, p8: u32) -> bool {
        let (lo, hi) = self.span8();
        lo <= p8 && p8 < hi
    }
}

/// A withdrawal row of a runtime table (`action` = `withdraw`): the range is no longer issued.
///
/// It takes part in longest-prefix matching like a row, but resolves to no scheme, so the
/// prefixes it covers are unknown unless a longer row covers them (`data/FORMAT.md`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withdrawal {
    /// First prefix of the range, as a number of `digits` digits.
    pub start: u32,
    /// Last prefix of the range, same number of digits.
    pub end: u32,
    /// Number of digits of `start` and `end` (1..=8).
    pub digits: u8,
    /// Example prefix (digits) that must now be unknown.
    pub example: String,
    /// Source keys.
    pub sources: Vec<String>,
    /// 1-based line in the file.
    pub line: u64,
}

impl Withdrawal {
    /// The range as half-open bounds over eight-digit prefixes.
    pub fn span8(&self) -> (u32, u32) {
        let scale = 10u32.pow(u32::from(MAX_PREFIX_DIGITS - self.digits));
        (self.start * scale, (self.end + 1) * scale)
    }

    /// Does this withdrawal contain the given eight-digit prefix?
    pub fn contains8(&self, p8: u32) -> bool {
        let (lo, hi) = self.span8();
        lo <= p8 && p8 < hi
    }
}

/// A parsed and validated IIN table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IinTable {
    /// `# key: value` header lines, in order.
    pub meta: Vec<(String, String)>,
    /// The rows, in file order.
    pub rows: Vec<IinRow>,
    /// Withdrawal rows, in file order (runtime tables only; always empty for `data/iin.csv`).
    pub withdrawals: Vec<Withdrawal>,
}

impl IinTable {
    /// The value of a `# key: value` header line.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

struct Sheet {
    meta: Vec<(String, String)>,
    records: Vec<(u64, Vec<String>)>,
}

/// Splits a CSV file into header metadata and records, checking the column header.
fn read_sheet(file: &str, text: &str, columns: &[&str], errs: &mut Vec<DataError>) -> Sheet {
    read_sheet_of(file, text, &[columns], errs).0
}

/// [`read_sheet`] for a file whose column header may be any of `layouts`; also returns the
/// index of the layout found.
fn read_sheet_of(
    file: &str,
    text: &str,
    layouts: &[&[&str]],
    errs: &mut Vec<DataError>,
) -> (Sheet, usize) {
    let mut meta = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix('#') else {
            break;
        };
        if let Some((k, v)) = rest.split_once(':') {
            let k = k.trim();
            if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                meta.push((k.to_owned(), v.trim().to_owned()));
            }
        }
    }
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let columns: &[&str];
    let layout;
    match reader.headers().cloned() {
        Ok(h) => {
            let got: Vec<&str> = h.iter().map(str::trim).collect();
            match layouts.iter().position(|l| got == *l) {
                Some(i) => {
                    layout = i;
                    columns = layouts.get(i).copied().unwrap_or(&[]);
                }
                None => {
                    let line = h.position().map_or(0, |p| record_line(text.as_bytes(), p));
                    let wanted: Vec<String> = layouts.iter().map(|l| l.join(",")).collect();
                    errs.push(err(
                        file,
                        line,
                        format!(
                            "the column header must be `{}`, found `{}`",
                            wanted.join("` or `"),
                            got.join(",")
                        ),
                    ));
                    return (Sheet { meta, records }, 0);
                }
            }
        }
        Err(e) => {
            errs.push(err(file, 0, format!("cannot read the column header: {e}")));
            return (Sheet { meta, records }, 0);
        }
    }
    for result in reader.records() {
        match result {
            Ok(rec) => {
                let line = rec
                    .position()
                    .map_or(0, |p| record_line(text.as_bytes(), p));
                if rec.len() != columns.len() {
                    errs.push(err(
                        file,
                        line,
                        format!("expected {} fields, found {}", columns.len(), rec.len()),
                    ));
                    continue;
                }
                records.push((line, rec.iter().map(|f| f.trim().to_owned()).collect()));
            }
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                errs.push(err(file, line, format!("not valid CSV: {e}")));
            }
        }
    }
    (Sheet { meta, records }, layout)
}

/// The 1-based line a CSV record starts on.
///
/// The `csv` crate reports a record at the position where it started reading, which is the
/// start of any comment or blank lines it skipped before the record; step over those.
pub fn record_line(text: &[u8], pos: &csv::Position) -> u64 {
    let mut line = pos.line();
    let mut at = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
    while let Some(rest) = text.get(at..) {
        let skipped = rest.first() == Some(&b'#')
            || rest.first() == Some(&b'\n')
            || rest.starts_with(b"\r\n");
        if !skipped {
            break;
        }
        match rest.iter().position(|&b| b == b'\n') {
            Some(n) => {
                at += n + 1;
                line += 1;
            }
            None => break,
        }
    }
    line
}

fn err(file: &str, line: u64, message: String) -> DataError {
    DataError::new(file, line, message)
}

fn field(rec: &[String], i: usize) -> &str {
    rec.get(i).map_or("", String::as_str)
}

fn split_keys(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Checks source keys against `known` (`data/` files), or only their spelling (`None`: a
/// runtime table's keys name its publisher's own references).
fn check_sources(
    file: &str,
    line: u64,
    keys: &[String],
    known: Option<&BTreeSet<&str>>,
    errs: &mut Vec<DataError>,
) {
    if keys.is_empty() {
        errs.push(err(file, line, "the `source` field is empty".to_owned()));
    }
    for k in keys {
        let Some(known) = known else {
            if !is_source_key(k) {
                errs.push(err(
                    file,
                    line,
                    format!("source key `{k}` must match [A-Z0-9-]+"),
                ));
            }
            continue;
        };
        if !known.contains(k.as_str()) {
            errs.push(err(
                file,
                line,
                format!("source key `{k}` is not in data/sources.csv"),
            ));
        }
    }
}

/// Parses `data/sources.csv`.
pub fn parse_sources(file: &str, text: &str) -> Result<Vec<SourceRow>, DataErrors> {
    let mut errs = Vec::new();
    let sheet = read_sheet(file, text, &["key", "citation", "date"], &mut errs);
    let mut rows: Vec<SourceRow> = Vec::new();
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    for (line, rec) in sheet.records {
        let key = field(&rec, 0);
        if !is_source_key(key) {
            errs.push(err(
                file,
                line,
                format!("source key `{key}` must match [A-Z0-9-]+"),
            ));
            continue;
        }
        if let Some(first) = seen.insert(key.to_owned(), line) {
            errs.push(err(
                file,
                line,
                format!("source key `{key}` already defined at line {first}"),
            ));
        }
        if field(&rec, 1).is_empty() {
            errs.push(err(file, line, format!("source `{key}` has no citation")));
        }
        if !valid_date(field(&rec, 2)) {
            errs.push(err(
                file,
                line,
                format!(
                    "source `{key}`: date `{}` is not YYYY, YYYY-MM or YYYY-MM-DD",
                    field(&rec, 2)
                ),
            ));
        }
        rows.push(SourceRow {
            key: key.to_owned(),
            citation: field(&rec, 1).to_owned(),
            date: field(&rec, 2).to_owned(),
            line,
        });
    }
    if errs.is_empty() {
        Ok(rows)
    } else {
        Err(DataErrors(errs))
    }
}

fn is_source_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// Is `s` a real calendar day written `YYYY-MM-DD` (Gregorian, leap years included)?
pub fn valid_day(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

fn valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    }
}

/// Parses `data/schemes.csv`, checking source keys against `sources`.
pub fn parse_schemes(
    file: &str,
    text: &str,
    sources: &[SourceRow],
) -> Result<Vec<SchemeRow>, DataErrors> {
    let known: BTreeSet<&str> = sources.iter().map(|s| s.key.as_str()).collect();
    let mut errs = Vec::new();
    let sheet = read_sheet(file, text, &["code", "id", "name", "source"], &mut errs);
    let mut rows: Vec<SchemeRow> = Vec::new();
    for (line, rec) in sheet.records {
        let id = field(&rec, 1);
        let code = match field(&rec, 0).parse::<u8>() {
            Ok(c) if (1..=MAX_SCHEME_CODE).contains(&c) => c,
            _ => {
                errs.push(err(
                    file,
                    line,
                    format!(
                        "scheme code `{}` must be a number from 1 to {MAX_SCHEME_CODE}",
                        field(&rec, 0)
                    ),
                ));
                continue;
            }
        };
        if !is_snake_id(id) {
            errs.push(err(
                file,
                line,
                format!("scheme id `{id}` must be snake_case ([a-z][a-z0-9_]*)"),
            ));
            continue;
        }
        if let Some(prev) = rows.iter().find(|r| r.code == code) {
            errs.push(err(
                file,
                line,
                format!("scheme code {code} already used at line {}", prev.line),
            ));
        }
        if let Some(prev) = rows.iter().find(|r| r.id == id) {
            errs.push(err(
                file,
                line,
                format!("scheme id `{id}` already defined at line {}", prev.line),
            ));
        }
        if field(&rec, 2).is_empty() {
            errs.push(err(file, line, format!("scheme `{id}` has no name")));
        }
        let keys = split_keys(field(&rec, 3));
        check_sources(file, line, &keys, Some(&known), &mut errs);
        rows.push(SchemeRow {
            code,
            id: id.to_owned(),
            name: field(&rec, 2).to_owned(),
            sources: keys,
            line,
        });
    }
    if errs.is_empty() {
        Ok(rows)
    } else {
        Err(DataErrors(errs))
    }
}

fn is_snake_id(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z'))
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !s.ends_with('_')
        && !s.contains("__")
}

/// Parses a `lengths` field (`16-19`, `13;16;19`) into a bit mask.
pub fn parse_lengths(s: &str) -> Result<u32, String> {
    let mut mask = 0u32;
    if s.trim().is_empty() {
        return Err("the `lengths` field is empty".to_owned());
    }
    for item in s.split(';').map(str::trim) {
        let (lo, hi) = match item.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (item, item),
        };
        let (Ok(lo), Ok(hi)) = (lo.parse::<u8>(), hi.parse::<u8>()) else {
            return Err(format!("length `{item}` is not a number or range N-M"));
        };
        if lo > hi {
            return Err(format!("length range `{item}` runs backwards"));
        }
        if lo < MIN_PAN_LEN || hi > MAX_PAN_LEN {
            return Err(format!(
                "length `{item}` is outside {MIN_PAN_LEN}..={MAX_PAN_LEN} (ISO/IEC 7812-1)"
            ));
        }
        for n in lo..=hi {
            mask |= 1 << n;
        }
    }
    Ok(mask)
}

/// Formats a length mask the way `parse_lengths` reads it (`13;16-19`).
pub fn format_lengths(mask: u32) -> String {
    let mut out = String::new();
    let mut n = MIN_PAN_LEN;
    while n <= MAX_PAN_LEN {
        if mask & (1 << n) != 0 {
            let lo = n;
            while n < MAX_PAN_LEN && mask & (1 << (n + 1)) != 0 {
                n += 1;
            }
            if !out.is_empty() {
                out.push(';');
            }
            if lo == n {
                out.push_str(&lo.to_string());
            } else {
                out.push_str(&format!("{lo}-{n}"));
            }
        }
        n += 1;
    }
    out
}

fn parse_prefix(s: &str) -> Option<(u32, u8)> {
    if s.is_empty()
        || s.len() > usize::from(MAX_PREFIX_DIGITS)
        || !s.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let digits = u8::try_from(s.len()).ok()?;
    s.parse::<u32>().ok().map(|v| (v, digits))
}

/// The columns of an IIN table file.
pub const IIN_COLUMNS: [&str; 8] = [
    "start", "end", "scheme", "lengths", "luhn", "cobadge", "example", "source",
];

/// The columns of a runtime table file that withdraws ranges: [`IIN_COLUMNS`] and `action`.
pub const OVERLAY_COLUMNS: [&str; 9] = [
    "start", "end", "scheme", "lengths", "luhn", "cobadge", "example", "source", "action",
];

/// Parses an IIN table file (`data/iin.csv`) and validates it against the scheme list and
/// sources. The table must carry `# version:` and `# date:` headers.
pub fn parse_iin(
    file: &str,
    text: &str,
    schemes: &[SchemeRow],
    sources: &[SourceRow],
) -> Result<IinTable, DataErrors> {
    let known: BTreeSet<&str> = sources.iter().map(|s| s.key.as_str()).collect();
    let mut errs = Vec::new();
    let sheet = read_sheet(file, text, &IIN_COLUMNS, &mut errs);
    for key in ["version", "date"] {
        if !sheet.meta.iter().any(|(k, v)| k == key && !v.is_empty()) {
            errs.push(err(
                file,
                1,
                format!("missing header line `# {key}: ...` before the column header"),
            ));
        }
    }
    let mut rows = Vec::new();
    for (line, rec) in sheet.records {
        if let Some(row) = parse_iin_record(file, line, &rec, schemes, Some(&known), &mut errs) {
            rows.push(row);
        }
    }
    validate_rows(file, &rows, schemes, &mut errs);
    if errs.is_empty() {
        Ok(IinTable {
            meta: sheet.meta,
            rows,
            withdrawals: Vec::new(),
        })
    } else {
        Err(DataErrors(errs))
    }
}

/// Parses a runtime table file: the `data/iin.csv` format, with `# version:` and
/// `# effective: YYYY-MM-DD` headers, free source keys, and an optional `action` column whose
/// value `withdraw` withdraws a range (see `data/FORMAT.md`, "Runtime table files").
///
/// Rows are validated exactly as in `data/iin.csv` (lengths, Luhn, overlaps, co-badges,
/// examples), against the rows of this file only; how the file combines with the compiled
/// table is checked by the loader.
pub fn parse_overlay(
    file: &str,
    text: &str,
    schemes: &[SchemeRow],
) -> Result<IinTable, DataErrors> {
    let mut errs = Vec::new();
    let (sheet, layout) = read_sheet_of(file, text, &[&IIN_COLUMNS, &OVERLAY_COLUMNS], &mut errs);
    for key in ["version", "effective"] {
        match sheet.meta.iter().find(|(k, _)| k == key) {
            Some((_, v)) if key == "effective" && !valid_day(v) => errs.push(err(
                file,
                meta_line(text, key),
                format!("effective date `{v}` is not a calendar day written YYYY-MM-DD"),
            )),
            Some((_, v)) if !v.is_empty() => {}
            _ => errs.push(err(
                file,
                1,
                format!("missing header line `# {key}: ...` before the column header"),
            )),
        }
    }
    let mut rows = Vec::new();
    let mut withdrawals = Vec::new();
    for (line, rec) in sheet.records {
        let action = if layout == 1 { field(&rec, 8) } else { "" };
        match action {
            "" => {
                if let Some(row) = parse_iin_record(file, line, &rec, schemes, None, &mut errs) {
                    rows.push(row);
                }
            }
            "withdraw" => {
                if let Some(w) = parse_withdrawal(file, line, &rec, &mut errs) {
                    withdrawals.push(w);
                }
            }
            other => errs.push(err(
                file,
                line,
                format!("action `{other}` must be empty or `withdraw`"),
            )),
        }
    }
    validate_rows(file, &rows, schemes, &mut errs);
    validate_withdrawals(file, &rows, &withdrawals, &mut errs);
    if errs.is_empty() {
        Ok(IinTable {
            meta: sheet.meta,
            rows,
            withdrawals,
        })
    } else {
        Err(DataErrors(errs))
    }
}

/// The 1-based line of the `# key:` header line (1 when absent).
fn meta_line(text: &str, key: &str) -> u64 {
    (1u64..)
        .zip(text.lines())
        .take_while(|(_, l)| l.starts_with('#'))
        .find(|(_, l)| {
            l.trim_start_matches('#')
                .split_once(':')
                .is_some_and(|(k, _)| k.trim() == key)
        })
        .map_or(1, |(n, _)| n)
}

fn parse_withdrawal(
    file: &str,
    line: u64,
    rec: &[String],
    errs: &mut Vec<DataError>,
) -> Option<Withdrawal> {
    let before = errs.len();
    let (start, end) = (parse_prefix(field(rec, 0)), parse_prefix(field(rec, 1)));
    for (i, name) in [(0, "start"), (1, "end")] {
        if parse_prefix(field(rec, i)).is_none() {
            errs.push(err(
                file,
                line,
                format!("{name} `{}` must be 1 to 8 digits", field(rec, i)),
            ));
        }
    }
    for (i, name) in [(2, "scheme"), (3, "lengths"), (4, "luhn"), (5, "cobadge")] {
        if !field(rec, i).is_empty() {
            errs.push(err(
                file,
                line,
                format!(
                    "a withdrawal leaves `{name}` empty, found `{}`",
                    field(rec, i)
                ),
            ));
        }
    }
    let sources = split_keys(field(rec, 7));
    check_sources(file, line, &sources, None, errs);
    let (Some((start, sd)), Some((end, ed))) = (start, end) else {
        return None;
    };
    check_span(file, line, rec, (start, sd), (end, ed), errs);
    let example = field(rec, 6);
    check_example(file, line, example, start, end, sd, errs);
    (errs.len() == before).then(|| Withdrawal {
        start,
        end,
        digits: sd,
        example: example.to_owned(),
        sources,
        line,
    })
}

fn check_span(
    file: &str,
    line: u64,
    rec: &[String],
    (start, sd): (u32, u8),
    (end, ed): (u32, u8),
    errs: &mut Vec<DataError>,
) {
    if sd != ed {
        errs.push(err(
            file,
            line,
            format!(
                "start `{}` and end `{}` must have the same number of digits",
                field(rec, 0),
                field(rec, 1)
            ),
        ));
    } else if end < start {
        errs.push(err(
            file,
            line,
            format!(
                "end `{}` is before start `{}`",
                field(rec, 1),
                field(rec, 0)
            ),
        ));
    }
}

fn check_example(
    file: &str,
    line: u64,
    example: &str,
    start: u32,
    end: u32,
    sd: u8,
    errs: &mut Vec<DataError>,
) {
    match parse_prefix(example) {
        Some((_, n)) if n >= sd => {
            let head: u32 = example
                .get(..usize::from(sd))
                .and_then(|h| h.parse().ok())
                .unwrap_or(u32::MAX);
            if head < start || head > end {
                errs.push(err(
                    file,
                    line,
                    format!("example `{example}` is not inside the row's range"),
                ));
            }
        }
        _ => errs.push(err(
            file,
            line,
            format!("example `{example}` must be {sd} to {MAX_PREFIX_DIGITS} digits"),
        )),
    }
}

/// Withdrawals may not overlap each other or a row at the same prefix length, and their
/// examples (and the rows' examples) must not be shadowed by a longer entry of the file.
fn validate_withdrawals(
    file: &str,
    rows: &[IinRow],
    withdrawals: &[Withdrawal],
    errs: &mut Vec<DataError>,
) {
    let overlaps = |a: (u8, u32, u32), b: (u8, u32, u32)| a.0 == b.0 && a.1 <= b.2 && b.1 <= a.2;
    for (i, w) in withdrawals.iter().enumerate() {
        let key = (w.digits, w.start, w.end);
        if let Some(o) = withdrawals
            .iter()
            .take(i)
            .find(|o| overlaps(key, (o.digits, o.start, o.end)))
        {
            errs.push(err(
                file,
                w.line,
                format!(
                    "withdrawal overlaps the withdrawal at line {} at the same prefix length",
                    o.line
                ),
            ));
        }
        if let Some(r) = rows
            .iter()
            .find(|r| overlaps(key, (r.digits, r.start, r.end)))
        {
            errs.push(err(
                file,
                w.line,
                format!(
                    "withdrawal overlaps the row at line {} at the same prefix length: a range is either set or withdrawn",
                    r.line
                ),
            ));
        }
    }
    if !errs.is_empty() {
        return;
    }
    let entries: Vec<(u8, u64)> = rows
        .iter()
        .map(|r| (r.digits, r.line))
        .chain(withdrawals.iter().map(|w| (w.digits, w.line)))
        .collect();
    let resolver = Resolver::new(
        rows.iter()
            .map(|r| (r.digits, r.span8()))
            .chain(withdrawals.iter().map(|w| (w.digits, w.span8()))),
    );
    let longest = |p8: u32| -> (u8, u64) {
        resolver
            .winners(p8)
            .first()
            .and_then(|&i| entries.get(i))
            .copied()
            .unwrap_or((0, 0))
    };
    let examples = rows
        .iter()
        .map(|r| (r.digits, r.line, r.example.as_str()))
        .chain(
            withdrawals
                .iter()
                .map(|w| (w.digits, w.line, w.example.as_str())),
        );
    for (digits, line, example) in examples {
        let Some(p8) = example_prefix8(example) else {
            continue;
        };
        let (d, by) = longest(p8);
        if d > digits {
            errs.push(err(
                file,
                line,
                format!("example `{example}` is shadowed by the longer row at line {by}"),
            ));
        }
    }
}

fn parse_iin_record(
    file: &str,
    line: u64,
    rec: &[String],
    schemes: &[SchemeRow],
    known: Option<&BTreeSet<&str>>,
    errs: &mut Vec<DataError>,
) -> Option<IinRow> {
    let before = errs.len();
    let start = parse_prefix(field(rec, 0));
    let end = parse_prefix(field(rec, 1));
    if start.is_none() {
        errs.push(err(
            file,
            line,
            format!("start `{}` must be 1 to 8 digits", field(rec, 0)),
        ));
    }
    if end.is_none() {
        errs.push(err(
            file,
            line,
            format!("end `{}` must be 1 to 8 digits", field(rec, 1)),
        ));
    }
    let scheme = schemes.iter().find(|s| s.id == field(rec, 2));
    if scheme.is_none() {
        errs.push(err(
            file,
            line,
            format!(
                "unknown scheme id `{}` (not in data/schemes.csv)",
                field(rec, 2)
            ),
        ));
    }
    let lengths = parse_lengths(field(rec, 3))
        .map_err(|m| errs.push(err(file, line, m)))
        .ok();
    let luhn = LuhnRule::parse(field(rec, 4));
    if luhn.is_none() {
        errs.push(err(
            file,
            line,
            format!(
                "luhn `{}` must be required, advisory or none",
                field(rec, 4)
            ),
        ));
    }
    let cobadge = match field(rec, 5) {
        "" => false,
        "yes" => true,
        other => {
            errs.push(err(
                file,
                line,
                format!("cobadge `{other}` must be empty or `yes`"),
            ));
            false
        }
    };
    let sources = split_keys(field(rec, 7));
    check_sources(file, line, &sources, known, errs);
    let (Some((start, sd)), Some((end, ed)), Some(scheme), Some(lengths), Some(luhn)) =
        (start, end, scheme, lengths, luhn)
    else {
        return None;
    };
    check_span(file, line, rec, (start, sd), (end, ed), errs);
    let example = field(rec, 6);
    let row = IinRow {
        start,
        end,
        digits: sd,
        scheme: scheme.code,
        lengths,
        luhn,
        cobadge,
        example: example.to_owned(),
        sources,
        line,
    };
    check_example(file, line, example, start, end, sd, errs);
    (errs.len() == before).then_some(row)
}

/// Checks duplicates, overlaps and examples across rows.
fn validate_rows(file: &str, rows: &[IinRow], schemes: &[SchemeRow], errs: &mut Vec<DataError>) {
    let scheme_id = |code: u8| {
        schemes
            .iter()
            .find(|s| s.code == code)
            .map_or("?", |s| s.id.as_str())
    };
    // Same-length rows, sorted by range, to find overlaps in one pass.
    let mut order: Vec<&IinRow> = rows.iter().collect();
    order.sort_by_key(|r| (r.digits, r.start, r.end, r.line));
    for (i, a) in order.iter().enumerate() {
        for b in order.iter().skip(i + 1) {
            if b.digits != a.digits || b.start > a.end {
                break;
            }
            let identical = a.start == b.start && a.end == b.end;
            if identical && a.scheme == b.scheme {
                errs.push(err(
                    file,
                    b.line,
                    format!(
                        "duplicate row: same range and scheme `{}` as line {}",
                        scheme_id(b.scheme),
                        a.line
                    ),
                ));
            } else if identical && a.cobadge && b.cobadge {
                // A declared co-badge.
            } else if identical {
                errs.push(err(
                    file,
                    b.line,
                    format!(
                        "range is also claimed by `{}` at line {}: declare both rows cobadge=yes or drop one",
                        scheme_id(a.scheme),
                        a.line
                    ),
                ));
            } else {
                errs.push(err(
                    file,
                    b.line,
                    format!(
                        "range overlaps line {} (`{}`) at the same prefix length: split the rows, or make them the identical range with cobadge=yes",
                        a.line,
                        scheme_id(a.scheme)
                    ),
                ));
            }
        }
    }
    // A co-badge row must actually share its range.
    for r in rows.iter().filter(|r| r.cobadge) {
        let partners = rows
            .iter()
            .filter(|o| {
                o.digits == r.digits && o.start == r.start && o.end == r.end && o.scheme != r.scheme
            })
            .count();
        if partners == 0 {
            errs.push(err(
                file,
                r.line,
                "cobadge=yes but no row of another scheme has the identical range".to_owned(),
            ));
        }
    }
    if !errs.is_empty() {
        return;
    }
    // Every example must resolve (longest prefix) to its own row.
    let resolver = Resolver::new(rows.iter().map(|r| (r.digits, r.span8())));
    for r in rows {
        let Some(p8) = example_prefix8(&r.example) else {
            continue;
        };
        let best = resolver.winners(p8);
        let best: Vec<&IinRow> = best.iter().filter_map(|&i| rows.get(i)).collect();
        if !best.iter().any(|b| b.line == r.line) {
            let by = best.first().map_or(0, |b| b.line);
            errs.push(err(
                file,
                r.line,
                format!(
                    "example `{}` is shadowed by the longer row at line {by}",
                    r.example
                ),
            ));
        }
    }
}

/// An example prefix padded with zeros to eight digits.
pub fn example_prefix8(example: &str) -> Option<u32> {
    let n = u32::try_from(example.len()).ok()?;
    if n == 0 || n > u32::from(MAX_PREFIX_DIGITS) {
        return None;
    }
    let v: u32 = example.parse().ok()?;
    Some(v * 10u32.pow(u32::from(MAX_PREFIX_DIGITS) - n))
}

/// Longest-prefix match by linear scan: the rows of the greatest `digits` containing `p8`.
///
/// This is the reference semantics of the table; the compiled index must agree with it.
pub fn resolve_naive(rows: &[IinRow], p8: u32) -> Vec<&IinRow> {
    let best = rows
        .iter()
        .filter(|r| r.contains8(p8))
        .map(|r| r.digits)
        .max();
    match best {
        Some(d) => rows
            .iter()
            .filter(|r| r.digits == d && r.contains8(p8))
            .collect(),
        None => Vec::new(),
    }
}

/// Longest-prefix matching by binary search over validated entries, where entries of one
/// prefix length are disjoint or identical (co-badges): the answer of [`resolve_naive`] in
/// `O(8 log n)` instead of a scan, for building and checking large tables.
#[derive(Clone, Debug, Default)]
pub struct Resolver {
    /// Per prefix length (index = digits): `(lo, hi, entry index)`, sorted.
    levels: Vec<Vec<(u32, u32, usize)>>,
}

impl Resolver {
    /// Indexes entries given as `(digits, (lo, hi))` spans over eight-digit prefixes
    /// ([`IinRow::span8`]); entry `i` is the `i`-th item.
    pub fn new(entries: impl Iterator<Item = (u8, (u32, u32))>) -> Resolver {
        let mut levels = vec![Vec::new(); usize::from(MAX_PREFIX_DIGITS) + 1];
        for (i, (digits, (lo, hi))) in entries.enumerate() {
            if let Some(level) = levels.get_mut(usize::from(digits)) {
                level.push((lo, hi, i));
            }
        }
        for level in &mut levels {
            level.sort_unstable();
        }
        Resolver { levels }
    }

    /// Indices (ascending) of the entries of the greatest length that contain `p8`.
    pub fn winners(&self, p8: u32) -> Vec<usize> {
        for level in self.levels.iter().rev() {
            let end = level.partition_point(|&(lo, _, _)| lo <= p8);
            let below = level.get(..end).unwrap_or(&[]);
            // Disjoint or identical spans: only the last start at or below p8 can contain it.
            let Some(&(last, _, _)) = below.last() else {
                continue;
            };
            let mut set: Vec<usize> = below
                .iter()
                .rev()
                .take_while(|&&(lo, _, _)| lo == last)
                .filter(|&&(_, hi, _)| p8 < hi)
                .map(|&(_, _, i)| i)
                .collect();
            if !set.is_empty() {
                set.sort_unstable();
                return set;
            }
        }
        Vec::new()
    }
}

/// Reads and parses the three files of a data directory.
pub fn load_dir(dir: &std::path::Path) -> Result<Dataset, DataErrors> {
    let read = |name: &str| -> Result<(String, String), DataErrors> {
        let path = dir.join(name);
        let label = format!("data/{name}");
        std::fs::read_to_string(&path)
            .map(|t| (label.clone(), t))
            .map_err(|e| DataErrors(vec![err(&label, 0, format!("cannot read: {e}"))]))
    };
    let (f, t) = read("sources.csv")?;
    let sources = parse_sources(&f, &t)?;
    let (f, t) = read("schemes.csv")?;
    let schemes = parse_schemes(&f, &t, &sources)?;
    let (f, t) = read("iin.csv")?;
    let iin = parse_iin(&f, &t, &schemes, &sources)?;
    Ok(Dataset {
        sources,
        schemes,
        iin,
    })
}

/// The whole of `data/`, parsed and validated.
#[derive(Clone, Debug)]
pub struct Dataset {
    /// `data/sources.csv`.
    pub sources: Vec<SourceRow>,
    /// `data/schemes.csv`.
    pub schemes: Vec<SchemeRow>,
    /// `data/iin.csv`.
    pub iin: IinTable,
}
