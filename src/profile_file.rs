//! Terminal profiles from TOML or JSON files, through serde.
//!
//! ```toml
//! # Schemes this terminal accepts, highest co-badge priority first. Omit to accept all.
//! accept = ["unionpay", "visa", "mastercard"]
//!
//! # Card-present input: may a chip card be swiped? (allowed | denied; default allowed)
//! fallback = "denied"
//! # What this terminal does: purchase and/or cash (default ["purchase"]).
//! services = ["purchase"]
//! # Date for expiry checks, YYYY-MM-DD. Usually left out: the caller (the CLI: the system
//! # clock, or --today) supplies it.
//! # today = "2026-11-21"
//!
//! # Per-scheme overrides of the card table.
//! [schemes.unionpay]
//! luhn = "required"            # required | advisory | none
//! lengths = [16, 17, 18, 19]   # allowed PAN lengths, 8..=19
//! ```
//!
//! Issuer rules (they act when issuer data is loaded: `Profile::classify_with`), top-level
//! keys placed before any `[schemes.*]` table:
//!
//! ```toml
//! products = ["debit", "prepaid"]  # accepted products: credit | debit | prepaid | charge
//! country = "CN"                   # the terminal's country, ISO 3166-1 alpha-2
//! domestic_only = true             # refuse cards issued in another country (needs `country`)
//! unknown_issuer = "accept"        # accept | refuse cards the issuer data does not describe
//! ```
//!
//! The same keys in JSON: `{"accept": ["unionpay"], "fallback": "denied", "services":
//! ["purchase"], "schemes": {"unionpay": {"luhn": "required"}}}`.
//! Unknown keys and unknown scheme ids are rejected with a message naming them.

use crate::error::ProfileError;
use crate::expiry::Date;
use crate::issuer::{Country, Product, ProductSet};
use crate::luhn::LuhnPolicy;
use crate::pan::Lengths;
use crate::policy::{Fallback, Profile, TerminalServices};
use crate::scheme::Scheme;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

impl Serialize for Scheme {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

struct SchemeVisitor;

impl Visitor<'_> for SchemeVisitor {
    type Value = Scheme;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scheme id such as \"visa\" or \"unionpay\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scheme, E> {
        Scheme::from_id(v).ok_or_else(|| {
            let known: Vec<&str> = Scheme::ALL.iter().map(|s| s.id()).collect();
            E::custom(format_args!(
                "unknown scheme id `{v}` (known ids: {})",
                known.join(", ")
            ))
        })
    }
}

impl<'de> Deserialize<'de> for Scheme {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scheme, D::Error> {
        d.deserialize_str(SchemeVisitor)
    }
}

impl Serialize for LuhnPolicy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for LuhnPolicy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<LuhnPolicy, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(|()| {
            de::Error::custom(format_args!(
                "unknown luhn policy `{s}` (expected required, advisory or none)"
            ))
        })
    }
}

struct FallbackVisitor;

impl Visitor<'_> for FallbackVisitor {
    type Value = Fallback;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("fallback \"allowed\" or \"denied\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Fallback, E> {
        match v {
            "allowed" => Ok(Fallback::Allowed),
            "denied" => Ok(Fallback::Denied),
            _ => Err(E::custom(format_args!(
                "unknown fallback `{v}` (expected allowed or denied)"
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for Fallback {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Fallback, D::Error> {
        d.deserialize_str(FallbackVisitor)
    }
}

/// One entry of `services`.
struct Service(TerminalServices);

impl<'de> Deserialize<'de> for Service {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Service, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map(Service).map_err(|()| {
            de::Error::custom(format_args!(
                "unknown service `{s}` (expected purchase or cash)"
            ))
        })
    }
}

impl<'de> Deserialize<'de> for Product {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Product, D::Error> {
        let s = String::deserialize(d)?;
        Product::from_id(&s).ok_or_else(|| {
            de::Error::custom(format_args!(
                "unknown product `{s}` (expected credit, debit, prepaid or charge)"
            ))
        })
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|e| de::Error::custom(format_args!("bad date `{s}`: {e}")))
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Country, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(|_| {
            de::Error::custom(format_args!(
                "country `{s}` is not an ISO 3166-1 alpha-2 code (two letters, e.g. CN)"
            ))
        })
    }
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum UnknownIssuer {
    Accept,
    Refuse,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    accept: Option<Vec<Scheme>>,
    fallback: Option<Fallback>,
    services: Option<Vec<Service>>,
    today: Option<Date>,
    #[serde(default)]
    schemes: BTreeMap<Scheme, SchemeFile>,
    products: Option<Vec<Product>>,
    country: Option<Country>,
    #[serde(default)]
    domestic_only: bool,
    unknown_issuer: Option<UnknownIssuer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemeFile {
    luhn: Option<LuhnPolicy>,
    lengths: Option<Vec<u8>>,
}

impl ProfileFile {
    fn into_profile(self, origin: &str) -> Result<Profile, ProfileError> {
        let invalid = |message: String| ProfileError::invalid(origin, &message);
        let mut p = match self.accept {
            Some(list) => {
                if list.is_empty() {
                    return Err(invalid(
                        "`accept` is empty: a terminal must accept at least one scheme".into(),
                    ));
                }
                Profile::accepting(&list)
            }
            None => Profile::ACCEPT_ALL,
        };
        if let Some(f) = self.fallback {
            p = p.with_fallback(f);
        }
        if let Some(list) = self.services {
            let services = list.iter().fold(TerminalServices::NONE, |a, s| a.with(s.0));
            if services.is_empty() {
                return Err(invalid(
                    "`services` is empty: a terminal offers purchase, cash or both".into(),
                ));
            }
            p = p.with_services(services);
        }
        if let Some(d) = self.today {
            p = p.with_today(d);
        }
        for (scheme, o) in self.schemes {
            if let Some(l) = o.luhn {
                p = p.with_luhn(scheme, l);
            }
            if let Some(list) = o.lengths {
                let mut lengths = Lengths::EMPTY;
                for n in list {
                    if !(8..=19).contains(&n) {
                        return Err(invalid(format!(
                            "schemes.{scheme}.lengths: {n} is outside 8..=19 (ISO/IEC 7812-1)"
                        )));
                    }
                    lengths = lengths.with(n);
                }
                if lengths.is_empty() {
                    return Err(invalid(format!("schemes.{scheme}.lengths is empty")));
                }
                p = p.with_lengths(scheme, lengths);
            }
        }
        if let Some(list) = self.products {
            if list.is_empty() {
                return Err(invalid(
                    "`products` is empty: a terminal must accept at least one product".into(),
                ));
            }
            p = p.with_products(list.into_iter().collect::<ProductSet>());
        }
        match (self.country, self.domestic_only) {
            (Some(c), true) => p = p.with_domestic_only(c),
            (Some(c), false) => p = p.with_country(c),
            (None, true) => {
                return Err(invalid(
                    "`domestic_only = true` needs `country`, the terminal's country".into(),
                ));
            }
            (None, false) => {}
        }
        if let Some(u) = self.unknown_issuer {
            p = p.with_strict_issuer_rules(u == UnknownIssuer::Refuse);
        }
        Ok(p)
    }
}

impl Profile {
    /// Reads a profile from TOML text.
    ///
    /// ```
    /// use binclass::{Profile, Scheme};
    /// let p = Profile::from_toml("accept = [\"unionpay\"]\n[schemes.unionpay]\nluhn = \"required\"\n").unwrap();
    /// assert_eq!(p.accepted().iter().collect::<Vec<_>>(), [Scheme::Unionpay]);
    /// assert!(Profile::from_toml("acept = []").unwrap_err().to_string().contains("acept"));
    /// ```
    pub fn from_toml(text: &str) -> Result<Profile, ProfileError> {
        Self::from_toml_named(text, "<string>")
    }

    fn from_toml_named(text: &str, origin: &str) -> Result<Profile, ProfileError> {
        let f: ProfileFile = toml::from_str(text).map_err(|e| {
            ProfileError::invalid(
                origin,
                &(e.message().to_string() + &toml_location(text, e.span())),
            )
        })?;
        f.into_profile(origin)
    }

    /// Reads a profile from JSON text.
    ///
    /// ```
    /// let p = binclass::Profile::from_json(r#"{"accept": ["visa", "mastercard"]}"#).unwrap();
    /// assert_eq!(p.accepted().len(), 2);
    /// ```
    pub fn from_json(text: &str) -> Result<Profile, ProfileError> {
        Self::from_json_named(text, "<string>")
    }

    fn from_json_named(text: &str, origin: &str) -> Result<Profile, ProfileError> {
        let f: ProfileFile = serde_json::from_str(text)
            .map_err(|e| ProfileError::invalid(origin, &e.to_string()))?;
        f.into_profile(origin)
    }

    /// Reads a profile from text: JSON if it starts with `{`, TOML otherwise.
    pub fn from_text(text: &str) -> Result<Profile, ProfileError> {
        if text.trim_start().starts_with('{') {
            Self::from_json(text)
        } else {
            Self::from_toml(text)
        }
    }

    /// Reads a profile file: JSON if its content starts with `{`, TOML otherwise.
    pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<Profile, ProfileError> {
        let path = path.as_ref();
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Io {
            path: crate::error::redact(&origin),
            source,
        })?;
        if text.trim_start().starts_with('{') {
            Self::from_json_named(&text, &origin)
        } else {
            Self::from_toml_named(&text, &origin)
        }
    }
}

/// ` at line L column C` for a byte span of `text`.
fn toml_location(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    let Some(span) = span else {
        return String::new();
    };
    let before = text.get(..span.start).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    format!(" (line {line}, column {col})")
}
