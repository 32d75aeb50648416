//! The Luhn (mod 10) check digit of ISO/IEC 7812-1, and how a scheme applies it.

/// How a scheme's check digit is treated when classifying.
///
/// ```
/// use binclass::LuhnPolicy;
/// assert_eq!("advisory".parse::<LuhnPolicy>(), Ok(LuhnPolicy::Advisory));
/// assert_eq!(LuhnPolicy::Required.as_str(), "required");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LuhnPolicy {
    /// A failed check rejects the card (`luhn_failed`).
    Required,
    /// The result is reported but does not reject the card (UnionPay: not every issued
    /// UnionPay PAN passes Luhn).
    Advisory,
    /// The check is not applied and no result is reported.
    None,
}

impl LuhnPolicy {
    /// The spelling used in data and profile files: `required`, `advisory` or `none`.
    pub const fn as_str(self) -> &'static str {
        match self {
            LuhnPolicy::Required => "required",
            LuhnPolicy::Advisory => "advisory",
            LuhnPolicy::None => "none",
        }
    }
}

impl core::str::FromStr for LuhnPolicy {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "required" => Ok(LuhnPolicy::Required),
            "advisory" => Ok(LuhnPolicy::Advisory),
            "none" => Ok(LuhnPolicy::None),
            _ => Err(()),
        }
    }
}

impl core::fmt::Display for LuhnPolicy {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `DOUBLED[d]` is the Luhn contribution of digit `d` in a doubled position.
const DOUBLED: [u8; 10] = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];

/// Does this digit string (values 0-9, check digit last) pass the Luhn check?
///
/// Values above 9 and an empty slice (no check digit) fail rather than panic.
///
/// ```
/// assert!(binclass::luhn::is_valid(&[4, 0, 1, 2, 8, 8, 8, 8, 8, 8, 8, 8, 1, 8, 8, 1]));
/// assert!(!binclass::luhn::is_valid(&[4, 0, 1, 2, 8, 8, 8, 8, 8, 8, 8, 8, 1, 8, 8, 2]));
/// ```
pub fn is_valid(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    let mut bad = false;
    for (i, &d) in digits.iter().rev().enumerate() {
        bad |= d > 9;
        let v = if i % 2 == 1 {
            DOUBLED.get(usize::from(d)).copied().unwrap_or(0)
        } else {
            d
        };
        sum += u32::from(v);
    }
    !bad && !digits.is_empty() && sum % 10 == 0
}

/// The check digit (0-9) that makes `payload` followed by it pass [`is_valid`].
///
/// Returns `None` if a value is above 9.
///
/// ```
/// // 7992739871 -> check digit 3 (the textbook example).
/// assert_eq!(binclass::luhn::check_digit(&[7, 9, 9, 2, 7, 3, 9, 8, 7, 1]), Some(3));
/// ```
pub fn check_digit(payload: &[u8]) -> Option<u8> {
    let mut sum = 0u32;
    for (i, &d) in payload.iter().rev().enumerate() {
        if d > 9 {
            return None;
        }
        let v = if i % 2 == 0 {
            DOUBLED.get(usize::from(d)).copied().unwrap_or(0)
        } else {
            d
        };
        sum += u32::from(v);
    }
    Some(((10 - sum % 10) % 10) as u8)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The textbook rule on text: double every second digit from the right, sum the digits.
    fn textbook(digits: &[u8]) -> bool {
        let mut sum = 0;
        for (i, &d) in digits.iter().rev().enumerate() {
            let v = if i % 2 == 1 {
                u32::from(d) * 2
            } else {
                u32::from(d)
            };
            sum += v / 10 + v % 10;
        }
        !digits.is_empty() && sum % 10 == 0
    }

    fn text(digits: &[u8]) -> std::string::String {
        digits.iter().map(|d| char::from(b'0' + d)).collect()
    }

    #[test]
    fn known_numbers() {
        assert!(is_valid(&[7, 9, 9, 2, 7, 3, 9, 8, 7, 1, 3]));
        assert!(!is_valid(&[7, 9, 9, 2, 7, 3, 9, 8, 7, 1, 4]));
        assert!(!is_valid(&[]));
        assert!(is_valid(&[0]));
        assert!(!is_valid(&[1, 10]));
    }

    proptest! {
        #[test]
        fn agrees_with_textbook_and_luhn_crate(digits in prop::collection::vec(0u8..10, 1..25)) {
            prop_assert_eq!(is_valid(&digits), textbook(&digits));
            prop_assert_eq!(is_valid(&digits), luhn::valid(&text(&digits)));
        }

        #[test]
        fn check_digit_makes_valid(payload in prop::collection::vec(0u8..10, 0..24)) {
            let c = check_digit(&payload).unwrap();
            let mut full = payload.clone();
            full.push(c);
            prop_assert!(is_valid(&full));
            for other in (0..10).filter(|&o| o != c) {
                *full.last_mut().unwrap() = other;
                prop_assert!(!is_valid(&full));
            }
        }
    }
}
