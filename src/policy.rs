//! The terminal profile, and the pipeline from input to verdict:
//! normalise -> IIN lookup -> scheme lengths -> Luhn -> acceptance (scheme, product, country).
//!
//! The lookup is the compiled table ([`Profile::classify`]) or a runtime table with issuer
//! data ([`Profile::classify_with`]); both feed the same verdict logic.

use crate::iin;
use crate::issuer::{Country, IssuerFacts, Product, ProductSet};
use crate::luhn::{self, LuhnPolicy};
use crate::pan::{self, Lengths, PanError};
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
    /// Issuer rules (they need issuer data: see `Profile::classify_with`).
    issuer: IssuerRules,
}

/// Acceptance by card product and issuing country.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct IssuerRules {
    products: ProductSet,
    country: Option<Country>,
    domestic_only: bool,
    /// Refuse a card whose product (country) is unknown when products (country) are limited.
    strict: bool,
}

impl IssuerRules {
    const ANY: IssuerRules = IssuerRules {
        products: ProductSet::ALL,
        country: None,
        domestic_only: false,
        strict: false,
    };

    fn product_ok(&self, product: Option<Product>) -> bool {
        match product {
            Some(p) => self.products.contains(p),
            None => !self.strict || self.products == ProductSet::ALL,
        }
    }

    fn country_ok(&self, country: Option<Country>) -> bool {
        match (self.domestic_only, country, self.country) {
            (false, _, _) | (true, _, None) => true,
            (true, Some(card), Some(home)) => card == home,
            (true, None, Some(_)) => !self.strict,
        }
    }
}

/// What the verdict needs from one winning range, from whichever table it came.
#[derive(Clone, Copy)]
struct RangeRule {
    scheme: Scheme,
    lengths: Lengths,
    luhn: LuhnPolicy,
}

impl Default for Profile {
    fn default() -> Profile {
        Profile::ACCEPT_ALL
    }
}

// Evaluated at compile time only (for ACCEPT_ALL): a bad index fails the build.
#[allow(clippy::indexing_slicing)]
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
        issuer: IssuerRules::ANY,
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

    /// Accepts only these card products: a card whose issuer data names another product is
    /// refused with [`Reason::ProductNotAccepted`]. Products are known only with issuer data
    /// ([`Profile::classify_with`]); see [`Profile::with_strict_issuer_rules`] for cards it
    /// does not list.
    ///
    /// ```
    /// use binclass::{Bins, CardData, Product, ProductSet, Profile, Reason, Table};
    /// let bins = Bins::parse("b.csv", "bin,product\n411111,credit\n").unwrap();
    /// let data = CardData::new(Table::compiled(), Some(bins));
    /// let debit_only = Profile::default().with_products(ProductSet::EMPTY.with(Product::Debit));
    /// let v = debit_only.classify_with(&data, "4111 1111 1111 1111");
    /// assert_eq!(v.reason(), Some(Reason::ProductNotAccepted));
    /// assert_eq!(v.product(), Some(Product::Credit));
    /// ```
    #[must_use]
    pub fn with_products(mut self, products: ProductSet) -> Profile {
        self.issuer.products = products;
        self
    }

    /// Sets the terminal's country (ISO 3166-1 alpha-2).
    #[must_use]
    pub fn with_country(mut self, country: Country) -> Profile {
        self.issuer.country = Some(country);
        self
    }

    /// Accepts only cards issued in `country`, which becomes the terminal's country: a card
    /// whose issuer data names another country is refused with
    /// [`Reason::CountryNotAccepted`].
    ///
    /// ```
    /// use binclass::{Bins, CardData, Profile, Reason, Table};
    /// let bins = Bins::parse("b.csv", "bin,country\n411111,US\n621234,CN\n").unwrap();
    /// let data = CardData::new(Table::compiled(), Some(bins));
    /// let cn = Profile::default().with_domestic_only("CN".parse().unwrap());
    /// assert!(cn.classify_with(&data, "6212 3456 7890 1232").is_supported());
    /// assert_eq!(cn.classify_with(&data, "4111 1111 1111 1111").reason(), Some(Reason::CountryNotAccepted));
    /// ```
    #[must_use]
    pub fn with_domestic_only(mut self, country: Country) -> Profile {
        self.issuer.country = Some(country);
        self.issuer.domestic_only = true;
        self
    }

    /// When `strict`, a card the issuer data does not describe is refused under the product
    /// and domestic-only rules (its product or country is unknown). By default such a card
    /// passes those rules: only what is known to be excluded is refused.
    #[must_use]
    pub fn with_strict_issuer_rules(mut self, strict: bool) -> Profile {
        self.issuer.strict = strict;
        self
    }

    /// The accepted card products.
    pub fn products(&self) -> ProductSet {
        self.issuer.products
    }

    /// The terminal's country, if set.
    pub fn country(&self) -> Option<Country> {
        self.issuer.country
    }

    /// Does the terminal take only cards issued in its country?
    pub fn is_domestic_only(&self) -> bool {
        self.issuer.domestic_only
    }

    /// Are cards without issuer data refused under the product and country rules?
    pub fn strict_issuer_rules(&self) -> bool {
        self.issuer.strict
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
    #[inline]
    pub fn classify(&self, input: impl AsRef<[u8]>) -> Support {
        let input = input.as_ref();
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

    #[inline]
    pub(crate) fn classify_digits(&self, digits: &[u8]) -> Support {
        let masked = pan::MaskedPan::new(digits, digits, digits.len());
        let Some(m) = iin::lookup(pan::prefix8(digits)) else {
            return Support::unsupported(Reason::UnknownIin, masked);
        };
        let rules = m.ranges().iter().map(|r| RangeRule {
            scheme: r.scheme(),
            lengths: r.lengths(),
            luhn: r.luhn(),
        });
        self.verdict(m.schemes(), rules, IssuerFacts::UNKNOWN, digits, masked)
    }

    /// Classifies keyed input under this profile with runtime card data: a runtime table
    /// laid over the compiled one, and issuer data for the product and country rules.
    ///
    /// The same pipeline and verdict logic as [`Profile::classify`]; the verdict also carries
    /// the card's product and country when the issuer data knows its BIN. Never panics, never
    /// allocates. For data that can be swapped while classifying, use
    /// [`crate::TableHandle::classify`].
    ///
    /// ```
    /// use binclass::{CardData, Profile};
    /// let data = CardData::compiled();
    /// let p = Profile::default();
    /// assert_eq!(p.classify_with(&data, "4111 1111 1111 1111"), p.classify("4111 1111 1111 1111"));
    /// ```
    #[cfg(feature = "std")]
    #[inline]
    pub fn classify_with(&self, data: &crate::table::CardData, input: impl AsRef<[u8]>) -> Support {
        let input = input.as_ref();
        let s = pan::scan(input);
        if let Some(e) = s.error {
            let reason = match e {
                PanError::Empty => Reason::Empty,
                PanError::InvalidCharacter => Reason::InvalidCharacter,
                PanError::BadLength => Reason::BadLength,
            };
            return Support::unsupported(reason, pan::mask_scan(&s, input));
        }
        let digits = s.stored();
        let masked = pan::MaskedPan::new(digits, digits, digits.len());
        let p8 = pan::prefix8(digits);
        let facts = data.facts(p8);
        let Some(m) = data.lookup(p8) else {
            return Support::unsupported(Reason::UnknownIin, masked).with_issuer(facts);
        };
        let rules = m.ranges().map(|r| RangeRule {
            scheme: r.scheme(),
            lengths: r.lengths(),
            luhn: r.luhn(),
        });
        self.verdict(m.schemes(), rules, facts, digits, masked)
    }

    /// The verdict on a number whose prefix resolved to `ranges` (of schemes `candidates`).
    fn verdict<R>(
        &self,
        candidates: SchemeSet,
        ranges: R,
        issuer: IssuerFacts,
        digits: &[u8],
        masked: pan::MaskedPan,
    ) -> Support
    where
        R: Iterator<Item = RangeRule> + Clone,
    {
        let len = digits.len();
        let mut luhn_ok: Option<bool> = None;
        let mut fits_length = SchemeSet::EMPTY;
        let mut valid = SchemeSet::EMPTY;
        for r in ranges.clone() {
            let s = r.scheme;
            let lengths = self.lengths_override(s).unwrap_or(r.lengths);
            if !lengths.contains(len) {
                continue;
            }
            fits_length = fits_length.with(s);
            let policy = self.luhn_override(s).unwrap_or(r.luhn);
            let rejected = policy == LuhnPolicy::Required
                && !*luhn_ok.get_or_insert_with(|| luhn::is_valid(digits));
            if !rejected {
                valid = valid.with(s);
            }
        }
        let accepted = valid.intersect(self.accepted);
        let (reason, scheme) = if fits_length.is_empty() {
            (Some(Reason::BadLength), self.first(candidates))
        } else if valid.is_empty() {
            (Some(Reason::LuhnFailed), self.first(fits_length))
        } else if accepted.is_empty() {
            (Some(Reason::SchemeNotAccepted), self.first(valid))
        } else if !self.issuer.product_ok(issuer.product) {
            (Some(Reason::ProductNotAccepted), self.first(accepted))
        } else if !self.issuer.country_ok(issuer.country) {
            (Some(Reason::CountryNotAccepted), self.first(accepted))
        } else {
            (None, self.first(accepted))
        };
        // Report the Luhn result when the chosen scheme's policy applies it.
        let luhn = scheme.and_then(|s| {
            let table = ranges
                .clone()
                .find(|r| r.scheme == s)
                .map_or(LuhnPolicy::None, |r| r.luhn);
            match self.luhn_override(s).unwrap_or(table) {
                LuhnPolicy::None => None,
                _ => Some(*luhn_ok.get_or_insert_with(|| luhn::is_valid(digits))),
            }
        });
        let luhn = if reason == Some(Reason::BadLength) {
            None
        } else {
            luhn
        };
        Support {
            reason,
            scheme,
            candidates,
            luhn,
            flags: crate::support::Flags::EMPTY,
            entry: crate::support::Entry::Keyed,
            masked,
            product: 0,
            country: [0, 0],
        }
        .with_issuer(issuer)
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
#[inline]
pub fn classify(input: impl AsRef<[u8]>) -> Support {
    DEFAULT.classify(input)
}
