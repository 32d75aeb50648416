//! `binclass`: classify card inputs from the command line or a stream.
//!
//! Exit status: 0 when every input was classified (whatever the verdicts), 2 for usage errors
//! and unreadable or invalid files, 1 when output could not be written. `table check` exits 0
//! when the file is valid and 2 when it is not.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use binclass::{Bins, CardData, Lang, Profile, Support, Table};
use clap::{Parser, Subcommand};
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "binclass",
    version = concat!(env!("CARGO_PKG_VERSION"), " (card table ", env!("BINCLASS_DATA_VERSION"), ")"),
    about = "Decide offline whether a POS terminal can take a card, and say why not"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Classify card numbers given as arguments, or one per line from standard input.
    Classify {
        /// One JSON object per input, in input order.
        #[arg(long)]
        json: bool,
        /// Terminal profile file (TOML, or JSON if it starts with `{`).
        #[arg(long, value_name = "FILE")]
        profile: Option<std::path::PathBuf>,
        /// Runtime card table laid over the compiled one (data/FORMAT.md, "Runtime table files").
        #[arg(long, value_name = "FILE")]
        table: Option<std::path::PathBuf>,
        /// Issuer data by BIN: product, country, issuer (data/FORMAT.md, "BIN files").
        #[arg(long, value_name = "FILE")]
        bins: Option<std::path::PathBuf>,
        /// Card numbers; read from standard input, one per line, when none are given.
        inputs: Vec<String>,
    },
    /// Check card table and BIN files before pushing them to terminals.
    #[command(subcommand)]
    Table(TableCommand),
    /// List the schemes a partly typed card number could still become.
    Candidates {
        /// Print a JSON array instead of one id per line.
        #[arg(long)]
        json: bool,
        /// The digits typed so far (may be empty).
        prefix: String,
    },
}

#[derive(Subcommand)]
enum TableCommand {
    /// Validate a runtime table or BIN file and print a summary (rows, schemes, overlaps,
    /// version, errors). Exits 2 when the file has errors.
    Check {
        /// The file; its column header tells which kind it is.
        file: std::path::PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Classify {
            json,
            profile,
            table,
            bins,
            inputs,
        } => run_classify(
            json,
            profile.as_deref(),
            table.as_deref(),
            bins.as_deref(),
            &inputs,
        ),
        Command::Candidates { json, prefix } => run_candidates(json, &prefix),
        Command::Table(TableCommand::Check { file }) => run_table_check(&file),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            eprintln!("binclass: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Invalid) => ExitCode::from(2),
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Output(e)) => {
            eprintln!("binclass: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}

enum Failure {
    /// Bad arguments or unreadable input files: exit 2.
    Usage(String),
    /// `table check` found errors (already printed): exit 2.
    Invalid,
    /// Output failed: exit 1.
    Output(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::Output(e)
    }
}

fn run_classify(
    json: bool,
    profile: Option<&std::path::Path>,
    table: Option<&std::path::Path>,
    bins: Option<&std::path::Path>,
    inputs: &[String],
) -> Result<(), Failure> {
    let profile = match profile {
        Some(p) => Profile::from_file(p).map_err(|e| Failure::Usage(e.to_string()))?,
        None => Profile::default(),
    };
    let table = match table {
        Some(t) => Table::from_file(t).map_err(|e| Failure::Usage(e.to_string()))?,
        None => Table::compiled(),
    };
    let bins = match bins {
        Some(b) => Some(Bins::from_file(b).map_err(|e| Failure::Usage(e.to_string()))?),
        None => None,
    };
    let data = CardData::new(table, bins);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let emit = |input: &[u8], out: &mut BufWriter<io::StdoutLock<'_>>| -> io::Result<()> {
        let v = profile.classify_with(&data, input);
        if json {
            write_json(out, &v, &profile)
        } else {
            write_human(out, &v, &profile)
        }
    };
    if inputs.is_empty() {
        let stdin = io::stdin();
        let mut reader = io::BufReader::with_capacity(1 << 16, stdin.lock());
        let mut line = Vec::with_capacity(128);
        loop {
            line.clear();
            let n = reader
                .read_until(b'\n', &mut line)
                .map_err(|e| Failure::Usage(format!("cannot read standard input: {e}")))?;
            if n == 0 {
                break;
            }
            emit(trim_line_end(&line), &mut out)?;
        }
        // The buffer held card numbers: clear it before it is freed.
        line.iter_mut().for_each(|b| *b = 0);
    } else {
        for input in inputs {
            emit(input.as_bytes(), &mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// `411111******1111  supported  visa  len 16  luhn ok` or
/// `411111******1112  unsupported  luhn_failed  visa  <en> / <zh>`.
fn write_human(out: &mut impl Write, v: &Support, profile: &Profile) -> io::Result<()> {
    let masked = v.masked();
    if masked.is_empty() {
        out.write_all(b"-")?;
    } else {
        write!(out, "{masked}")?;
    }
    match v.reason() {
        None => {
            write!(out, "  supported  {}", v.scheme().map_or("-", |s| s.id()))?;
            if v.candidates().len() > 1 {
                out.write_all(b"  co-badge ")?;
                for (i, s) in profile.ranked(v.candidates()).enumerate() {
                    if i > 0 {
                        out.write_all(b",")?;
                    }
                    out.write_all(s.id().as_bytes())?;
                }
            }
            if let Some(len) = v.length() {
                write!(out, "  len {len}")?;
            }
            match v.luhn() {
                Some(true) => out.write_all(b"  luhn ok")?,
                Some(false) => out.write_all(b"  luhn FAILED (advisory)")?,
                None => {}
            }
            write_issuer(out, v)?;
        }
        Some(r) => {
            write!(out, "  unsupported  {}", r.code())?;
            if let Some(s) = v.scheme() {
                write!(out, "  {}", s.id())?;
            }
            write_issuer(out, v)?;
            write!(out, "  {} / {}", r.message(Lang::En), r.message(Lang::ZhCn))?;
        }
    }
    out.write_all(b"\n")
}

/// `  debit CN` when issuer data knows the card.
fn write_issuer(out: &mut impl Write, v: &Support) -> io::Result<()> {
    if let Some(p) = v.product() {
        write!(out, "  {p}")?;
    }
    if let Some(c) = v.country() {
        write!(out, "  {c}")?;
    }
    Ok(())
}

/// Serialises a scheme set as ids in the profile's priority order.
struct Ranked<'a>(binclass::SchemeSet, &'a Profile);

impl Serialize for Ranked<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for scheme in self.1.ranked(self.0) {
            seq.serialize_element(scheme.id())?;
        }
        seq.end()
    }
}

/// Serialises through `Display` without building a `String`.
struct Shown<T>(T);

impl<T: std::fmt::Display> Serialize for Shown<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// One line of `--json` output. Key names are a public contract.
#[derive(Serialize)]
struct JsonVerdict<'a> {
    masked: Shown<binclass::MaskedPan>,
    support: &'static str,
    scheme: Option<&'static str>,
    candidates: Ranked<'a>,
    length: Option<usize>,
    luhn: Option<bool>,
    reason: Option<&'static str>,
    message_en: Option<&'static str>,
    message_zh: Option<&'static str>,
    product: Option<&'static str>,
    country: Option<Shown<binclass::Country>>,
}

fn write_json(out: &mut impl Write, v: &Support, profile: &Profile) -> io::Result<()> {
    let record = JsonVerdict {
        masked: Shown(v.masked()),
        support: if v.is_supported() {
            "supported"
        } else {
            "unsupported"
        },
        scheme: v.scheme().map(|s| s.id()),
        candidates: Ranked(v.candidates(), profile),
        length: v.length(),
        luhn: v.luhn(),
        reason: v.reason().map(|r| r.code()),
        message_en: v.message(Lang::En),
        message_zh: v.message(Lang::ZhCn),
        product: v.product().map(|p| p.id()),
        country: v.country().map(Shown),
    };
    serde_json::to_writer(&mut *out, &record)?;
    out.write_all(b"\n")
}

fn run_candidates(json: bool, prefix: &str) -> Result<(), Failure> {
    if !prefix
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b' ' || b == b'-')
    {
        return Err(Failure::Usage(
            "PREFIX must be digits (spaces and dashes are ignored)".into(),
        ));
    }
    let set = binclass::candidates(prefix);
    let profile = Profile::default();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if json {
        serde_json::to_writer(&mut out, &Ranked(set, &profile)).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
    } else {
        for s in set {
            writeln!(out, "{}", s.id())?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Which kind of file `table check` was given, from its column header.
enum FileKind {
    Table,
    Bins,
}

fn file_kind(text: &str) -> Option<FileKind> {
    let header = text.lines().find(|l| !l.starts_with('#'))?;
    let cols: Vec<String> = header
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    let has = |n: &str| cols.iter().any(|c| c == n);
    if has("start") && has("end") {
        Some(FileKind::Table)
    } else if has("bin") || has("iin_start") || has("iin") {
        Some(FileKind::Bins)
    } else {
        None
    }
}

fn run_table_check(path: &std::path::Path) -> Result<(), Failure> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("{name}: cannot read: {e}")))?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let errors = match file_kind(&text) {
        Some(FileKind::Table) => match Table::parse(&name, &text) {
            Ok(t) => {
                print_table_summary(&mut out, &name, &t)?;
                return Ok(());
            }
            Err(e) => {
                writeln!(out, "{name}: runtime card table")?;
                e
            }
        },
        Some(FileKind::Bins) => match Bins::parse(&name, &text) {
            Ok(b) => {
                print_bins_summary(&mut out, &name, &b)?;
                return Ok(());
            }
            Err(e) => {
                writeln!(out, "{name}: BIN file")?;
                e
            }
        },
        None => {
            return Err(Failure::Usage(format!(
                "{name}: neither a card table (columns start,end,...) nor a BIN file (a bin column)"
            )));
        }
    };
    for e in &errors.0 {
        writeln!(out, "{e}")?;
    }
    writeln!(out, "errors: {}", errors.0.len())?;
    out.flush()?;
    Err(Failure::Invalid)
}

fn print_table_summary(out: &mut impl Write, name: &str, t: &Table) -> io::Result<()> {
    let s = t.summary();
    writeln!(out, "{name}: runtime card table")?;
    writeln!(out, "version: {}", t.version())?;
    writeln!(out, "effective: {}", t.effective().unwrap_or("-"))?;
    writeln!(
        out,
        "rows: {} ({} set, {} withdrawn)",
        s.rows + s.withdrawals,
        s.rows,
        s.withdrawals
    )?;
    let schemes: Vec<String> = s
        .schemes
        .iter()
        .map(|(sc, n)| format!("{} {n}", sc.id()))
        .collect();
    writeln!(
        out,
        "schemes: {}",
        if schemes.is_empty() {
            "-".to_owned()
        } else {
            schemes.join(", ")
        }
    )?;
    writeln!(
        out,
        "overlaps with the compiled table ({}): {}; new prefixes: {}",
        binclass::DATA_VERSION,
        s.overlaps.len(),
        s.new.len()
    )?;
    for line in &s.new {
        writeln!(
            out,
            "  {name}:{line} adds a prefix range the compiled table does not have"
        )?;
    }
    for o in &s.overlaps {
        let what = match o.kind {
            binclass::table::OverlapKind::Replaces => "replaces (same prefix length)",
            binclass::table::OverlapKind::CarvesOut => "carves its span out of the shorter",
            binclass::table::OverlapKind::Keeps => "leaves in force the longer",
            _ => "meets",
        };
        writeln!(
            out,
            "  {name}:{} {what} data/iin.csv:{}",
            o.line, o.compiled_line
        )?;
    }
    writeln!(out, "errors: 0")?;
    out.flush()
}

fn print_bins_summary(out: &mut impl Write, name: &str, b: &Bins) -> io::Result<()> {
    let s = b.summary();
    writeln!(out, "{name}: BIN file")?;
    writeln!(out, "version: {}", b.meta("version").unwrap_or("-"))?;
    writeln!(
        out,
        "rows: {} ({} six-digit, {} eight-digit)",
        b.len(),
        s.bins6,
        s.bins8
    )?;
    let [credit, debit, prepaid, charge, unknown] = s.products;
    writeln!(
        out,
        "products: credit {credit}, debit {debit}, prepaid {prepaid}, charge {charge}, unknown {unknown}"
    )?;
    writeln!(out, "countries: {}; issuers: {}", s.countries, s.issuers)?;
    let schemes: Vec<String> = s
        .schemes
        .iter()
        .map(|(sc, n)| format!("{} {n}", sc.id()))
        .collect();
    writeln!(
        out,
        "schemes: {}",
        if schemes.is_empty() {
            "-".to_owned()
        } else {
            schemes.join(", ")
        }
    )?;
    writeln!(
        out,
        "overlaps: {} eight-digit BINs inside listed six-digit BINs (the eight-digit entry wins)",
        s.nested
    )?;
    if !b.ignored_columns().is_empty() {
        writeln!(out, "ignored columns: {}", b.ignored_columns().join(", "))?;
    }
    writeln!(out, "errors: 0")?;
    out.flush()
}
