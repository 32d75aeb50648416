//! Issuer data: the card product (credit, debit, prepaid, charge), the issuer's country and its
//! name, by 6- or 8-digit BIN.
//!
//! [`Product`], [`ProductSet`] and [`Country`] are small `Copy` values usable without `std`:
//! the verdict and the terminal profile carry them. With `std`, [`Bins`] loads a BIN file
//! (format: `data/FORMAT.md`, "BIN files") into sorted parallel arrays behind a dense index by
//! the first four digits; a lookup is one array read and at most two binary searches over the
//! BINs sharing those four digits, and never allocates.
//!
//! binclass ships no BIN database: the file comes from the acquirer, the terminal management
//! system or the merchant's own records.

use core::fmt;

/// The kind of card product, as a BIN file states it.
///
/// Stable snake_case ids ([`Product::id`]) and numeric codes ([`Product::code`]); a retired
/// code is never reused.
///
/// ```
/// use binclass::Product;
/// assert_eq!(Product::from_id("debit"), Some(Product::Debit));
/// assert_eq!(Product::Debit.id(), "debit");
/// assert_eq!(Product::from_code(Product::Charge.code()), Some(Product::Charge));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
#[repr(u8)]
pub enum Product {
    /// A credit card: a revolving credit line.
    Credit = 1,
    /// A debit card: drawn on the cardholder's account.
    Debit = 2,
    /// A prepaid card: drawn on a loaded balance.
    Prepaid = 3,
    /// A charge card: credit settled in full each statement.
    Charge = 4,
}

impl Product {
    /// Every product, in code order.
    pub const ALL: [Product; 4] = [
        Product::Credit,
        Product::Debit,
        Product::Prepaid,
        Product::Charge,
    ];

    /// The stable snake_case id, e.g. `debit`.
    pub const fn id(self) -> &'static str {
        match self {
            Product::Credit => "credit",
            Product::Debit => "debit",
            Product::Prepaid => "prepaid",
            Product::Charge => "charge",
        }
    }

    /// The stable numeric code (C API; 0 means unknown there).
    pub const fn code(self) -> u8 {
        self as u8
    }

    /// The product with this code.
    pub const fn from_code(code: u8) -> Option<Product> {
        match code {
            1 => Some(Product::Credit),
            2 => Some(Product::Debit),
            3 => Some(Product::Prepaid),
            4 => Some(Product::Charge),
            _ => None,
        }
    }

    /// The product with this id (exact, snake_case).
    pub fn from_id(id: &str) -> Option<Product> {
        Product::ALL.into_iter().find(|p| p.id() == id)
    }
}

impl fmt::Display for Product {
    /// Writes the stable id.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A set of [`Product`]s: what a terminal accepts. `Copy`, one byte.
///
/// ```
/// use binclass::{Product, ProductSet};
/// let debit_only = ProductSet::EMPTY.with(Product::Debit);
/// assert!(debit_only.contains(Product::Debit) && !debit_only.contains(Product::Credit));
/// assert!(ProductSet::ALL.contains(Product::Charge));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ProductSet(u8);

impl ProductSet {
    /// No product.
    pub const EMPTY: ProductSet = ProductSet(0);
    /// Every product.
    pub const ALL: ProductSet = ProductSet(0b1_1110);

    /// This set plus `product`.
    #[must_use]
    pub const fn with(self, product: Product) -> ProductSet {
        ProductSet(self.0 | 1 << product as u8)
    }

    /// Is `product` in the set?
    pub const fn contains(self, product: Product) -> bool {
        self.0 & (1 << product as u8) != 0
    }

    /// Is the set empty?
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The products, in code order.
    pub fn iter(self) -> impl Iterator<Item = Product> {
        Product::ALL.into_iter().filter(move |&p| self.contains(p))
    }
}

impl fmt::Debug for ProductSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<Product> for ProductSet {
    fn from_iter<I: IntoIterator<Item = Product>>(iter: I) -> Self {
        iter.into_iter().fold(ProductSet::EMPTY, ProductSet::with)
    }
}

/// A country as an ISO 3166-1 alpha-2 code (`CN`, `US`), stored as two uppercase ASCII letters.
///
/// Only the shape is checked (two letters A-Z), not the list of assigned codes, so a table can
/// name a code assigned after this build.
///
/// ```
/// use binclass::Country;
/// let cn: Country = "cn".parse().unwrap();
/// assert_eq!(cn.as_str(), "CN");
/// assert_eq!(Country::new(*b"CN"), Some(cn));
/// assert!("CHN".parse::<Country>().is_err() && Country::new(*b"C1").is_none());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    /// The country with this code, which must be two uppercase ASCII letters.
    pub const fn new(code: [u8; 2]) -> Option<Country> {
        if code[0].is_ascii_uppercase() && code[1].is_ascii_uppercase() {
            Some(Country(code))
        } else {
            None
        }
    }

    /// Parses two ASCII letters in either case.
    pub const fn from_bytes(code: &[u8]) -> Option<Country> {
        match code {
            [a, b] => Country::new([a.to_ascii_uppercase(), b.to_ascii_uppercase()]),
            _ => None,
        }
    }

    /// The two code bytes (C API; `[0, 0]` means unknown there).
    pub const fn bytes(self) -> [u8; 2] {
        self.0
    }

    /// The code, e.g. `CN`.
    pub fn as_str(&self) -> &str {
        // Always two ASCII letters, so always UTF-8.
        core::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Country({self})")
    }
}

/// The error for a string that is not two ASCII letters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadCountry;

impl fmt::Display for BadCountry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a country must be an ISO 3166-1 alpha-2 code (two letters, e.g. CN)")
    }
}

impl core::error::Error for BadCountry {}

impl core::str::FromStr for Country {
    type Err = BadCountry;

    fn from_str(s: &str) -> Result<Country, BadCountry> {
        Country::from_bytes(s.as_bytes()).ok_or(BadCountry)
    }
}

/// What is known about a card's issuer: the parts that travel in the `Copy` verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct IssuerFacts {
    pub(crate) product: Option<Product>,
    pub(crate) country: Option<Country>,
}

impl IssuerFacts {
    pub(crate) const UNKNOWN: IssuerFacts = IssuerFacts {
        product: None,
        country: None,
    };
}

#[cfg(feature = "std")]
pub use bins::{BinInfo, Bins, BinsSummary};

#[cfg(feature = "std")]
mod bins {
    use super::{Country, IssuerFacts, Product};
    use crate::datafile::{DataError, DataErrors, record_line};
    use crate::scheme::Scheme;
    use std::collections::HashMap;
    use std::hash::{BuildHasherDefault, Hasher};

    /// A multiply-rotate hash (the FxHash recipe) for interning issuer names at load time:
    /// several times faster than SipHash on short strings. The names come from the file being
    /// loaded, not from card input, so hash flooding is not a concern here.
    #[derive(Default)]
    struct NameHasher(u64);

    impl NameHasher {
        fn add(&mut self, word: u64) {
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    impl Hasher for NameHasher {
        fn write(&mut self, bytes: &[u8]) {
            let mut chunks = bytes.chunks_exact(8);
            for c in &mut chunks {
                self.add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
            }
            let mut tail = [0u8; 8];
            for (t, b) in tail.iter_mut().zip(chunks.remainder()) {
                *t = *b;
            }
            self.add(u64::from_le_bytes(tail) ^ bytes.len() as u64);
        }

        fn finish(&self) -> u64 {
            self.0
        }
    }

    /// Errors listed before the rest are only counted.
    const MAX_ERRORS: usize = 100;
    /// Bucket count of the dense first level (one per four-digit prefix) plus one.
    const BUCKETS: usize = 10_001;

    /// Issuer data by BIN, loaded from a BIN file. Immutable once loaded; share it behind an
    /// `Arc` (see `crate::table::CardData`).
    ///
    /// ```
    /// use binclass::{Bins, Country, Product};
    /// let csv = "bin,product,country,issuer\n62123400,debit,CN,Example Bank\n411111,credit,US,\"Bank, N.A.\"\n";
    /// let bins = Bins::parse("bins.csv", csv).unwrap();
    /// let i = bins.lookup(62123400).unwrap();
    /// assert_eq!(i.product(), Some(Product::Debit));
    /// assert!(bins.lookup(62123456).is_none()); // neither 62123456 nor 621234 is listed
    /// assert_eq!(i.country(), "CN".parse::<Country>().ok());
    /// assert_eq!(bins.lookup(41111199).and_then(|i| i.issuer()), Some("Bank, N.A."));
    /// ```
    #[derive(Clone, PartialEq, Eq)]
    pub struct Bins {
        origin: String,
        meta: Vec<(String, String)>,
        /// `starts[b]..starts[b + 1]` are the entries whose BIN starts with the digits of `b`.
        starts: Vec<u32>,
        /// Sorted keys: an 8-digit BIN `n` is `2n`, a 6-digit BIN `n` is `2(100n) + 1`, so both
        /// sort by the prefixes they cover and an 8-digit BIN sorts just before the 6-digit
        /// BIN that contains it.
        keys: Vec<u32>,
        /// Per entry, parallel to `keys`: what the BIN file says.
        entries: Vec<Entry>,
        /// Name id `i` is `arena[ends[i - 1]..ends[i]]`.
        ends: Vec<u32>,
        arena: String,
        ignored: Vec<String>,
    }

    impl std::fmt::Debug for Bins {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Bins")
                .field("origin", &self.origin)
                .field("entries", &self.keys.len())
                .field("issuers", &self.ends.len().saturating_sub(1))
                .finish()
        }
    }

    /// One entry, eight bytes, so a lookup touches one cache line for it.
    #[derive(Clone, Copy, PartialEq, Eq)]
    struct Entry {
        /// Product code, scheme code, country letters (0 = unknown).
        attrs: [u8; 4],
        /// Issuer name id (0 = none); the name is read only when asked for.
        name: u32,
    }

    /// What a BIN file says about one BIN. `Copy`; the issuer name is read from the [`Bins`]
    /// only when asked for.
    #[derive(Clone, Copy)]
    pub struct BinInfo<'a> {
        bin: u32,
        digits: u8,
        product: Option<Product>,
        country: Option<Country>,
        scheme: Option<Scheme>,
        name: u32,
        bins: &'a Bins,
    }

    impl PartialEq for BinInfo<'_> {
        fn eq(&self, other: &Self) -> bool {
            (
                self.bin,
                self.digits,
                self.product,
                self.country,
                self.scheme,
                self.issuer(),
            ) == (
                other.bin,
                other.digits,
                other.product,
                other.country,
                other.scheme,
                other.issuer(),
            )
        }
    }

    impl Eq for BinInfo<'_> {}

    impl std::fmt::Debug for BinInfo<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("BinInfo")
                .field("bin", &self.bin)
                .field("digits", &self.digits)
                .field("product", &self.product)
                .field("country", &self.country)
                .field("scheme", &self.scheme)
                .field("issuer", &self.issuer())
                .finish()
        }
    }

    impl<'a> BinInfo<'a> {
        /// The BIN as a number of [`BinInfo::digits`] digits.
        pub const fn bin(&self) -> u32 {
            self.bin
        }
        /// 6 or 8.
        pub const fn digits(&self) -> u8 {
            self.digits
        }
        /// The product, when the file gives it.
        pub const fn product(&self) -> Option<Product> {
            self.product
        }
        /// The issuer's country, when the file gives it.
        pub const fn country(&self) -> Option<Country> {
            self.country
        }
        /// The scheme the file names, when it names one (used only for prefixes the IIN table
        /// does not know; see `data/FORMAT.md`).
        pub const fn scheme(&self) -> Option<Scheme> {
            self.scheme
        }
        /// The issuer's name, when the file gives it.
        pub fn issuer(&self) -> Option<&'a str> {
            self.bins.name(self.name)
        }
        pub(crate) const fn facts(&self) -> IssuerFacts {
            IssuerFacts {
                product: self.product,
                country: self.country,
            }
        }
    }

    /// Counts for `binclass table check`.
    #[derive(Clone, Debug, Default, PartialEq, Eq)]
    pub struct BinsSummary {
        /// Number of 6-digit BINs.
        pub bins6: usize,
        /// Number of 8-digit BINs.
        pub bins8: usize,
        /// 8-digit BINs that sit inside a listed 6-digit BIN (the 8-digit entry wins there).
        pub nested: usize,
        /// Entries per product, in [`Product::ALL`] order, then entries with no product.
        pub products: [usize; 5],
        /// Distinct countries.
        pub countries: usize,
        /// Distinct issuer names.
        pub issuers: usize,
        /// Entries per scheme named in the file, by scheme.
        pub schemes: Vec<(Scheme, usize)>,
    }

    /// Column names accepted for each field, first match wins (binlist-style names included).
    const BIN_NAMES: [&str; 3] = ["bin", "iin_start", "iin"];
    const END_NAMES: [&str; 1] = ["iin_end"];
    const PRODUCT_NAMES: [&str; 2] = ["product", "type"];
    const PREPAID_NAMES: [&str; 1] = ["prepaid"];
    const COUNTRY_NAMES: [&str; 2] = ["alpha_2", "country"];
    const ISSUER_NAMES: [&str; 3] = ["issuer", "bank_name", "bank"];
    const SCHEME_NAMES: [&str; 1] = ["scheme"];

    struct Columns {
        bin: usize,
        end: Option<usize>,
        product: Option<usize>,
        prepaid: Option<usize>,
        country: Option<usize>,
        issuer: Option<usize>,
        scheme: Option<usize>,
        ignored: Vec<String>,
    }

    fn columns(header: &[String]) -> Result<Columns, String> {
        let find = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| header.iter().position(|h| h == n))
        };
        for (i, h) in header.iter().enumerate() {
            if header.iter().skip(i + 1).any(|o| o == h) {
                return Err(format!("column `{h}` appears twice"));
            }
        }
        let Some(bin) = find(&BIN_NAMES) else {
            return Err(format!(
                "no BIN column: the header needs one of `{}`",
                BIN_NAMES.join("`, `")
            ));
        };
        let c = Columns {
            bin,
            end: find(&END_NAMES),
            product: find(&PRODUCT_NAMES),
            prepaid: find(&PREPAID_NAMES),
            country: find(&COUNTRY_NAMES),
            issuer: find(&ISSUER_NAMES),
            scheme: find(&SCHEME_NAMES),
            ignored: Vec::new(),
        };
        let used = [
            Some(c.bin),
            c.end,
            c.product,
            c.prepaid,
            c.country,
            c.issuer,
            c.scheme,
        ];
        let ignored = (0..header.len())
            .filter(|i| !used.contains(&Some(*i)))
            .filter_map(|i| header.get(i).cloned())
            .collect();
        Ok(Columns { ignored, ..c })
    }

    fn trim(b: &[u8]) -> &[u8] {
        b.trim_ascii()
    }

    /// Parses 6 or 8 ASCII digits.
    fn parse_bin(b: &[u8]) -> Option<(u32, u8)> {
        if (b.len() != 6 && b.len() != 8) || !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let v = b.iter().fold(0u32, |a, &d| a * 10 + u32::from(d - b'0'));
        Some((v, b.len() as u8))
    }

    fn parse_product(b: &[u8]) -> Result<Option<Product>, ()> {
        if b.is_empty() {
            return Ok(None);
        }
        Product::ALL
            .into_iter()
            .find(|p| p.id().as_bytes().eq_ignore_ascii_case(b))
            .map(Some)
            .ok_or(())
    }

    fn parse_flag(b: &[u8]) -> Result<bool, ()> {
        const YES: [&[u8]; 4] = [b"true", b"yes", b"y", b"1"];
        const NO: [&[u8]; 5] = [b"", b"false", b"no", b"n", b"0"];
        if YES.iter().any(|y| y.eq_ignore_ascii_case(b)) {
            Ok(true)
        } else if NO.iter().any(|n| n.eq_ignore_ascii_case(b)) {
            Ok(false)
        } else {
            Err(())
        }
    }

    fn parse_scheme(b: &[u8]) -> Result<Option<Scheme>, ()> {
        if b.is_empty() {
            return Ok(None);
        }
        Scheme::ALL
            .into_iter()
            .find(|s| s.id().as_bytes().eq_ignore_ascii_case(b))
            .map(Some)
            .ok_or(())
    }

    fn show(b: &[u8]) -> String {
        let s = String::from_utf8_lossy(b);
        // Field values are echoed in errors; keep them short.
        s.chars().take(40).collect()
    }

    struct Errors<'f> {
        file: &'f str,
        list: Vec<DataError>,
        more: usize,
    }

    impl Errors<'_> {
        fn push(&mut self, line: u64, message: String) {
            if self.list.len() < MAX_ERRORS {
                self.list.push(DataError::new(self.file, line, message));
            } else {
                self.more += 1;
            }
        }

        fn finish(self) -> Result<(), DataErrors> {
            if self.list.is_empty() {
                Ok(())
            } else {
                Err(self.into_errors())
            }
        }

        fn into_errors(mut self) -> DataErrors {
            if self.more > 0 {
                let more = format!("... and {} more errors", self.more);
                self.list.push(DataError::new(self.file, 0, more));
            }
            DataErrors(self.list)
        }
    }

    /// One parsed row before sorting.
    struct Row {
        key: u32,
        attrs: [u8; 4],
        name: u32,
        line: u32,
    }

    impl Bins {
        /// No issuer data.
        pub fn empty() -> Bins {
            Bins {
                origin: String::new(),
                meta: Vec::new(),
                starts: vec![0; BUCKETS],
                keys: Vec::new(),
                entries: Vec::new(),
                ends: vec![0],
                arena: String::new(),
                ignored: Vec::new(),
            }
        }

        /// Reads a BIN file. Errors name `FILE:LINE` (at most 100 are listed).
        pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<Bins, crate::LoadError> {
            let path = path.as_ref();
            let origin = path.display().to_string();
            let text = std::fs::read(path).map_err(|source| crate::LoadError::Io {
                path: origin.clone(),
                source,
            })?;
            Bins::parse_bytes(&origin, &text).map_err(crate::LoadError::Invalid)
        }

        /// Parses BIN file text; `origin` names it in errors.
        pub fn parse(origin: &str, text: &str) -> Result<Bins, DataErrors> {
            Bins::parse_bytes(origin, text.as_bytes())
        }

        fn parse_bytes(origin: &str, text: &[u8]) -> Result<Bins, DataErrors> {
            let mut errs = Errors {
                file: origin,
                list: Vec::new(),
                more: 0,
            };
            let meta = header_meta(text);
            let mut reader = csv::ReaderBuilder::new()
                .comment(Some(b'#'))
                .has_headers(true)
                .flexible(true)
                .from_reader(text);
            let header: Vec<String> = match reader.byte_headers() {
                Ok(h) => h
                    .iter()
                    .map(|f| String::from_utf8_lossy(trim(f)).to_ascii_lowercase())
                    .collect(),
                Err(e) => {
                    errs.push(0, format!("cannot read the column header: {e}"));
                    return Err(errs.into_errors());
                }
            };
            let header_line = reader
                .byte_headers()
                .ok()
                .and_then(|h| h.position())
                .map_or(1, |p| record_line(text, p));
            let cols = match columns(&header) {
                Ok(c) => c,
                Err(m) => {
                    errs.push(header_line, m);
                    return Err(errs.into_errors());
                }
            };
            let mut rows: Vec<Row> = Vec::with_capacity(text.len() / 32);
            let mut interned: HashMap<String, u32, BuildHasherDefault<NameHasher>> =
                HashMap::default();
            let mut ends: Vec<u32> = vec![0];
            let mut arena = String::new();
            let mut rec = csv::ByteRecord::new();
            loop {
                match reader.read_byte_record(&mut rec) {
                    Ok(false) => break,
                    Ok(true) => {}
                    Err(e) => {
                        let line = e.position().map_or(0, csv::Position::line);
                        errs.push(line, format!("not valid CSV: {e}"));
                        if e.position().is_none() {
                            break;
                        }
                        continue;
                    }
                }
                let line = rec.position().map_or(0, |p| record_line(text, p));
                let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).map_or(&b""[..], trim);
                if rec.len() != header.len() {
                    errs.push(
                        line,
                        format!("expected {} fields, found {}", header.len(), rec.len()),
                    );
                    continue;
                }
                let raw = get(Some(cols.bin));
                let Some((bin, digits)) = parse_bin(raw) else {
                    errs.push(line, format!("BIN `{}` must be 6 or 8 digits", show(raw)));
                    continue;
                };
                let end = get(cols.end);
                if !end.is_empty() && end != raw {
                    errs.push(
                        line,
                        format!(
                            "iin_end `{}` differs from the BIN: list each BIN on its own row",
                            show(end)
                        ),
                    );
                    continue;
                }
                let mut product = match parse_product(get(cols.product)) {
                    Ok(p) => p,
                    Err(()) => {
                        errs.push(
                            line,
                            format!(
                                "product `{}` must be credit, debit, prepaid, charge or empty",
                                show(get(cols.product))
                            ),
                        );
                        continue;
                    }
                };
                match parse_flag(get(cols.prepaid)) {
                    Ok(true) => product = Some(Product::Prepaid),
                    Ok(false) => {}
                    Err(()) => {
                        errs.push(
                            line,
                            format!(
                                "prepaid `{}` must be true, false, yes, no or empty",
                                show(get(cols.prepaid))
                            ),
                        );
                        continue;
                    }
                }
                let c = get(cols.country);
                let country = if c.is_empty() {
                    None
                } else if let Some(c) = Country::from_bytes(c) {
                    Some(c)
                } else {
                    errs.push(
                        line,
                        format!(
                            "country `{}` must be an ISO 3166-1 alpha-2 code (two letters)",
                            show(c)
                        ),
                    );
                    continue;
                };
                let scheme = match parse_scheme(get(cols.scheme)) {
                    Ok(s) => s,
                    Err(()) => {
                        errs.push(
                            line,
                            format!(
                                "unknown scheme id `{}` (use a binclass scheme id or leave it empty)",
                                show(get(cols.scheme))
                            ),
                        );
                        continue;
                    }
                };
                let name = match std::str::from_utf8(get(cols.issuer)) {
                    Ok("") => 0,
                    Ok(n) => match interned.get(n) {
                        Some(&id) => id,
                        None => {
                            let id = u32::try_from(ends.len()).unwrap_or(u32::MAX);
                            arena.push_str(n);
                            ends.push(u32::try_from(arena.len()).unwrap_or(u32::MAX));
                            interned.insert(n.to_owned(), id);
                            id
                        }
                    },
                    Err(_) => {
                        errs.push(line, "issuer name is not UTF-8".to_owned());
                        continue;
                    }
                };
                let key = if digits == 8 { bin * 2 } else { bin * 200 + 1 };
                let [c0, c1] = country.map_or([0, 0], Country::bytes);
                rows.push(Row {
                    key,
                    attrs: [
                        product.map_or(0, Product::code),
                        scheme.map_or(0, Scheme::code),
                        c0,
                        c1,
                    ],
                    name,
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                });
            }
            if arena.len() > u32::MAX as usize {
                errs.push(0, "issuer names exceed 4 GiB".to_owned());
            }
            // Sort by key, keeping file order among equal keys so the duplicate is the later line.
            let mut order: Vec<u64> = (0u64..)
                .zip(&rows)
                .map(|(i, r)| u64::from(r.key) << 32 | i)
                .collect();
            order.sort_unstable();
            for w in order.windows(2) {
                if let [a, b] = *w {
                    if a >> 32 == b >> 32 {
                        let first = rows.get((a & 0xFFFF_FFFF) as usize).map_or(0, |r| r.line);
                        let again = rows.get((b & 0xFFFF_FFFF) as usize).map_or(0, |r| r.line);
                        let key = (a >> 32) as u32;
                        let bin = if key & 1 == 0 {
                            format!("{:08}", key / 2)
                        } else {
                            format!("{:06}", key / 200)
                        };
                        errs.push(
                            u64::from(again),
                            format!("BIN {bin} is already listed at line {first}"),
                        );
                    }
                }
            }
            errs.finish()?;
            let mut keys = Vec::with_capacity(rows.len());
            let mut entries = Vec::with_capacity(rows.len());
            let mut starts = vec![0u32; BUCKETS];
            for o in &order {
                if let Some(r) = rows.get((o & 0xFFFF_FFFF) as usize) {
                    keys.push(r.key);
                    entries.push(Entry {
                        attrs: r.attrs,
                        name: r.name,
                    });
                    if let Some(s) = starts.get_mut(bucket(r.key) + 1) {
                        *s += 1;
                    }
                }
            }
            for i in 1..BUCKETS {
                let prev = starts.get(i - 1).copied().unwrap_or(0);
                if let Some(s) = starts.get_mut(i) {
                    *s += prev;
                }
            }
            Ok(Bins {
                origin: origin.to_owned(),
                meta,
                starts,
                keys,
                entries,
                ends,
                arena,
                ignored: cols.ignored,
            })
        }

        /// Where the data came from (the path or name given when loading).
        pub fn origin(&self) -> &str {
            &self.origin
        }

        /// The value of a `# key: value` header line (e.g. `version`).
        pub fn meta(&self, key: &str) -> Option<&str> {
            self.meta
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        }

        /// Number of BINs.
        pub fn len(&self) -> usize {
            self.keys.len()
        }

        /// Is there no BIN?
        pub fn is_empty(&self) -> bool {
            self.keys.is_empty()
        }

        /// Columns of the file that binclass does not use (e.g. binlist's `bank_url`).
        pub fn ignored_columns(&self) -> &[String] {
            &self.ignored
        }

        /// The entry for a card whose first eight digits are `prefix8`: its 8-digit BIN if
        /// listed, else its 6-digit BIN. Allocation-free.
        #[inline]
        pub fn lookup(&self, prefix8: u32) -> Option<BinInfo<'_>> {
            if prefix8 >= 100_000_000 {
                return None;
            }
            let b = (prefix8 / 10_000) as usize;
            let lo = *self.starts.get(b)? as usize;
            let hi = *self.starts.get(b + 1)? as usize;
            let keys = self.keys.get(lo..hi)?;
            let k8 = prefix8 * 2;
            let k6 = prefix8 / 100 * 200 + 1;
            let (i, digits, bin) = match keys.binary_search(&k8) {
                Ok(i) => (i, 8, prefix8),
                Err(_) => (keys.binary_search(&k6).ok()?, 6, prefix8 / 100),
            };
            self.entry(lo + i, bin, digits)
        }

        #[inline]
        fn entry(&self, i: usize, bin: u32, digits: u8) -> Option<BinInfo<'_>> {
            let e = *self.entries.get(i)?;
            let [p, s, c0, c1] = e.attrs;
            Some(BinInfo {
                bin,
                digits,
                product: Product::from_code(p),
                country: Country::new([c0, c1]),
                scheme: Scheme::from_code(s),
                name: e.name,
                bins: self,
            })
        }

        /// Issuer name `id` from the arena (`None` for id 0).
        fn name(&self, id: u32) -> Option<&str> {
            let n = id as usize;
            if n == 0 {
                return None;
            }
            let lo = *self.ends.get(n - 1)? as usize;
            let hi = *self.ends.get(n)? as usize;
            self.arena.get(lo..hi)
        }

        /// The issuer's name for a card, on request (it never travels in the verdict).
        ///
        /// ```
        /// use binclass::{Bins, Pan};
        /// let bins = Bins::parse("b.csv", "bin,issuer\n621234,Example Bank\n").unwrap();
        /// let pan = Pan::parse(b"6212 3456 7890 1232").unwrap();
        /// assert_eq!(bins.issuer_name(&pan), Some("Example Bank"));
        /// ```
        pub fn issuer_name(&self, pan: &crate::Pan) -> Option<&str> {
            self.lookup(pan.prefix8())?.issuer()
        }

        /// Every entry, in BIN order (for checks and summaries).
        pub fn iter(&self) -> impl Iterator<Item = BinInfo<'_>> + '_ {
            (0..self.keys.len()).filter_map(move |i| {
                let k = *self.keys.get(i)?;
                if k & 1 == 0 {
                    self.entry(i, k / 2, 8)
                } else {
                    self.entry(i, k / 200, 6)
                }
            })
        }

        /// Counts by kind, for `binclass table check`.
        pub fn summary(&self) -> BinsSummary {
            let mut s = BinsSummary {
                issuers: self.ends.len().saturating_sub(1),
                ..BinsSummary::default()
            };
            let mut countries = std::collections::BTreeSet::new();
            let mut schemes = std::collections::BTreeMap::new();
            for e in self.iter() {
                if e.digits == 8 {
                    s.bins8 += 1;
                    if self.lookup_exact6(e.bin / 100) {
                        s.nested += 1;
                    }
                } else {
                    s.bins6 += 1;
                }
                let slot = e.product.map_or(4, |p| usize::from(p.code()) - 1);
                if let Some(n) = s.products.get_mut(slot) {
                    *n += 1;
                }
                if let Some(c) = e.country {
                    countries.insert(c);
                }
                if let Some(sc) = e.scheme {
                    *schemes.entry(sc).or_insert(0usize) += 1;
                }
            }
            s.countries = countries.len();
            s.schemes = schemes.into_iter().collect();
            s
        }

        fn lookup_exact6(&self, bin6: u32) -> bool {
            let key = bin6 * 200 + 1;
            let b = bucket(key);
            let (Some(&lo), Some(&hi)) = (self.starts.get(b), self.starts.get(b + 1)) else {
                return false;
            };
            self.keys
                .get(lo as usize..hi as usize)
                .is_some_and(|k| k.binary_search(&key).is_ok())
        }
    }

    /// The four-digit bucket of a key.
    fn bucket(key: u32) -> usize {
        (key / 2 / 10_000) as usize
    }

    /// `# key: value` lines before the first line that is not a comment.
    fn header_meta(text: &[u8]) -> Vec<(String, String)> {
        let mut meta = Vec::new();
        for line in text.split(|&b| b == b'\n') {
            let Some(rest) = line.strip_prefix(b"#") else {
                break;
            };
            let rest = String::from_utf8_lossy(rest);
            if let Some((k, v)) = rest.split_once(':') {
                let k = k.trim();
                if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                    meta.push((k.to_owned(), v.trim().to_owned()));
                }
            }
        }
        meta
    }
}
