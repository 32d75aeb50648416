//! EMV chip data: BER-TLV with the tags binclass needs, and AIDs mapped to schemes.
//!
//! Read from a BER-TLV byte string (EMV Book 3 Annex B; the project's standards reference,
//! section 3):
//!
//! | tag | element | format |
//! |---|---|---|
//! | `5A` | Application PAN | cn, up to 19 digits, padded with `F` |
//! | `57` | Track 2 Equivalent Data | PAN, `D`, YYMM, service code, discretionary, one `F` pad if needed |
//! | `5F24` | Application Expiration Date | n6 `YYMMDD` |
//! | `5F30` | Service Code | n3 in two bytes (`02 01`) |
//! | `9F06`, `84`, `4F` | AID (terminal), DF name, AID (card) | 5-16 bytes, the first 5 are the RID |
//!
//! Tags may be one to four bytes, lengths one to five (`81`-`84` long forms). Templates `70`
//! and `77` (record and response) are descended, and so are `6F`, `A5`, `BF0C` and `61`
//! (FCI and directory entries); other constructed tags are skipped whole. `00` bytes between
//! objects are padding. When `5A` and `57` are both present they must agree on the PAN, `5F24`
//! and `57` on the expiry month, `5F30` and `57` on the service code. The AID is `9F06` if
//! present, else `84`, else the first `4F`.
//!
//! Parsing never allocates and never panics. The track 2 equivalent data is read in place;
//! only the PAN is copied, into a [`Pan`] wiped on drop.

use crate::expiry::{Date, YearMonth};
use crate::pan::{MAX_LEN, MIN_LEN, Pan};
use crate::scheme::{Scheme, SchemeSet};
use crate::service_code::ServiceCode;
use core::fmt;

/// Why EMV data was not accepted. Messages name the problem, never the data.
///
/// [`EmvError::PanLength`] is reported as `bad_length`, [`EmvError::Empty`] as `empty`,
/// [`EmvError::HexCharacter`] as `invalid_character`, everything else as `malformed_track`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EmvError {
    /// Nothing was given.
    Empty,
    /// Hex input has a character that is not a hex digit or a space.
    HexCharacter,
    /// Hex input has an odd number of hex digits.
    HexOddLength,
    /// Hex input decodes to more than [`MAX_TLV`] bytes.
    TooLong,
    /// A tag or length runs past the end of the data, or a length form is not allowed.
    Encoding,
    /// Templates nested deeper than 8 levels.
    TooDeep,
    /// No PAN: neither `5A` nor `57` is present.
    NoPan,
    /// A PAN (`5A` or in `57`) is empty, over 19 digits, or not digits with trailing `F`s.
    Pan,
    /// The PAN has fewer than 8 digits (reported as `bad_length`).
    PanLength,
    /// Tag `57` is not PAN `D` YYMM SSS digits with one optional final `F`.
    Track2Equivalent,
    /// `5F24` is not a valid `YYMMDD` date, or a month is 00 or over 12.
    Expiry,
    /// `5F30` is not three digits in two bytes.
    ServiceCode,
    /// An AID is not 5 to 16 bytes.
    Aid,
    /// Two elements disagree (`5A`/`57` PAN, `5F24`/`57` expiry, `5F30`/`57` service code,
    /// or a tag repeated with another value).
    Mismatch,
}

impl EmvError {
    /// A short description, without any card data.
    pub const fn as_str(self) -> &'static str {
        match self {
            EmvError::Empty => "no EMV data",
            EmvError::HexCharacter => "not hex: a character other than 0-9, A-F and space",
            EmvError::HexOddLength => "not hex: an odd number of hex digits",
            EmvError::TooLong => "more EMV data than binclass reads",
            EmvError::Encoding => "not valid BER-TLV",
            EmvError::TooDeep => "templates nested too deep",
            EmvError::NoPan => "no PAN (tag 5A or 57)",
            EmvError::Pan => "the PAN is empty, too long or not digits",
            EmvError::PanLength => "the PAN has fewer than 8 digits",
            EmvError::Track2Equivalent => "tag 57 is not valid track 2 equivalent data",
            EmvError::Expiry => "the expiry date is not a valid YYMMDD",
            EmvError::ServiceCode => "tag 5F30 is not a 3-digit service code",
            EmvError::Aid => "an AID is not 5 to 16 bytes",
            EmvError::Mismatch => "two data elements disagree",
        }
    }
}

impl fmt::Display for EmvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::error::Error for EmvError {}

/// The most EMV data, in bytes, that [`Profile::classify_emv_hex`] decodes (on the stack);
/// longer hex is `malformed_track`. The same as the C API's `BINCLASS_MAX_EMV_INPUT`, so a
/// card read the C API takes is also taken as hex (by the command line, for one).
///
/// [`Profile::classify_emv_hex`]: crate::Profile::classify_emv_hex
pub const MAX_TLV: usize = 4096;

/// Template nesting binclass follows before giving up.
const MAX_DEPTH: usize = 8;

/// Decodes hex (either case; spaces ignored) into `out`, returning the bytes written.
///
/// ```
/// use binclass::emv::{decode_hex, EmvError};
/// let mut buf = [0u8; 8];
/// assert_eq!(decode_hex(b"5F30 02 01", &mut buf), Ok(&[0x5F, 0x30, 0x02, 0x01][..]));
/// assert_eq!(decode_hex(b"5G", &mut buf), Err(EmvError::HexCharacter));
/// assert_eq!(decode_hex(b"5F3", &mut buf), Err(EmvError::HexOddLength));
/// ```
pub fn decode_hex<'b>(hex: &[u8], out: &'b mut [u8]) -> Result<&'b [u8], EmvError> {
    let mut n = 0usize;
    let mut high: Option<u8> = None;
    for &c in hex {
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            b' ' => continue,
            _ => return Err(EmvError::HexCharacter),
        };
        match high.take() {
            None => high = Some(v),
            Some(h) => {
                *out.get_mut(n).ok_or(EmvError::TooLong)? = h << 4 | v;
                n += 1;
            }
        }
    }
    if high.is_some() {
        return Err(EmvError::HexOddLength);
    }
    out.get(..n).ok_or(EmvError::TooLong)
}

/// One BER-TLV data object.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    tag: u32,
    value: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// The tag, its bytes big-endian in a number (`0x5F24`).
    pub const fn tag(&self) -> u32 {
        self.tag
    }

    /// The value bytes. Handle with care: may be card data.
    pub const fn value(&self) -> &'a [u8] {
        self.value
    }

    /// Is the object constructed (its value is more TLVs)? Bit 6 of the first tag byte.
    pub const fn is_constructed(&self) -> bool {
        let mut t = self.tag;
        while t > 0xFF {
            t >>= 8;
        }
        t & 0x20 != 0
    }
}

impl fmt::Debug for Tlv<'_> {
    /// Shows the tag and length only: values may be card data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tlv({:X}, {} bytes)", self.tag, self.value.len())
    }
}

/// The data objects at one level of a BER-TLV string, in order. Yields an error and stops at
/// the first encoding problem. Skips `00` padding between objects.
///
/// ```
/// use binclass::emv::Tlvs;
/// let data = [0x9F, 0x06, 0x02, 0xA0, 0x00, 0x00, 0x5A, 0x81, 0x01, 0x42];
/// let tags: Vec<u32> = Tlvs::new(&data).map(|t| t.unwrap().tag()).collect();
/// assert_eq!(tags, [0x9F06, 0x5A]);
/// ```
#[derive(Clone)]
pub struct Tlvs<'a> {
    rest: &'a [u8],
}

impl fmt::Debug for Tlvs<'_> {
    /// Shows how many bytes are left only: they may be card data (a PAN, track 2 equivalent
    /// data), as for [`Tlv`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tlvs({} bytes left)", self.rest.len())
    }
}

impl<'a> Tlvs<'a> {
    /// Iterates over `data`.
    pub const fn new(data: &'a [u8]) -> Tlvs<'a> {
        Tlvs { rest: data }
    }

    fn next_object(&mut self) -> Result<Option<Tlv<'a>>, EmvError> {
        let mut rest = self.rest;
        while let [0x00, tail @ ..] = rest {
            rest = tail;
        }
        let Some((&first, mut rest)) = rest.split_first() else {
            return Ok(None);
        };
        let mut tag = u32::from(first);
        if first & 0x1F == 0x1F {
            // Subsequent tag bytes while bit 8 is set; at most four bytes in all.
            loop {
                let (&b, tail) = rest.split_first().ok_or(EmvError::Encoding)?;
                rest = tail;
                if tag > 0xFF_FFFF {
                    return Err(EmvError::Encoding);
                }
                tag = tag << 8 | u32::from(b);
                if b & 0x80 == 0 {
                    break;
                }
            }
        }
        let (&l, tail) = rest.split_first().ok_or(EmvError::Encoding)?;
        rest = tail;
        let len = match l {
            0x00..=0x7F => usize::from(l),
            // Long form: 1 to 4 length bytes. 0x80 (indefinite) is not allowed in EMV.
            0x81..=0x84 => {
                let n = usize::from(l & 0x7F);
                let bytes = rest.get(..n).ok_or(EmvError::Encoding)?;
                rest = rest.get(n..).unwrap_or(&[]);
                bytes.iter().fold(0usize, |a, &b| a << 8 | usize::from(b))
            }
            _ => return Err(EmvError::Encoding),
        };
        let value = rest.get(..len).ok_or(EmvError::Encoding)?;
        self.rest = rest.get(len..).unwrap_or(&[]);
        Ok(Some(Tlv { tag, value }))
    }
}

impl<'a> Iterator for Tlvs<'a> {
    type Item = Result<Tlv<'a>, EmvError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_object() {
            Ok(t) => t.map(Ok),
            Err(e) => {
                self.rest = &[];
                Some(Err(e))
            }
        }
    }
}

/// An application identifier: RID (5 bytes) and PIX (up to 11 bytes).
///
/// ```
/// use binclass::{emv::Aid, Scheme};
/// let aid = Aid::new(&[0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x01]).unwrap();
/// assert_eq!(aid.to_string(), "A000000333010101");
/// let rid = aid.rid_info().unwrap();
/// assert_eq!(rid.network(), "UnionPay");
/// assert!(rid.schemes().contains(Scheme::Unionpay));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Aid {
    bytes: [u8; 16],
    len: u8,
}

impl Aid {
    /// An AID of 5 to 16 bytes.
    pub fn new(bytes: &[u8]) -> Option<Aid> {
        if !(5..=16).contains(&bytes.len()) {
            return None;
        }
        let mut aid = Aid {
            bytes: [0; 16],
            len: bytes.len() as u8,
        };
        aid.bytes.get_mut(..bytes.len())?.copy_from_slice(bytes);
        Some(aid)
    }

    /// The AID bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or(&[])
    }

    /// The registered application provider identifier: the first 5 bytes.
    pub fn rid(&self) -> [u8; 5] {
        let [a, b, c, d, e, ..] = self.bytes;
        [a, b, c, d, e]
    }

    /// The network registered under this RID, if binclass knows it.
    pub fn rid_info(&self) -> Option<&'static RidInfo> {
        let rid = self.rid();
        RIDS.iter().find(|r| r.rid == rid)
    }
}

impl fmt::Display for Aid {
    /// Writes uppercase hex, e.g. `A0000000031010`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.as_bytes() {
            write!(f, "{b:02X}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Aid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Aid({self})")
    }
}

/// A registered application provider (RID) and what binclass makes of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RidInfo {
    rid: [u8; 5],
    network: &'static str,
    schemes: SchemeSet,
    checked: bool,
}

impl RidInfo {
    /// The five RID bytes.
    pub const fn rid(&self) -> [u8; 5] {
        self.rid
    }

    /// The network's name, e.g. `Visa`, `Interac`.
    pub const fn network(&self) -> &'static str {
        self.network
    }

    /// The schemes the network's applications belong to (empty for a network binclass has no
    /// scheme id for).
    pub const fn schemes(&self) -> SchemeSet {
        self.schemes
    }

    /// Is a card number outside these schemes an `aid_mismatch`? True for brands that issue
    /// on their own IIN ranges; false for domestic networks whose applications sit on cards
    /// of an international brand's IIN (Interac on Visa debit, Cartes Bancaires on Visa or
    /// Mastercard, mada, eftpos ...), which cannot disagree with the card number.
    pub const fn checked(&self) -> bool {
        self.checked
    }
}

const fn set1(a: Scheme) -> SchemeSet {
    SchemeSet::EMPTY.with(a)
}

const fn set2(a: Scheme, b: Scheme) -> SchemeSet {
    SchemeSet::EMPTY.with(a).with(b)
}

const fn rid(rid: [u8; 5], network: &'static str, schemes: SchemeSet, checked: bool) -> RidInfo {
    RidInfo {
        rid,
        network,
        schemes,
        checked,
    }
}

/// RIDs binclass maps to schemes (standards reference, section 3.2, with its sources).
///
/// The Mastercard RID also carries Maestro and Cirrus applications, so it maps to both
/// `mastercard` and `maestro`; `A000000152` is the Discover Global Network (Discover and
/// Diners Club). Elo's RID is unconfirmed by an official list, so it is not checked.
pub static RIDS: [RidInfo; 20] = [
    rid([0xA0, 0, 0, 0x00, 0x03], "Visa", set1(Scheme::Visa), true),
    rid(
        [0xA0, 0, 0, 0x00, 0x04],
        "Mastercard",
        set2(Scheme::Mastercard, Scheme::Maestro),
        true,
    ),
    rid(
        [0xA0, 0, 0, 0x00, 0x05],
        "Maestro UK",
        set1(Scheme::Maestro),
        false,
    ),
    rid(
        [0xA0, 0, 0, 0x00, 0x25],
        "American Express",
        set1(Scheme::Amex),
        true,
    ),
    rid([0xA0, 0, 0, 0x00, 0x29], "LINK", SchemeSet::EMPTY, false),
    rid(
        [0xA0, 0, 0, 0x00, 0x42],
        "Cartes Bancaires",
        set1(Scheme::CartesBancaires),
        false,
    ),
    rid([0xA0, 0, 0, 0x00, 0x65], "JCB", set1(Scheme::Jcb), true),
    rid(
        [0xA0, 0, 0, 0x01, 0x21],
        "Dankort",
        set1(Scheme::Dankort),
        false,
    ),
    rid(
        [0xA0, 0, 0, 0x01, 0x41],
        "PagoBancomat",
        SchemeSet::EMPTY,
        false,
    ),
    rid(
        [0xA0, 0, 0, 0x01, 0x52],
        "Discover / Diners Club",
        set2(Scheme::Discover, Scheme::Diners),
        true,
    ),
    rid([0xA0, 0, 0, 0x02, 0x28], "mada", set1(Scheme::Mada), false),
    rid([0xA0, 0, 0, 0x02, 0x77], "Interac", SchemeSet::EMPTY, false),
    rid(
        [0xA0, 0, 0, 0x03, 0x24],
        "Discover ZIP",
        set1(Scheme::Discover),
        true,
    ),
    rid(
        [0xA0, 0, 0, 0x03, 0x33],
        "UnionPay",
        set1(Scheme::Unionpay),
        true,
    ),
    rid(
        [0xA0, 0, 0, 0x03, 0x59],
        "girocard",
        SchemeSet::EMPTY,
        false,
    ),
    rid(
        [0xA0, 0, 0, 0x03, 0x71],
        "Verve",
        set1(Scheme::Verve),
        false,
    ),
    rid([0xA0, 0, 0, 0x03, 0x84], "eftpos", SchemeSet::EMPTY, false),
    rid([0xA0, 0, 0, 0x04, 0x94], "Elo", set1(Scheme::Elo), false),
    rid([0xA0, 0, 0, 0x05, 0x24], "RuPay", set1(Scheme::Rupay), true),
    rid([0xA0, 0, 0, 0x06, 0x58], "Mir", set1(Scheme::Mir), true),
];

/// What binclass reads from EMV data: PAN, expiry, service code, AID. The PAN is wiped when
/// this is dropped; `Debug` masks it.
///
/// ```
/// use binclass::emv;
/// let mut buf = [0u8; 64];
/// let tlv = emv::decode_hex(b"57 11 4761739001010119D22122011143804400", &mut buf).unwrap();
/// let chip = emv::parse(tlv).unwrap();
/// assert_eq!(chip.pan().to_string(), "476173******0119");
/// assert_eq!(chip.expiry().unwrap().yymm().to_string(), "2212");
/// assert_eq!(chip.service_code().unwrap().value(), 201);
/// assert!(chip.aid().is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChipData {
    pan: Pan,
    expiry: Option<YearMonth>,
    expiry_date: Option<Date>,
    service_code: Option<ServiceCode>,
    aid: Option<Aid>,
}

impl ChipData {
    /// The PAN (from `5A`, else `57`).
    pub fn pan(&self) -> &Pan {
        &self.pan
    }

    /// The expiry month (from `5F24`, else `57`).
    pub fn expiry(&self) -> Option<YearMonth> {
        self.expiry
    }

    /// The last day the application is valid: the `5F24` date, else the end of the `57`
    /// expiry month.
    pub fn valid_through(&self) -> Option<Date> {
        self.expiry_date
            .or_else(|| self.expiry.map(YearMonth::last_day))
    }

    /// The service code (from `5F30`, else `57`).
    pub fn service_code(&self) -> Option<ServiceCode> {
        self.service_code
    }

    /// The AID (`9F06`, else `84`, else the first `4F`).
    pub fn aid(&self) -> Option<Aid> {
        self.aid
    }
}

/// The nibbles of a byte string, high first.
fn nibbles(bytes: &[u8]) -> impl Iterator<Item = u8> + '_ {
    bytes.iter().flat_map(|&b| [b >> 4, b & 0x0F])
}

/// Collects nibble digits into a PAN buffer; `None` on the 20th digit or a non-digit.
fn push_digit(buf: &mut [u8; MAX_LEN], n: &mut usize, d: u8) -> Option<()> {
    if d > 9 {
        return None;
    }
    *buf.get_mut(*n)? = d;
    *n += 1;
    Some(())
}

fn pan_from(buf: &[u8; MAX_LEN], n: usize) -> Result<Pan, EmvError> {
    match n {
        0 => Err(EmvError::Pan),
        1..MIN_LEN => Err(EmvError::PanLength),
        _ => Pan::from_digit_values(buf.get(..n).unwrap_or(&[])).ok_or(EmvError::Pan),
    }
}

/// `5A`: compressed numeric, digits then only `F`s.
fn read_5a(value: &[u8]) -> Result<Pan, EmvError> {
    if value.len() > 10 {
        return Err(EmvError::Pan);
    }
    let mut buf = [0u8; MAX_LEN];
    let mut n = 0usize;
    let mut padding = false;
    let mut ok = true;
    for d in nibbles(value) {
        if d == 0xF {
            padding = true;
        } else if padding || push_digit(&mut buf, &mut n, d).is_none() {
            ok = false;
            break;
        }
    }
    let pan = if ok {
        pan_from(&buf, n)
    } else {
        Err(EmvError::Pan)
    };
    zeroize::Zeroize::zeroize(&mut buf);
    pan
}

/// Four or three nibble digits as a number.
fn nibble_number(it: &mut impl Iterator<Item = u8>, count: usize) -> Option<u16> {
    let mut v = 0u16;
    for _ in 0..count {
        let d = it.next().filter(|&d| d <= 9)?;
        v = v * 10 + u16::from(d);
    }
    Some(v)
}

/// `57`: PAN `D` YYMM SSS discretionary digits, one `F` pad at most, at the very end.
fn read_57(value: &[u8]) -> Result<(Pan, YearMonth, ServiceCode), EmvError> {
    if value.len() > 19 {
        return Err(EmvError::Track2Equivalent);
    }
    let mut buf = [0u8; MAX_LEN];
    let mut n = 0usize;
    let mut it = nibbles(value);
    let mut pan_ok = false;
    for d in it.by_ref() {
        if d == 0xD {
            pan_ok = true;
            break;
        }
        if push_digit(&mut buf, &mut n, d).is_none() {
            break;
        }
    }
    let pan = if pan_ok {
        pan_from(&buf, n)
    } else {
        Err(EmvError::Pan)
    };
    zeroize::Zeroize::zeroize(&mut buf);
    let pan = pan?;
    let yymm = nibble_number(&mut it, 4).ok_or(EmvError::Track2Equivalent)?;
    let expiry =
        YearMonth::from_yymm((yymm / 100) as u8, (yymm % 100) as u8).ok_or(EmvError::Expiry)?;
    let sc = nibble_number(&mut it, 3)
        .and_then(ServiceCode::from_value)
        .ok_or(EmvError::Track2Equivalent)?;
    // Discretionary digits; an `F` only as the last nibble.
    let mut tail = it.peekable();
    while let Some(d) = tail.next() {
        let pad = d == 0xF && tail.peek().is_none();
        if d > 9 && !pad {
            return Err(EmvError::Track2Equivalent);
        }
    }
    Ok((pan, expiry, sc))
}

/// `5F24`: YYMMDD in three bytes.
fn read_5f24(value: &[u8]) -> Result<Date, EmvError> {
    let [y, m, d] = *value else {
        return Err(EmvError::Expiry);
    };
    let bcd = |b: u8| (b >> 4 <= 9 && b & 0xF <= 9).then_some((b >> 4) * 10 + (b & 0xF));
    let (Some(y), Some(m), Some(d)) = (bcd(y), bcd(m), bcd(d)) else {
        return Err(EmvError::Expiry);
    };
    let ym = YearMonth::from_yymm(y, m).ok_or(EmvError::Expiry)?;
    Date::new(ym.year(), m, d).ok_or(EmvError::Expiry)
}

/// `5F30`: n3 right-justified in two bytes, `0S SS`.
fn read_5f30(value: &[u8]) -> Result<ServiceCode, EmvError> {
    let [a, b] = *value else {
        return Err(EmvError::ServiceCode);
    };
    if a >> 4 != 0 {
        return Err(EmvError::ServiceCode);
    }
    ServiceCode::from_digits(a & 0xF, b >> 4, b & 0xF).ok_or(EmvError::ServiceCode)
}

/// Templates descended into: record, response format 2, FCI, FCI proprietary, FCI issuer
/// discretionary data, directory entry.
const TEMPLATES: [u32; 6] = [0x70, 0x77, 0x6F, 0xA5, 0xBF0C, 0x61];

#[derive(Default)]
struct Found {
    /// A PAN under 8 digits was seen: `PanLength`, reported after every other check.
    short_pan: bool,
    pan_5a: Option<Pan>,
    t2: Option<(Pan, YearMonth, ServiceCode)>,
    exp_5f24: Option<Date>,
    sc_5f30: Option<ServiceCode>,
    aid_9f06: Option<Aid>,
    aid_84: Option<Aid>,
    aid_4f: Option<Aid>,
}

/// Keeps the first value of a tag; a later different value is a conflict.
fn keep<T: PartialEq>(slot: &mut Option<T>, value: T) -> Result<(), EmvError> {
    match slot {
        Some(old) if *old != value => Err(EmvError::Mismatch),
        Some(_) => Ok(()),
        None => {
            *slot = Some(value);
            Ok(())
        }
    }
}

fn walk(data: &[u8], depth: usize, found: &mut Found) -> Result<(), EmvError> {
    if depth > MAX_DEPTH {
        return Err(EmvError::TooDeep);
    }
    for tlv in Tlvs::new(data) {
        let tlv = tlv?;
        let v = tlv.value();
        match tlv.tag() {
            t if TEMPLATES.contains(&t) => walk(v, depth + 1, found)?,
            0x5A => match read_5a(v) {
                Err(EmvError::PanLength) => found.short_pan = true,
                pan => keep(&mut found.pan_5a, pan?)?,
            },
            0x57 => match read_57(v) {
                Err(EmvError::PanLength) => found.short_pan = true,
                t2 => keep(&mut found.t2, t2?)?,
            },
            0x5F24 => keep(&mut found.exp_5f24, read_5f24(v)?)?,
            0x5F30 => keep(&mut found.sc_5f30, read_5f30(v)?)?,
            0x9F06 => keep(&mut found.aid_9f06, Aid::new(v).ok_or(EmvError::Aid)?)?,
            0x84 => keep(&mut found.aid_84, Aid::new(v).ok_or(EmvError::Aid)?)?,
            // A directory lists one 4F per application: the first one is kept.
            0x4F => {
                let aid = Aid::new(v).ok_or(EmvError::Aid)?;
                found.aid_4f.get_or_insert(aid);
            }
            _ => {}
        }
    }
    Ok(())
}

/// Parses EMV data (binary BER-TLV; see the [module docs](self)).
///
/// ```
/// use binclass::emv::{self, EmvError};
/// // 5A (PAN), 5F24 (expiry 2030-12-31), 5F30 (201), 4F (Visa AID), inside a 70 template.
/// let mut buf = [0u8; 64];
/// let data = emv::decode_hex(b"70 1E 5A 08 4111111111111111 5F24 03 301231 5F30 02 0201 4F 07 A0000000031010", &mut buf).unwrap();
/// let chip = emv::parse(data).unwrap();
/// assert_eq!(chip.valid_through().unwrap().to_string(), "2030-12-31");
/// assert_eq!(chip.aid().unwrap().rid_info().unwrap().network(), "Visa");
/// assert_eq!(emv::parse(&[0x5A, 0x09, 0x41]), Err(EmvError::Encoding));
/// ```
pub fn parse(data: &[u8]) -> Result<ChipData, EmvError> {
    if data.is_empty() {
        return Err(EmvError::Empty);
    }
    let mut found = Found::default();
    walk(data, 0, &mut found)?;
    let (t2_pan, t2_expiry, t2_sc) = match found.t2 {
        Some((p, e, s)) => (Some(p), Some(e), Some(s)),
        None => (None, None, None),
    };
    if let (Some(a), Some(b)) = (&found.pan_5a, &t2_pan) {
        if a != b {
            return Err(EmvError::Mismatch);
        }
    }
    let expiry = match (found.exp_5f24, t2_expiry) {
        (Some(d), Some(e)) if d.year_month() != e => return Err(EmvError::Mismatch),
        (Some(d), _) => Some(d.year_month()),
        (None, e) => e,
    };
    let service_code = match (found.sc_5f30, t2_sc) {
        (Some(a), Some(b)) if a != b => return Err(EmvError::Mismatch),
        (a, b) => a.or(b),
    };
    if found.short_pan {
        return Err(EmvError::PanLength);
    }
    let pan = found.pan_5a.or(t2_pan).ok_or(EmvError::NoPan)?;
    Ok(ChipData {
        pan,
        expiry,
        expiry_date: found.exp_5f24,
        service_code,
        aid: found.aid_9f06.or(found.aid_84).or(found.aid_4f),
    })
}
