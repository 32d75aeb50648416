//! The terminal profile, and the pipeline from input to verdict:
//! normalise -> IIN lookup -> scheme lengths -> Luhn -> acceptance (scheme, product, country);
//! for card-present input (tracks, EMV) also AID, expiry, service code and fallback.
//!
//! The lookup is the compiled table ([`Profile::classify`]) or a runtime table with issuer
//! data ([`Profile::classify_with`]); both feed the same verdict logic.

use crate::emv::{self, ChipData, EmvError};
use crate::expiry::{Date, YearMonth};
use crate::iin::{self, Rule};
use crate::issuer::{Country, IssuerFacts, Product, ProductSet};
use crate::luhn::{self, LuhnPolicy};
use crate::pan::{self, Lengths, Packed, Pan, PanError};
use crate::scheme::{Scheme, SchemeSet};
use crate::service_code::{AllowedServices, ServiceCode};
use crate::support::{Entry, Flags, Reason, Support};
use crate::track::{self, Swipe, TrackError, Tracks};
use core::fmt;

const SLOTS: usize = 64;

/// May a chip card be taken by swipe ("fallback")?
///
/// China's central bank closed magnetic-stripe transactions of chip cards at domestic
/// terminals from 1 May 2017; a terminal there uses [`Fallback::Denied`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fallback {
    /// A swiped chip card (service code 2xx or 6xx) is classified like any other swipe.
    Allowed,
    /// A swiped chip card is `chip_required`.
    Denied,
}

impl Fallback {
    /// The spelling in profile files: `allowed` or `denied`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Fallback::Allowed => "allowed",
            Fallback::Denied => "denied",
        }
    }
}

impl fmt::Display for Fallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The services a terminal offers: purchase (goods and services), cash, or both.
///
/// A card is `service_not_allowed` when its service code allows none of them: an ATM-only
/// or cash-only card at a purchase-only terminal, a goods-and-services-only card at a
/// cash-only terminal. ATM-only counts as cash.
///
/// ```
/// use binclass::TerminalServices;
/// let s = TerminalServices::PURCHASE.with(TerminalServices::CASH);
/// assert!(s.contains(TerminalServices::CASH));
/// assert_eq!("cash".parse(), Ok(TerminalServices::CASH));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TerminalServices(u8);

impl TerminalServices {
    /// No service.
    pub const NONE: TerminalServices = TerminalServices(0);
    /// Purchase of goods and services.
    pub const PURCHASE: TerminalServices = TerminalServices(1);
    /// Cash (cash advance, ATM).
    pub const CASH: TerminalServices = TerminalServices(2);

    /// These services plus `other`.
    #[must_use]
    pub const fn with(self, other: TerminalServices) -> TerminalServices {
        TerminalServices(self.0 | other.0)
    }

    /// Are all of `other`'s services offered?
    pub const fn contains(self, other: TerminalServices) -> bool {
        self.0 & other.0 == other.0
    }

    /// Is any of `other`'s services offered?
    pub const fn intersects(self, other: TerminalServices) -> bool {
        self.0 & other.0 != 0
    }

    /// Is no service offered?
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The services a card's service code allows (reserved values restrict nothing).
    pub const fn allowed_by(sc: ServiceCode) -> TerminalServices {
        match sc.services() {
            AllowedServices::GoodsAndServices => TerminalServices::PURCHASE,
            AllowedServices::AtmOnly | AllowedServices::CashOnly => TerminalServices::CASH,
            _ => TerminalServices::PURCHASE.with(TerminalServices::CASH),
        }
    }
}

impl fmt::Debug for TerminalServices {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut l = f.debug_set();
        if self.contains(TerminalServices::PURCHASE) {
            l.entry(&"purchase");
        }
        if self.contains(TerminalServices::CASH) {
            l.entry(&"cash");
        }
        l.finish()
    }
}

impl core::str::FromStr for TerminalServices {
    type Err = ();

    /// `purchase` or `cash`.
    fn from_str(s: &str) -> Result<TerminalServices, ()> {
        match s {
            "purchase" => Ok(TerminalServices::PURCHASE),
            "cash" => Ok(TerminalServices::CASH),
            _ => Err(()),
        }
    }
}

impl From<TrackError> for Reason {
    /// `lrc_mismatch`, `bad_length` (PAN under 8 digits), `empty`, else `malformed_track`.
    fn from(e: TrackError) -> Reason {
        match e {
            TrackError::Empty => Reason::Empty,
            TrackError::Lrc => Reason::LrcMismatch,
            TrackError::PanLength => Reason::BadLength,
            _ => Reason::MalformedTrack,
        }
    }
}

impl From<EmvError> for Reason {
    /// `invalid_character` (hex), `bad_length` (PAN under 8 digits), `empty`, else
    /// `malformed_track`.
    fn from(e: EmvError) -> Reason {
        match e {
            EmvError::Empty => Reason::Empty,
            EmvError::HexCharacter => Reason::InvalidCharacter,
            EmvError::PanLength => Reason::BadLength,
            _ => Reason::MalformedTrack,
        }
    }
}

/// The entry of a swipe that did not parse: track 2 if it has a track 2 start, else track 1
/// if it starts like one.
fn swipe_entry(input: &[u8]) -> Entry {
    let track1 = input
        .first()
        .is_some_and(|&c| c == b'%' || c.is_ascii_uppercase());
    if track1 && !input.contains(&b';') {
        Entry::Track1
    } else {
        Entry::Track2
    }
}

/// What card-present input carries besides the PAN.
struct Presented {
    entry: Entry,
    expiry: Option<YearMonth>,
    valid_through: Option<Date>,
    service_code: Option<ServiceCode>,
    /// Schemes of the AID's RID, when that RID is checked against the card number.
    aid_schemes: Option<SchemeSet>,
}

/// What a terminal accepts: schemes and their priority for co-badged cards, per-scheme
/// overrides of the table's lengths and Luhn policy, and for card-present input: whether a
/// chip card may be swiped ([`Fallback`]), the services offered ([`TerminalServices`]) and
/// the date expiry is checked against.
///
/// The default profile accepts every known scheme, ranks co-badged schemes by code, uses the
/// table's lengths and Luhn policies, allows fallback, offers purchase only, and has no date
/// (so `expired` is never given: the core reads no clock). A profile is immutable once
/// built, small (a few hundred bytes, no heap) and can be shared across threads.
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
    /// The schemes with a Luhn or length override: the hot path reads the two tables above
    /// only for these (none in most profiles).
    overridden: SchemeSet,
    fallback: Fallback,
    services: TerminalServices,
    today: Option<Date>,
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
        overridden: SchemeSet::EMPTY,
        fallback: Fallback::Allowed,
        services: TerminalServices::PURCHASE,
        today: None,
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
        self.note_override(scheme)
    }

    /// Overrides the allowed PAN lengths for one scheme (an empty set restores the table's).
    #[must_use]
    pub fn with_lengths(mut self, scheme: Scheme, lengths: Lengths) -> Profile {
        if let Some(slot) = self.lengths.get_mut(usize::from(scheme.code())) {
            *slot = lengths;
        }
        self.note_override(scheme)
    }

    /// Keeps `overridden` in step with the override tables after one of them changed.
    fn note_override(mut self, scheme: Scheme) -> Profile {
        let has = self.luhn_override(scheme).is_some() || self.lengths_override(scheme).is_some();
        self.overridden = if has {
            self.overridden.with(scheme)
        } else {
            self.overridden.without(scheme)
        };
        self
    }

    /// Sets whether a chip card may be taken by swipe.
    #[must_use]
    pub const fn with_fallback(mut self, fallback: Fallback) -> Profile {
        self.fallback = fallback;
        self
    }

    /// Sets the services this terminal offers (an empty set is ignored).
    #[must_use]
    pub const fn with_services(mut self, services: TerminalServices) -> Profile {
        if !services.is_empty() {
            self.services = services;
        }
        self
    }

    /// Sets the date expiry is checked against: the terminal's local date, supplied by the
    /// caller (the core reads no clock).
    #[must_use]
    pub const fn with_today(mut self, today: Date) -> Profile {
        self.today = Some(today);
        self
    }

    /// Whether a chip card may be taken by swipe.
    pub const fn fallback(&self) -> Fallback {
        self.fallback
    }

    /// The services this terminal offers.
    pub const fn services(&self) -> TerminalServices {
        self.services
    }

    /// The date expiry is checked against, if set.
    pub const fn today(&self) -> Option<Date> {
        self.today
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
        // Typed with separators ("4111 1111 1111 1111"): drop them and take the fast path.
        if let Some(p) = Packed::from_keyed(input) {
            return self.classify_packed(&p);
        }
        // Something is wrong: the scan says what, with the precedence `Reason` documents.
        let s = pan::scan(input);
        refused_input(&s, input).unwrap_or_else(|| self.classify_digits(s.stored()))
    }

    /// Classifies a PAN that is already digits (values 0-9, 8 to 19 of them).
    pub fn classify_pan(&self, pan: &crate::Pan) -> Support {
        self.classify_digits(pan.digits())
    }

    /// Classifies magnetic-stripe data as a reader delivers it: track 1, track 2, or both
    /// (see [`track`] for what is accepted). Never panics, never allocates.
    ///
    /// ```
    /// use binclass::{Date, Entry, Fallback, Flags, Profile, Reason};
    /// let today = Date::new(2026, 11, 21).unwrap();
    /// let p = Profile::default().with_today(today);
    /// let v = p.classify_track(";4111111111111111=30122011234567890?");
    /// assert!(v.is_supported());
    /// assert_eq!(v.entry(), Entry::Track2);
    /// assert!(v.flags().contains(Flags::CHIP_PRESENT));
    /// // The same chip card swiped where fallback is denied.
    /// let cn = p.clone().with_fallback(Fallback::Denied);
    /// assert_eq!(cn.classify_track(";4111111111111111=30122011234567890?").reason(), Some(Reason::ChipRequired));
    /// // Expired in 2025-12.
    /// assert_eq!(p.classify_track(";4111111111111111=25121011234567890?").reason(), Some(Reason::Expired));
    /// ```
    pub fn classify_track(&self, input: impl AsRef<[u8]>) -> Support {
        self.track_verdict(Cards::Compiled, input.as_ref())
    }

    /// [`Profile::classify_track`] with runtime card data, as [`Profile::classify_with`]
    /// classifies keyed input: the card's number is looked up in `data`, and the issuer rules
    /// apply. For data that can be swapped, pass [`crate::TableHandle::current`].
    ///
    /// ```
    /// use binclass::{CardData, Date, Profile, Reason, Table};
    /// let update = "# version: 2026.12.01-1\n# effective: 2026-12-01\n\
    ///     start,end,scheme,lengths,luhn,cobadge,example,source,action\n\
    ///     955880,955880,unionpay,19,required,,95588000,TMS-1,\n";
    /// let data = CardData::new(Table::parse("update.csv", update).unwrap(), None);
    /// let p = Profile::default().with_today(Date::new(2026, 11, 21).unwrap());
    /// let swipe = ";9558801234567890128=30122011234567890?";
    /// // The compiled table does not know 955880; the update does.
    /// assert_eq!(p.classify_track(swipe).reason(), Some(Reason::UnknownIin));
    /// assert!(p.classify_track_with(&data, swipe).is_supported());
    /// ```
    #[cfg(feature = "std")]
    pub fn classify_track_with(
        &self,
        data: &crate::table::CardData,
        input: impl AsRef<[u8]>,
    ) -> Support {
        self.track_verdict(Cards::Runtime(data), input.as_ref())
    }

    fn track_verdict(&self, cards: Cards<'_>, input: &[u8]) -> Support {
        match track::parse(input) {
            Ok(swipe) => self.swipe_verdict(cards, &swipe),
            Err(e) => {
                Support::unsupported(e.into(), pan::MaskedPan::NONE).entered(swipe_entry(input))
            }
        }
    }

    /// Classifies an already parsed swipe.
    pub fn classify_swipe(&self, swipe: &Swipe) -> Support {
        self.swipe_verdict(Cards::Compiled, swipe)
    }

    fn swipe_verdict(&self, cards: Cards<'_>, swipe: &Swipe) -> Support {
        let entry = match swipe.tracks() {
            Tracks::Track1 => Entry::Track1,
            _ => Entry::Track2,
        };
        self.card_present(
            cards,
            swipe.pan(),
            &Presented {
                entry,
                expiry: swipe.expiry(),
                valid_through: swipe.expiry().map(YearMonth::last_day),
                service_code: swipe.service_code(),
                aid_schemes: None,
            },
        )
    }

    /// Classifies EMV data given as binary BER-TLV (see [`emv`] for the tags read). Never
    /// panics, never allocates.
    ///
    /// ```
    /// use binclass::{Entry, Profile, Reason};
    /// // 57 (track 2 equivalent data, PAN 4761 7390 0101 0119) with a Mastercard AID in 4F.
    /// let tlv = [
    ///     0x57, 0x11, 0x47, 0x61, 0x73, 0x90, 0x01, 0x01, 0x01, 0x19, 0xD2, 0x21, 0x22, 0x01,
    ///     0x14, 0x38, 0x04, 0x40, 0x00, 0x4F, 0x07, 0xA0, 0x00, 0x00, 0x00, 0x04, 0x10, 0x10,
    /// ];
    /// let v = Profile::default().classify_emv(&tlv);
    /// assert_eq!(v.entry(), Entry::Emv);
    /// assert_eq!(v.reason(), Some(Reason::AidMismatch)); // a Visa number, a Mastercard AID
    /// ```
    pub fn classify_emv(&self, tlv: impl AsRef<[u8]>) -> Support {
        self.emv_verdict(Cards::Compiled, tlv.as_ref())
    }

    /// [`Profile::classify_emv`] with runtime card data (see
    /// [`Profile::classify_track_with`]).
    #[cfg(feature = "std")]
    pub fn classify_emv_with(
        &self,
        data: &crate::table::CardData,
        tlv: impl AsRef<[u8]>,
    ) -> Support {
        self.emv_verdict(Cards::Runtime(data), tlv.as_ref())
    }

    fn emv_verdict(&self, cards: Cards<'_>, tlv: &[u8]) -> Support {
        match emv::parse(tlv) {
            Ok(chip) => self.chip_verdict(cards, &chip),
            Err(e) => Support::unsupported(e.into(), pan::MaskedPan::NONE).entered(Entry::Emv),
        }
    }

    /// Classifies EMV data given as hex text (either case, spaces ignored, at most
    /// [`emv::MAX_TLV`] bytes). A character that is not hex is `invalid_character`.
    ///
    /// ```
    /// use binclass::{Profile, Reason, Scheme};
    /// let p = Profile::default();
    /// let v = p.classify_emv_hex("5A 08 6212345678901232 5F30 02 0220");
    /// assert_eq!(v.scheme(), Some(Scheme::Unionpay));
    /// assert_eq!(v.service_code().unwrap().value(), 220);
    /// assert_eq!(p.classify_emv_hex("5A 08 62123456789O1232").reason(), Some(Reason::InvalidCharacter));
    /// ```
    pub fn classify_emv_hex(&self, hex: impl AsRef<[u8]>) -> Support {
        self.emv_hex_verdict(Cards::Compiled, hex.as_ref())
    }

    /// [`Profile::classify_emv_hex`] with runtime card data (see
    /// [`Profile::classify_track_with`]).
    #[cfg(feature = "std")]
    pub fn classify_emv_hex_with(
        &self,
        data: &crate::table::CardData,
        hex: impl AsRef<[u8]>,
    ) -> Support {
        self.emv_hex_verdict(Cards::Runtime(data), hex.as_ref())
    }

    fn emv_hex_verdict(&self, cards: Cards<'_>, hex: &[u8]) -> Support {
        // A card read is usually a few hundred bytes: hex that cannot decode to more than
        // `SMALL_TLV` bytes is decoded in a small buffer, so the common call does not clear
        // (and wipe) 4 KiB of stack. The answer is the same either way.
        if hex.len() <= 2 * SMALL_TLV {
            self.emv_hex_verdict_in::<SMALL_TLV>(cards, hex)
        } else {
            self.emv_hex_verdict_large(cards, hex)
        }
    }

    #[inline(never)]
    fn emv_hex_verdict_large(&self, cards: Cards<'_>, hex: &[u8]) -> Support {
        self.emv_hex_verdict_in::<{ emv::MAX_TLV }>(cards, hex)
    }

    /// [`Profile::classify_emv_hex`] with an `N`-byte buffer (at most [`emv::MAX_TLV`]).
    fn emv_hex_verdict_in<const N: usize>(&self, cards: Cards<'_>, hex: &[u8]) -> Support {
        let mut buf = [0u8; N];
        let (v, used) = match emv::decode_hex(hex, &mut buf) {
            Ok([]) => (
                Support::unsupported(Reason::Empty, pan::MaskedPan::NONE).entered(Entry::Emv),
                0,
            ),
            Ok(tlv) => (self.emv_verdict(cards, tlv), tlv.len()),
            Err(e) => (
                Support::unsupported(e.into(), pan::MaskedPan::NONE).entered(Entry::Emv),
                N,
            ),
        };
        // The buffer held the PAN and track 2 equivalent data: wipe what was written (all of
        // it after an error, when how far decoding got is not known).
        if let Some(written) = buf.get_mut(..used) {
            zeroize::Zeroize::zeroize(written);
        }
        v
    }

    /// Classifies already parsed EMV data.
    pub fn classify_chip(&self, chip: &ChipData) -> Support {
        self.chip_verdict(Cards::Compiled, chip)
    }

    fn chip_verdict(&self, cards: Cards<'_>, chip: &ChipData) -> Support {
        let aid_schemes = chip
            .aid()
            .and_then(|a| a.rid_info())
            .filter(|r| r.checked())
            .map(|r| r.schemes());
        self.card_present(
            cards,
            chip.pan(),
            &Presented {
                entry: Entry::Emv,
                expiry: chip.expiry(),
                valid_through: chip.valid_through(),
                service_code: chip.service_code(),
                aid_schemes,
            },
        )
    }

    /// The card-present steps after the number checks; see [`Reason`] for the order.
    fn card_present(&self, cards: Cards<'_>, pan: &Pan, p: &Presented) -> Support {
        let mut v = match cards {
            Cards::Compiled => self.classify_digits(pan.digits()),
            #[cfg(feature = "std")]
            Cards::Runtime(data) => self.classify_digits_with(data, pan.digits()),
            #[cfg(not(feature = "std"))]
            Cards::NoRuntime(never, _) => match never {},
        };
        v.entry = p.entry;
        v.expiry = p.expiry;
        v.service_code = p.service_code;
        let mut flags = Flags::EMPTY;
        if let Some(sc) = p.service_code {
            if sc.online_required() {
                flags = flags.with(Flags::ONLINE_REQUIRED);
            }
            if sc.pin() == crate::service_code::PinRequirement::Required {
                flags = flags.with(Flags::PIN_REQUIRED);
            }
            if sc.chip_present() {
                flags = flags.with(Flags::CHIP_PRESENT);
            }
        }
        if p.entry == Entry::Emv {
            flags = flags.with(Flags::CHIP_PRESENT);
        }
        v.flags = flags;
        // Number problems (unknown prefix, length, Luhn) stand as they are.
        // Acceptance refusals (scheme, product, country) give way to what is wrong with the
        // card itself (AID, expiry), as the order in `Reason` says.
        if !matches!(
            v.reason,
            None | Some(
                Reason::SchemeNotAccepted | Reason::ProductNotAccepted | Reason::CountryNotAccepted
            )
        ) {
            return v;
        }
        let aid_mismatch = p
            .aid_schemes
            .is_some_and(|s| s.intersect(v.candidates).is_empty());
        let expired = match (self.today, p.valid_through) {
            (Some(today), Some(last)) => today > last,
            _ => false,
        };
        let services_refused = p
            .service_code
            .is_some_and(|sc| !TerminalServices::allowed_by(sc).intersects(self.services));
        let chip_swiped = p.entry.is_swipe()
            && self.fallback == Fallback::Denied
            && p.service_code.is_some_and(ServiceCode::chip_present);
        v.reason = if aid_mismatch {
            Some(Reason::AidMismatch)
        } else if expired {
            Some(Reason::Expired)
        } else if v.reason.is_some() {
            v.reason
        } else if services_refused {
            Some(Reason::ServiceNotAllowed)
        } else if chip_swiped {
            Some(Reason::ChipRequired)
        } else {
            None
        };
        v
    }
    #[inline]
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
        let (id, rule) = iin::rule_of_quads(p.prefix_quads());
        // A few word operations: cheaper to compute than to decide whether it is needed.
        let luhn_ok = luhn::groups_valid(p.luhn_groups());
        match rule.ranges {
            0 => Support::unsupported(Reason::UnknownIin, masked),
            1 => self.verdict_one(rule, p.len(), luhn_ok, masked),
            _ => match iin::match_by_id(id) {
                Some(m) => {
                    let rules = m.ranges().iter().map(|r| RangeRule {
                        scheme: r.scheme(),
                        lengths: r.lengths(),
                        luhn: r.luhn(),
                    });
                    let facts = IssuerFacts::UNKNOWN;
                    self.verdict(m.schemes(), rules, facts, p.len(), luhn_ok, masked)
                }
                None => Support::unsupported(Reason::UnknownIin, masked),
            },
        }
    }

    /// The table's lengths for a scheme unless this profile overrides them.
    #[inline(always)]
    fn lengths_for(&self, scheme: Scheme, table: Lengths) -> Lengths {
        if !self.overridden.contains(scheme) {
            return table;
        }
        match self.lengths.get(usize::from(scheme.code())) {
            Some(&l) if !l.is_empty() => l,
            _ => table,
        }
    }

    /// The table's Luhn policy for a scheme unless this profile overrides it.
    #[inline(always)]
    fn luhn_for(&self, scheme: Scheme, table: LuhnPolicy) -> LuhnPolicy {
        if !self.overridden.contains(scheme) {
            return table;
        }
        self.luhn_override(scheme).unwrap_or(table)
    }

    /// The acceptance step after the scheme: product and country, from issuer facts.
    #[inline(always)]
    fn issuer_refusal(&self, facts: IssuerFacts) -> Option<Reason> {
        if !self.issuer.product_ok(facts.product) {
            Some(Reason::ProductNotAccepted)
        } else if !self.issuer.country_ok(facts.country) {
            Some(Reason::CountryNotAccepted)
        } else {
            None
        }
    }

    /// The verdict when the prefix names one range of the compiled table (most cards): the
    /// same rules as [`Profile::verdict`] with every set reduced to that range's scheme.
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
                (self.issuer_refusal(IssuerFacts::UNKNOWN), luhn)
            }
        };
        Support {
            reason,
            scheme: Some(s),
            candidates: rule.schemes,
            luhn,
            flags: Flags::EMPTY,
            entry: Entry::Keyed,
            masked,
            expiry: None,
            service_code: None,
            product: 0,
            country: [0, 0],
        }
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
        // The same normalisation as `classify`: plain digits a word at a time, then typed
        // separators, then the scan that says what is wrong.
        if let Some(p) = Packed::from_ascii(input).or_else(|| Packed::from_keyed(input)) {
            return self.classify_packed_with(data, &p);
        }
        let s = pan::scan(input);
        if let Some(refused) = refused_input(&s, input) {
            return refused;
        }
        self.classify_digits_with(data, s.stored())
    }

    /// [`Profile::classify_digits`] with runtime card data.
    #[cfg(feature = "std")]
    fn classify_digits_with(&self, data: &crate::table::CardData, digits: &[u8]) -> Support {
        match Packed::from_values(digits) {
            Some(p) => self.classify_packed_with(data, &p),
            // Unreachable for a scanned or parsed PAN; answer as the scan would.
            None => Support::unsupported(Reason::BadLength, pan::MaskedPan::NONE),
        }
    }

    #[cfg(feature = "std")]
    #[inline]
    fn classify_packed_with(&self, data: &crate::table::CardData, p: &Packed) -> Support {
        let masked = p.masked();
        let p8 = p.prefix8();
        let facts = data.facts(p8);
        let Some(m) = data.lookup(p8) else {
            return Support::unsupported(Reason::UnknownIin, masked).with_issuer(facts);
        };
        let rules = m.ranges().map(|r| RangeRule {
            scheme: r.scheme(),
            lengths: r.lengths(),
            luhn: r.luhn(),
        });
        let luhn_ok = luhn::groups_valid(p.luhn_groups());
        self.verdict(m.schemes(), rules, facts, p.len(), luhn_ok, masked)
    }

    /// The verdict on a number of `len` digits whose prefix resolved to `ranges` (of schemes
    /// `candidates`), from either table.
    fn verdict<R>(
        &self,
        candidates: SchemeSet,
        ranges: R,
        issuer: IssuerFacts,
        len: usize,
        luhn_ok: bool,
        masked: pan::MaskedPan,
    ) -> Support
    where
        R: Iterator<Item = RangeRule> + Clone,
    {
        let mut fits_length = SchemeSet::EMPTY;
        let mut valid = SchemeSet::EMPTY;
        for r in ranges.clone() {
            let s = r.scheme;
            if !self.lengths_for(s, r.lengths).contains(len) {
                continue;
            }
            fits_length = fits_length.with(s);
            if self.luhn_for(s, r.luhn) != LuhnPolicy::Required || luhn_ok {
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
        } else {
            (self.issuer_refusal(issuer), self.first(accepted))
        };
        // Report the Luhn result when the chosen scheme's policy applies it.
        let luhn = match (reason, scheme) {
            (Some(Reason::BadLength), _) | (_, None) => None,
            (_, Some(s)) => {
                let table = ranges
                    .clone()
                    .find(|r| r.scheme == s)
                    .map_or(LuhnPolicy::None, |r| r.luhn);
                match self.luhn_for(s, table) {
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
            flags: Flags::EMPTY,
            entry: Entry::Keyed,
            masked,
            expiry: None,
            service_code: None,
            product: 0,
            country: [0, 0],
        }
        .with_issuer(issuer)
    }
}

/// The verdict for typed input that is not 8 to 19 digits (`None` when it is), with the
/// precedence [`Reason`] documents.
fn refused_input(s: &pan::Scan, input: &[u8]) -> Option<Support> {
    let reason = match s.error? {
        PanError::Empty => Reason::Empty,
        PanError::InvalidCharacter => Reason::InvalidCharacter,
        PanError::BadLength => Reason::BadLength,
    };
    Some(Support::unsupported(reason, pan::mask_scan(s, input)))
}

/// Where card-present verdicts look up the card's number: the compiled table, or runtime card
/// data (a table overlay and issuer data).
#[derive(Clone, Copy)]
enum Cards<'a> {
    Compiled,
    #[cfg(feature = "std")]
    Runtime(&'a crate::table::CardData),
    /// Without `std` there is no runtime data; this variant only carries the lifetime.
    #[cfg(not(feature = "std"))]
    #[allow(dead_code)]
    NoRuntime(core::convert::Infallible, core::marker::PhantomData<&'a ()>),
}

/// The buffer [`Profile::classify_emv_hex`] decodes short hex into (see there).
const SMALL_TLV: usize = 512;

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
