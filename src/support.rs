//! The verdict: [`Support`], the [`Reason`] a card is not supported, and merchant messages.

use crate::expiry::YearMonth;
use crate::issuer::{Country, IssuerFacts, Product};
use crate::pan::MaskedPan;
use crate::scheme::{Scheme, SchemeSet};
use crate::service_code::ServiceCode;
use core::fmt;

/// Why a card cannot be taken. Stable snake_case codes ([`Reason::code`]) and numeric values
/// ([`Reason::number`]); a retired value is never reused.
///
/// When several apply, the first in this order is reported (each step assumes the ones before
/// it passed):
///
/// 1. `empty`;
/// 2. `invalid_character` (keyed input; EMV given as hex);
/// 3. `malformed_track`: framing, character set or length of a track, a reader's `E`, or BER-TLV
///    that does not decode;
/// 4. `lrc_mismatch`;
/// 5. `malformed_track`: a track field or EMV element (PAN, separator, name, expiry, service
///    code, discretionary data), month 00 or over 12, or two sources that disagree;
/// 6. `bad_length` (not 8-19 digits);
/// 7. `unknown_iin`;
/// 8. `bad_length` (not a length of the card's scheme);
/// 9. `luhn_failed`;
/// 10. `aid_mismatch`;
/// 11. `expired`;
/// 12. `scheme_not_accepted`;
/// 13. `product_not_accepted` (needs issuer data);
/// 14. `country_not_accepted` (needs issuer data);
/// 15. `service_not_allowed`;
/// 16. `chip_required`.
///
/// Damaged data comes first (a bad read is fixed by swiping again), then a wrong number
/// (a mistyped or damaged prefix can name the wrong scheme), then what the card is (forged,
/// expired), then what this terminal takes. `chip_required` is last: inserting the chip
/// does not help a card the terminal would refuse anyway.
///
/// ```
/// use binclass::{classify, Reason, Lang};
/// let v = classify("1234");
/// assert_eq!(v.reason(), Some(Reason::BadLength));
/// assert_eq!(Reason::UnknownIin.code(), "unknown_iin");
/// assert!(Reason::UnknownIin.message(Lang::ZhCn).contains("卡表"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
#[repr(u8)]
pub enum Reason {
    /// No digits were given.
    Empty = 1,
    /// The input has a character other than digits, spaces and dashes (keyed), or other than
    /// hex digits and spaces (EMV data as hex).
    InvalidCharacter = 2,
    /// The number has too few or too many digits, for any card or for its scheme.
    BadLength = 3,
    /// The check digit is wrong: mistyped, altered or damaged card.
    LuhnFailed = 4,
    /// The card's prefix is not in this terminal's card table ("L1 not supported").
    UnknownIin = 5,
    /// The card's scheme is known but not accepted by this terminal.
    SchemeNotAccepted = 6,
    /// The track or chip data is damaged, incomplete or not laid out as the standard says.
    MalformedTrack = 7,
    /// A track's longitudinal redundancy check character does not match: a misread.
    LrcMismatch = 8,
    /// The card is past its expiry month (or its chip application's expiry date).
    Expired = 9,
    /// A chip card was swiped and this terminal does not allow fallback to the stripe.
    ChipRequired = 10,
    /// The card's service code does not allow the services this terminal offers.
    ServiceNotAllowed = 11,
    /// The chip application's scheme (by its AID) is not a scheme of the card number.
    AidMismatch = 12,
    /// The card's product (credit, debit, prepaid, charge) is not accepted by this terminal.
    ProductNotAccepted = 13,
    /// The card was issued outside the terminal's country and the terminal is domestic-only.
    CountryNotAccepted = 14,
}

impl Reason {
    /// Every reason, in number order.
    pub const ALL: [Reason; 14] = [
        Reason::Empty,
        Reason::InvalidCharacter,
        Reason::BadLength,
        Reason::LuhnFailed,
        Reason::UnknownIin,
        Reason::SchemeNotAccepted,
        Reason::MalformedTrack,
        Reason::LrcMismatch,
        Reason::Expired,
        Reason::ChipRequired,
        Reason::ServiceNotAllowed,
        Reason::AidMismatch,
        Reason::ProductNotAccepted,
        Reason::CountryNotAccepted,
    ];

    /// The stable snake_case code, e.g. `unknown_iin`.
    pub const fn code(self) -> &'static str {
        self.texts().0
    }

    /// The stable numeric value (C API).
    pub const fn number(self) -> u8 {
        self as u8
    }

    /// The reason with this numeric value.
    pub const fn from_number(n: u8) -> Option<Reason> {
        match n {
            1 => Some(Reason::Empty),
            2 => Some(Reason::InvalidCharacter),
            3 => Some(Reason::BadLength),
            4 => Some(Reason::LuhnFailed),
            5 => Some(Reason::UnknownIin),
            6 => Some(Reason::SchemeNotAccepted),
            7 => Some(Reason::MalformedTrack),
            8 => Some(Reason::LrcMismatch),
            9 => Some(Reason::Expired),
            10 => Some(Reason::ChipRequired),
            11 => Some(Reason::ServiceNotAllowed),
            12 => Some(Reason::AidMismatch),
            13 => Some(Reason::ProductNotAccepted),
            14 => Some(Reason::CountryNotAccepted),
            _ => None,
        }
    }

    /// The reason with this code.
    pub fn from_code(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }

    /// What happened, for the merchant, in one short sentence.
    pub const fn summary(self, lang: Lang) -> &'static str {
        let t = self.texts();
        match lang {
            Lang::En => t.1,
            Lang::ZhCn => t.3,
        }
    }

    /// What the merchant can do about it.
    pub const fn action(self, lang: Lang) -> &'static str {
        let t = self.texts();
        match lang {
            Lang::En => t.2,
            Lang::ZhCn => t.4,
        }
    }

    /// Summary and action together, as a terminal shows them.
    pub const fn message(self, lang: Lang) -> &'static str {
        let t = self.texts();
        match lang {
            Lang::En => t.5,
            Lang::ZhCn => t.6,
        }
    }

    /// (code, en summary, en action, zh summary, zh action, en message, zh message).
    const fn texts(
        self,
    ) -> (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ) {
        macro_rules! t {
            ($code:literal, $en:literal, $en_do:literal, $zh:literal, $zh_do:literal) => {
                (
                    $code,
                    $en,
                    $en_do,
                    $zh,
                    $zh_do,
                    concat!($en, " ", $en_do),
                    concat!($zh, $zh_do),
                )
            };
        }
        match self {
            Reason::Empty => t!(
                "empty",
                "No card number was entered.",
                "Key, swipe or insert the card again.",
                "未输入卡号。",
                "请重新输入、刷卡或插卡。"
            ),
            Reason::InvalidCharacter => t!(
                "invalid_character",
                "The input contains characters that are not allowed (a card number is digits only).",
                "Re-enter the number using digits only.",
                "输入中含有不允许的字符（卡号只能是数字）。",
                "请只用数字重新输入卡号。"
            ),
            Reason::BadLength => t!(
                "bad_length",
                "The card number has the wrong number of digits for this card.",
                "Check the number and key it again, or swipe or insert the card.",
                "卡号位数与该卡种不符。",
                "请核对卡号后重新输入，或改为刷卡、插卡。"
            ),
            Reason::LuhnFailed => t!(
                "luhn_failed",
                "The card number fails its check digit: mistyped, altered or damaged card.",
                "Key the number again carefully; if it fails again, ask for another card.",
                "卡号校验位错误：可能输错，或卡片被改动、损坏。",
                "请仔细重新输入；仍失败请更换其他卡片。"
            ),
            Reason::UnknownIin => t!(
                "unknown_iin",
                "The card prefix is not in this terminal's card table.",
                "Update the terminal's card table, or ask for another card.",
                "该卡号前缀不在本终端卡表中。",
                "请更新终端卡表，或请客户换卡。"
            ),
            Reason::SchemeNotAccepted => t!(
                "scheme_not_accepted",
                "This card brand is not accepted on this terminal.",
                "Ask for a card of an accepted brand, or have the brand enabled with your acquirer.",
                "本终端不受理该卡组织的卡。",
                "请客户使用本终端受理的卡，或联系收单机构开通该卡组织。"
            ),
            Reason::MalformedTrack => t!(
                "malformed_track",
                "The card data could not be read: the stripe or chip data is damaged or incomplete.",
                "Swipe or insert the card again; if it fails again, ask for another card.",
                "无法读取卡片数据：磁条或芯片数据损坏或不完整。",
                "请重新刷卡或插卡；仍失败请更换其他卡片。"
            ),
            Reason::LrcMismatch => t!(
                "lrc_mismatch",
                "The stripe was misread: its check character does not match the data.",
                "Swipe the card again in one steady movement.",
                "磁条读取出错：校验字符与数据不符。",
                "请匀速重新刷卡。"
            ),
            Reason::Expired => t!(
                "expired",
                "The card has expired.",
                "Ask for another card.",
                "该卡已过有效期。",
                "请客户更换其他卡片。"
            ),
            Reason::ChipRequired => t!(
                "chip_required",
                "This is a chip card, and this terminal does not take chip cards by swipe.",
                "Insert the card into the chip reader.",
                "该卡为芯片卡，本终端不允许降级刷磁条交易。",
                "请插卡，使用芯片完成交易。"
            ),
            Reason::ServiceNotAllowed => t!(
                "service_not_allowed",
                "This card may not be used for what this terminal does (for example an ATM-only or cash-only card at a shop).",
                "Ask for another card.",
                "该卡不能用于本终端的交易类型（例如仅限ATM或仅限取现的卡）。",
                "请客户更换其他卡片。"
            ),
            Reason::AidMismatch => t!(
                "aid_mismatch",
                "The chip application does not belong to the card number's brand: the card may be altered or counterfeit.",
                "Do not take this card; ask for another card.",
                "芯片应用与卡号所属卡组织不一致：卡片可能被篡改或伪造。",
                "请勿受理此卡，请客户更换其他卡片。"
            ),
            Reason::ProductNotAccepted => t!(
                "product_not_accepted",
                "This kind of card (credit, debit, prepaid or charge) is not accepted on this terminal.",
                "Ask for a card of an accepted kind, for example a debit card.",
                "本终端不受理该类卡片（信用卡、借记卡、预付卡或签账卡）。",
                "请客户改用本终端受理的卡种，例如借记卡。"
            ),
            Reason::CountryNotAccepted => t!(
                "country_not_accepted",
                "This card was issued in another country; this terminal takes domestic cards only.",
                "Ask for a card issued in this country.",
                "该卡为境外发行，本终端仅受理境内发行的卡。",
                "请客户改用境内发行的卡。"
            ),
        }
    }
}

impl fmt::Display for Reason {
    /// Writes the stable code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Language of merchant messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Lang {
    /// English.
    En,
    /// Simplified Chinese (zh-CN).
    ZhCn,
}

/// Flags a supported verdict carries for the terminal's next step.
///
/// ```
/// use binclass::Flags;
/// let f = Flags::EMPTY.with(Flags::PIN_REQUIRED);
/// assert!(f.contains(Flags::PIN_REQUIRED) && !f.contains(Flags::ONLINE_REQUIRED));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Flags(u8);

impl Flags {
    /// No flag.
    pub const EMPTY: Flags = Flags(0);
    /// The transaction must be authorised online.
    pub const ONLINE_REQUIRED: Flags = Flags(1);
    /// A PIN is required.
    pub const PIN_REQUIRED: Flags = Flags(2);
    /// The card has a chip.
    pub const CHIP_PRESENT: Flags = Flags(4);

    /// These flags plus `other`.
    #[must_use]
    pub const fn with(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }

    /// Are all of `other`'s flags set?
    pub const fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }

    /// The raw bits (C API).
    pub const fn bits(self) -> u8 {
        self.0
    }
}

impl fmt::Debug for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut l = f.debug_set();
        for (flag, name) in [
            (Flags::ONLINE_REQUIRED, "online_required"),
            (Flags::PIN_REQUIRED, "pin_required"),
            (Flags::CHIP_PRESENT, "chip_present"),
        ] {
            if self.contains(flag) {
                l.entry(&name);
            }
        }
        l.finish()
    }
}

/// How the card data reached the terminal.
///
/// ```
/// use binclass::{Entry, Profile};
/// assert_eq!(Profile::default().classify("4111111111111111").entry(), Entry::Keyed);
/// assert_eq!(Entry::Track2.id(), "track2");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Entry {
    /// Typed by hand.
    Keyed,
    /// Swiped; only track 1 was read.
    Track1,
    /// Swiped; track 2 was read (alone, or with track 1: track 2 is what authorization uses).
    Track2,
    /// Read from the chip (EMV data).
    Emv,
}

impl Entry {
    /// The stable id used in JSON: `keyed`, `track1`, `track2` or `emv`.
    pub const fn id(self) -> &'static str {
        match self {
            Entry::Keyed => "keyed",
            Entry::Track1 => "track1",
            Entry::Track2 => "track2",
            Entry::Emv => "emv",
        }
    }

    /// Was the card swiped (track 1 or track 2)?
    pub const fn is_swipe(self) -> bool {
        matches!(self, Entry::Track1 | Entry::Track2)
    }
}

/// The verdict on one card: supported, or not and why. Small, `Copy`, holds no full PAN.
///
/// ```
/// use binclass::{classify, Scheme};
/// let v = classify("6212 3456 7890 1232");
/// assert!(v.is_supported());
/// assert_eq!(v.scheme(), Some(Scheme::Unionpay));
/// assert_eq!(v.length(), Some(16));
/// assert_eq!(v.reason(), None);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Support {
    pub(crate) reason: Option<Reason>,
    pub(crate) scheme: Option<Scheme>,
    pub(crate) candidates: SchemeSet,
    pub(crate) luhn: Option<bool>,
    pub(crate) flags: Flags,
    pub(crate) entry: Entry,
    pub(crate) masked: MaskedPan,
    pub(crate) expiry: Option<YearMonth>,
    pub(crate) service_code: Option<ServiceCode>,
    /// Issuer facts, when issuer data knows the BIN: product code and country letters
    /// (0 = unknown), kept as bytes so the verdict stays small.
    pub(crate) product: u8,
    pub(crate) country: [u8; 2],
}

// The verdict stays small enough to copy cheaply, well within one 64-byte cache line: 12
// bytes of masked PAN (shown digits kept as bytes, 4-byte aligned), 8 of candidates,
// card-present expiry and service code, issuer product and country, a few bytes of verdict.
const _: () = assert!(core::mem::size_of::<Support>() <= 40);

impl Support {
    pub(crate) const fn unsupported(reason: Reason, masked: MaskedPan) -> Support {
        Support {
            reason: Some(reason),
            scheme: None,
            candidates: SchemeSet::EMPTY,
            luhn: None,
            flags: Flags::EMPTY,
            entry: Entry::Keyed,
            masked,
            expiry: None,
            service_code: None,
            product: 0,
            country: [0, 0],
        }
    }

    /// The same verdict, recorded as arriving by `entry`.
    pub(crate) const fn entered(mut self, entry: Entry) -> Support {
        self.entry = entry;
        self
    }

    /// This verdict with the issuer facts from a BIN lookup.
    pub(crate) const fn with_issuer(mut self, facts: IssuerFacts) -> Support {
        self.product = match facts.product {
            Some(p) => p.code(),
            None => 0,
        };
        self.country = match facts.country {
            Some(c) => c.bytes(),
            None => [0, 0],
        };
        self
    }

    /// The card's product, when issuer data knows its BIN.
    ///
    /// ```
    /// use binclass::{Bins, CardData, Product, Profile, Table};
    /// let bins = Bins::parse("b.csv", "bin,product\n411111,credit\n").unwrap();
    /// let data = CardData::new(Table::compiled(), Some(bins));
    /// assert_eq!(Profile::default().classify_with(&data, "4111111111111111").product(), Some(Product::Credit));
    /// assert_eq!(binclass::classify("4111111111111111").product(), None);
    /// ```
    pub const fn product(&self) -> Option<Product> {
        Product::from_code(self.product)
    }

    /// The issuing country (ISO 3166-1 alpha-2), when issuer data knows the card's BIN.
    pub const fn country(&self) -> Option<Country> {
        Country::new(self.country)
    }

    /// Can the terminal take this card (send it online)?
    pub const fn is_supported(&self) -> bool {
        self.reason.is_none()
    }

    /// Why not, when not supported.
    pub const fn reason(&self) -> Option<Reason> {
        self.reason
    }

    /// The scheme: the one chosen for a supported card; for `scheme_not_accepted`, `bad_length`
    /// and `luhn_failed`, the scheme the prefix names; `None` when unknown.
    pub const fn scheme(&self) -> Option<Scheme> {
        self.scheme
    }

    /// Every scheme the card's prefix names (more than one for a co-badged card).
    pub const fn candidates(&self) -> SchemeSet {
        self.candidates
    }

    /// Number of digits read (also when it is not 8 to 19); `None` when no digits were read
    /// or the input was not read (over 64 bytes, or a character other than digits and separators).
    pub const fn length(&self) -> Option<usize> {
        if self.masked.is_empty() {
            None
        } else {
            Some(self.masked.len())
        }
    }

    /// The Luhn check result, when the scheme's policy applies it (`None` when not checked).
    pub const fn luhn(&self) -> Option<bool> {
        self.luhn
    }

    /// Flags for the next step, from the service code when the input carried one:
    /// `online_required` (digit 2 is 2 or 4), `pin_required` (digit 3 is 0, 3 or 5) and
    /// `chip_present` (digit 1 is 2 or 6, or the data came from the chip). Keyed input has
    /// none.
    pub const fn flags(&self) -> Flags {
        self.flags
    }

    /// How the card data arrived.
    pub const fn entry(&self) -> Entry {
        self.entry
    }

    /// The masked PAN (first 6 and last 4 digits at most).
    pub const fn masked(&self) -> MaskedPan {
        self.masked
    }

    /// The card's expiry month, when the input carried one (tracks, EMV).
    pub const fn expiry(&self) -> Option<YearMonth> {
        self.expiry
    }

    /// The card's service code, when the input carried one (tracks, EMV).
    pub const fn service_code(&self) -> Option<ServiceCode> {
        self.service_code
    }

    /// The merchant message, or `None` when supported.
    pub fn message(&self, lang: Lang) -> Option<&'static str> {
        self.reason.map(|r| r.message(lang))
    }
}

impl fmt::Display for Support {
    /// One line for logs: masked PAN, verdict, scheme or reason. Never the full PAN.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.masked.is_empty() {
            write!(f, "{} ", self.masked)?;
        }
        match (self.reason, self.scheme) {
            (None, Some(s)) => write!(f, "supported {s}"),
            (None, None) => f.write_str("supported"),
            (Some(r), Some(s)) => write!(f, "unsupported {r} ({s})"),
            (Some(r), None) => write!(f, "unsupported {r}"),
        }
    }
}
