//! Eight decimal digits in one `u64` ("SIMD within a register"): checking, converting and
//! adding them a word at a time instead of a byte at a time.
//!
//! A word holds eight bytes in little-endian order, so the byte at the lowest address is the
//! least significant byte. A *value word* holds digit values 0-9, one per byte. Nothing here
//! depends on the rest of the crate; `pan` and `luhn` both build on it.

/// Every byte `0x01`.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// Every byte `b'0'`.
pub(crate) const ASCII_ZEROS: u64 = 0x30 * ONES;
/// The even bytes (0, 2, 4, 6) of a word.
pub(crate) const EVEN_BYTES: u64 = 0x00FF_00FF_00FF_00FF;

/// The eight bytes of `b` starting at `at`, or 0 (never a digit) when they are not all there.
#[inline(always)]
pub(crate) fn load(b: &[u8], at: usize) -> u64 {
    b.get(at..)
        .and_then(|s| s.first_chunk::<8>())
        .map_or(0, |c| u64::from_le_bytes(*c))
}

/// The digit values of eight ASCII bytes, or `None` if any byte is not `b'0'..=b'9'`.
#[inline(always)]
pub(crate) const fn digit_values(ascii: u64) -> Option<u64> {
    let v = ascii ^ ASCII_ZEROS;
    // A byte of `v` above 9 gets its top bit set by adding 0x76 (0x0A + 0x76 = 0x80); a byte
    // that already has it is not a digit either. A carry out of a byte only happens when that
    // byte is itself flagged, so the word as a whole is judged right.
    if (v.wrapping_add(0x76 * ONES) | v) & (0x80 * ONES) == 0 {
        Some(v)
    } else {
        None
    }
}

/// [`digit_values`] of three words at once, with one test.
#[inline(always)]
pub(crate) const fn digit_values3(a: u64, b: u64, c: u64) -> Option<(u64, u64, u64)> {
    let (a, b, c) = (a ^ ASCII_ZEROS, b ^ ASCII_ZEROS, c ^ ASCII_ZEROS);
    let k = 0x76 * ONES;
    let flags = a.wrapping_add(k) | a | b.wrapping_add(k) | b | c.wrapping_add(k) | c;
    if flags & (0x80 * ONES) == 0 {
        Some((a, b, c))
    } else {
        None
    }
}

/// Shifts a word towards its high end by `bytes` bytes (0 when `bytes >= 8`).
#[inline(always)]
pub(crate) const fn shift_up(w: u64, bytes: usize) -> u64 {
    if bytes >= 8 { 0 } else { w << (8 * bytes) }
}

/// The numbers written by the first four and the last four digits of a value word (most
/// significant digit in the low byte), in the low and high 32-bit halves: `0 0 0 1 2 3 4 5`
/// gives 1 and 2345. The first four digits index the IIN's dense level without a division;
/// [`join_quads`] finishes the eight-digit number when a deeper level needs it.
#[inline(always)]
pub(crate) const fn parse_quads(v: u64) -> u64 {
    // Pairs, then quads: each step multiplies the more significant half and adds the less
    // significant one; no lane ever overflows into its neighbour.
    let v = (v.wrapping_mul(10).wrapping_add(v >> 8)) & EVEN_BYTES;
    (v.wrapping_mul(100).wrapping_add(v >> 16)) & 0x0000_FFFF_0000_FFFF
}

/// The eight-digit number from [`parse_quads`] (`0 0 0 1 2 3 4 5` gives 12345).
#[inline(always)]
pub(crate) const fn join_quads(q: u64) -> u32 {
    (q.wrapping_mul(10_000).wrapping_add(q >> 32) & 0xFFFF_FFFF) as u32
}

/// The sum of the bytes of a word whose bytes are each at most 127.
#[inline(always)]
pub(crate) const fn byte_sum(w: u64) -> u32 {
    let pairs = (w & EVEN_BYTES) + ((w >> 8) & EVEN_BYTES);
    (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as u32
}

/// Is `x` a multiple of 10? Multiplying by the inverse of 5 modulo 2^32 maps the multiples
/// of 5 onto `0..=u32::MAX / 5`; rotating right by one also requires `x` even.
#[inline(always)]
pub(crate) const fn divisible_by_10(x: u32) -> bool {
    x.wrapping_mul(0xCCCC_CCCD).rotate_right(1) <= u32::MAX / 10
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn word(s: &[u8; 8]) -> u64 {
        u64::from_le_bytes(*s)
    }

    #[test]
    fn digit_values_accepts_exactly_digits() {
        assert_eq!(digit_values(word(b"01234567")), Some(0x0706_0504_0302_0100));
        for bad in 0..=255u8 {
            if bad.is_ascii_digit() {
                continue;
            }
            for at in 0..8 {
                let mut s = *b"99999999";
                s[at] = bad;
                assert_eq!(digit_values(word(&s)), None, "byte {bad:#x} at {at}");
            }
        }
    }

    fn parse8(v: u64) -> u32 {
        join_quads(parse_quads(v))
    }

    #[test]
    fn parse8_and_byte_sum() {
        assert_eq!(
            parse8(digit_values(word(b"12345678")).unwrap_or(0)),
            12_345_678
        );
        assert_eq!(
            parse8(digit_values(word(b"99999999")).unwrap_or(0)),
            99_999_999
        );
        assert_eq!(
            parse8(shift_up(digit_values(word(b"41111111")).unwrap_or(0), 2)),
            411_111
        );
        // The quads are the first and last four digits, and join back to the number, for every
        // digit pattern of a stride through all 10^8 eight-digit numbers.
        for n in (0..100_000_000u32).step_by(9_973).chain([99_999_999]) {
            let mut w = 0u64;
            for (i, d) in format!("{n:08}").bytes().enumerate() {
                w |= u64::from(d - b'0') << (8 * i);
            }
            let q = parse_quads(w);
            assert_eq!(q & 0xFFFF_FFFF, u64::from(n / 10_000), "{n}");
            assert_eq!(q >> 32, u64::from(n % 10_000), "{n}");
            assert_eq!(join_quads(q), n, "{n}");
            assert_eq!(parse8(w), n, "{n}");
        }
        assert_eq!(byte_sum(0x7F7F_7F7F_7F7F_7F7F), 8 * 127);
        assert_eq!(shift_up(1, 8), 0);
        for x in (0..100_000u32).chain(u32::MAX - 100_000..=u32::MAX) {
            assert_eq!(divisible_by_10(x), x % 10 == 0, "{x}");
        }
    }
}
