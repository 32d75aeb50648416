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

use binclass::{Bins, CardData, Date, Fallback, Flags, Lang, Profile, Support, Table};
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;
use zeroize::Zeroize;

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
        /// Inputs are magnetic-stripe data: track 1, track 2, or both (auto-detected).
        #[arg(long, conflicts_with = "emv")]
        track: bool,
        /// Inputs are EMV data as hex BER-TLV (tags 57, 5A, 5F24, 5F30, 4F/84/9F06).
        #[arg(long)]
        emv: bool,
        /// Date for expiry checks, YYYY-MM-DD [default: the profile's `today`, else the
        /// system clock's UTC date].
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
        /// May a swiped chip card be taken? Overrides the profile.
        #[arg(long, value_enum)]
        fallback: Option<FallbackArg>,
        /// Runtime card table laid over the compiled one (data/FORMAT.md, "Runtime table files").
        #[arg(long, value_name = "FILE")]
        table: Option<std::path::PathBuf>,
        /// Issuer data by BIN: product, country, issuer (data/FORMAT.md, "BIN files").
        #[arg(long, value_name = "FILE")]
        bins: Option<std::path::PathBuf>,
        /// Card numbers (or track data, or EMV hex); read from standard input, one per line,
        /// when none are given.
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
            track,
            emv,
            today,
            fallback,
            table,
            bins,
            inputs,
        } => {
            let mode = if track {
                Mode::Track
            } else if emv {
                Mode::Emv
            } else {
                Mode::Keyed
            };
            let opts = Options {
                json,
                mode,
                today,
                fallback,
            };
            run_classify(
                &opts,
                profile.as_deref(),
                table.as_deref(),
                bins.as_deref(),
                &inputs,
            )
        }
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

#[derive(Clone, Copy, ValueEnum)]
enum FallbackArg {
    /// A swiped chip card is classified like any other swipe.
    Allow,
    /// A swiped chip card (service code 2xx or 6xx) is `chip_required`.
    Deny,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Keyed,
    Track,
    Emv,
}

struct Options {
    json: bool,
    mode: Mode,
    today: Option<String>,
    fallback: Option<FallbackArg>,
}

/// Today's UTC date from the system clock (the library itself never reads a clock).
fn system_today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_unix_seconds(secs)
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
    opts: &Options,
    profile: Option<&std::path::Path>,
    table: Option<&std::path::Path>,
    bins: Option<&std::path::Path>,
    inputs: &[String],
) -> Result<(), Failure> {
    let mut profile = match profile {
        Some(p) => Profile::from_file(p).map_err(|e| Failure::Usage(e.to_string()))?,
        None => Profile::default(),
    };
    let today = match &opts.today {
        Some(text) => Some(
            text.parse::<Date>()
                .map_err(|e| Failure::Usage(format!("--today {text}: {e}")))?,
        ),
        None => profile.today().or_else(|| Some(system_today())),
    };
    if let Some(today) = today {
        profile = profile.with_today(today);
    }
    match opts.fallback {
        Some(FallbackArg::Allow) => profile = profile.with_fallback(Fallback::Allowed),
        Some(FallbackArg::Deny) => profile = profile.with_fallback(Fallback::Denied),
        None => {}
    }
    if opts.mode != Mode::Keyed && (table.is_some() || bins.is_some()) {
        return Err(Failure::Usage(
            "--table and --bins apply to keyed input; card-present input (--track, --emv) uses the compiled table".into(),
        ));
    }
    let table = match table {
        Some(t) => Table::from_file(t).map_err(|e| Failure::Usage(e.to_string()))?,
        None => Table::compiled(),
    };
    let bins = match bins {
        Some(b) => Some(Bins::from_file(b).map_err(|e| Failure::Usage(e.to_string()))?),
        None => None,
    };
    let data = CardData::new(table, bins);
    let (json, mode) = (opts.json, opts.mode);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let emit = |input: &[u8], out: &mut BufWriter<io::StdoutLock<'_>>| -> io::Result<()> {
        let v = match mode {
            Mode::Keyed => profile.classify_with(&data, input),
            Mode::Track => profile.classify_track(input),
            Mode::Emv => profile.classify_emv_hex(input),
        };
        if json {
            write_json(out, &v, &profile)
        } else {
            write_human(out, &v, &profile)
        }
    };
    if inputs.is_empty() {
        for_each_line(io::stdin().lock(), |line| emit(line, &mut out))?;
    } else {
        for input in inputs {
            emit(input.as_bytes(), &mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Calls `f` on each line of `input` (without its line end), in order, through one buffer
/// that is wiped before it is freed or grown: the lines are card numbers or track data.
/// Reads of at least 64 KiB bypass the standard library's own stdin buffer.
fn for_each_line(
    mut input: impl Read,
    mut f: impl FnMut(&[u8]) -> io::Result<()>,
) -> Result<(), Failure> {
    let mut buf = vec![0u8; 1 << 16];
    let mut filled = 0;
    let result = loop {
        let n = match input.read(&mut buf[filled..]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => break Err(Failure::Usage(format!("cannot read standard input: {e}"))),
        };
        if n == 0 {
            if filled > 0 {
                if let Err(e) = f(trim_line_end(&buf[..filled])) {
                    break Err(e.into());
                }
            }
            break Ok(());
        }
        let end = filled + n;
        let mut start = 0;
        let mut failed = None;
        // Only the new bytes can hold a line end not seen before.
        let mut from = filled;
        while let Some(i) = buf[from..end].iter().position(|&b| b == b'\n') {
            if let Err(e) = f(trim_line_end(&buf[start..from + i])) {
                failed = Some(e);
                break;
            }
            start = from + i + 1;
            from = start;
        }
        if let Some(e) = failed {
            break Err(e.into());
        }
        buf.copy_within(start..end, 0);
        filled = end - start;
        if filled == buf.len() {
            // A line longer than the buffer: move to a bigger one, wiping the old.
            let mut bigger = vec![0u8; buf.len() * 2];
            bigger[..filled].copy_from_slice(&buf[..filled]);
            buf.zeroize();
            buf = bigger;
        }
    };
    buf.zeroize();
    result
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
            write_card_present(out, v)?;
            for (flag, name) in [
                (Flags::CHIP_PRESENT, "chip"),
                (Flags::PIN_REQUIRED, "pin"),
                (Flags::ONLINE_REQUIRED, "online"),
            ] {
                if v.flags().contains(flag) {
                    write!(out, "  {name}")?;
                }
            }
            write_issuer(out, v)?;
        }
        Some(r) => {
            write!(out, "  unsupported  {}", r.code())?;
            if let Some(s) = v.scheme() {
                write!(out, "  {}", s.id())?;
            }
            write_card_present(out, v)?;
            write_issuer(out, v)?;
            write!(out, "  {} / {}", r.message(Lang::En), r.message(Lang::ZhCn))?;
        }
    }
    out.write_all(b"\n")
}

/// `  track2  exp 3012  svc 201` for card-present input; nothing for keyed input.
fn write_card_present(out: &mut impl Write, v: &Support) -> io::Result<()> {
    if v.entry() == binclass::Entry::Keyed {
        return Ok(());
    }
    write!(out, "  {}", v.entry().id())?;
    if let Some(e) = v.expiry() {
        write!(out, "  exp {}", e.yymm())?;
    }
    if let Some(sc) = v.service_code() {
        write!(out, "  svc {sc}")?;
    }
    Ok(())
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
    entry: &'static str,
    expiry: Option<Shown<binclass::expiry::Yymm>>,
    service_code: Option<Shown<binclass::ServiceCode>>,
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
        entry: v.entry().id(),
        expiry: v.expiry().map(|e| Shown(e.yymm())),
        service_code: v.service_code().map(Shown),
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
#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out its data a few bytes at a time, as a pipe may.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.1 = self.1 % 7 + 1;
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn lines(data: &[u8], trickle: bool) -> Vec<Vec<u8>> {
        let mut got = Vec::new();
        let f = |l: &[u8]| {
            got.push(l.to_vec());
            Ok(())
        };
        let r = if trickle {
            for_each_line(Trickle(data, 0), f)
        } else {
            for_each_line(data, f)
        };
        assert!(r.is_ok());
        got
    }

    #[test]
    fn lines_split_across_reads_and_longer_than_the_buffer() {
        let long = vec![b'7'; 200_000];
        let mut data = b"a\r\n\nbc\n".to_vec();
        data.extend_from_slice(&long);
        data.extend_from_slice(b"\nlast");
        let expected = vec![
            b"a".to_vec(),
            Vec::new(),
            b"bc".to_vec(),
            long,
            b"last".to_vec(),
        ];
        assert_eq!(lines(&data, false), expected);
        assert_eq!(lines(&data, true), expected);
        assert!(lines(b"", false).is_empty());
        assert_eq!(lines(b"x\n", true), vec![b"x".to_vec()]);
    }
}
