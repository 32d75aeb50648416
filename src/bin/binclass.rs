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

use binclass::{Lang, Profile, Support};
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
        /// Card numbers; read from standard input, one per line, when none are given.
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
            inputs,
        } => run_classify(json, profile.as_deref(), &inputs),
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
    json: bool,
    profile: Option<&std::path::Path>,
    inputs: &[String],
) -> Result<(), Failure> {
    let profile = match profile {
        Some(p) => Profile::from_file(p).map_err(|e| Failure::Usage(e.to_string()))?,
        None => Profile::default(),
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let emit = |input: &[u8], out: &mut BufWriter<io::StdoutLock<'_>>| -> io::Result<()> {
        let v = profile.classify(input);
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
        }
        Some(r) => {
            write!(out, "  unsupported  {}", r.code())?;
            if let Some(s) = v.scheme() {
                write!(out, "  {}", s.id())?;
            }
            write!(out, "  {} / {}", r.message(Lang::En), r.message(Lang::ZhCn))?;
        }
    }
    out.write_all(b"\n")
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
