//! The bench corpus and the baselines it is checked against: a seeded PAN mix, a naive
//! linear-scan classifier, and adapters for the peer crates.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    dead_code,
    missing_docs
)]

use binclass::{LuhnPolicy, Reason, Scheme, SchemeSet, Support, iin};

/// PANs in the mix: 64 Ki, about 1.1 MB of text, cycled by criterion's iterations.
pub const MIX_LEN: usize = 1 << 16;
pub const SEED: u64 = 0x5EED_B1C1_A55E_5001;

// ---------------------------------------------------------------------------------------------
// A small seeded generator (SplitMix64): the corpus is the same on every run and machine.

pub struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

pub fn luhn_textbook(digits: &[u8]) -> bool {
    let mut total = 0u32;
    for (i, &c) in digits.iter().rev().enumerate() {
        let d = u32::from(c - b'0');
        total += if i % 2 == 1 {
            (d * 2) / 10 + (d * 2) % 10
        } else {
            d
        };
    }
    total % 10 == 0
}

// ---------------------------------------------------------------------------------------------
// The mix. Each kind is a weight, the prefix ranges it draws from, and the PAN lengths.

struct Kind {
    /// Share of the mix, in per mille.
    weight: u32,
    scheme: Scheme,
    /// Inclusive prefix ranges (same digit count at both ends).
    prefixes: &'static [(u32, u32)],
    lengths: &'static [usize],
}

const KINDS: &[Kind] = &[
    Kind {
        weight: 300,
        scheme: Scheme::Visa,
        prefixes: &[(4, 4)],
        lengths: &[16],
    },
    Kind {
        weight: 30,
        scheme: Scheme::Visa,
        prefixes: &[(4, 4)],
        lengths: &[19],
    },
    Kind {
        weight: 170,
        scheme: Scheme::Mastercard,
        prefixes: &[(51, 55)],
        lengths: &[16],
    },
    Kind {
        weight: 60,
        scheme: Scheme::Mastercard,
        prefixes: &[(2221, 2720)],
        lengths: &[16],
    },
    Kind {
        weight: 120,
        scheme: Scheme::Unionpay,
        prefixes: &[(620, 621), (623, 626), (6282, 6289), (8100, 8171)],
        lengths: &[16, 17, 18, 19],
    },
    Kind {
        weight: 60,
        scheme: Scheme::Amex,
        prefixes: &[(34, 34), (37, 37)],
        lengths: &[15],
    },
    Kind {
        weight: 40,
        scheme: Scheme::Jcb,
        prefixes: &[(3528, 3589)],
        lengths: &[16, 19],
    },
    Kind {
        weight: 40,
        scheme: Scheme::Discover,
        prefixes: &[(6011, 6011), (644, 649), (65, 65)],
        lengths: &[16, 19],
    },
    Kind {
        weight: 20,
        scheme: Scheme::Diners,
        prefixes: &[(300, 305), (36, 36), (38, 39)],
        lengths: &[14, 16],
    },
    Kind {
        weight: 30,
        scheme: Scheme::Maestro,
        prefixes: &[
            (5018, 5018),
            (5020, 5020),
            (5038, 5038),
            (6304, 6304),
            (67, 67),
        ],
        lengths: &[12, 16, 19],
    },
    Kind {
        weight: 20,
        scheme: Scheme::Mir,
        prefixes: &[(2200, 2204)],
        lengths: &[16],
    },
    Kind {
        weight: 20,
        scheme: Scheme::Rupay,
        prefixes: &[(508, 508), (82, 82)],
        lengths: &[16],
    },
];

/// Prefixes no row covers (the table has nothing under 0, 7, 90-93, 99).
const UNKNOWN: &[(u32, u32)] = &[(0, 0), (7, 7), (90, 93), (99, 99)];

/// Per mille of Luhn-invalid PANs (a valid PAN with its check digit changed).
const LUHN_BAD: u32 = 50;
/// Per mille of unknown prefixes.
const UNKNOWN_SHARE: u32 = 20;

fn digits_of(v: u32, width: usize) -> Vec<u8> {
    format!("{v:0width$}").into_bytes()
}

/// A random PAN under one of `prefixes`, `len` digits, with a correct check digit.
fn draw(rng: &mut Rng, prefixes: &[(u32, u32)], len: usize) -> Vec<u8> {
    let &(lo, hi) = rng.pick(prefixes);
    let width = lo.max(1).ilog10() as usize + 1;
    let mut pan = digits_of(lo + rng.below(u64::from(hi - lo + 1)) as u32, width);
    while pan.len() < len - 1 {
        pan.push(b'0' + rng.below(10) as u8);
    }
    for c in b'0'..=b'9' {
        pan.push(c);
        if luhn_textbook(&pan) {
            return pan;
        }
        pan.pop();
    }
    unreachable!()
}

/// What the generator meant a PAN to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    Supported(Scheme),
    LuhnBad(Scheme),
    Unknown,
}

pub fn label_holds(label: Label, v: &Verdict) -> bool {
    match label {
        Label::Supported(s) => v.reason.is_none() && v.scheme == Some(s),
        // A scheme whose Luhn check is advisory (UnionPay) takes the card and reports the failure.
        Label::LuhnBad(s) => {
            v.scheme == Some(s)
                && v.luhn == Some(false)
                && (v.reason == Some(Reason::LuhnFailed) || v.reason.is_none())
        }
        Label::Unknown => v.reason == Some(Reason::UnknownIin),
    }
}

pub struct Mix {
    /// All PANs, back to back.
    pub text: String,
    pub spans: Vec<(u32, u8)>,
    pub labels: Vec<Label>,
}

impl Mix {
    pub fn pans(&self) -> Vec<&str> {
        self.spans
            .iter()
            .map(|&(at, n)| &self.text[at as usize..at as usize + usize::from(n)])
            .collect()
    }
}

pub fn mix(n: usize) -> Mix {
    let mut rng = Rng(SEED);
    let total: u32 = KINDS.iter().map(|k| k.weight).sum();
    let mut m = Mix {
        text: String::new(),
        spans: Vec::new(),
        labels: Vec::new(),
    };
    while m.spans.len() < n {
        let roll = rng.below(1000) as u32;
        let (mut pan, label) = if roll < UNKNOWN_SHARE {
            let len = 16;
            (draw(&mut rng, UNKNOWN, len), Label::Unknown)
        } else {
            let mut w = rng.below(u64::from(total)) as u32;
            let kind = KINDS
                .iter()
                .find(|k| {
                    let hit = w < k.weight;
                    w = w.saturating_sub(k.weight);
                    hit
                })
                .unwrap();
            let len = *rng.pick(kind.lengths);
            (
                draw(&mut rng, kind.prefixes, len),
                Label::Supported(kind.scheme),
            )
        };
        let label = match label {
            Label::Supported(s) if roll < UNKNOWN_SHARE + LUHN_BAD => {
                let last = pan.len() - 1;
                pan[last] = b'0' + (pan[last] - b'0' + 1 + rng.below(9) as u8) % 10;
                Label::LuhnBad(s)
            }
            l => l,
        };
        // A random prefix can land in a carved-out range of another scheme (an Elo BIN inside
        // Visa's 4, say): draw again so every label is what the generator meant.
        if !label_holds(label, &naive(&pan)) {
            continue;
        }
        m.spans.push((m.text.len() as u32, pan.len() as u8));
        m.text.push_str(std::str::from_utf8(&pan).unwrap());
        m.labels.push(label);
    }
    m
}

// ---------------------------------------------------------------------------------------------
// The naive baseline: what the verdict means, written the obvious way. A linear scan over every
// row of the compiled table for the longest matching prefix, textbook Luhn, then the default
// profile's rules (every scheme accepted, co-badges ranked by scheme code).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub reason: Option<Reason>,
    pub scheme: Option<Scheme>,
    pub luhn: Option<bool>,
    pub candidates: SchemeSet,
}

impl Verdict {
    pub fn of(v: &Support) -> Verdict {
        Verdict {
            reason: v.reason(),
            scheme: v.scheme(),
            luhn: v.luhn(),
            candidates: v.candidates(),
        }
    }

    pub fn no(reason: Reason) -> Verdict {
        Verdict {
            reason: Some(reason),
            scheme: None,
            luhn: None,
            candidates: SchemeSet::EMPTY,
        }
    }
}

pub fn naive(input: &[u8]) -> Verdict {
    if input.is_empty() {
        return Verdict::no(Reason::Empty);
    }
    if !input.iter().all(u8::is_ascii_digit) {
        return Verdict::no(Reason::InvalidCharacter);
    }
    let len = input.len();
    if !(8..=19).contains(&len) {
        return Verdict::no(Reason::BadLength);
    }
    let prefix = |n: usize| {
        input[..n]
            .iter()
            .fold(0u32, |a, &c| a * 10 + u32::from(c - b'0'))
    };
    let mut best = 0u8;
    let mut rows = Vec::new();
    for r in iin::ranges() {
        let p = prefix(usize::from(r.digits()));
        if r.start() <= p && p <= r.end() {
            if r.digits() > best {
                best = r.digits();
                rows.clear();
            }
            if r.digits() == best {
                rows.push(r);
            }
        }
    }
    if rows.is_empty() {
        return Verdict::no(Reason::UnknownIin);
    }
    let luhn_ok = luhn_textbook(input);
    let candidates: SchemeSet = rows.iter().map(|r| r.scheme()).collect();
    let lowest = |pick: &dyn Fn(&&iin::IinRange) -> bool| {
        rows.iter()
            .filter(|r| pick(r))
            .map(|r| r.scheme())
            .min_by_key(|s| s.code())
    };
    let fits = |r: &&iin::IinRange| r.lengths().contains(len);
    let passes = |r: &&iin::IinRange| fits(r) && (r.luhn() != LuhnPolicy::Required || luhn_ok);
    let (reason, scheme) = if let Some(s) = lowest(&passes) {
        (None, Some(s))
    } else if let Some(s) = lowest(&fits) {
        (Some(Reason::LuhnFailed), Some(s))
    } else {
        (
            Some(Reason::BadLength),
            candidates.iter().min_by_key(|s| s.code()),
        )
    };
    let luhn = match (reason, scheme) {
        (Some(Reason::BadLength), _) | (_, None) => None,
        (_, Some(s)) => {
            let r = rows.iter().find(|r| r.scheme() == s).unwrap();
            (r.luhn() != LuhnPolicy::None).then_some(luhn_ok)
        }
    };
    Verdict {
        reason,
        scheme,
        luhn,
        candidates,
    }
}

// ---------------------------------------------------------------------------------------------
// The peers, and the checks their answers must pass.

fn creditcard_scheme(i: creditcard::Issuer) -> Option<Scheme> {
    use creditcard::Issuer as I;
    Some(match i {
        I::Visa | I::VisaElectron => Scheme::Visa,
        I::Mastercard => Scheme::Mastercard,
        I::AmericanExpress => Scheme::Amex,
        _ => return None,
    })
}

fn card_validate_scheme(t: card_validate::Type) -> Option<Scheme> {
    use card_validate::Type as T;
    Some(match t {
        T::Visa | T::VisaElectron => Scheme::Visa,
        T::MasterCard => Scheme::Mastercard,
        T::Amex => Scheme::Amex,
        _ => return None,
    })
}

/// A peer's answer: the brand among those every library agrees on, or `Err` when rejected.
pub type PeerAnswer = Result<Option<Scheme>, ()>;

pub fn check_peer(
    name: &str,
    pans: &[&str],
    labels: &[Label],
    answer: impl Fn(&str) -> PeerAnswer,
) {
    let mut agree = 0usize;
    for (pan, &label) in pans.iter().zip(labels) {
        let got = answer(pan);
        if !luhn_textbook(pan.as_bytes()) {
            assert!(
                got.is_err(),
                "{name} accepted a Luhn-invalid PAN ({label:?})"
            );
        }
        if let Label::Supported(s @ (Scheme::Visa | Scheme::Mastercard | Scheme::Amex)) = label {
            if pan.len() == 16 || s == Scheme::Amex {
                assert_eq!(got, Ok(Some(s)), "{name} on a {s} PAN");
            }
        }
        let ours = match label {
            Label::Supported(_) => true,
            Label::LuhnBad(_) | Label::Unknown => false,
        };
        agree += usize::from(got.is_ok() == ours);
    }
    eprintln!(
        "{name}: accept/reject agrees with binclass on {:.1}% of the mix",
        100.0 * agree as f64 / pans.len() as f64
    );
}

pub fn creditcard_answer(pan: &str) -> PeerAnswer {
    pan.parse::<creditcard::CreditCard>()
        .map(|c| creditcard_scheme(c.issuer()))
        .map_err(|_| ())
}

pub fn card_validate_answer(pan: &str) -> PeerAnswer {
    card_validate::Validate::from(pan)
        .map(|v| card_validate_scheme(v.card_type))
        .map_err(|_| ())
}
