//! The terminal profile, and the pipeline from input to verdict:
//! normalise -> IIN lookup -> scheme lengths -> Luhn -> acceptance.

use crate::iin::{self, IinMatch, Rule};
use crate::luhn::{self, LuhnPolicy};
use crate::pan::{self, Lengths, Packed, PanError};
use crate::scheme::{Scheme, SchemeSet};
use crate::support::{Reason, Support};

const SLOTS: usize = 64;

/// What a terminal accepts: schemes and their priority for co-badged cards, and per-scheme
/// overrides of the table's lengths and Luhn policy.
///
/// The default profile accepts every known scheme, ranks co-badged schemes by code, and uses
/// the table's lengths and Luhn policies. A profile is immutable once built, small (a few
/// hundred bytes, no heap) and can be shared across threads.
///
/// ```
/// use binclass::{Profile, Reason, Scheme, LuhnPolicy};
/// let p = Profile::accepting(&[Scheme::Unionpay, Scheme::Visa])
///     .with_luhn(Scheme::Unionpay, LuhnPolicy::Required);
/// assert!(p.classify("6212 3456 7890 1232").is_supported());
/// assert_eq!(p.classify("378282246310005").reason(), Some(Reason::SchemeNotAccepted));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    accepted: SchemeSet,
    /// Priority by scheme code: lower wins. Unranked schemes rank after ranked ones, by code.
    rank: [u8; SLOTS],
    /// Luhn override by scheme code.
    luhn: [Option<LuhnPolicy>; SLOTS],
    /// Length override by scheme code (empty = use the table).
    lengths: [Lengths; SLOTS],
}

impl Default for Profile {
    fn default() -> Profile {
        Profile::ACCEPT_ALL
    }
}

const fn code_ranks() -> [u8; SLOTS] {
    let mut r = [0u8; SLOTS];
    let mut i = 0;
    while i < SLOTS {
        r[i] = 128 + i as u8;
        i += 1;
    }
    r
}

impl Profile {
    /// Accepts every known scheme with the table's rules (the default).
    pub const ACCEPT_ALL: Profile = Profile {
        accepted: SchemeSet::ALL,
        rank: code_ranks(),
        luhn: [None; SLOTS],
        lengths: [Lengths::EMPTY; SLOTS],
    };

    /// Accepts exactly `schemes`; their order is the priority for co-badged cards.
    pub fn accepting(schemes: &[Scheme]) -> Profile {
        let mut p = Profile {
            accepted: SchemeSet::EMPTY,
            ..Profile::ACCEPT_ALL
        };
        for (i, &s) in schemes.iter().enumerate() {
            if !p.accepted.contains(s) {
                p.accepted = p.accepted.with(s);
                if let Some(slot) = p.rank.get_mut(usize::from(s.code())) {
                    *slot = u8::try_from(i).unwrap_or(127).min(127);
                }
            }
        }
        p
    }

    /// Overrides the Luhn policy for one scheme.
    #[must_use]
    pub fn with_luhn(mut self, scheme: Scheme, policy: LuhnPolicy) -> Profile {
        if let Some(slot) = self.luhn.get_mut(usize::from(scheme.code())) {
            *slot = Some(policy);
        }
        self
    }

    /// Overrides the allowed PAN lengths for one scheme (an empty set restores the table's).
    #[must_use]
    pub fn with_lengths(mut self, scheme: Scheme, lengths: Lengths) -> Profile {
        if let Some(slot) = self.lengths.get_mut(usize::from(scheme.code())) {
            *slot = lengths;
        }
        self
    }

    /// The accepted schemes.
    pub fn accepted(&self) -> SchemeSet {
        self.accepted
    }

    /// The Luhn override for a scheme, if any.
    pub fn luhn_override(&self, scheme: Scheme) -> Option<LuhnPolicy> {
        self.luhn.get(usize::from(scheme.code())).copied().flatten()
    }

    /// The length override for a scheme, if any.
    pub fn lengths_override(&self, scheme: Scheme) -> Option<Lengths> {
        self.lengths
            .get(usize::from(scheme.code()))
            .copied()
            .filter(|l| !l.is_empty())
    }

    fn rank_of(&self, s: Scheme) -> u8 {
        self.rank
            .get(usize::from(s.code()))
            .copied()
            .unwrap_or(u8::MAX)
    }

    /// The highest-priority scheme of a set.
    pub fn first(&self, set: SchemeSet) -> Option<Scheme> {
        set.iter().min_by_key(|&s| self.rank_of(s))
    }

    /// The schemes of a set in this profile's priority order (allocation-free).
    ///
    /// ```
    /// use binclass::{Profile, Scheme, SchemeSet};
    /// let p = Profile::accepting(&[Scheme::Discover, Scheme::Unionpay]);
    /// let set = SchemeSet::EMPTY.with(Scheme::Unionpay).with(Scheme::Discover);
    /// assert_eq!(p.ranked(set).collect::<Vec<_>>(), [Scheme::Discover, Scheme::Unionpay]);
    /// ```
    pub fn ranked(&self, set: SchemeSet) -> impl Iterator<Item = Scheme> + '_ {
        let mut left = set;
        core::iter::from_fn(move || {
            let s = self.first(left)?;
            left = left.without(s);
            Some(s)
        })
    }

    /// Classifies keyed input (digits, spaces, dashes) under this profile.
    ///
    /// Never panics, never allocates; see [`Reason`] for the order in which problems are
    /// reported.
    #[inline(always)]
    pub fn classify(&self, input: impl AsRef<[u8]>) -> Support {
        let input = input.as_ref();
        // Fast path: nothing but 8 to 19 digits, read a word at a time.
        match Packed::from_ascii(input) {
            Some(p) => self.classify_packed(&p),
            None => self.classify_keyed(input),
        }
    }

    /// The general path: separators to drop, or something wrong with the input.
    #[inline(never)]
    fn classify_keyed(&self, input: &[u8]) -> Support {
        let s = pan::scan(input);
        if let Some(e) = s.error {
            let reason = match e {
                PanError::Empty => Reason::Empty,
                PanError::InvalidCharacter => Reason::InvalidCharacter,
                PanError::BadLength => Reason::BadLength,
            };
            return Support::unsupported(reason, pan::mask_scan(&s, input));
        }
        self.classify_digits(s.stored())
    }

    /// Classifies a PAN that is already digits (values 0-9, 8 to 19 of them).
    pub fn classify_pan(&self, pan: &crate::Pan) -> Support {
        self.classify_digits(pan.digits())
    }

    pub(crate) fn classify_digits(&self, digits: &[u8]) -> Support {
        match Packed::from_values(digits) {
            Some(p) => self.classify_packed(&p),
            // Unreachable for a scanned or parsed PAN; answer as the scan would.
            None => Support::unsupported(Reason::BadLength, pan::MaskedPan::NONE),
        }
    }

    #[inline(always)]
    fn classify_packed(&self, p: &Packed) -> Support {
        let masked = p.masked();
        let (id, rule) = iin::rule(p.prefix8());
        // A few word operations: cheaper to compute than to decide whether it is needed.
        let luhn_ok = luhn::groups_valid(p.luhn_groups());
        match rule.ranges {
            0 => Support::unsupported(Reason::UnknownIin, masked),
            1 => self.verdict_one(rule, p.len(), luhn_ok, masked),
            _ => match iin::match_by_id(id) {
                Some(m) => self.verdict(m, p.len(), luhn_ok, masked),
                None => Support::unsupported(Reason::UnknownIin, masked),
            },
        }
    }

    /// The table's lengths for a scheme unless this profile overrides them.
    #[inline(always)]
    fn lengths_for(&self, scheme: Scheme, table: Lengths) -> Lengths {
        match self.lengths.get(usize::from(scheme.code())) {
            Some(&l) if !l.is_empty() => l,
            _ => table,
        }
    }

    /// The table's Luhn policy for a scheme unless this profile overrides it.
    #[inline(always)]
    fn luhn_for(&self, scheme: Scheme, table: LuhnPolicy) -> LuhnPolicy {
        self.luhn_override(scheme).unwrap_or(table)
    }

    /// The verdict when the prefix names one range (most cards): the same rules as
    /// [`Profile::verdict`] with every set reduced to that range's scheme.
    #[inline(always)]
    fn verdict_one(
        &self,
        rule: &Rule,
        len: usize,
        luhn_ok: bool,
        masked: pan::MaskedPan,
    ) -> Support {
        let s = rule.scheme;
        let (reason, luhn) = if !self.lengths_for(s, rule.lengths).contains(len) {
            (Some(Reason::BadLength), None)
        } else {
            let policy = self.luhn_for(s, rule.luhn);
            let luhn = match policy {
                LuhnPolicy::None => None,
                _ => Some(luhn_ok),
            };
            if policy == LuhnPolicy::Required && !luhn_ok {
                (Some(Reason::LuhnFailed), luhn)
            } else if !self.accepted.contains(s) {
                (Some(Reason::SchemeNotAccepted), luhn)
            } else {
                (None, luhn)
            }
        };
        Support {
            reason,
            scheme: Some(s),
            candidates: rule.schemes,
            luhn,
            flags: crate::support::Flags::EMPTY,
            entry: crate::support::Entry::Keyed,
            masked,
        }
    }

    fn verdict(&self, m: IinMatch, len: usize, luhn_ok: bool, masked: pan::MaskedPan) -> Support {
        let mut fits_length = SchemeSet::EMPTY;
        let mut valid = SchemeSet::EMPTY;
        for r in m.ranges() {
            let s = r.scheme();
            if !self.lengths_for(s, r.lengths()).contains(len) {
                continue;
            }
            fits_length = fits_length.with(s);
            if !(self.luhn_for(s, r.luhn()) == LuhnPolicy::Required && !luhn_ok) {
                valid = valid.with(s);
            }
        }
        let candidates = m.schemes();
        let accepted = valid.intersect(self.accepted);
        let (reason, scheme) = if fits_length.is_empty() {
            (Some(Reason::BadLength), self.first(candidates))
        } else if valid.is_empty() {
            (Some(Reason::LuhnFailed), self.first(fits_length))
        } else if accepted.is_empty() {
            (Some(Reason::SchemeNotAccepted), self.first(valid))
        } else {
            (None, self.first(accepted))
        };
        // Report the Luhn result when the chosen scheme's policy applies it.
        let luhn = match (reason, scheme) {
            (Some(Reason::BadLength), _) | (_, None) => None,
            (_, Some(s)) => {
                let table = m
                    .ranges()
                    .iter()
                    .find(|r| r.scheme() == s)
                    .map_or(LuhnPolicy::None, |r| r.luhn());
                match self.luhn_override(s).unwrap_or(table) {
                    LuhnPolicy::None => None,
                    _ => Some(luhn_ok),
                }
            }
        };
        Support {
            reason,
            scheme,
            candidates,
            luhn,
            flags: crate::support::Flags::EMPTY,
            entry: crate::support::Entry::Keyed,
            masked,
        }
    }
}

static DEFAULT: Profile = Profile::ACCEPT_ALL;

/// Classifies keyed input with the default profile (every known scheme accepted).
///
/// ```
/// use binclass::{classify, Reason, Scheme};
/// assert_eq!(classify("4111 1111 1111 1111").scheme(), Some(Scheme::Visa));
/// assert_eq!(classify("4111 1111 1111 1112").reason(), Some(Reason::LuhnFailed));
/// assert_eq!(classify("").reason(), Some(Reason::Empty));
/// ```
#[inline(always)]
pub fn classify(input: impl AsRef<[u8]>) -> Support {
    DEFAULT.classify(input)
}
