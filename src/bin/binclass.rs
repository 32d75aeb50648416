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

use binclass::{Lang, Profile, Reason, Support};
use clap::{Parser, Subcommand};
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::sync::mpsc;

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
        /// One JSON object per input, in input order (with --summary: one JSON object).
        #[arg(long)]
        json: bool,
        /// Print only counts per scheme and per reason, no line per input.
        #[arg(long)]
        summary: bool,
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
            summary,
            profile,
            inputs,
        } => run_classify(json, summary, profile.as_deref(), &inputs),
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
    summary: bool,
    profile: Option<&std::path::Path>,
    inputs: &[String],
) -> Result<(), Failure> {
    let profile = match profile {
        Some(p) => Profile::from_file(p).map_err(|e| Failure::Usage(e.to_string()))?,
        None => Profile::default(),
    };
    if summary {
        let counts = if inputs.is_empty() {
            summarize_stdin(&profile)?
        } else {
            let mut c = Counts::default();
            inputs.iter().for_each(|i| c.add(&profile.classify(i)));
            c
        };
        let stdout = io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        if json {
            counts.write_json(&mut out)?;
        } else {
            counts.write_text(&mut out)?;
        }
        out.flush()?;
        return Ok(());
    }
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    let json_writer = JsonLines::new();
    let emit = |input: &[u8], out: &mut BufWriter<io::StdoutLock<'_>>| -> io::Result<()> {
        let v = profile.classify(input);
        if json {
            json_writer.write(out, &v, &profile)
        } else {
            write_human(out, &v, &profile)
        }
    };
    if inputs.is_empty() {
        let mut lines = Lines::stdin();
        let mut block = Vec::with_capacity(BLOCK);
        while lines.fill(&mut block).map_err(read_failure)? {
            for line in split_lines(&block) {
                emit(line, &mut out)?;
            }
        }
        // The buffer held card numbers: clear it before it is freed.
        wipe(&mut block);
        lines.finish();
    } else {
        for input in inputs {
            emit(input.as_bytes(), &mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn read_failure(e: io::Error) -> Failure {
    Failure::Usage(format!("cannot read standard input: {e}"))
}

/// Overwrites a buffer that held card numbers.
fn wipe(buf: &mut Vec<u8>) {
    buf.iter_mut().for_each(|b| *b = 0);
    std::hint::black_box(&buf);
    buf.clear();
}

// ---- Reading standard input in blocks --------------------------------------------------------

/// Bytes asked for per read: big enough that per-block costs vanish.
const BLOCK: usize = 1 << 20;

/// Reads input as blocks of whole lines, without copying or allocating per line.
///
/// A line longer than a block can only be `bad_length` (anything over `pan::MAX_INPUT`
/// bytes is, unread), so only its first `MAX_INPUT + 1` bytes are kept and the rest skipped:
/// memory stays bounded whatever the input.
struct Lines<R> {
    reader: R,
    /// Start of the next block: the incomplete line at the end of the last read.
    carry: Vec<u8>,
    skipping: bool,
    done: bool,
    progress: Progress,
}

impl Lines<io::StdinLock<'static>> {
    fn stdin() -> Self {
        Lines {
            reader: io::stdin().lock(),
            carry: Vec::new(),
            skipping: false,
            done: false,
            progress: Progress::for_stdin(),
        }
    }
}

impl<R: Read> Lines<R> {
    /// Replaces `buf` with the next lines (the last one may lack its `\n` at the end of the
    /// input). Returns false when there is nothing left.
    fn fill(&mut self, buf: &mut Vec<u8>) -> io::Result<bool> {
        buf.clear();
        buf.append(&mut self.carry);
        while !self.done {
            let start = buf.len();
            buf.resize(start.max(BLOCK), 0);
            let n = match self.reader.read(buf.get_mut(start..).unwrap_or_default()) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                    buf.truncate(start);
                    continue;
                }
                Err(e) => return Err(e),
            };
            buf.truncate(start + n);
            self.progress.advance(n);
            if n == 0 && buf.len() == start {
                self.done = true;
                break;
            }
            if self.skipping {
                // Still inside an over-long line: drop it up to its end.
                match memchr::memchr(b'\n', &buf[start..]) {
                    Some(i) => {
                        buf.drain(start..=start + i);
                        self.skipping = false;
                    }
                    None => {
                        buf.truncate(start);
                        continue;
                    }
                }
            }
            match memchr::memrchr(b'\n', buf) {
                Some(i) => {
                    self.carry.extend_from_slice(&buf[i + 1..]);
                    buf.truncate(i + 1);
                    return Ok(true);
                }
                None if buf.len() >= BLOCK => {
                    // One line longer than a block: keep enough of it for its verdict.
                    buf.truncate(binclass::pan::MAX_INPUT + 1);
                    buf.push(b'\n');
                    self.skipping = true;
                    return Ok(true);
                }
                None => {}
            }
        }
        Ok(!buf.is_empty())
    }

    fn finish(&mut self) {
        wipe(&mut self.carry);
        self.progress.finish();
    }
}

/// The lines of a block, without their `\n` or `\r\n` (SIMD newline search).
fn split_lines(block: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', block);
    // A block's last line may lack its newline (end of input).
    let last = (!block.is_empty() && !block.ends_with(b"\n")).then_some(block.len());
    ends.chain(last).map(move |end| {
        let line = block.get(start..end).unwrap_or_default();
        start = end + 1;
        trim_line_end(line)
    })
}

/// A progress line on standard error, only when it is a terminal and the run is long.
struct Progress {
    enabled: bool,
    /// Size of the input when it is a regular file.
    total: Option<u64>,
    read: u64,
    start: std::time::Instant,
    next: std::time::Instant,
    shown: bool,
}

impl Progress {
    /// Runs shorter than this show nothing.
    const AFTER: std::time::Duration = std::time::Duration::from_secs(1);
    const EVERY: std::time::Duration = std::time::Duration::from_millis(250);

    fn for_stdin() -> Progress {
        let now = std::time::Instant::now();
        Progress {
            enabled: io::stderr().is_terminal(),
            total: stdin_file_size(),
            read: 0,
            start: now,
            next: now + Self::AFTER,
            shown: false,
        }
    }

    fn advance(&mut self, bytes: usize) {
        self.read += bytes as u64;
        if !self.enabled {
            return;
        }
        let now = std::time::Instant::now();
        if now < self.next {
            return;
        }
        self.next = now + Self::EVERY;
        self.shown = true;
        let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
        let secs = now.duration_since(self.start).as_secs_f64();
        let rate = mib(self.read) / secs.max(1e-9);
        let line = match self.total {
            Some(t) if t > 0 => format!(
                "binclass: {:.0} of {:.0} MiB ({:.0}%), {rate:.0} MiB/s",
                mib(self.read),
                mib(t),
                100.0 * self.read as f64 / t as f64
            ),
            _ => format!("binclass: {:.0} MiB, {rate:.0} MiB/s", mib(self.read)),
        };
        // `\r` and erase-to-end-of-line: the line redraws in place.
        let _ = write!(io::stderr().lock(), "\r{line}\x1b[K");
    }

    fn finish(&mut self) {
        if self.shown {
            let _ = write!(io::stderr().lock(), "\r\x1b[K");
            self.shown = false;
        }
    }
}

/// The size of standard input when it is a regular file (`binclass classify < file`).
fn stdin_file_size() -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
        let meta = std::fs::File::from(fd).metadata().ok()?;
        meta.is_file().then_some(meta.len())
    }
    #[cfg(not(unix))]
    {
        None
    }
}

// ---- --summary -----------------------------------------------------------------------------

/// Verdict counts for `--summary`.
#[derive(Clone)]
struct Counts {
    inputs: u64,
    supported: u64,
    /// By reason number.
    reasons: [u64; 256],
    /// By scheme code: [supported, unsupported].
    schemes: [[u64; 2]; 64],
}

impl Default for Counts {
    fn default() -> Counts {
        Counts {
            inputs: 0,
            supported: 0,
            reasons: [0; 256],
            schemes: [[0; 2]; 64],
        }
    }
}

impl Counts {
    #[inline]
    fn add(&mut self, v: &Support) {
        self.inputs += 1;
        let supported = v.is_supported();
        self.supported += u64::from(supported);
        if let Some(r) = v.reason() {
            self.reasons[usize::from(r.number())] += 1;
        }
        if let Some(s) = v.scheme() {
            self.schemes[usize::from(s.code()) % 64][usize::from(!supported)] += 1;
        }
    }

    fn merge(&mut self, other: &Counts) {
        self.inputs += other.inputs;
        self.supported += other.supported;
        for (a, b) in self.reasons.iter_mut().zip(&other.reasons) {
            *a += b;
        }
        for (a, b) in self.schemes.iter_mut().zip(&other.schemes) {
            a[0] += b[0];
            a[1] += b[1];
        }
    }

    fn schemes(&self) -> impl Iterator<Item = (binclass::Scheme, [u64; 2])> + '_ {
        binclass::Scheme::ALL
            .iter()
            .map(|&s| (s, self.schemes[usize::from(s.code()) % 64]))
            .filter(|(_, c)| c[0] + c[1] > 0)
    }

    fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        let pct = |n: u64| 100.0 * n as f64 / self.inputs.max(1) as f64;
        writeln!(out, "inputs       {}", self.inputs)?;
        writeln!(
            out,
            "supported    {}  ({:.2}%)",
            self.supported,
            pct(self.supported)
        )?;
        let unsupported = self.inputs - self.supported;
        writeln!(
            out,
            "unsupported  {unsupported}  ({:.2}%)",
            pct(unsupported)
        )?;
        writeln!(out, "\nreason                   count")?;
        for r in Reason::ALL {
            writeln!(
                out,
                "{:<20} {:>10}",
                r.code(),
                self.reasons[usize::from(r.number())]
            )?;
        }
        writeln!(out, "\nscheme                supported  unsupported")?;
        for (s, [yes, no]) in self.schemes() {
            writeln!(out, "{:<20} {yes:>10} {no:>12}", s.id())?;
        }
        Ok(())
    }

    /// One JSON object; the key names are a public contract.
    fn write_json(&self, out: &mut impl Write) -> io::Result<()> {
        let reasons: serde_json::Map<String, serde_json::Value> = Reason::ALL
            .iter()
            .map(|r| {
                (
                    r.code().to_owned(),
                    self.reasons[usize::from(r.number())].into(),
                )
            })
            .collect();
        let schemes: serde_json::Map<String, serde_json::Value> = self
            .schemes()
            .map(|(s, [yes, no])| {
                (
                    s.id().to_owned(),
                    serde_json::json!({ "supported": yes, "unsupported": no }),
                )
            })
            .collect();
        let doc = serde_json::json!({
            "inputs": self.inputs,
            "supported": self.supported,
            "unsupported": self.inputs - self.supported,
            "reasons": reasons,
            "schemes": schemes,
        });
        serde_json::to_writer(&mut *out, &doc)?;
        out.write_all(b"\n")
    }
}

/// Counts standard input's verdicts on every core: the main thread reads blocks and hands
/// them round-robin to one worker per core; buffers go back to the reader for reuse.
fn summarize_stdin(profile: &Profile) -> Result<Counts, Failure> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let count_block = |block: &[u8], c: &mut Counts| {
        for line in split_lines(block) {
            c.add(&profile.classify(line));
        }
    };
    let mut lines = Lines::stdin();
    if workers == 1 {
        let mut c = Counts::default();
        let mut block = Vec::with_capacity(BLOCK);
        while lines.fill(&mut block).map_err(read_failure)? {
            count_block(&block, &mut c);
        }
        wipe(&mut block);
        lines.finish();
        return Ok(c);
    }
    let result = std::thread::scope(|scope| {
        let (give_back, returned) = mpsc::channel::<Vec<u8>>();
        let mut queues = Vec::new();
        let mut handles = Vec::new();
        for _ in 0..workers {
            let (tx, rx) = mpsc::sync_channel::<Vec<u8>>(2);
            let give_back = give_back.clone();
            queues.push(tx);
            handles.push(scope.spawn(move || {
                let mut c = Counts::default();
                for block in rx {
                    count_block(&block, &mut c);
                    // The reader may have stopped; then the buffer is simply dropped below.
                    if let Err(mpsc::SendError(mut block)) = give_back.send(block) {
                        wipe(&mut block);
                    }
                }
                c
            }));
        }
        drop(give_back);
        let mut read = Ok(());
        let mut pool: Vec<Vec<u8>> = Vec::new();
        for turn in 0.. {
            let mut block = returned
                .try_recv()
                .ok()
                .or_else(|| pool.pop())
                .unwrap_or_else(|| Vec::with_capacity(BLOCK));
            match lines.fill(&mut block) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    read = Err(e);
                    break;
                }
            }
            if queues[turn % workers].send(block).is_err() {
                break;
            }
        }
        drop(queues);
        let mut total = Counts::default();
        for h in handles {
            match h.join() {
                Ok(c) => total.merge(&c),
                Err(p) => std::panic::resume_unwind(p),
            }
        }
        for mut b in returned.try_iter().chain(pool) {
            wipe(&mut b);
        }
        read.map(|()| total)
    });
    lines.finish();
    result.map_err(read_failure)
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
#[cfg(test)]
struct Shown<T>(T);

#[cfg(test)]
impl<T: std::fmt::Display> Serialize for Shown<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// Writes `--json` lines without a serializer: every string that can appear is escaped once,
/// up front, by serde_json, and each line is then a handful of buffer copies. The output is
/// byte for byte what `serde_json` writes for [`JsonVerdict`] (tested below). Key names and
/// order are a public contract.
struct JsonLines {
    /// `"id"` by scheme code.
    ids: Vec<Vec<u8>>,
    /// The end of a line by reason number (0: supported): reason, messages, `}` and newline.
    tails: Vec<Vec<u8>>,
}

impl JsonLines {
    fn new() -> JsonLines {
        let quoted = |s: &str| serde_json::to_vec(s).unwrap_or_default();
        let mut ids = vec![b"null".to_vec(); 256];
        for s in binclass::Scheme::ALL {
            ids[usize::from(s.code())] = quoted(s.id());
        }
        let mut tails =
            vec![b"\"reason\":null,\"message_en\":null,\"message_zh\":null}\n".to_vec(); 256];
        for r in Reason::ALL {
            let mut t = b"\"reason\":".to_vec();
            t.extend(quoted(r.code()));
            t.extend(b",\"message_en\":");
            t.extend(quoted(r.message(Lang::En)));
            t.extend(b",\"message_zh\":");
            t.extend(quoted(r.message(Lang::ZhCn)));
            t.extend(b"}\n");
            tails[usize::from(r.number())] = t;
        }
        JsonLines { ids, tails }
    }

    fn write(&self, out: &mut impl Write, v: &Support, profile: &Profile) -> io::Result<()> {
        out.write_all(b"{\"masked\":\"")?;
        // Digits and `*` only: nothing to escape.
        write!(out, "{}", v.masked())?;
        out.write_all(if v.is_supported() {
            b"\",\"support\":\"supported\",\"scheme\":"
        } else {
            b"\",\"support\":\"unsupported\",\"scheme\":"
        })?;
        out.write_all(v.scheme().map_or(b"null", |s| self.id(s)))?;
        out.write_all(b",\"candidates\":[")?;
        for (i, s) in profile.ranked(v.candidates()).enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            out.write_all(self.id(s))?;
        }
        out.write_all(b"],\"length\":")?;
        match v.length() {
            Some(n) => write!(out, "{n}")?,
            None => out.write_all(b"null")?,
        }
        out.write_all(match v.luhn() {
            Some(true) => b",\"luhn\":true,",
            Some(false) => b",\"luhn\":false,",
            None => b",\"luhn\":null,",
        })?;
        out.write_all(&self.tails[v.reason().map_or(0, |r| usize::from(r.number()))])
    }

    fn id(&self, s: binclass::Scheme) -> &[u8] {
        &self.ids[usize::from(s.code())]
    }
}

/// One line of `--json` output, the serde way: the reference [`JsonLines`] is tested against.
#[cfg(test)]
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

#[cfg(test)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_match_serde_json_byte_for_byte() {
        let profiles = [
            Profile::default(),
            Profile::accepting(&[binclass::Scheme::Discover, binclass::Scheme::Unionpay]),
        ];
        let inputs = [
            "4111111111111111",
            "4111111111111112",
            "6221260000000000",
            "6212345678901234560",
            "378282246310005",
            "7012345678901234",
            "22000000000000000",
            "",
            "4111x",
            "4111 1111",
            "12345678901234567890123",
            "4444444444444444444444444444444444444444444444444444444444444444444444",
        ];
        let fast = JsonLines::new();
        for p in &profiles {
            for i in inputs {
                let v = p.classify(i);
                let (mut a, mut b) = (Vec::new(), Vec::new());
                fast.write(&mut a, &v, p).unwrap();
                write_json(&mut b, &v, p).unwrap();
                assert_eq!(
                    String::from_utf8(a).unwrap(),
                    String::from_utf8(b).unwrap(),
                    "{i:?}"
                );
            }
        }
    }

    #[test]
    fn split_lines_keeps_empty_lines_and_a_missing_final_newline() {
        let lines = |b: &[u8]| split_lines(b).map(<[u8]>::to_vec).collect::<Vec<_>>();
        assert!(lines(b"").is_empty());
        assert_eq!(lines(b"\n"), [b"".to_vec()]);
        assert_eq!(
            lines(b"a\r\n\nb"),
            [b"a".to_vec(), b"".to_vec(), b"b".to_vec()]
        );
        assert_eq!(lines(b"a\nb\n"), [b"a".to_vec(), b"b".to_vec()]);
    }

    #[test]
    fn lines_reader_bounds_an_over_long_line() {
        let mut input = b"4111111111111111\n".to_vec();
        input.extend(std::iter::repeat_n(b'9', 3 * BLOCK + 7));
        input.extend(b"\n378282246310005");
        let mut lines = Lines {
            reader: &input[..],
            carry: Vec::new(),
            skipping: false,
            done: false,
            progress: Progress::for_stdin(),
        };
        let mut block = Vec::new();
        let mut got = Vec::new();
        while lines.fill(&mut block).unwrap() {
            assert!(block.len() <= BLOCK + 1);
            got.extend(split_lines(&block).map(|l| (l.len(), binclass::classify(l).reason())));
        }
        assert_eq!(
            got,
            [
                (16, None),
                (binclass::pan::MAX_INPUT + 1, Some(Reason::BadLength)),
                (15, None)
            ]
        );
    }
}
