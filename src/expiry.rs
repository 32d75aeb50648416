//! Dates for expiry checks: the terminal's [`Date`] and a card's expiry month, [`YearMonth`].
//!
//! The core never reads a clock. The caller puts today's date into the [`Profile`]
//! ([`Profile::with_today`]); without one, the expiry is parsed and reported but `expired` is
//! never given. The `binclass` CLI takes the date from the system clock (UTC) unless
//! `--today` is given.
//!
//! ## Two-digit years
//!
//! Magnetic stripes and EMV data carry the year as two digits (`YYMM`, `YYMMDD`). ISO/IEC 7813
//! does not define a pivot, so binclass reads `YY` as `20YY`, always. Cards are issued for
//! at most about ten years, so every card in circulation expires between 2000 and 2099, and
//! a fixed window needs no clock at parse time (a sliding window such as "now to now + 20
//! years" would make parsing depend on the date). The few cards that print `49` or `99` as a
//! "never expires" year read as 2049 or 2099: not expired, which is what their issuer meant.
//! A card from the 1990s would read as 20YY too and not as expired, but such cards have not
//! been valid for decades and the issuer declines them online. The window must move before
//! 2100.
//!
//! [`Profile`]: crate::Profile
//! [`Profile::with_today`]: crate::Profile::with_today

use core::fmt;

/// A calendar date (proleptic Gregorian), years 1 to 9999.
///
/// ```
/// use binclass::Date;
/// let d: Date = "2026-11-21".parse().unwrap();
/// assert_eq!((d.year(), d.month(), d.day()), (2026, 11, 21));
/// assert!(Date::new(2026, 2, 29).is_none());
/// assert!(Date::new(2028, 2, 29).is_some());
/// assert_eq!(d.to_string(), "2026-11-21");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date {
    // Field order makes the derived ordering chronological.
    year: u16,
    month: u8,
    day: u8,
}

const fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month (1-12) of a year; 0 for a month outside 1-12.
const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date, if it exists (year 1-9999, month 1-12, day within the month).
    pub const fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if year == 0 || year > 9999 || day == 0 || day > days_in_month(year, month) {
            None
        } else {
            Some(Date { year, month, day })
        }
    }

    /// The UTC date of a Unix time (seconds since 1970-01-01T00:00:00Z).
    ///
    /// ```
    /// use binclass::Date;
    /// assert_eq!(Date::from_unix_seconds(0), Date::new(1970, 1, 1).unwrap());
    /// assert_eq!(Date::from_unix_seconds(951_782_400), Date::new(2000, 2, 29).unwrap());
    /// ```
    pub const fn from_unix_seconds(secs: u64) -> Date {
        // Days to civil date, after Howard Hinnant's `civil_from_days` (public domain
        // algorithm, restated here for non-negative day counts).
        let days = secs / 86_400;
        let z = days + 719_468;
        let era = z / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
        let year = if year > 9999 { 9999 } else { year as u16 };
        Date { year, month, day }
    }

    /// The year, e.g. 2026.
    pub const fn year(self) -> u16 {
        self.year
    }

    /// The month, 1-12.
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1-31.
    pub const fn day(self) -> u8 {
        self.day
    }

    /// The month this date falls in.
    pub const fn year_month(self) -> YearMonth {
        YearMonth {
            year: self.year,
            month: self.month,
        }
    }
}

/// Why a date string was not accepted: it must be `YYYY-MM-DD` and exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadDate;

impl fmt::Display for BadDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected a date as YYYY-MM-DD, e.g. 2026-11-21")
    }
}

impl core::error::Error for BadDate {}

/// The value of ASCII digits, or `None` if a byte is not a digit.
pub(crate) fn ascii_number(digits: &[u8]) -> Option<u16> {
    let mut v = 0u16;
    for &b in digits {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u16::from(d))?;
    }
    Some(v)
}

impl core::str::FromStr for Date {
    type Err = BadDate;

    /// Parses `YYYY-MM-DD` (ISO 8601 calendar date, four-digit year).
    fn from_str(s: &str) -> Result<Date, BadDate> {
        let b = s.as_bytes();
        let (Some(y), Some(b'-'), Some(m), Some(b'-'), Some(d), 10) = (
            b.get(0..4),
            b.get(4),
            b.get(5..7),
            b.get(7),
            b.get(8..10),
            b.len(),
        ) else {
            return Err(BadDate);
        };
        let (Some(y), Some(m), Some(d)) = (ascii_number(y), ascii_number(m), ascii_number(d))
        else {
            return Err(BadDate);
        };
        Date::new(y, m as u8, d as u8).ok_or(BadDate)
    }
}

impl fmt::Display for Date {
    /// Writes `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A card's expiry month. The card is good through the last day of it.
///
/// ```
/// use binclass::{Date, YearMonth};
/// let exp = YearMonth::from_yymm(26, 11).unwrap(); // "2611" on the card
/// assert_eq!(exp.year(), 2026);
/// assert_eq!(exp.yymm().to_string(), "2611");
/// assert!(!exp.is_expired_on(Date::new(2026, 11, 30).unwrap()));
/// assert!(exp.is_expired_on(Date::new(2026, 12, 1).unwrap()));
/// assert!(YearMonth::from_yymm(26, 13).is_none()); // damaged data
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct YearMonth {
    year: u16,
    month: u8,
}

impl YearMonth {
    /// A year (1-9999) and month (1-12).
    pub const fn new(year: u16, month: u8) -> Option<YearMonth> {
        if year == 0 || year > 9999 || month == 0 || month > 12 {
            None
        } else {
            Some(YearMonth { year, month })
        }
    }

    /// The expiry as a card carries it, two-digit year `yy` (0-99) read as `20yy` (see the
    /// [module docs](crate::expiry) for why), month 1-12. Month 00 or above 12 is `None`.
    pub const fn from_yymm(yy: u8, mm: u8) -> Option<YearMonth> {
        if yy > 99 {
            return None;
        }
        YearMonth::new(2000 + yy as u16, mm)
    }

    /// Parses four ASCII digits `YYMM` as stored on a magnetic stripe.
    ///
    /// ```
    /// use binclass::YearMonth;
    /// assert_eq!(YearMonth::parse_yymm(b"2412"), YearMonth::new(2024, 12));
    /// assert_eq!(YearMonth::parse_yymm(b"2400"), None);
    /// assert_eq!(YearMonth::parse_yymm(b"24x2"), None);
    /// ```
    pub fn parse_yymm(yymm: &[u8]) -> Option<YearMonth> {
        let (yy, mm) = (yymm.get(0..2)?, yymm.get(2..4)?);
        if yymm.len() != 4 {
            return None;
        }
        YearMonth::from_yymm(ascii_number(yy)? as u8, ascii_number(mm)? as u8)
    }

    /// The year, e.g. 2026.
    pub const fn year(self) -> u16 {
        self.year
    }

    /// The month, 1-12.
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The last day of the month: the last day a card with this expiry is good.
    pub const fn last_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: days_in_month(self.year, self.month),
        }
    }

    /// Is a card with this expiry expired on `today`? Cards are good through the end of their
    /// expiry month, so only a later month is expired.
    pub const fn is_expired_on(self, today: Date) -> bool {
        self.year < today.year || (self.year == today.year && self.month < today.month)
    }

    /// Displays as `YYMM`, the form cards and the CLI's JSON use.
    pub const fn yymm(self) -> Yymm {
        Yymm(self)
    }
}

/// `YYMM` display form of a [`YearMonth`] (see [`YearMonth::yymm`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Yymm(YearMonth);

impl fmt::Display for Yymm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}{:02}", self.0.year % 100, self.0.month)
    }
}

impl fmt::Display for YearMonth {
    /// Writes `YYYY-MM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn unix_days_match_a_day_by_day_walk() {
        // Walk day by day from 1970-01-01 with the calendar rules; compare every day to 2200.
        let (mut y, mut m, mut d) = (1970u16, 1u8, 1u8);
        for day in 0..(230 * 366) {
            let got = Date::from_unix_seconds(day * 86_400 + 43_200);
            assert_eq!((got.year, got.month, got.day), (y, m, d), "day {day}");
            d += 1;
            if d > days_in_month(y, m) {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
    }

    #[test]
    fn date_strings() {
        assert!("2026-1-21".parse::<Date>().is_err());
        assert!("2026-13-01".parse::<Date>().is_err());
        assert!("2026-11-31".parse::<Date>().is_err());
        assert!("2026-11-21x".parse::<Date>().is_err());
        assert!("+026-11-21".parse::<Date>().is_err());
        assert!("1900-02-29".parse::<Date>().is_err());
        assert!("2000-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn expiry_is_inclusive_of_its_month() {
        let exp = YearMonth::from_yymm(0, 1).unwrap();
        assert_eq!(exp.year(), 2000);
        assert_eq!(exp.yymm().to_string(), "0001");
        assert!(!exp.is_expired_on(Date::new(1999, 12, 31).unwrap()));
        assert!(!exp.is_expired_on(Date::new(2000, 1, 31).unwrap()));
        assert!(exp.is_expired_on(Date::new(2000, 2, 1).unwrap()));
        assert!(exp.is_expired_on(Date::new(2001, 1, 1).unwrap()));
        assert_eq!(
            YearMonth::from_yymm(28, 2).unwrap().last_day(),
            Date::new(2028, 2, 29).unwrap()
        );
    }
}
