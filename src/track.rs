//! Magnetic-stripe data as readers deliver it: track 1 (format B), track 2, or both.
//!
//! Layouts (ISO/IEC 7813; the project's standards reference, sections 1.3-1.6):
//!
//! ```text
//! track 1:  %  B  PAN(1-19)  ^  NAME(2-26)  ^  YYMM|^  SSS|^  discretionary  ?  LRC
//! track 2:  ;  PAN(1-19)  =  YYMM|=  SSS|=  discretionary  ?  LRC
//! ```
//!
//! What is accepted, because readers differ:
//! - start and end sentinels are optional; the LRC is optional (most readers strip it) and can
//!   only follow an end sentinel;
//! - the track 2 separator may be `=` or `D`/`d` (the ISO 8583 DE 35 / EMV tag 57 spelling);
//! - track 1 followed by track 2, as keyboard-wedge readers send them
//!   (`%B...?;...?`, each optionally followed by its LRC): track 1 needs its end sentinel and
//!   track 2 its start sentinel there, so the two can be told apart; both tracks must then
//!   agree on PAN, expiry and service code;
//! - `E` in place of a track's data (`E`, `%E?`, `;E?`) is what many readers send on a read
//!   error: the swipe is damaged, even if the other track read well (swipe again).
//!
//! Checked: the character set of each track (track 1: ASCII `0x20`-`0x5F` without the
//! sentinels; track 2: digits and the separator), the maximum length (79 and 40 characters
//! including sentinels and LRC, so 76 and 37 between the sentinels), the LRC when present, and
//! every field. The LRC is the XOR of the character values (ASCII - `0x20` on track 1, ASCII -
//! `0x30` on track 2) from start to end sentinel, so that each bit column has even parity
//! (ISO/IEC 7811). The card's sentinels are always part of it, so a missing start sentinel is
//! counted as if present. The LRC character may itself be `?`, `;`, `=`, `^` or `%`.
//!
//! Parsing never allocates and never panics. The cardholder name and the discretionary data are
//! validated in place and never copied; the only copy made is the PAN, inside a [`Pan`] that is
//! wiped when dropped. Nothing here prints card data.

use crate::expiry::YearMonth;
use crate::pan::{MAX_LEN, MIN_LEN, Pan};
use crate::service_code::ServiceCode;
use core::fmt;

/// Longest track 1, in characters, including start and end sentinels and LRC.
pub const TRACK1_MAX: usize = 79;
/// Longest track 2, in characters, including start and end sentinels and LRC.
pub const TRACK2_MAX: usize = 40;

const T1_DATA_MAX: usize = TRACK1_MAX - 3;
const T2_DATA_MAX: usize = TRACK2_MAX - 3;

/// Why track data was not accepted. Messages name the problem, never the data.
///
/// [`TrackError::Lrc`] is reported as `lrc_mismatch`, [`TrackError::PanLength`] as
/// `bad_length`, [`TrackError::Empty`] as `empty`, and everything else as `malformed_track`.
/// When several apply: framing, characters and length of every track first, then the LRCs,
/// then the fields of track 1, then of track 2, then the agreement of the two.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrackError {
    /// Nothing was given.
    Empty,
    /// The reader reported a read error (`E` in place of a track).
    ReadError,
    /// Not laid out as track 1 and/or track 2 (unknown start, data after the last track).
    Framing,
    /// A character outside the track's character set, or a sentinel inside the data.
    Charset,
    /// Longer than the track's maximum (79 or 40 characters).
    TooLong,
    /// The LRC character does not match the data.
    Lrc,
    /// Track 1 format code other than `B`.
    FormatCode,
    /// The PAN field is empty, longer than 19 digits, or has other characters.
    Pan,
    /// The PAN has fewer than 8 digits (reported as `bad_length`).
    PanLength,
    /// A field separator is missing.
    Separator,
    /// The cardholder name is not 2 to 26 characters.
    Name,
    /// The expiry is neither 4 digits nor the absent marker, or its month is 00 or over 12.
    Expiry,
    /// The service code is neither 3 digits nor the absent marker.
    ServiceCode,
    /// The discretionary data has a character its track does not allow there.
    Discretionary,
    /// Track 1 and track 2 disagree on PAN, expiry or service code.
    Mismatch,
}

impl TrackError {
    /// A short description, without any card data.
    pub const fn as_str(self) -> &'static str {
        match self {
            TrackError::Empty => "no track data",
            TrackError::ReadError => "the reader reported a read error (E)",
            TrackError::Framing => "not laid out as track 1 and/or track 2",
            TrackError::Charset => "a character outside the track's character set",
            TrackError::TooLong => "longer than the track's maximum length",
            TrackError::Lrc => "the LRC does not match the data",
            TrackError::FormatCode => "track 1 format code is not B",
            TrackError::Pan => "the PAN field is empty, too long or not digits",
            TrackError::PanLength => "the PAN has fewer than 8 digits",
            TrackError::Separator => "a field separator is missing",
            TrackError::Name => "the name field is not 2 to 26 characters",
            TrackError::Expiry => "the expiry is not YYMM with month 01-12",
            TrackError::ServiceCode => "the service code is not 3 digits",
            TrackError::Discretionary => "the discretionary data has a character not allowed",
            TrackError::Mismatch => "track 1 and track 2 disagree",
        }
    }
}

impl fmt::Display for TrackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::error::Error for TrackError {}

/// Which tracks a swipe delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Tracks {
    /// Track 1 only.
    Track1,
    /// Track 2 only.
    Track2,
    /// Track 1 and track 2.
    Both,
}

/// What a swipe carries that binclass uses: PAN, expiry, service code. The name and the
/// discretionary data are checked and left behind; the PAN is wiped when this is dropped.
///
/// ```
/// use binclass::track::{self, Tracks};
/// let s = track::parse(b";4111111111111111=30122011234567890?").unwrap();
/// assert_eq!(s.tracks(), Tracks::Track2);
/// assert_eq!(s.pan().len(), 16);
/// assert_eq!(s.expiry().unwrap().yymm().to_string(), "3012");
/// assert_eq!(s.service_code().unwrap().value(), 201);
/// assert_eq!(format!("{s:?}"), "Swipe { pan: Pan(411111******1111), expiry: Some(YearMonth { year: 2030, month: 12 }), service_code: Some(ServiceCode(201)), tracks: Track2 }");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Swipe {
    pan: Pan,
    expiry: Option<YearMonth>,
    service_code: Option<ServiceCode>,
    tracks: Tracks,
}

impl Swipe {
    /// The PAN (masked in `Debug`/`Display`).
    pub fn pan(&self) -> &Pan {
        &self.pan
    }

    /// The expiry, when the track carries one.
    pub fn expiry(&self) -> Option<YearMonth> {
        self.expiry
    }

    /// The service code, when the track carries one.
    pub fn service_code(&self) -> Option<ServiceCode> {
        self.service_code
    }

    /// Which tracks were read.
    pub fn tracks(&self) -> Tracks {
        self.tracks
    }
}

/// The LRC character of a track 2 (or 3) string from start sentinel to end sentinel inclusive:
/// XOR of (ASCII - `0x30`), plus `0x30`. `None` if a character is outside `0`-`?`.
///
/// ```
/// use binclass::track::lrc_track2;
/// // Published check values (MagTek).
/// assert_eq!(lrc_track2(b";0?"), Some(b'4'));
/// assert_eq!(lrc_track2(b";01?"), Some(b'5'));
/// assert_eq!(lrc_track2(b";0124?"), Some(b'3'));
/// ```
pub fn lrc_track2(chars: &[u8]) -> Option<u8> {
    let mut x = 0u8;
    for &c in chars {
        x ^= bcd_value(c)?;
    }
    Some(x + 0x30)
}

/// The LRC character of a track 1 string from start sentinel to end sentinel inclusive:
/// XOR of (ASCII - `0x20`), plus `0x20`. `None` if a character is outside `0x20`-`0x5F`.
///
/// ```
/// use binclass::track::lrc_track1;
/// // Published check value (DataCard): 6-bit 0x19, the character `9`.
/// assert_eq!(lrc_track1(b"%7C^SZ?"), Some(b'9'));
/// ```
pub fn lrc_track1(chars: &[u8]) -> Option<u8> {
    let mut x = 0u8;
    for &c in chars {
        x ^= alpha_value(c)?;
    }
    Some(x + 0x20)
}

/// Track 1 6-bit value of an ASCII character.
fn alpha_value(c: u8) -> Option<u8> {
    (0x20..=0x5F).contains(&c).then(|| c - 0x20)
}

/// Track 2 4-bit value of an ASCII character (`D`/`d` count as the separator `=`).
fn bcd_value(c: u8) -> Option<u8> {
    match c {
        0x30..=0x3F => Some(c - 0x30),
        b'D' | b'd' => Some(0xD),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    One,
    Two,
}

/// One track as framed in the input: the data between the sentinels, and its LRC if sent.
#[derive(Clone, Copy)]
struct Segment<'a> {
    kind: Kind,
    data: &'a [u8],
    lrc: Option<u8>,
}

impl<'a> Segment<'a> {
    fn one(data: &'a [u8], lrc: Option<u8>) -> Segment<'a> {
        Segment {
            kind: Kind::One,
            data,
            lrc,
        }
    }
}

/// Cuts the input into at most one track 1 and one track 2.
fn frame(input: &[u8]) -> Result<(Option<Segment<'_>>, Option<Segment<'_>>), TrackError> {
    let Some(&first) = input.first() else {
        return Err(TrackError::Empty);
    };
    let (t1, rest) = if first == b'%' || first.is_ascii_uppercase() {
        let body = if first == b'%' {
            input.get(1..).unwrap_or(&[])
        } else {
            input
        };
        match body.iter().position(|&c| c == b'?') {
            // No end sentinel: track 1 runs to the end of the input.
            None => (Some(Segment::one(body, None)), &[][..]),
            Some(es) => {
                let data = body.get(..es).unwrap_or(&[]);
                let after = body.get(es + 1..).unwrap_or(&[]);
                // After the end sentinel: nothing; one LRC character; track 2 starting with its
                // sentinel; or an LRC and then track 2. The LRC may itself be `;`: `;;` is an
                // LRC followed by track 2, since track 2 data never starts with `;`.
                let (lrc, rest) = match after {
                    [] => (None, after),
                    [l] => (Some(*l), &[][..]),
                    [b';', second, ..] if *second != b';' => (None, after),
                    [l, rest @ ..] => (Some(*l), rest),
                };
                (Some(Segment::one(data, lrc)), rest)
            }
        }
    } else {
        (None, input)
    };
    if rest.is_empty() {
        return Ok((t1, None));
    }
    let body = match rest {
        [b';', body @ ..] => body,
        // Without its start sentinel, track 2 can only come alone.
        [c, ..] if t1.is_none() && c.is_ascii_digit() => rest,
        _ => return Err(TrackError::Framing),
    };
    let (data, lrc) = match body.iter().position(|&c| c == b'?') {
        None => (body, None),
        Some(es) => {
            let data = body.get(..es).unwrap_or(&[]);
            match body.get(es + 1..).unwrap_or(&[]) {
                [] => (data, None),
                [l] => (data, Some(*l)),
                _ => return Err(TrackError::Framing),
            }
        }
    };
    Ok((
        t1,
        Some(Segment {
            kind: Kind::Two,
            data,
            lrc,
        }),
    ))
}

/// Read-error marker, character set and length of one track.
fn check_chars(s: &Segment<'_>) -> Result<(), TrackError> {
    if s.data == b"E" {
        return Err(TrackError::ReadError);
    }
    match s.kind {
        // Sentinels cannot occur inside track 1 data; `?` already ended it.
        Kind::One => check_set(
            s,
            T1_DATA_MAX,
            |c| alpha_value(c).is_some() && c != b'%',
            |c| alpha_value(c).is_some(),
        ),
        Kind::Two => check_set(
            s,
            T2_DATA_MAX,
            |c| c.is_ascii_digit() || is_separator(c),
            |c| (0x30..=0x3F).contains(&c),
        ),
    }
}

/// [`check_chars`] for one track's character tests (generic, so each test is inlined into
/// its loop rather than called through a pointer per character).
#[inline(always)]
fn check_set(
    s: &Segment<'_>,
    max: usize,
    data_ok: impl Fn(u8) -> bool,
    lrc_ok: impl Fn(u8) -> bool,
) -> Result<(), TrackError> {
    if !s.data.iter().all(|&c| data_ok(c)) || !s.lrc.is_none_or(lrc_ok) {
        return Err(TrackError::Charset);
    }
    if s.data.len() > max {
        return Err(TrackError::TooLong);
    }
    Ok(())
}

fn is_separator(c: u8) -> bool {
    matches!(c, b'=' | b'D' | b'd')
}

/// Verifies the LRC when one was sent, counting both sentinels.
fn check_lrc(s: &Segment<'_>) -> Result<(), TrackError> {
    let Some(sent) = s.lrc else {
        return Ok(());
    };
    match s.kind {
        Kind::One => lrc_matches(b'%', s.data, sent, alpha_value),
        Kind::Two => lrc_matches(b';', s.data, sent, bcd_value),
    }
}

/// [`check_lrc`] for one track's character values (generic, inlined per track).
#[inline(always)]
fn lrc_matches(
    start_sentinel: u8,
    data: &[u8],
    sent: u8,
    value: impl Fn(u8) -> Option<u8>,
) -> Result<(), TrackError> {
    let mut x = 0u8;
    for &c in [start_sentinel, b'?'].iter().chain(data) {
        x ^= value(c).ok_or(TrackError::Charset)?;
    }
    let expected = value(sent).ok_or(TrackError::Charset)?;
    if x == expected {
        Ok(())
    } else {
        Err(TrackError::Lrc)
    }
}

/// The fields binclass keeps from one track. A PAN under 8 digits is kept as the error
/// `PanLength`, reported only once every other field has passed.
struct Fields {
    pan: Result<Pan, TrackError>,
    expiry: Option<YearMonth>,
    service_code: Option<ServiceCode>,
}

/// Reads the PAN digits (ASCII; spaces skipped when `spaces`) into a [`Pan`]. Any error but
/// `PanLength` is returned at once (outer `Err`).
fn read_pan(field: &[u8], spaces: bool) -> Result<Result<Pan, TrackError>, TrackError> {
    let mut digits = [0u8; MAX_LEN];
    let mut n = 0usize;
    let mut result = Ok(());
    for &c in field {
        if spaces && c == b' ' {
            continue;
        }
        let d = c.wrapping_sub(b'0');
        match digits.get_mut(n) {
            Some(slot) if d <= 9 => *slot = d,
            _ => {
                result = Err(TrackError::Pan);
                break;
            }
        }
        n += 1;
    }
    let result = result.and_then(|()| match n {
        0 => Err(TrackError::Pan),
        1..MIN_LEN => Err(TrackError::PanLength),
        _ => Pan::from_digit_values(digits.get(..n).unwrap_or(&[])).ok_or(TrackError::Pan),
    });
    zeroize::Zeroize::zeroize(&mut digits);
    match result {
        Err(TrackError::PanLength) => Ok(Err(TrackError::PanLength)),
        Err(e) => Err(e),
        Ok(pan) => Ok(Ok(pan)),
    }
}

/// Expiry (4 digits or the absent marker) and service code (3 digits or the marker), then the
/// discretionary data, which must satisfy `disc_ok`.
fn read_tail(
    rest: &[u8],
    is_marker: impl Fn(u8) -> bool,
    disc_ok: impl Fn(u8) -> bool,
) -> Result<(Option<YearMonth>, Option<ServiceCode>), TrackError> {
    let (expiry, rest) = match rest {
        [m, rest @ ..] if is_marker(*m) => (None, rest),
        _ => {
            let yymm = rest.get(..4).ok_or(TrackError::Expiry)?;
            let e = YearMonth::parse_yymm(yymm).ok_or(TrackError::Expiry)?;
            (Some(e), rest.get(4..).unwrap_or(&[]))
        }
    };
    let (service_code, rest) = match rest {
        [m, rest @ ..] if is_marker(*m) => (None, rest),
        _ => {
            let sc = rest
                .get(..3)
                .and_then(ServiceCode::parse)
                .ok_or(TrackError::ServiceCode)?;
            (Some(sc), rest.get(3..).unwrap_or(&[]))
        }
    };
    if !rest.iter().all(|&c| disc_ok(c)) {
        return Err(TrackError::Discretionary);
    }
    Ok((expiry, service_code))
}

fn split_at_byte(data: &[u8], pred: impl Fn(u8) -> bool) -> Option<(&[u8], &[u8])> {
    let i = data.iter().position(|&c| pred(c))?;
    Some((data.get(..i)?, data.get(i + 1..)?))
}

/// Track 1 format B fields: `B PAN ^ NAME ^ YYMM|^ SSS|^ discretionary`.
fn track1_fields(data: &[u8]) -> Result<Fields, TrackError> {
    let Some((&b'B', rest)) = data.split_first() else {
        return Err(TrackError::FormatCode);
    };
    let (pan, rest) = split_at_byte(rest, |c| c == b'^').ok_or(TrackError::Separator)?;
    // Spaces inside the PAN "as represented on card" are allowed on track 1 (NAP).
    let pan = read_pan(pan, true)?;
    let (name, rest) = split_at_byte(rest, |c| c == b'^').ok_or(TrackError::Separator)?;
    if !(2..=26).contains(&name.len()) {
        return Err(TrackError::Name);
    }
    // Any track 1 character may follow (the set was checked and has no sentinels).
    let (expiry, service_code) = read_tail(rest, |c| c == b'^', |_| true)?;
    Ok(Fields {
        pan,
        expiry,
        service_code,
    })
}

/// Track 2 fields: `PAN = YYMM|= SSS|= discretionary`.
fn track2_fields(data: &[u8]) -> Result<Fields, TrackError> {
    let (pan, rest) = split_at_byte(data, is_separator).ok_or(TrackError::Separator)?;
    let pan = read_pan(pan, false)?;
    let (expiry, service_code) = read_tail(rest, is_separator, |c| c.is_ascii_digit())?;
    Ok(Fields {
        pan,
        expiry,
        service_code,
    })
}

/// Parses track 1, track 2, or both as one string (see the [module docs](self)).
///
/// ```
/// use binclass::track::{self, TrackError, Tracks};
/// let both = b"%B4111111111111111^SMITH/JOHN^3012201000000?;4111111111111111=3012201000000?";
/// assert_eq!(track::parse(both).unwrap().tracks(), Tracks::Both);
/// assert_eq!(track::parse(b"4111111111111111D30122010000").unwrap().tracks(), Tracks::Track2);
/// assert_eq!(track::parse(b";E?").unwrap_err(), TrackError::ReadError);
/// assert_eq!(track::parse(b";4111111111111111=3012201?0").unwrap_err(), TrackError::Lrc);
/// ```
pub fn parse(input: &[u8]) -> Result<Swipe, TrackError> {
    let (t1, t2) = frame(input)?;
    let segments = [t1, t2];
    let present = || segments.iter().flatten();
    for s in present() {
        check_chars(s)?;
    }
    for s in present() {
        check_lrc(s)?;
    }
    let f1 = t1.map(|s| track1_fields(s.data)).transpose()?;
    let f2 = t2.map(|s| track2_fields(s.data)).transpose()?;
    let (f, tracks) = match (f1, f2) {
        (Some(a), Some(b)) => {
            if a.pan != b.pan || a.expiry != b.expiry || a.service_code != b.service_code {
                return Err(TrackError::Mismatch);
            }
            (b, Tracks::Both)
        }
        (Some(f), None) => (f, Tracks::Track1),
        (None, Some(f)) => (f, Tracks::Track2),
        (None, None) => return Err(TrackError::Framing),
    };
    Ok(Swipe {
        pan: f.pan?,
        expiry: f.expiry,
        service_code: f.service_code,
        tracks,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn framing_splits_lrc_from_track2_sentinel() {
        let (a, b) = frame(b"%B1^AB^^^?;;1=^?").unwrap();
        assert_eq!(a.unwrap().lrc, Some(b';'));
        assert_eq!(b.unwrap().data, b"1=^");
        let (a, b) = frame(b"%B1^AB^^^?;1=?").unwrap();
        assert_eq!(a.unwrap().lrc, None);
        assert_eq!(b.unwrap().data, b"1=");
        let (a, b) = frame(b"%B1^AB^^^?;").unwrap();
        assert_eq!(a.unwrap().lrc, Some(b';'));
        assert!(b.is_none());
        assert!(matches!(frame(b"%B1?x1=?"), Err(TrackError::Framing)));
        assert!(matches!(frame(b";1=?12"), Err(TrackError::Framing)));
        assert!(matches!(frame(b"#1"), Err(TrackError::Framing)));
    }
}
