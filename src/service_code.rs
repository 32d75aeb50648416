//! The three-digit service code of ISO/IEC 7813 (tracks 1 and 2, EMV tag `5F30`), typed.
//!
//! | digit | meaning |
//! |---|---|
//! | 1 | interchange and technology: 1 international, 2 international with chip, 5 national, 6 national with chip, 7 closed loop (bilateral agreement), 9 test; 0, 3, 4, 8 reserved |
//! | 2 | authorization processing: 0 normal, 2 by issuer (online), 4 by issuer (online) unless bilateral agreement; others reserved |
//! | 3 | allowed services and PIN: 0 no restrictions, PIN required; 1 no restrictions; 2 goods and services only; 3 ATM only, PIN required; 4 cash only; 5 goods and services only, PIN required; 6 no restrictions, PIN where feasible; 7 goods and services only, PIN where feasible; 8, 9 reserved |
//!
//! Source: ISO/IEC 7813 as reproduced in the project's standards reference, section 2.

use core::fmt;

/// A service code: three digits, e.g. `201` (international, chip card, normal authorization,
/// no restrictions).
///
/// ```
/// use binclass::{ServiceCode, Interchange, Authorization, AllowedServices, PinRequirement};
/// let sc = ServiceCode::parse(b"201").unwrap();
/// assert_eq!(sc.interchange(), Interchange::International);
/// assert!(sc.chip_present());
/// assert_eq!(sc.authorization(), Authorization::Normal);
/// assert_eq!(sc.services(), AllowedServices::NoRestrictions);
/// assert_eq!(sc.pin(), PinRequirement::None);
/// assert_eq!(sc.to_string(), "201");
/// assert!(ServiceCode::parse(b"20").is_none());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceCode(u16);

/// Digit 1 of the service code: where the card may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Interchange {
    /// 1 or 2: international interchange.
    International,
    /// 5 or 6: national interchange only, except under bilateral agreement.
    National,
    /// 7: no general interchange, only under bilateral agreement (closed loop).
    ClosedLoop,
    /// 9: test card.
    Test,
    /// 0, 3, 4 or 8: reserved for ISO.
    Reserved,
}

/// Digit 2 of the service code: how authorization is processed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Authorization {
    /// 0: normal rules.
    Normal,
    /// 2: by the issuer; the transaction goes online.
    Online,
    /// 4: by the issuer, online, except under bilateral agreement.
    OnlineUnlessBilateral,
    /// 1, 3, 5-9: reserved.
    Reserved,
}

/// Digit 3 of the service code: which services the card allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AllowedServices {
    /// 0, 1, 6: no restrictions.
    NoRestrictions,
    /// 2, 5, 7: goods and services only (no cash).
    GoodsAndServices,
    /// 3: ATM only.
    AtmOnly,
    /// 4: cash only.
    CashOnly,
    /// 8, 9: reserved.
    Reserved,
}

/// Digit 3 of the service code: whether a PIN is needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PinRequirement {
    /// 0, 3, 5: PIN required.
    Required,
    /// 6, 7: PIN where feasible (the terminal has a PIN pad).
    WhereFeasible,
    /// 1, 2, 4: no PIN requirement from the service code.
    None,
    /// 8, 9: reserved.
    Reserved,
}

impl ServiceCode {
    /// From three digit values (each 0-9).
    pub const fn from_digits(d1: u8, d2: u8, d3: u8) -> Option<ServiceCode> {
        if d1 > 9 || d2 > 9 || d3 > 9 {
            None
        } else {
            Some(ServiceCode(d1 as u16 * 100 + d2 as u16 * 10 + d3 as u16))
        }
    }

    /// From its value, 0-999 (`201` for "201").
    pub const fn from_value(value: u16) -> Option<ServiceCode> {
        if value > 999 {
            None
        } else {
            Some(ServiceCode(value))
        }
    }

    /// From exactly three ASCII digits.
    pub fn parse(ascii: &[u8]) -> Option<ServiceCode> {
        match *ascii {
            [a, b, c] => ServiceCode::from_digits(
                a.wrapping_sub(b'0'),
                b.wrapping_sub(b'0'),
                c.wrapping_sub(b'0'),
            ),
            _ => None,
        }
    }

    /// The value, 0-999.
    pub const fn value(self) -> u16 {
        self.0
    }

    /// The three digit values.
    pub const fn digits(self) -> [u8; 3] {
        [
            (self.0 / 100) as u8,
            (self.0 / 10 % 10) as u8,
            (self.0 % 10) as u8,
        ]
    }

    /// Digit 1: where the card may be used.
    pub const fn interchange(self) -> Interchange {
        match self.0 / 100 {
            1 | 2 => Interchange::International,
            5 | 6 => Interchange::National,
            7 => Interchange::ClosedLoop,
            9 => Interchange::Test,
            _ => Interchange::Reserved,
        }
    }

    /// Digit 1 is 2 or 6: the card has a chip ("use chip when feasible"), so a swipe is a
    /// fallback.
    pub const fn chip_present(self) -> bool {
        matches!(self.0 / 100, 2 | 6)
    }

    /// Digit 2: how authorization is processed.
    pub const fn authorization(self) -> Authorization {
        match self.0 / 10 % 10 {
            0 => Authorization::Normal,
            2 => Authorization::Online,
            4 => Authorization::OnlineUnlessBilateral,
            _ => Authorization::Reserved,
        }
    }

    /// Digit 2 is 2 or 4: the issuer wants the transaction online.
    pub const fn online_required(self) -> bool {
        matches!(
            self.authorization(),
            Authorization::Online | Authorization::OnlineUnlessBilateral
        )
    }

    /// Digit 3: which services the card allows.
    pub const fn services(self) -> AllowedServices {
        match self.0 % 10 {
            0 | 1 | 6 => AllowedServices::NoRestrictions,
            2 | 5 | 7 => AllowedServices::GoodsAndServices,
            3 => AllowedServices::AtmOnly,
            4 => AllowedServices::CashOnly,
            _ => AllowedServices::Reserved,
        }
    }

    /// Digit 3: whether a PIN is needed.
    pub const fn pin(self) -> PinRequirement {
        match self.0 % 10 {
            0 | 3 | 5 => PinRequirement::Required,
            6 | 7 => PinRequirement::WhereFeasible,
            1 | 2 | 4 => PinRequirement::None,
            _ => PinRequirement::Reserved,
        }
    }
}

impl fmt::Display for ServiceCode {
    /// Writes the three digits, e.g. `201` or `000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.0)
    }
}

impl fmt::Debug for ServiceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServiceCode({self})")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// Every one of the 1000 codes, against the table written out digit by digit.
    #[test]
    fn every_code_matches_the_table() {
        for v in 0..1000u16 {
            let sc = ServiceCode::from_value(v).unwrap();
            let [d1, d2, d3] = sc.digits();
            assert_eq!(u16::from(d1) * 100 + u16::from(d2) * 10 + u16::from(d3), v);
            let chip = d1 == 2 || d1 == 6;
            assert_eq!(sc.chip_present(), chip);
            let inter = match d1 {
                1 | 2 => Interchange::International,
                5 | 6 => Interchange::National,
                7 => Interchange::ClosedLoop,
                9 => Interchange::Test,
                _ => Interchange::Reserved,
            };
            assert_eq!(sc.interchange(), inter);
            assert_eq!(sc.online_required(), d2 == 2 || d2 == 4);
            let (svc, pin) = [
                (AllowedServices::NoRestrictions, PinRequirement::Required),
                (AllowedServices::NoRestrictions, PinRequirement::None),
                (AllowedServices::GoodsAndServices, PinRequirement::None),
                (AllowedServices::AtmOnly, PinRequirement::Required),
                (AllowedServices::CashOnly, PinRequirement::None),
                (AllowedServices::GoodsAndServices, PinRequirement::Required),
                (
                    AllowedServices::NoRestrictions,
                    PinRequirement::WhereFeasible,
                ),
                (
                    AllowedServices::GoodsAndServices,
                    PinRequirement::WhereFeasible,
                ),
                (AllowedServices::Reserved, PinRequirement::Reserved),
                (AllowedServices::Reserved, PinRequirement::Reserved),
            ][usize::from(d3)];
            assert_eq!((sc.services(), sc.pin()), (svc, pin), "{sc}");
            let text = sc.to_string();
            assert_eq!(ServiceCode::parse(text.as_bytes()), Some(sc));
        }
        assert!(ServiceCode::from_value(1000).is_none());
        assert!(ServiceCode::parse(b"2a1").is_none());
        assert!(ServiceCode::parse(b"2011").is_none());
    }
}
