//! `binclass`: classify card inputs from the command line or a stream.
//!
//! Exit status: 0 when every input was classified (whatever the verdicts), 2 for usage errors
//! and unreadable files, 1 when output could not be written.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use binclass::{Date, Fallback, Flags, Lang, Profile, Support};
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
        /// Card numbers (or track data, or EMV hex); read from standard input, one per line,
        /// when none are given.
        inputs: Vec<String>,
    },
    /// List the schemes a partly typed card number could still become.
    Candidates {
        /// Print a JSON array instead of one id per line.
        #[arg(long)]
        json: bool,
        /// The digits typed so far (may be empty).
        prefix: String,
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
            run_classify(&opts, profile.as_deref(), &inputs)
        }
        Command::Candidates { json, prefix } => run_candidates(json, &prefix),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            eprintln!("binclass: {msg}");
            ExitCode::from(2)
        }
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
    let (json, mode) = (opts.json, opts.mode);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let emit = |input: &[u8], out: &mut BufWriter<io::StdoutLock<'_>>| -> io::Result<()> {
        let v = match mode {
            Mode::Keyed => profile.classify(input),
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
        }
        Some(r) => {
            write!(out, "  unsupported  {}", r.code())?;
            if let Some(s) = v.scheme() {
                write!(out, "  {}", s.id())?;
            }
            write_card_present(out, v)?;
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
