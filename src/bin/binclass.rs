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

use binclass::{Bins, CardData, Date, Fallback, Flags, Lang, Profile, Reason, Support, Table};
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::sync::mpsc;
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
        /// One JSON object per input, in input order (with --summary: one JSON object).
        #[arg(long)]
        json: bool,
        /// Print only counts per scheme and per reason, no line per input.
        #[arg(long)]
        summary: bool,
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
            summary,
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
                summary,
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
    summary: bool,
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
    // Runtime card data costs a little per card; the compiled table alone takes the fast path.
    let runtime_data = table.is_some() || bins.is_some();
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
    let classify = |input: &[u8]| match mode {
        Mode::Keyed if runtime_data => profile.classify_with(&data, input),
        Mode::Keyed => profile.classify(input),
        Mode::Track if runtime_data => profile.classify_track_with(&data, input),
        Mode::Track => profile.classify_track(input),
        Mode::Emv if runtime_data => profile.classify_emv_hex_with(&data, input),
        Mode::Emv => profile.classify_emv_hex(input),
    };
    if opts.summary {
        let counts = if inputs.is_empty() {
            summarize(
                Lines::new(io::stdin().lock(), Progress::for_stdin()),
                &classify,
            )?
        } else {
            let mut c = Counts::default();
            inputs.iter().for_each(|i| c.add(&classify(i.as_bytes())));
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
    let json_lines = JsonLines::new();
    // Writing into a `Vec` cannot fail; the `io::Result` is the `Write` trait's.
    let format = |input: &[u8], text: &mut Vec<u8>| -> io::Result<()> {
        let v = classify(input);
        if json {
            json_lines.write(text, &v, &profile)
        } else {
            write_human(text, &v, &profile)
        }
    };
    if inputs.is_empty() {
        let lines = Lines::new(io::stdin(), Progress::for_stdin());
        emit_lines(lines, &mut out, &format)?;
    } else {
        let mut text = Vec::new();
        for input in inputs {
            format(input.as_bytes(), &mut text)?;
        }
        out.write_all(&text)?;
    }
    out.flush()?;
    Ok(())
}

fn read_failure(e: io::Error) -> Failure {
    Failure::Usage(format!("cannot read standard input: {e}"))
}

/// Writes `format`'s text for every line of the input (without its line end), in input
/// order, formatted on every core: a reader thread deals blocks of whole lines round-robin
/// to one worker per core, and this thread writes the workers' text in the same turn order,
/// so each worker's results arrive in sequence. The lines are card numbers or track data:
/// every input buffer is wiped before it is freed or grown. When writing fails, the workers
/// and the reader stop at their next hand-over.
fn emit_lines<R: Read + Send>(
    mut lines: Lines<R>,
    out: &mut impl Write,
    format: &(impl Fn(&[u8], &mut Vec<u8>) -> io::Result<()> + Sync),
) -> Result<(), Failure> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    std::thread::scope(|scope| {
        let (give_back, returned) = mpsc::channel::<Vec<u8>>();
        let mut to_workers = Vec::new();
        let mut results = Vec::new();
        let mut spares = Vec::new();
        let mut handles = Vec::new();
        for _ in 0..workers {
            let (block_tx, block_rx) = mpsc::sync_channel::<Vec<u8>>(2);
            let (text_tx, text_rx) = mpsc::sync_channel::<io::Result<Vec<u8>>>(2);
            let (spare_tx, spare_rx) = mpsc::channel::<Vec<u8>>();
            let give_back = give_back.clone();
            to_workers.push(block_tx);
            results.push(text_rx);
            spares.push(spare_tx);
            handles.push(scope.spawn(move || {
                for mut block in block_rx {
                    let mut text = spare_rx.try_recv().unwrap_or_default();
                    text.clear();
                    let formatted = split_lines(&block)
                        .try_for_each(|line| format(line, &mut text))
                        .map(|()| text);
                    if let Err(mpsc::SendError(b)) = give_back.send(block) {
                        block = b;
                        block.zeroize();
                    }
                    if text_tx.send(formatted).is_err() {
                        break;
                    }
                }
            }));
        }
        drop(give_back);
        let reader = scope.spawn(move || {
            let read = deal_blocks(&mut lines, &returned, &to_workers);
            drop(to_workers);
            lines.finish();
            (read, returned)
        });
        let mut written = Ok(());
        for turn in 0.. {
            let k = turn % workers;
            let Ok(text) = results[k].recv() else {
                break;
            };
            // Flushed per block: a block is what one read returned, so a line typed at a
            // terminal gets its verdict at once, and a fast stream is written in big pieces.
            match text.and_then(|t| out.write_all(&t).and_then(|()| out.flush()).map(|()| t)) {
                // The buffer goes back for the worker's next block (unless it has finished).
                Ok(t) => drop(spares[k].send(t)),
                Err(e) => {
                    written = Err(e);
                    break;
                }
            }
        }
        // Unblocks workers waiting to hand over text after a write error.
        drop(results);
        for h in handles {
            if let Err(p) = h.join() {
                std::panic::resume_unwind(p);
            }
        }
        let (read, returned) = match reader.join() {
            Ok(r) => r,
            Err(p) => std::panic::resume_unwind(p),
        };
        for mut b in returned.try_iter() {
            b.zeroize();
        }
        written.map_err(Failure::from)?;
        read.map_err(read_failure)
    })
}

// ---- Reading standard input in blocks --------------------------------------------------------

/// Bytes per block when input comes fast: big enough that per-block costs vanish.
const BLOCK: usize = 1 << 20;
/// The smallest read: what a pipe hands over at most.
const MIN_WINDOW: usize = 1 << 16;

/// Reads input as blocks of whole lines: one read per block and a SIMD newline search, no
/// copy or allocation per line. A line longer than a block grows the block (the old buffer
/// is wiped first).
struct Lines<R> {
    reader: R,
    /// Start of the next block: the incomplete line at the end of the last read.
    carry: Vec<u8>,
    /// Bytes asked for by the next read (see `fill`).
    window: usize,
    done: bool,
    progress: Progress,
}

impl<R: Read> Lines<R> {
    fn new(reader: R, progress: Progress) -> Lines<R> {
        Lines {
            reader,
            carry: Vec::new(),
            window: MIN_WINDOW,
            done: false,
            progress,
        }
    }

    /// Replaces `buf` with the next lines (the last one may lack its `\n` at the end of the
    /// input). Returns false when there is nothing left.
    fn fill(&mut self, buf: &mut Vec<u8>) -> io::Result<bool> {
        buf.clear();
        buf.extend_from_slice(&self.carry);
        self.carry.zeroize();
        let mut limit = BLOCK;
        while !self.done {
            let start = buf.len();
            if start >= limit {
                limit *= 2;
            }
            if buf.capacity() < limit {
                // Grow by hand so the old buffer can be wiped.
                let mut bigger = Vec::with_capacity(limit);
                bigger.extend_from_slice(buf);
                buf.zeroize();
                *buf = bigger;
            }
            // Read into a window that grows while reads fill it (a file) and stays small
            // when they do not (a pipe hands over 64 KiB at most, a terminal a line): the
            // window is zeroed before each read, and zeroing a whole block for a short read
            // cost more than the read.
            let window = self.window.min(limit - start);
            buf.resize(start + window, 0);
            let n = match self.reader.read(&mut buf[start..]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                    buf.truncate(start);
                    continue;
                }
                Err(e) => {
                    buf.truncate(start);
                    return Err(e);
                }
            };
            buf.truncate(start + n);
            self.window = if n == window {
                (window * 2).min(BLOCK)
            } else {
                MIN_WINDOW
            };
            self.progress.advance(n);
            if n == 0 {
                self.done = true;
            } else if let Some(i) = memchr::memrchr(b'\n', &buf[start..]) {
                // Only the new bytes can hold a line end: the rest had none.
                let cut = start + i + 1;
                self.carry.extend_from_slice(&buf[cut..]);
                buf.truncate(cut);
                return Ok(true);
            }
        }
        Ok(!buf.is_empty())
    }

    fn finish(&mut self) {
        self.carry.zeroize();
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
    /// No progress line (tests, and input that is not standard input).
    #[cfg(test)]
    fn off() -> Progress {
        let now = std::time::Instant::now();
        Progress {
            enabled: false,
            total: None,
            read: 0,
            start: now,
            next: now,
            shown: false,
        }
    }

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

    /// One JSON object; the key names are a public contract. Reasons come in number order,
    /// schemes in code order (ids and codes are plain ASCII: nothing to escape).
    fn write_json(&self, out: &mut impl Write) -> io::Result<()> {
        write!(
            out,
            "{{\"inputs\":{},\"supported\":{},\"unsupported\":{},\"reasons\":{{",
            self.inputs,
            self.supported,
            self.inputs - self.supported
        )?;
        for (i, r) in Reason::ALL.iter().enumerate() {
            let sep = if i > 0 { "," } else { "" };
            let n = self.reasons[usize::from(r.number())];
            write!(out, "{sep}\"{}\":{n}", r.code())?;
        }
        out.write_all(b"},\"schemes\":{")?;
        for (i, (s, [yes, no])) in self.schemes().enumerate() {
            let sep = if i > 0 { "," } else { "" };
            write!(
                out,
                "{sep}\"{}\":{{\"supported\":{yes},\"unsupported\":{no}}}",
                s.id()
            )?;
        }
        out.write_all(b"}}\n")
    }
}

/// Counts the verdicts of every line on every core: the calling thread reads blocks and
/// hands them round-robin to one worker per core; buffers go back to the reader for reuse
/// and are wiped at the end.
fn summarize<R: Read>(
    mut lines: Lines<R>,
    classify: &(impl Fn(&[u8]) -> Support + Sync),
) -> Result<Counts, Failure> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let count_block = |block: &[u8], c: &mut Counts| {
        for line in split_lines(block) {
            c.add(&classify(line));
        }
    };
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
                    if let Err(mpsc::SendError(mut block)) = give_back.send(block) {
                        block.zeroize();
                    }
                }
                c
            }));
        }
        drop(give_back);
        let read = deal_blocks(&mut lines, &returned, &queues);
        drop(queues);
        let mut total = Counts::default();
        for h in handles {
            match h.join() {
                Ok(c) => total.merge(&c),
                Err(p) => std::panic::resume_unwind(p),
            }
        }
        for mut b in returned.try_iter() {
            b.zeroize();
        }
        read.map(|()| total)
    });
    lines.finish();
    result.map_err(read_failure)
}

/// Reads blocks of whole lines and deals them round-robin to `queues`, reusing the buffers
/// that come back on `returned`, until the input ends, a read fails, or a worker has gone
/// (then the block is wiped). Every buffer it drops is wiped first.
fn deal_blocks<R: Read>(
    lines: &mut Lines<R>,
    returned: &mpsc::Receiver<Vec<u8>>,
    queues: &[mpsc::SyncSender<Vec<u8>>],
) -> io::Result<()> {
    for queue in queues.iter().cycle() {
        let mut block = returned.try_recv().unwrap_or_default();
        match lines.fill(&mut block) {
            Ok(true) => {}
            Ok(false) => {
                block.zeroize();
                return Ok(());
            }
            Err(e) => {
                block.zeroize();
                return Err(e);
            }
        }
        if let Err(mpsc::SendError(mut block)) = queue.send(block) {
            block.zeroize();
            return Ok(());
        }
    }
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
        write_masked(out, masked)?;
    }
    match v.reason() {
        None => {
            put(out, &["  supported  ", v.scheme().map_or("-", |s| s.id())])?;
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
                out.write_all(b"  len ")?;
                write_small(out, len)?;
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
                    put(out, &["  ", name])?;
                }
            }
            write_issuer(out, v)?;
        }
        Some(r) => {
            put(out, &["  unsupported  ", r.code()])?;
            if let Some(s) = v.scheme() {
                put(out, &["  ", s.id()])?;
            }
            write_card_present(out, v)?;
            write_issuer(out, v)?;
            put(
                out,
                &["  ", r.message(Lang::En), " / ", r.message(Lang::ZhCn)],
            )?;
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

/// Writes `--json` lines without a serializer: every string that can appear is escaped once,
/// up front, by serde_json, and each line is then a handful of buffer copies. The output is
/// byte for byte what `serde_json` writes for [`JsonVerdict`] (tested below). Key names and
/// order are a public contract.
struct JsonLines {
    /// `"id"` by scheme code.
    ids: Vec<Vec<u8>>,
    /// `"reason":…,"message_en":…,"message_zh":…` by reason number (0: supported).
    reasons: Vec<Vec<u8>>,
}

impl JsonLines {
    fn new() -> JsonLines {
        let quoted = |s: &str| serde_json::to_vec(s).unwrap_or_default();
        let mut ids = vec![b"null".to_vec(); 256];
        for s in binclass::Scheme::ALL {
            ids[usize::from(s.code())] = quoted(s.id());
        }
        let mut reasons =
            vec![b"\"reason\":null,\"message_en\":null,\"message_zh\":null".to_vec(); 256];
        for r in Reason::ALL {
            let mut t = b"\"reason\":".to_vec();
            t.extend(quoted(r.code()));
            t.extend(b",\"message_en\":");
            t.extend(quoted(r.message(Lang::En)));
            t.extend(b",\"message_zh\":");
            t.extend(quoted(r.message(Lang::ZhCn)));
            reasons[usize::from(r.number())] = t;
        }
        JsonLines { ids, reasons }
    }

    fn write(&self, out: &mut impl Write, v: &Support, profile: &Profile) -> io::Result<()> {
        out.write_all(b"{\"masked\":\"")?;
        // Digits and `*` only: nothing to escape.
        write_masked(out, v.masked())?;
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
            Some(n) => write_small(out, n)?,
            None => out.write_all(b"null")?,
        }
        out.write_all(match v.luhn() {
            Some(true) => b",\"luhn\":true,",
            Some(false) => b",\"luhn\":false,",
            None => b",\"luhn\":null,",
        })?;
        out.write_all(&self.reasons[v.reason().map_or(0, |r| usize::from(r.number()))])?;
        // Entry ids, YYMM and service codes are ASCII letters and digits: nothing to escape.
        out.write_all(b",\"entry\":\"")?;
        out.write_all(v.entry().id().as_bytes())?;
        out.write_all(b"\"")?;
        // Product ids and ISO 3166 letters: nothing to escape either.
        write_json_opt(out, b",\"expiry\":", v.expiry().map(|e| e.yymm()))?;
        write_json_opt(out, b",\"service_code\":", v.service_code())?;
        write_json_opt(out, b",\"product\":", v.product().map(|p| p.id()))?;
        write_json_opt(out, b",\"country\":", v.country())?;
        out.write_all(b"}\n")
    }

    fn id(&self, s: binclass::Scheme) -> &[u8] {
        &self.ids[usize::from(s.code())]
    }
}

/// Writes text pieces one after another (cheaper than `write!` on every output line).
fn put(out: &mut impl Write, pieces: &[&str]) -> io::Result<()> {
    pieces.iter().try_for_each(|p| out.write_all(p.as_bytes()))
}

/// Writes a masked PAN (`411111******1111`) without the formatting machinery: it is on every
/// line of `--json` and human output.
fn write_masked(out: &mut impl Write, masked: binclass::MaskedPan) -> io::Result<()> {
    let mut buf = [0u8; 32];
    match masked.write_ascii(&mut buf) {
        Some(n) => out.write_all(&buf[..n]),
        // Longer than any PAN (refused over-long input): the general path.
        None => write!(out, "{masked}"),
    }
}

/// Writes `key` and then `value` as a JSON string, or `null`. Only for values whose text
/// needs no escaping (ids, digits, ASCII letters).
fn write_json_opt(
    out: &mut impl Write,
    key: &[u8],
    value: Option<impl std::fmt::Display>,
) -> io::Result<()> {
    out.write_all(key)?;
    match value {
        Some(v) => write!(out, "\"{v}\""),
        None => out.write_all(b"null"),
    }
}

/// Writes a number below 100 (a PAN length) without the formatting machinery.
fn write_small(out: &mut impl Write, n: usize) -> io::Result<()> {
    match n {
        0..=9 => out.write_all(&[b'0' + n as u8]),
        10..=99 => out.write_all(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]),
        _ => write!(out, "{n}"),
    }
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

/// One line of `--json` output, the serde way: what [`JsonLines`] is tested against.
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
    entry: &'static str,
    expiry: Option<Shown<binclass::expiry::Yymm>>,
    service_code: Option<Shown<binclass::ServiceCode>>,
    product: Option<&'static str>,
    country: Option<Shown<binclass::Country>>,
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
    write_scheme_counts(out, s.schemes.iter().map(|(sc, n)| (*sc, *n)))?;
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
    write_scheme_counts(out, s.schemes.iter().map(|(sc, n)| (*sc, *n)))?;
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
/// `schemes: visa 3, unionpay 2` (or `schemes: -`) for `table check` summaries.
fn write_scheme_counts(
    out: &mut impl Write,
    counts: impl Iterator<Item = (binclass::Scheme, usize)>,
) -> io::Result<()> {
    let parts: Vec<String> = counts.map(|(sc, n)| format!("{} {n}", sc.id())).collect();
    let text = if parts.is_empty() {
        "-".to_owned()
    } else {
        parts.join(", ")
    };
    writeln!(out, "schemes: {text}")
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
        // Each line comes back as its length and bytes, so empty lines and line ends show.
        let f = |l: &[u8], text: &mut Vec<u8>| {
            text.extend_from_slice(&(l.len() as u64).to_le_bytes());
            text.extend_from_slice(l);
            Ok(())
        };
        let mut out = Vec::new();
        let r = if trickle {
            emit_lines(Lines::new(Trickle(data, 0), Progress::off()), &mut out, &f)
        } else {
            emit_lines(Lines::new(data, Progress::off()), &mut out, &f)
        };
        assert!(r.is_ok());
        let mut got = Vec::new();
        let mut rest = &out[..];
        while let Some((n, tail)) = rest.split_first_chunk::<8>() {
            let n = u64::from_le_bytes(*n) as usize;
            got.push(tail[..n].to_vec());
            rest = &tail[n..];
        }
        got
    }

    /// Many blocks through several workers come out in input order.
    #[test]
    fn lines_come_out_in_input_order() {
        let data: String = (0..400_000).map(|i| format!("{i}\n")).collect();
        assert!(data.len() > 2 * BLOCK);
        let got = lines(data.as_bytes(), false);
        assert_eq!(got.len(), 400_000);
        for (i, l) in got.iter().enumerate() {
            assert_eq!(l, i.to_string().as_bytes());
        }
    }

    /// A write error stops the run with that error instead of hanging or panicking.
    #[test]
    fn a_write_error_stops_every_thread() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let data: String = (0..400_000).map(|i| format!("{i}\n")).collect();
        let f = |l: &[u8], text: &mut Vec<u8>| text.write_all(l);
        let r = emit_lines(
            Lines::new(data.as_bytes(), Progress::off()),
            &mut Closed,
            &f,
        );
        assert!(matches!(r, Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe));
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

    #[test]
    fn a_line_longer_than_a_block_is_kept_whole() {
        let long = vec![b'7'; 3 * BLOCK + 5];
        let mut data = b"a\n".to_vec();
        data.extend_from_slice(&long);
        data.extend_from_slice(b"\nb\n");
        assert_eq!(
            lines(&data, false),
            vec![b"a".to_vec(), long, b"b".to_vec()]
        );
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
    fn json_lines_match_serde_json_byte_for_byte() {
        let today = Date::new(2026, 11, 21).unwrap();
        let profiles = [
            Profile::default().with_today(today),
            Profile::accepting(&[binclass::Scheme::Discover, binclass::Scheme::Unionpay])
                .with_fallback(Fallback::Denied)
                .with_today(today),
        ];
        let keyed = [
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
        let tracks = [
            ";4111111111111111=30122011234567890?",
            ";4111111111111111=25121011234567890?",
            ";6212345678901232=30122200000000000?",
            "%B4111111111111111^DOE/JOHN^3012201000000000000?",
            ";4111111111111111=3012",
        ];
        let emv = ["5A 08 6212345678901232 5F30 02 0220", "5A08", "zz"];
        // Issuer data, so that product and country are written too.
        let bins = Bins::from_file(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/data/bins.csv"
        ))
        .unwrap();
        let data = CardData::new(Table::compiled(), Some(bins));
        let fast = JsonLines::new();
        for p in &profiles {
            let verdicts = keyed
                .iter()
                .map(|i| p.classify(i))
                .chain(keyed.iter().map(|i| p.classify_with(&data, i)))
                .chain(tracks.iter().map(|i| p.classify_track_with(&data, i)))
                .chain(tracks.iter().map(|i| p.classify_track(i)))
                .chain(emv.iter().map(|i| p.classify_emv_hex(i)));
            let mut with_issuer = 0;
            for v in verdicts {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                fast.write(&mut a, &v, p).unwrap();
                write_json(&mut b, &v, p).unwrap();
                assert_eq!(String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap());
                with_issuer += usize::from(v.product().is_some() && v.country().is_some());
            }
            assert!(with_issuer >= 2, "no verdict carried issuer facts");
        }
    }
}
