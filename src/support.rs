//! The verdict: [`Support`], the [`Reason`] a card is not supported, and merchant messages.

use crate::pan::MaskedPan;
use crate::scheme::{Scheme, SchemeSet};
use core::fmt;

/// Why a card cannot be taken. Stable snake_case codes ([`Reason::code`]) and numeric values
/// ([`Reason::number`]); a retired value is never reused.
///
/// When several apply, the first in this order is reported (each step assumes the ones before
/// it passed): `empty`, `invalid_character`, `bad_length` (not 8-19 digits), `unknown_iin`,
/// `bad_length` (not a length of the card's scheme), `luhn_failed`, `scheme_not_accepted`.
/// A wrong number is reported before acceptance, because a mistyped prefix can name the
/// wrong scheme.
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
    /// The input has a character other than digits, spaces and dashes.
    InvalidCharacter = 2,
    /// The number has too few or too many digits, for any card or for its scheme.
    BadLength = 3,
    /// The check digit is wrong: mistyped, altered or damaged card.
    LuhnFailed = 4,
    /// The card's prefix is not in this terminal's card table ("L1 not supported").
    UnknownIin = 5,
    /// The card's scheme is known but not accepted by this terminal.
    SchemeNotAccepted = 6,
}

impl Reason {
    /// Every reason, in number order.
    pub const ALL: [Reason; 6] = [
        Reason::Empty,
        Reason::InvalidCharacter,
        Reason::BadLength,
        Reason::LuhnFailed,
        Reason::UnknownIin,
        Reason::SchemeNotAccepted,
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
                "The card number contains characters that are not digits.",
                "Re-enter the number using digits only.",
                "卡号中含有非数字字符。",
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Entry {
    /// Typed by hand.
    Keyed,
}

impl Entry {
    /// The stable id used in JSON (`keyed`).
    pub const fn id(self) -> &'static str {
        match self {
            Entry::Keyed => "keyed",
        }
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
}

// The verdict stays small enough to return in registers or a couple of cache words.
const _: () = assert!(core::mem::size_of::<Support>() <= 32);

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
        }
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

    /// Number of digits in the PAN, when it is 8 to 19 digits... or whatever was seen.
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

    /// Flags for the next step (online, PIN, chip).
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
