//! Card-present test helpers: naive track and TLV builders, a column-parity LRC, and a leak
//! check that every verdict and error passes through.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use binclass::{Entry, Lang, Profile, Support, emv, track};

/// LRC by its definition (ISO/IEC 7811): for each data bit, the number of ones in that bit
/// column over all characters (start sentinel to end sentinel) plus the LRC is even.
/// `base` is 0x20 (track 1, 6 bits) or 0x30 (track 2, 4 bits; a `D` separator counts as
/// `=`).
pub fn column_lrc(on_card: &str, base: u8, bits: u32) -> char {
    let mut lrc = 0u8;
    for bit in 0..bits {
        let ones = on_card
            .bytes()
            .map(|c| {
                if base == 0x30 && (c == b'D' || c == b'd') {
                    b'='
                } else {
                    c
                }
            })
            .filter(|&c| (c - base) >> bit & 1 == 1)
            .count();
        if ones % 2 == 1 {
            lrc |= 1 << bit;
        }
    }
    (lrc + base) as char
}

/// Track 2 from its parts, the way a reader might deliver it.
#[derive(Clone, Debug)]
pub struct Track2 {
    pub pan: String,
    pub sep: char,
    pub expiry: Option<String>,
    pub service_code: Option<String>,
    pub discretionary: String,
    pub start: bool,
    pub end: bool,
    pub lrc: bool,
}

impl Track2 {
    pub fn new(pan: &str, expiry: &str, service_code: &str, discretionary: &str) -> Track2 {
        Track2 {
            pan: pan.into(),
            sep: '=',
            expiry: Some(expiry.into()),
            service_code: Some(service_code.into()),
            discretionary: discretionary.into(),
            start: true,
            end: true,
            lrc: true,
        }
    }

    /// The data between the sentinels.
    pub fn data(&self) -> String {
        let sep = self.sep.to_string();
        format!(
            "{}{sep}{}{}{}",
            self.pan,
            self.expiry.clone().unwrap_or_else(|| sep.clone()),
            self.service_code.clone().unwrap_or_else(|| sep.clone()),
            self.discretionary
        )
    }

    /// The LRC character the card carries.
    pub fn lrc_char(&self) -> char {
        column_lrc(&format!(";{}?", self.data()), 0x30, 4)
    }

    pub fn render(&self) -> String {
        let mut s = String::new();
        if self.start {
            s.push(';');
        }
        s += &self.data();
        if self.end {
            s.push('?');
            if self.lrc {
                s.push(self.lrc_char());
            }
        }
        s
    }
}

/// Track 1 format B from its parts.
#[derive(Clone, Debug)]
pub struct Track1 {
    pub pan: String,
    pub name: String,
    pub expiry: Option<String>,
    pub service_code: Option<String>,
    pub discretionary: String,
    pub start: bool,
    pub end: bool,
    pub lrc: bool,
}

impl Track1 {
    pub fn new(
        pan: &str,
        name: &str,
        expiry: &str,
        service_code: &str,
        discretionary: &str,
    ) -> Track1 {
        Track1 {
            pan: pan.into(),
            name: name.into(),
            expiry: Some(expiry.into()),
            service_code: Some(service_code.into()),
            discretionary: discretionary.into(),
            start: true,
            end: true,
            lrc: true,
        }
    }

    pub fn data(&self) -> String {
        format!(
            "B{}^{}^{}{}{}",
            self.pan,
            self.name,
            self.expiry.clone().unwrap_or_else(|| "^".into()),
            self.service_code.clone().unwrap_or_else(|| "^".into()),
            self.discretionary
        )
    }

    pub fn lrc_char(&self) -> char {
        column_lrc(&format!("%{}?", self.data()), 0x20, 6)
    }

    pub fn render(&self) -> String {
        let mut s = String::new();
        if self.start {
            s.push('%');
        }
        s += &self.data();
        if self.end {
            s.push('?');
            if self.lrc {
                s.push(self.lrc_char());
            }
        }
        s
    }
}

/// One BER-TLV object; `long` forces the `81`/`82` length form.
pub fn tlv(tag: &[u8], value: &[u8], long: bool) -> Vec<u8> {
    let mut v = tag.to_vec();
    let n = value.len();
    if n < 0x80 && !long {
        v.push(n as u8);
    } else if n < 0x100 {
        v.extend([0x81, n as u8]);
    } else {
        v.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    v.extend_from_slice(value);
    v
}

/// Packs hex-digit characters (0-9, A-F) two per byte; an odd count gets an `F` pad.
pub fn pack(nibbles: &str) -> Vec<u8> {
    let mut s = nibbles.to_string();
    if s.len() % 2 == 1 {
        s.push('F');
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Everything a verdict can print, in every form.
pub fn rendered(v: &Support) -> Vec<String> {
    let mut out = vec![
        v.to_string(),
        format!("{v:?}"),
        v.masked().to_string(),
        format!("{:?}", v.flags()),
    ];
    for lang in [Lang::En, Lang::ZhCn] {
        out.extend(v.message(lang).map(str::to_string));
    }
    if let Some(e) = v.expiry() {
        out.push(e.yymm().to_string());
    }
    if let Some(sc) = v.service_code() {
        out.push(sc.to_string());
    }
    out
}

/// Fails if any output contains a secret. Secrets shorter than 7 characters are skipped: a
/// short name or 6 digits can occur in ordinary output (a masked PAN shows 6 digits).
///
/// An occurrence of a secret whose letters and digits all lie inside the library's own fixed
/// words (reason codes and messages, scheme ids and names, entry ids, parser error texts, and
/// the `Debug` names of the verdict's types, fields and variants) is not a leak: input that
/// happens to spell them (the fuzzer found `malformed_track`, `t as track 1 and/or track 2`,
/// `Charset` as a whole input and as a track 1 name, and `rvice_cod` as a name) is not card
/// data coming back out. Punctuation and spaces carry no card
/// data. Any letter or digit of the occurrence outside those words is a leak, so a name that
/// merely contains a fixed word (`Charsets`) is still caught.
pub fn assert_no_leak(outputs: &[String], secrets: &[String]) {
    assert_no_leak_allowing(outputs, secrets, &[]);
}

/// [`assert_no_leak`], where the card fields binclass prints by design (`shown`: the expiry
/// and service code, in every form they are rendered) also count as fixed text: a name that
/// happens to read `year: 2030` is not leaked by a verdict showing expiry 2030. Digit runs
/// (the PAN, discretionary data) are checked without them, so a PAN made of the expiry's and
/// service code's digits is still caught.
pub fn assert_no_leak_allowing(outputs: &[String], secrets: &[String], shown: &[String]) {
    for o in outputs {
        let fixed = fixed_word_bytes(o);
        let mut fixed_or_shown = fixed.clone();
        for w in shown.iter().filter(|w| !w.is_empty()) {
            for (at, _) in o.match_indices(w.as_str()) {
                fixed_or_shown[at..at + w.len()]
                    .iter_mut()
                    .for_each(|b| *b = true);
            }
        }
        for s in secrets.iter().filter(|s| s.trim().len() >= 7) {
            let allowed = if s.bytes().all(|b| b.is_ascii_digit()) {
                &fixed
            } else {
                &fixed_or_shown
            };
            for at in (0..o.len()).filter(|&i| o.as_bytes()[i..].starts_with(s.as_bytes())) {
                let leaked = (at..at + s.len())
                    .any(|i| o.as_bytes()[i].is_ascii_alphanumeric() && !allowed[i]);
                assert!(!leaked, "output leaks card data {s:?}: {o}");
            }
        }
    }
}

/// Which bytes of `output` lie inside an occurrence of one of the library's fixed words.
fn fixed_word_bytes(output: &str) -> Vec<bool> {
    static WORDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let mut words: Vec<String> = Vec::new();
        for r in binclass::Reason::ALL {
            words.push(r.code().into());
            for lang in [Lang::En, Lang::ZhCn] {
                words.extend([r.message(lang), r.summary(lang), r.action(lang)].map(String::from));
            }
        }
        for sc in binclass::Scheme::ALL {
            words.extend([sc.id(), sc.name()].map(String::from));
        }
        for e in [Entry::Keyed, Entry::Track1, Entry::Track2, Entry::Emv] {
            words.push(e.id().into());
        }
        words.extend(["unsupported", "supported"].map(String::from));
        // `Debug` vocabulary: the verdict's type, field and variant names (the fuzzer found a
        // track 1 name `rvice_cod`, inside the field name `service_code`). Taken from the
        // `Debug` output of sample verdicts, letters and underscores only (never digits, so
        // no card data), plus every reason, scheme and entry variant.
        let today = binclass::Date::new(2026, 11, 21).unwrap();
        let p = Profile::default().with_today(today);
        let samples = [
            binclass::classify(""),
            binclass::classify("6221260000000000"),
            p.classify_track(";4111111111111111=30122011234567890?"),
            p.classify_emv_hex("5A 08 4111111111111111 5F24 03 301231 5F30 02 0201"),
        ];
        let swipes = [
            &b";4111111111111111=30122011234567890?"[..],
            b"%B4111111111111111^AB^3012201000000?",
            b"%B4111111111111111^AB^3012201000000?;4111111111111111=3012201000000?",
        ];
        for s in swipes {
            let debug = format!("{:?}", track::parse(s).unwrap());
            for token in debug.split(|c: char| !(c.is_ascii_alphabetic() || c == '_')) {
                if token.len() >= 2 {
                    words.push(token.to_string());
                }
            }
        }
        for v in &samples {
            let debug = format!("{v:?} {:?} {:?}", v.masked(), v.flags());
            for token in debug.split(|c: char| !(c.is_ascii_alphabetic() || c == '_')) {
                if token.len() >= 2 {
                    words.push(token.to_string());
                }
            }
        }
        words.extend(binclass::Reason::ALL.iter().map(|r| format!("{r:?}")));
        words.extend(binclass::Scheme::ALL.iter().map(|s| format!("{s:?}")));
        words.extend(
            [Entry::Keyed, Entry::Track1, Entry::Track2, Entry::Emv].map(|e| format!("{e:?}")),
        );
        // Parser error texts (`Display` of the errors the leak check also formats).
        use track::TrackError as T;
        for e in [
            T::Empty,
            T::ReadError,
            T::Framing,
            T::Charset,
            T::TooLong,
            T::Lrc,
            T::FormatCode,
            T::Pan,
            T::PanLength,
            T::Separator,
            T::Name,
            T::Expiry,
            T::ServiceCode,
            T::Discretionary,
            T::Mismatch,
        ] {
            words.extend([e.as_str().to_string(), format!("{e:?}")]);
        }
        use emv::EmvError as E;
        for e in [
            E::Empty,
            E::HexCharacter,
            E::HexOddLength,
            E::TooLong,
            E::Encoding,
            E::TooDeep,
            E::NoPan,
            E::Pan,
            E::PanLength,
            E::Expiry,
            E::ServiceCode,
            E::Aid,
            E::Mismatch,
        ] {
            words.extend([e.as_str().to_string(), format!("{e:?}")]);
        }
        words
    });
    let mut fixed = vec![false; output.len()];
    for w in words {
        for (at, _) in output.match_indices(w.as_str()) {
            fixed[at..at + w.len()].iter_mut().for_each(|b| *b = true);
        }
    }
    fixed
}

/// The card data in a track string: every run of 7 or more digits (PAN, discretionary
/// data), the name field, and the whole input when it holds such a run.
pub fn track_secrets(input: &str) -> Vec<String> {
    let mut secrets = Vec::new();
    let mut run = String::new();
    for c in input.chars().chain(std::iter::once('x')) {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            if run.len() >= 7 {
                secrets.push(run.clone());
            }
            run.clear();
        }
    }
    // The whole input is card data only when it carries a card-number-like run; input of
    // words alone (the fuzzer found `Charset`, a TrackError variant name) has none to leak.
    if !secrets.is_empty() {
        secrets.push(input.to_string());
    }
    if let Some(name) = input.split('^').nth(1) {
        secrets.push(name.to_string());
    }
    secrets
}

/// `profile.classify_track(input)`, after checking that neither the verdict nor the parser's
/// result or error shows any card data.
pub fn classify_track(profile: &Profile, input: &str) -> Support {
    let v = profile.classify_track(input);
    let mut out = rendered(&v);
    let mut shown = Vec::new();
    match track::parse(input.as_bytes()) {
        Ok(s) => {
            out.push(format!("{s:?}"));
            if let Some(e) = s.expiry() {
                shown.extend([
                    e.yymm().to_string(),
                    e.year().to_string(),
                    e.month().to_string(),
                ]);
            }
            if let Some(sc) = s.service_code() {
                shown.extend([sc.to_string(), sc.value().to_string()]);
            }
        }
        Err(e) => out.extend([e.to_string(), format!("{e:?}")]),
    }
    assert_no_leak_allowing(&out, &track_secrets(input), &shown);
    v
}

/// `profile.classify_emv_hex(hex)`, after the same check with the given secrets (PAN,
/// discretionary data) plus the whole input.
pub fn classify_emv(profile: &Profile, hex_text: &str, secrets: &[&str]) -> Support {
    let v = profile.classify_emv_hex(hex_text);
    let mut out = rendered(&v);
    let mut buf = [0u8; emv::MAX_TLV];
    match emv::decode_hex(hex_text.as_bytes(), &mut buf).and_then(emv::parse) {
        Ok(c) => out.push(format!("{c:?}")),
        Err(e) => out.extend([e.to_string(), format!("{e:?}")]),
    }
    let mut all: Vec<String> = secrets.iter().map(|s| s.to_string()).collect();
    all.push(hex_text.to_string());
    assert_no_leak(&out, &all);
    v
}

/// PAN digits, expiry (`YYMM`) and service code a naive parse found.
pub type NaiveFields = (String, Option<String>, Option<String>);

fn marker_or(s: &str, is_marker: bool) -> Option<String> {
    (!is_marker).then(|| s.to_string())
}

fn month_ok(yymm: &Option<String>) -> bool {
    yymm.as_ref()
        .is_none_or(|e| matches!(e[2..].parse::<u8>(), Ok(1..=12)))
}

/// Track 2 by regular expression (ISO/IEC 7813 layout as the standards reference gives it),
/// with this crate's documented leniencies: start sentinel optional unless `need_start`, `D`
/// or `d` for `=`, end sentinel optional, LRC only after it.
pub fn naive_track2(s: &str, need_start: bool) -> Option<NaiveFields> {
    use regex::Regex;
    use std::sync::OnceLock;
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"^(;)?([0-9]{1,19})([=Dd])([0-9]{4}|[=Dd])([0-9]{3}|[=Dd])([0-9]*)(\?([0-?])?)?$",
        )
        .unwrap()
    });
    let c = re.captures(s)?;
    if need_start && c.get(1).is_none() {
        return None;
    }
    let data: String = (2..=6).map(|i| &c[i]).collect();
    let pan = c[2].to_string();
    let expiry = marker_or(&c[4], c[4].len() == 1);
    let sc = marker_or(&c[5], c[5].len() == 1);
    if data.len() > 37 || pan.len() < 8 || !month_ok(&expiry) {
        return None;
    }
    if let Some(lrc) = c.get(8) {
        if column_lrc(&format!(";{data}?"), 0x30, 4).to_string() != lrc.as_str() {
            return None;
        }
    }
    Some((pan, expiry, sc))
}

/// Track 1 format B by regular expression (the Wikipedia pattern the standards reference
/// quotes, widened to this crate's leniencies: sentinels optional, spaces in the PAN, LRC).
pub fn naive_track1(s: &str, need_end: bool) -> Option<NaiveFields> {
    use regex::Regex;
    use std::sync::OnceLock;
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"^(%)?(B([0-9 ]+)\^([\x20-\x5F&&[^\^%?]]{2,26})\^([0-9]{4}|\^)([0-9]{3}|\^)([\x20-\x5F&&[^%?]]*))(\?([\x20-\x5F])?)?$",
        )
        .unwrap()
    });
    let c = re.captures(s)?;
    if need_end && c.get(8).is_none() {
        return None;
    }
    let data = &c[2];
    let pan: String = c[3].chars().filter(char::is_ascii_digit).collect();
    let expiry = marker_or(&c[5], c[5].len() == 1);
    let sc = marker_or(&c[6], c[6].len() == 1);
    if data.len() > 76 || !(8..=19).contains(&pan.len()) || !month_ok(&expiry) {
        return None;
    }
    if let Some(lrc) = c.get(9) {
        if column_lrc(&format!("%{data}?"), 0x20, 6).to_string() != lrc.as_str() {
            return None;
        }
    }
    Some((pan, expiry, sc))
}

/// Track 1, track 2, or track 1 then track 2 at any split point that parses and agrees.
pub fn naive_tracks(s: &str) -> Option<NaiveFields> {
    if let Some(f) = naive_track1(s, false).or_else(|| naive_track2(s, false)) {
        return Some(f);
    }
    (1..s.len())
        .filter(|&k| s.is_char_boundary(k))
        .find_map(|k| {
            let one = naive_track1(&s[..k], true)?;
            let two = naive_track2(&s[k..], true)?;
            (one == two).then_some(two)
        })
}
