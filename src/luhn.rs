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

use crate::swar;

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

/// Luhn check of a digit string given as ASCII, eight digits at a time.
///
/// Returns false for an empty string or any byte other than `b'0'..=b'9'` (no separators:
/// [`crate::classify`] removes them first). Any length is accepted.
///
/// ```
/// use binclass::luhn::is_valid_ascii;
/// assert!(is_valid_ascii(b"4012888888881881"));
/// assert!(!is_valid_ascii(b"4012888888881882"));
/// assert!(!is_valid_ascii(b"4012 8888 8888 1881"));
/// assert!(!is_valid_ascii(b""));
/// ```
pub fn is_valid_ascii(digits: &[u8]) -> bool {
    if digits.is_empty() {
        return false;
    }
    let mut total = 0u32;
    for chunk in digits.rchunks(8) {
        // Right-align the chunk in a word of ASCII zeros, so its last digit sits in the high
        // byte like every other group counted from the check digit.
        let mut buf = [b'0'; 8];
        if let Some(dst) = buf.get_mut(8 - chunk.len()..) {
            dst.copy_from_slice(chunk);
        }
        let Some(group) = swar::digit_values(u64::from_le_bytes(buf)) else {
            return false;
        };
        // Reduce as we go so no input length can overflow the total.
        total = (total + swar::byte_sum(group_terms(group))) % 10;
    }
    total == 0
}

/// The Luhn terms of a group of eight digit values, per byte, modulo 10.
///
/// Groups are counted from the check digit: the group's last digit is in the high byte and is
/// never doubled, so the doubled digits are always the even bytes. A doubled digit `d`
/// contributes `2d` when `d < 5` and `2d - 9` otherwise, and `-9 = +1 (mod 10)`: the byte
/// becomes `d + d + (d >= 5)`, at most 19.
#[inline(always)]
pub(crate) const fn group_terms(group: u64) -> u64 {
    let doubled = group & swar::EVEN_BYTES;
    // A doubled byte of 5 or more reaches 0x80 when 0x7B is added (no carry: at most 0x84).
    let nines = (doubled.wrapping_add(0x7B * swar::ONES) >> 7) & swar::ONES;
    group + doubled + nines
}

/// Luhn check of up to 24 digits given as three groups of digit values counted from the
/// check digit (`groups[0]` holds the last eight digits, the check digit in its high byte;
/// unused leading digits are 0).
#[inline(always)]
pub(crate) const fn groups_valid(groups: [u64; 3]) -> bool {
    let [g0, g1, g2] = groups;
    // The doubled digits are the even bytes of every group. Gather those of the first two
    // groups into one word (the second group's into the odd bytes) so that one test counts
    // the doubled digits of 5 or more in both; the byte sum does not care which byte a term
    // sits in. Each byte of the total is at most 27 + 9 + 9 + 2 = 47.
    let d01 = (g0 & swar::EVEN_BYTES) | (g1 & swar::EVEN_BYTES) << 8;
    let d2 = g2 & swar::EVEN_BYTES;
    let k = 0x7B * swar::ONES;
    let nines = (d01.wrapping_add(k) >> 7 & swar::ONES) + (d2.wrapping_add(k) >> 7 & swar::ONES);
    let total = swar::byte_sum(g0 + g1 + g2 + d01 + d2 + nines);
    swar::divisible_by_10(total)
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
