//! Primary account numbers: normalising typed input to digits, PAN lengths, and masking.
//!
//! A [`Pan`] holds the full number and never shows it: its `Debug` and `Display` print the
//! masked form (first 6 and last 4 digits at most, PCI DSS 4.0 requirement 3.4.1). The
//! verdict carries only a [`MaskedPan`], which cannot be turned back into the number.

use crate::swar;
use core::fmt;

/// Shortest PAN allowed by ISO/IEC 7812-1.
pub const MIN_LEN: usize = 8;
/// Longest PAN allowed by ISO/IEC 7812-1.
pub const MAX_LEN: usize = 19;
/// Longest keyed input accepted, in bytes: 19 digits with a separator after each and room
/// for doubled separators. Longer input is `bad_length` without being read.
pub const MAX_INPUT: usize = 64;

/// Why typed input is not a PAN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PanError {
    Empty,
    InvalidCharacter,
    BadLength,
}

/// A set of allowed PAN lengths (8..=19) as a bit mask.
///
/// ```
/// use binclass::Lengths;
/// let l: Lengths = "13;16-19".parse().unwrap();
/// assert!(l.contains(13) && l.contains(17) && !l.contains(15));
/// assert_eq!(l.to_string(), "13;16-19");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Lengths(u32);

const LENGTH_BITS: u32 = ((1u32 << (MAX_LEN + 1)) - 1) & !((1u32 << MIN_LEN) - 1);

impl Lengths {
    /// No length.
    pub const EMPTY: Lengths = Lengths(0);

    /// Every length ISO/IEC 7812-1 allows, 8 to 19.
    pub const ANY: Lengths = Lengths(LENGTH_BITS);

    /// From a mask where bit `n` allows length `n`; bits outside 8..=19 are dropped.
    pub const fn from_mask(mask: u32) -> Lengths {
        Lengths(mask & LENGTH_BITS)
    }

    /// The lengths `lo..=hi`, clamped to 8..=19.
    pub const fn range(lo: u8, hi: u8) -> Lengths {
        let mut mask = 0u32;
        let mut n = lo;
        while n <= hi && n < 32 {
            mask |= 1 << n;
            n += 1;
        }
        Lengths::from_mask(mask)
    }

    /// This set plus length `n` (ignored outside 8..=19).
    #[must_use]
    pub const fn with(self, n: u8) -> Lengths {
        if n < 32 {
            Lengths::from_mask(self.0 | 1 << n)
        } else {
            self
        }
    }

    /// The raw mask.
    pub const fn mask(self) -> u32 {
        self.0
    }

    /// Is length `n` allowed?
    pub const fn contains(self, n: usize) -> bool {
        n < 32 && self.0 & (1 << n) != 0
    }

    /// Is no length allowed?
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Largest allowed length, if any.
    pub const fn max(self) -> Option<u8> {
        if self.0 == 0 {
            None
        } else {
            Some(31 - self.0.leading_zeros() as u8)
        }
    }

    /// The allowed lengths, ascending.
    pub fn iter(self) -> impl Iterator<Item = u8> {
        (MIN_LEN as u8..=MAX_LEN as u8).filter(move |&n| self.contains(usize::from(n)))
    }
}

impl fmt::Display for Lengths {
    /// Writes `13;16-19` style (the data-file syntax).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        let mut n = MIN_LEN;
        while n <= MAX_LEN {
            if self.contains(n) {
                let lo = n;
                while n < MAX_LEN && self.contains(n + 1) {
                    n += 1;
                }
                if !first {
                    f.write_str(";")?;
                }
                first = false;
                if lo == n {
                    write!(f, "{lo}")?;
                } else {
                    write!(f, "{lo}-{n}")?;
                }
            }
            n += 1;
        }
        Ok(())
    }
}

impl fmt::Debug for Lengths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lengths({self})")
    }
}

/// The error for a malformed lengths string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadLengths;

impl fmt::Display for BadLengths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("lengths must be `;`-separated numbers or ranges N-M within 8..=19")
    }
}

impl core::error::Error for BadLengths {}

impl core::str::FromStr for Lengths {
    type Err = BadLengths;

    fn from_str(s: &str) -> Result<Lengths, BadLengths> {
        let mut out = Lengths::EMPTY;
        for item in s.split(';').map(str::trim) {
            let (lo, hi) = item.split_once('-').unwrap_or((item, item));
            let (Ok(lo), Ok(hi)) = (lo.trim().parse::<u8>(), hi.trim().parse::<u8>()) else {
                return Err(BadLengths);
            };
            if lo > hi || usize::from(lo) < MIN_LEN || usize::from(hi) > MAX_LEN {
                return Err(BadLengths);
            }
            out = Lengths(out.0 | Lengths::range(lo, hi).0);
        }
        Ok(out)
    }
}

/// A PAN with its masked form: no more than the first 6 and the last 4 digits, and never
/// fewer than 4 digits hidden (so a short number shows less).
///
/// `Copy`, 16 bytes, holds only the digits it shows.
///
/// ```
/// let v = binclass::classify("4111 1111 1111 1111");
/// assert_eq!(v.masked().to_string(), "411111******1111");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MaskedPan {
    /// Values (0-9) of the leading digits shown (at most 6), the first in the low byte of
    /// `first_lo`, the fifth and sixth in `first_hi`; other bytes 0. Two fields rather than a
    /// `u64` keep the type 4-byte aligned, so the verdict stays small.
    first_lo: u32,
    first_hi: u16,
    /// Values of the trailing digits shown, the last in the high byte; other bytes 0.
    last: u32,
    /// Digits in the PAN; how many are shown at each end follows from it ([`MaskedPan::shown`]).
    len: u8,
}

// Small enough for the verdict to stay within its budget.
const _: () = assert!(core::mem::size_of::<MaskedPan>() <= 12);

impl MaskedPan {
    /// Nothing known (input that is not digits).
    pub const NONE: MaskedPan = MaskedPan {
        first_lo: 0,
        first_hi: 0,
        last: 0,
        len: 0,
    };

    /// How many digits are shown at the start and at the end for a PAN of `len` digits.
    pub const fn shown(len: usize) -> (usize, usize) {
        let last = if len >= 8 { 4 } else { len.saturating_sub(4) };
        let first = len.saturating_sub(4 + last);
        let first = if first > 6 { 6 } else { first };
        (first, last)
    }

    /// Masks a digit string (values 0-9); `total` is the full digit count, which may exceed
    /// `digits.len()` only when `tail` supplies the last digits.
    pub(crate) fn new(head: &[u8], tail: &[u8], total: usize) -> MaskedPan {
        let (first_n, last_n) = Self::shown(total);
        let first = head
            .iter()
            .take(first_n)
            .enumerate()
            .fold(0u64, |a, (i, &d)| a | u64::from(d) << (8 * i));
        let last_n = last_n.min(tail.len());
        let last = tail
            .iter()
            .skip(tail.len() - last_n)
            .fold(0u32, |a, &d| a >> 8 | u32::from(d) << 24);
        MaskedPan {
            first_lo: first as u32,
            first_hi: (first >> 32) as u16,
            last: if last_n == 0 { 0 } else { last },
            len: total.min(usize::from(u8::MAX)) as u8,
        }
    }

    /// From word-packed digits: `head` holds the first eight digit values (first in the low
    /// byte), `tail` the last four (last in the high byte); `len` is 8 to 19.
    #[inline(always)]
    pub(crate) const fn from_words(head: u64, tail: u32, len: usize) -> MaskedPan {
        let (first_n, _) = Self::shown(len);
        // first_n <= 6, so the mask never needs all 64 bits.
        let first = head & ((1u64 << (8 * first_n)) - 1);
        MaskedPan {
            first_lo: first as u32,
            first_hi: (first >> 32) as u16,
            last: tail,
            len: len as u8,
        }
    }

    /// The leading digits shown, as bytes of one word.
    const fn first(&self) -> u64 {
        self.first_lo as u64 | (self.first_hi as u64) << 32
    }

    /// Number of digits in the PAN (0 when not known).
    pub const fn len(&self) -> usize {
        self.len as usize
    }

    /// Is nothing known?
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The leading digits shown (up to 6), as text in `buf`.
    pub fn bin<'a>(&self, buf: &'a mut [u8; 6]) -> &'a str {
        let n = Self::shown(self.len()).0.min(6);
        let first = self.first();
        for (i, slot) in buf.iter_mut().enumerate().take(n) {
            *slot = b'0' + (first >> (8 * i)) as u8;
        }
        buf.get(..n)
            .and_then(|b| core::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    /// Writes the masked form, as `Display` shows it, into `out` as ASCII without the
    /// formatting machinery (the C API fills its fixed buffer this way); returns its length,
    /// or `None` when `out` is too small. The length is [`MaskedPan::len`].
    ///
    /// ```
    /// let v = binclass::classify("4111 1111 1111 1111");
    /// let mut buf = [0u8; 19];
    /// let n = v.masked().write_ascii(&mut buf).unwrap();
    /// assert_eq!(&buf[..n], b"411111******1111");
    /// assert_eq!(v.masked().write_ascii(&mut [0u8; 15]), None);
    /// ```
    pub fn write_ascii(&self, out: &mut [u8]) -> Option<usize> {
        let (first_n, last_n) = Self::shown(self.len());
        let stars = usize::from(self.len).saturating_sub(first_n + last_n);
        let total = first_n + stars + last_n;
        let (first, rest) = out.get_mut(..total)?.split_at_mut_checked(first_n)?;
        let (hidden, last) = rest.split_at_mut_checked(stars)?;
        // `first` holds its digits from the low byte up, `last` up to its high byte.
        let shown = self.first();
        for (i, slot) in first.iter_mut().enumerate() {
            *slot = b'0' + (shown >> (8 * i)) as u8;
        }
        hidden.fill(b'*');
        let skip = 4usize.saturating_sub(last.len());
        for (i, slot) in last.iter_mut().enumerate() {
            *slot = b'0' + (self.last >> (8 * (skip + i))) as u8;
        }
        Some(total)
    }
}

impl fmt::Display for MaskedPan {
    /// Writes e.g. `411111******1111`, or nothing when nothing is known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `len` is a u8, so 255 bytes always suffice.
        let mut buf = [0u8; 255];
        let n = self.write_ascii(&mut buf).unwrap_or(0);
        let text = buf.get(..n).and_then(|b| core::str::from_utf8(b).ok());
        f.write_str(text.unwrap_or(""))
    }
}

impl fmt::Debug for MaskedPan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MaskedPan({self})")
    }
}

/// A normalised PAN: 8 to 19 digits. `Debug` and `Display` show only the masked form.
///
/// ```
/// use binclass::Pan;
/// let pan = Pan::parse(b"4111-1111-1111-1111").unwrap();
/// assert_eq!(pan.len(), 16);
/// assert_eq!(format!("{pan:?}"), "Pan(411111******1111)");
/// assert!(Pan::parse(b"4111x").is_err());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Pan {
    digits: [u8; MAX_LEN],
    len: u8,
}

/// Result of reading typed input: the digits, or why not, with what can be shown of them.
pub(crate) struct Scan {
    pub(crate) digits: [u8; MAX_LEN],
    /// Digits seen (may exceed `MAX_LEN`; only the first `MAX_LEN` are stored).
    pub(crate) count: usize,
    pub(crate) error: Option<PanError>,
}

impl Scan {
    pub(crate) fn stored(&self) -> &[u8] {
        self.digits
            .get(..self.count.min(MAX_LEN))
            .unwrap_or(&self.digits)
    }
}

/// Reads typed input: digits, with spaces and dashes ignored anywhere.
///
/// Precedence: over-long input (more than [`MAX_INPUT`] bytes) is `BadLength` unread; then any
/// byte that is not a digit, space or dash is `InvalidCharacter`; then no digits is `Empty`;
/// then a digit count outside 8..=19 is `BadLength`.
#[inline]
pub(crate) fn scan(input: &[u8]) -> Scan {
    let mut s = Scan {
        digits: [0; MAX_LEN],
        count: 0,
        error: None,
    };
    if input.len() > MAX_INPUT {
        s.error = Some(PanError::BadLength);
        return s;
    }
    for &b in input {
        let d = b.wrapping_sub(b'0');
        if d <= 9 {
            if let Some(slot) = s.digits.get_mut(s.count) {
                *slot = d;
            }
            s.count += 1;
        } else if b != b' ' && b != b'-' {
            s.error = Some(PanError::InvalidCharacter);
            s.count = 0;
            return s;
        }
    }
    s.error = if s.count == 0 {
        Some(PanError::Empty)
    } else if s.count < MIN_LEN || s.count > MAX_LEN {
        Some(PanError::BadLength)
    } else {
        None
    };
    s
}

/// Masks what a scan saw. For over-long digit strings the last digits are re-read from input.
pub(crate) fn mask_scan(s: &Scan, input: &[u8]) -> MaskedPan {
    if s.count == 0 {
        return MaskedPan::NONE;
    }
    if s.count <= MAX_LEN {
        return MaskedPan::new(s.stored(), s.stored(), s.count);
    }
    let mut tail = [0u8; 4];
    let mut n = 0;
    for &b in input.iter().rev() {
        if b.is_ascii_digit() && n < 4 {
            n += 1;
            if let Some(slot) = tail.get_mut(4 - n) {
                *slot = b - b'0';
            }
        }
    }
    MaskedPan::new(s.stored(), tail.get(4 - n..).unwrap_or(&[]), s.count)
}

/// A PAN of 8 to 19 digits packed for word-at-a-time work (see [`crate::swar`]).
///
/// Built once per input; the IIN key, the Luhn check and the masked form are all read from
/// it without another pass over the digits. It holds the full number, so it has no `Debug`;
/// it lives only on the stack for the length of one classification.
#[derive(Clone, Copy)]
pub(crate) struct Packed {
    /// Values of the first eight digits, the first digit in the low byte.
    head: u64,
    /// Digit values in groups of eight counted from the check digit: `groups[0]` holds the
    /// last eight digits (the check digit in its high byte), `groups[1]` the eight before,
    /// `groups[2]` the rest, right-aligned; missing leading digits are 0.
    groups: [u64; 3],
    len: usize,
}

impl Packed {
    /// Packs input that is nothing but 8 to 19 ASCII digits; `None` for anything else.
    ///
    /// Reads the input as three overlapping eight-byte words, without a byte loop or a copy:
    /// the first eight bytes, the last eight, and the eight before those (which, for 16
    /// digits or fewer, overlap the first word and are taken from it instead).
    #[inline(always)]
    pub(crate) fn from_ascii(input: &[u8]) -> Option<Packed> {
        let n = input.len();
        if !(MIN_LEN..=MAX_LEN).contains(&n) {
            return None;
        }
        let head = swar::load(input, 0);
        let last = swar::load(input, n - 8);
        // For 16 digits or fewer this re-reads the head.
        let before = swar::load(input, n.saturating_sub(16));
        // One test for all three words.
        let (head, last, before) = swar::digit_values3(head, last, before)?;
        // Groups of eight counted from the check digit. The group before the last eight digits
        // starts `n - 16` bytes in; when that is before the input it is the head moved up so
        // its digits end where the group ends. The group before that holds what is left of
        // the head (nothing for 16 digits or fewer).
        let middle = swar::shift_up(before, 16usize.saturating_sub(n));
        let top = swar::shift_up(head, 24 - n);
        Some(Packed {
            head,
            groups: [last, middle, top],
            len: n,
        })
    }

    /// Packs keyed input whose digits, once spaces and dashes are dropped, are 8 to 19 ASCII
    /// digits; `None` for anything else (the caller scans such input for the reason).
    ///
    /// Branch-free compaction: every byte is stored at the next digit slot and the slot only
    /// advances past digits.
    #[inline]
    pub(crate) fn from_keyed(input: &[u8]) -> Option<Packed> {
        if input.len() > MAX_INPUT {
            return None;
        }
        let mut digits = [0u8; 32];
        let mut n = 0usize;
        let mut bad = false;
        for &b in input {
            let is_digit = b.wrapping_sub(b'0') <= 9;
            bad |= !(is_digit || b == b' ' || b == b'-');
            // `n & 31` keeps the store in bounds; past 19 digits the input is refused below.
            if let Some(slot) = digits.get_mut(n & 31) {
                *slot = b;
            }
            n += usize::from(is_digit);
        }
        if bad {
            return None;
        }
        Packed::from_ascii(digits.get(..n)?)
    }

    /// Packs digit values (0-9), 8 to 19 of them; `None` otherwise.
    pub(crate) fn from_values(digits: &[u8]) -> Option<Packed> {
        let mut ascii = [0u8; MAX_LEN];
        let dst = ascii.get_mut(..digits.len())?;
        for (a, &d) in dst.iter_mut().zip(digits) {
            *a = d.wrapping_add(b'0');
        }
        Packed::from_ascii(dst)
    }

    /// Number of digits.
    #[inline(always)]
    pub(crate) const fn len(&self) -> usize {
        self.len
    }

    /// The first eight digits as a number (the IIN lookup key).
    #[cfg(feature = "std")]
    #[inline(always)]
    pub(crate) const fn prefix8(&self) -> u32 {
        swar::join_quads(swar::parse_quads(self.head))
    }

    /// The first eight digits as two four-digit numbers ([`swar::parse_quads`]).
    #[inline(always)]
    pub(crate) const fn prefix_quads(&self) -> u64 {
        swar::parse_quads(self.head)
    }

    /// The digit values in groups of eight counted from the check digit, as
    /// [`crate::luhn`] checks them.
    #[inline(always)]
    pub(crate) const fn luhn_groups(&self) -> [u64; 3] {
        self.groups
    }

    /// The masked form, straight from the words.
    #[inline(always)]
    pub(crate) const fn masked(&self) -> MaskedPan {
        // The last four digits are the high half of the last group.
        MaskedPan::from_words(self.head, (self.groups[0] >> 32) as u32, self.len)
    }
}

/// Why input is not a valid PAN (see [`Pan::parse`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PanParseError {
    /// No digits.
    Empty,
    /// A byte other than a digit, space or dash.
    InvalidCharacter,
    /// Fewer than 8 or more than 19 digits, or input over 64 bytes.
    BadLength,
}

impl fmt::Display for PanParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PanParseError::Empty => "no digits",
            PanParseError::InvalidCharacter => "a character other than a digit, space or dash",
            PanParseError::BadLength => "not 8 to 19 digits",
        })
    }
}

impl core::error::Error for PanParseError {}

impl Pan {
    /// Normalises typed input (digits, spaces and dashes) to a PAN of 8 to 19 digits.
    pub fn parse(input: &[u8]) -> Result<Pan, PanParseError> {
        let s = scan(input);
        match s.error {
            None => Ok(Pan {
                digits: s.digits,
                len: s.count as u8,
            }),
            Some(PanError::Empty) => Err(PanParseError::Empty),
            Some(PanError::InvalidCharacter) => Err(PanParseError::InvalidCharacter),
            Some(PanError::BadLength) => Err(PanParseError::BadLength),
        }
    }

    /// From digit values (each 0-9), 8 to 19 of them.
    pub(crate) fn from_digit_values(values: &[u8]) -> Option<Pan> {
        if !(MIN_LEN..=MAX_LEN).contains(&values.len()) || values.iter().any(|&d| d > 9) {
            return None;
        }
        let mut pan = Pan {
            digits: [0; MAX_LEN],
            len: values.len() as u8,
        };
        pan.digits.get_mut(..values.len())?.copy_from_slice(values);
        Some(pan)
    }

    /// Number of digits.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Always false: a `Pan` has at least 8 digits.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The digit values (0-9). Handle with care: this is the full card number.
    pub fn digits(&self) -> &[u8] {
        self.digits.get(..self.len()).unwrap_or(&[])
    }

    /// The masked form.
    pub fn masked(&self) -> MaskedPan {
        MaskedPan::new(self.digits(), self.digits(), self.len())
    }

    /// The first eight digits as a number (the IIN lookup key).
    pub fn prefix8(&self) -> u32 {
        prefix8(self.digits())
    }
}

/// The first eight digit values of `digits` as a number, zero-padded on the right.
#[inline]
pub(crate) fn prefix8(digits: &[u8]) -> u32 {
    let mut v = 0u32;
    for i in 0..8 {
        v = v * 10 + u32::from(digits.get(i).copied().unwrap_or(0));
    }
    v
}

/// The digits are wiped when a `Pan` is dropped, so the number does not linger in freed memory.
impl Drop for Pan {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.digits);
    }
}

impl fmt::Debug for Pan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pan({})", self.masked())
    }
}

impl fmt::Display for Pan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.masked(), f)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use std::string::ToString;

    #[test]
    fn masking_shows_at_most_6_and_4_and_hides_at_least_4() {
        let cases = [
            ("4111111111111111", "411111******1111"),
            ("378282246310005", "378282*****0005"),
            ("30569309025904", "305693****5904"),
            ("4222222222222", "42222****2222"),
            ("12345678", "****5678"),
            ("1234567", "****567"),
            ("12345", "****5"),
            ("1234", "****"),
            ("6212345678901234567", "621234*********4567"),
        ];
        for (pan, want) in cases {
            let d: std::vec::Vec<u8> = pan.bytes().map(|b| b - b'0').collect();
            assert_eq!(MaskedPan::new(&d, &d, d.len()).to_string(), want, "{pan}");
        }
        for n in 0..=40usize {
            let (first, last) = MaskedPan::shown(n);
            assert!(first <= 6 && last <= 4);
            assert!(n < 4 || n - first - last >= 4, "{n}");
        }
    }

    #[test]
    fn over_long_digit_strings_mask_with_their_real_tail() {
        let input = b"4111 1111 1111 1111 2222 3333 4";
        let s = scan(input);
        assert_eq!(s.error, Some(PanError::BadLength));
        assert_eq!(s.count, 25);
        assert_eq!(
            mask_scan(&s, input).to_string(),
            "411111***************3334"
        );
    }

    #[test]
    fn scan_precedence() {
        assert_eq!(scan(b"").error, Some(PanError::Empty));
        assert_eq!(scan(b" -- ").error, Some(PanError::Empty));
        assert_eq!(scan(b"12x").error, Some(PanError::InvalidCharacter));
        assert_eq!(scan(b"1234567").error, Some(PanError::BadLength));
        assert_eq!(scan(&[b'4'; 65]).error, Some(PanError::BadLength));
        assert_eq!(scan(&[b'4'; 19]).error, None);
        assert_eq!(scan(b"\xff").error, Some(PanError::InvalidCharacter));
    }

    #[test]
    fn lengths_parse_and_reject() {
        assert_eq!("16".parse::<Lengths>().unwrap(), Lengths::EMPTY.with(16));
        for bad in ["", "7", "20", "19-16", "a", "16;", "8-20"] {
            assert!(bad.parse::<Lengths>().is_err(), "{bad:?}");
        }
        assert_eq!(Lengths::ANY.iter().count(), 12);
        assert_eq!(Lengths::range(16, 19).max(), Some(19));
    }
}
