//! Shared test helpers: the parsed `data/` tables and a deliberately naive oracle.
//!
//! The oracle re-derives every verdict the slow, obvious way: `String` filtering, a linear
//! scan over the parsed rows, textbook Luhn on text. The fast code must agree with it.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod card;

use binclass::datafile::{self, Dataset, IinRow, LuhnRule};
use binclass::{Profile, Reason, Scheme, SchemeSet};
use std::path::Path;
use std::sync::OnceLock;

pub mod checks;

/// The repository's `data/` directory (this module is also compiled into the fuzz crate,
/// whose manifest sits one level down).
pub fn data_dir() -> std::path::PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    if here.join("data/iin.csv").is_file() {
        here.join("data")
    } else {
        here.join("../data")
    }
}

/// `data/`, parsed and validated by the same parser as `build.rs`.
pub fn data() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(|| {
        datafile::load_dir(&data_dir()).unwrap_or_else(|e| panic!("data/ does not parse: {e}"))
    })
}

/// Textbook Luhn over a digit string: double every second digit from the right, add the
/// digits of the products, total divisible by ten.
pub fn luhn_textbook(digits: &str) -> bool {
    let mut total = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let d = c.to_digit(10).unwrap();
        if i % 2 == 1 {
            let p = d * 2;
            total += p / 10 + p % 10;
        } else {
            total += d;
        }
    }
    total % 10 == 0
}

/// Appends the Luhn check digit to a digit string.
pub fn with_check_digit(payload: &str) -> String {
    for c in 0..10 {
        let candidate = format!("{payload}{c}");
        if luhn_textbook(&candidate) {
            return candidate;
        }
    }
    unreachable!()
}

/// What the oracle expects: every field of the verdict that classify reports.
#[derive(Debug, PartialEq, Eq, Clone)]
pub struct Expected {
    pub reason: Option<Reason>,
    pub scheme: Option<Scheme>,
    pub candidates: SchemeSet,
    pub length: Option<usize>,
    pub luhn: Option<bool>,
    pub masked: String,
}

impl Expected {
    pub fn of(v: &binclass::Support) -> Expected {
        Expected {
            reason: v.reason(),
            scheme: v.scheme(),
            candidates: v.candidates(),
            length: v.length(),
            luhn: v.luhn(),
            masked: v.masked().to_string(),
        }
    }
}

fn scheme_of(row: &IinRow) -> Scheme {
    Scheme::from_code(row.scheme).expect("row scheme code known")
}

/// Longest-prefix rows for a digit string, by linear scan.
pub fn naive_rows<'a>(rows: &'a [IinRow], digits: &str) -> Vec<&'a IinRow> {
    let p8: u32 = format!("{:0<8}", &digits[..digits.len().min(8)])
        .parse()
        .unwrap();
    datafile::resolve_naive(rows, p8)
}

/// Masking rule, written out: show at most the first 6 and last 4, hide at least 4.
pub fn naive_mask(digits: &str) -> String {
    let n = digits.len();
    let last = if n >= 8 { 4 } else { n.saturating_sub(4) };
    let first = n.saturating_sub(4 + last).min(6);
    let mut s = String::new();
    s.push_str(&digits[..first]);
    s.push_str(&"*".repeat(n - first - last));
    s.push_str(&digits[n - last..]);
    s
}

/// The naive classification of keyed input under `profile`.
pub fn naive_classify(profile: &Profile, input: &[u8]) -> Expected {
    let unsupported = |reason, masked: String, length| Expected {
        reason: Some(reason),
        scheme: None,
        candidates: SchemeSet::EMPTY,
        length,
        luhn: None,
        masked,
    };
    if input.len() > 64 {
        return unsupported(Reason::BadLength, String::new(), None);
    }
    let text: String = input.iter().map(|&b| b as char).collect();
    if text
        .chars()
        .any(|c| !(c.is_ascii_digit() || c == ' ' || c == '-'))
    {
        return unsupported(Reason::InvalidCharacter, String::new(), None);
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return unsupported(Reason::Empty, String::new(), None);
    }
    let len = digits.len();
    let masked = naive_mask(&digits);
    if !(8..=19).contains(&len) {
        return unsupported(Reason::BadLength, masked, Some(len));
    }
    let rows = naive_rows(&data().iin.rows, &digits);
    if rows.is_empty() {
        return unsupported(Reason::UnknownIin, masked, Some(len));
    }
    let luhn_ok = luhn_textbook(&digits);
    let candidates: SchemeSet = rows.iter().map(|r| scheme_of(r)).collect();
    let policy_of = |r: &IinRow| match profile.luhn_override(scheme_of(r)) {
        Some(binclass::LuhnPolicy::Required) => LuhnRule::Required,
        Some(binclass::LuhnPolicy::Advisory) => LuhnRule::Advisory,
        Some(_) => LuhnRule::None,
        None => r.luhn,
    };
    let lengths_of = |r: &IinRow| {
        profile
            .lengths_override(scheme_of(r))
            .map_or(r.lengths, |l| l.mask())
    };
    let fits: Vec<&&IinRow> = rows
        .iter()
        .filter(|r| lengths_of(r) & (1 << len) != 0)
        .collect();
    let valid: Vec<&&IinRow> = fits
        .iter()
        .copied()
        .filter(|r| policy_of(r) != LuhnRule::Required || luhn_ok)
        .collect();
    let accepted: Vec<&&IinRow> = valid
        .iter()
        .copied()
        .filter(|r| profile.accepted().contains(scheme_of(r)))
        .collect();
    let best = |set: &[&&IinRow]| profile.first(set.iter().map(|r| scheme_of(r)).collect());
    let (reason, scheme) = if fits.is_empty() {
        (Some(Reason::BadLength), profile.first(candidates))
    } else if valid.is_empty() {
        (Some(Reason::LuhnFailed), best(&fits))
    } else if accepted.is_empty() {
        (Some(Reason::SchemeNotAccepted), best(&valid))
    } else {
        (None, best(&accepted))
    };
    let luhn = match (reason, scheme) {
        (Some(Reason::BadLength), _) | (_, None) => None,
        (_, Some(s)) => {
            let row = rows.iter().find(|r| scheme_of(r) == s).unwrap();
            (policy_of(row) != LuhnRule::None).then_some(luhn_ok)
        }
    };
    Expected {
        reason,
        scheme,
        candidates,
        length: Some(len),
        luhn,
        masked,
    }
}

/// Schemes a partly typed number could become: every scheme that wins longest-prefix
/// matching somewhere under the prefix (and, from eight digits on, still fits its lengths).
pub fn naive_candidates(prefix: &str) -> SchemeSet {
    let rows = &data().iin.rows;
    let n = prefix.len();
    if n > 19 {
        return SchemeSet::EMPTY;
    }
    if n >= 8 {
        return naive_rows(rows, prefix)
            .into_iter()
            .filter(|r| (n..=19).any(|l| r.lengths & (1 << l) != 0))
            .map(scheme_of)
            .collect();
    }
    let scale = 10u32.pow(8 - n as u32);
    let lo: u32 = if n == 0 {
        0
    } else {
        prefix.parse::<u32>().unwrap() * scale
    };
    let hi = lo + scale;
    // The answer only changes at row boundaries; test the block start and every boundary in it.
    let mut points = vec![lo];
    for r in rows {
        let (a, b) = r.span8();
        for p in [a, b] {
            if lo < p && p < hi {
                points.push(p);
            }
        }
    }
    points
        .into_iter()
        .flat_map(|p| datafile::resolve_naive(rows, p))
        .map(scheme_of)
        .collect()
}
