//! Parser and validator for the card table files in `data/` (format: `data/FORMAT.md`).
//!
//! This one module is used three ways: `build.rs` includes it to generate the compiled table,
//! the tests use it to build the naive oracle, and (with `std`) programs can use it to check
//! a table file. It depends on nothing else in the crate, so `build.rs` can `#[path]`-include
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

/// A parsed and validated IIN table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IinTable {
    /// `# key: value` header lines, in order.
    pub meta: Vec<(String, String)>,
    /// The rows, in file order.
    pub rows: Vec<IinRow>,
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
    match reader.headers().cloned() {
        Ok(h) => {
            let got: Vec<&str> = h.iter().map(str::trim).collect();
            if got != columns {
                let line = h.position().map_or(0, csv::Position::line);
                errs.push(err(
                    file,
                    line,
                    format!(
                        "the column header must be `{}`, found `{}`",
                        columns.join(","),
                        got.join(",")
                    ),
                ));
                return Sheet { meta, records };
            }
        }
        Err(e) => {
            errs.push(err(file, 0, format!("cannot read the column header: {e}")));
            return Sheet { meta, records };
        }
    }
    for result in reader.records() {
        match result {
            Ok(rec) => {
                let line = rec.position().map_or(0, csv::Position::line);
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
    Sheet { meta, records }
}

fn err(file: &str, line: u64, message: String) -> DataError {
    DataError {
        file: file.to_owned(),
        line,
        message,
    }
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

fn check_sources(
    file: &str,
    line: u64,
    keys: &[String],
    known: &BTreeSet<&str>,
    errs: &mut Vec<DataError>,
) {
    if keys.is_empty() {
        errs.push(err(file, line, "the `source` field is empty".to_owned()));
    }
    for k in keys {
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
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        {
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
        check_sources(file, line, &keys, &known, &mut errs);
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

/// Parses an IIN table file and validates it against the scheme list and sources.
///
/// `require_version`: the table must carry `# version:` and `# date:` headers.
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
        if let Some(row) = parse_iin_record(file, line, &rec, schemes, &known, &mut errs) {
            rows.push(row);
        }
    }
    validate_rows(file, &rows, schemes, &mut errs);
    if errs.is_empty() {
        Ok(IinTable {
            meta: sheet.meta,
            rows,
        })
    } else {
        Err(DataErrors(errs))
    }
}

fn parse_iin_record(
    file: &str,
    line: u64,
    rec: &[String],
    schemes: &[SchemeRow],
    known: &BTreeSet<&str>,
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
    for r in rows {
        let Some(p8) = example_prefix8(&r.example) else {
            continue;
        };
        let best = resolve_naive(rows, p8);
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
