//! `data/` itself: every row's example classifies back to its row, the version agrees, and
//! the validator reports bad files as `FILE:LINE: what is wrong`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use binclass::datafile::{self, parse_iin, parse_schemes, parse_sources};
use binclass::{Scheme, classify, iin};
use common::{data, with_check_digit};

#[test]
fn every_row_example_classifies_back_to_its_row() {
    let d = data();
    assert!(!d.iin.rows.is_empty());
    for r in &d.iin.rows {
        let shortest = (8..=19).find(|n| r.lengths & (1 << n) != 0).unwrap();
        let payload = format!("{:0<width$}", r.example, width = shortest - 1);
        let pan = with_check_digit(&payload);
        let v = classify(&pan);
        let scheme = Scheme::from_code(r.scheme).unwrap();
        assert!(
            v.candidates().contains(scheme),
            "data/iin.csv:{}: example {} gives {:?}",
            r.line,
            r.example,
            v.candidates()
        );
        assert_eq!(v.length(), Some(shortest));
        let m = iin::lookup(binclass::Pan::parse(pan.as_bytes()).unwrap().prefix8()).unwrap();
        assert!(
            m.ranges().iter().any(|x| u64::from(x.line()) == r.line),
            "data/iin.csv:{}: example resolves to other rows",
            r.line
        );
        // A valid example of a row whose scheme the default profile accepts is supported
        // unless a co-badge partner's rule decides otherwise.
        if !r.cobadge {
            assert!(v.is_supported(), "data/iin.csv:{}: {v}", r.line);
            assert_eq!(v.scheme(), Some(scheme));
        }
    }
}

#[test]
fn compiled_table_matches_data_rows() {
    let rows = &data().iin.rows;
    let compiled = iin::ranges();
    assert_eq!(compiled.len(), rows.len());
    for (c, r) in compiled.iter().zip(rows) {
        assert_eq!(u64::from(c.line()), r.line);
        assert_eq!((c.start(), c.end(), c.digits()), (r.start, r.end, r.digits));
        assert_eq!(c.scheme().code(), r.scheme);
        assert_eq!(c.lengths().mask(), r.lengths);
        assert_eq!(c.luhn().as_str(), r.luhn.as_str());
    }
}

#[test]
fn data_version_matches_the_file_header() {
    assert_eq!(binclass::DATA_VERSION, data().iin.meta("version").unwrap());
    assert_eq!(binclass::DATA_DATE, data().iin.meta("date").unwrap());
    assert!(!binclass::DATA_VERSION.is_empty());
}

#[test]
fn scheme_list_matches_data() {
    let d = data();
    assert_eq!(Scheme::ALL.len(), d.schemes.len());
    for s in &d.schemes {
        let scheme = Scheme::from_id(&s.id).unwrap();
        assert_eq!(scheme.code(), s.code);
        assert_eq!(scheme.name(), s.name);
        assert_eq!(scheme.to_string(), s.id);
        assert_eq!(s.id.parse::<Scheme>(), Ok(scheme));
    }
}

#[test]
fn required_scheme_ids_exist() {
    // Public contract from the core issue: these ids, exactly so spelled.
    for id in [
        "visa",
        "mastercard",
        "amex",
        "discover",
        "diners",
        "jcb",
        "unionpay",
        "maestro",
        "mir",
        "rupay",
        "elo",
        "hipercard",
        "hiper",
        "troy",
        "verve",
        "dankort",
        "uatp",
        "borica",
        "china_t_union",
        "interpayment",
        "instapayment",
        "naranja",
        "cabal",
        "ukrcard",
        "lankapay",
        "gpn",
        "bc_card",
        "humo",
        "uzcard",
        "napas",
    ] {
        let s = Scheme::from_id(id).unwrap_or_else(|| panic!("scheme id {id} missing"));
        assert!(
            data().iin.rows.iter().any(|r| r.scheme == s.code()),
            "scheme {id} has no range in data/iin.csv"
        );
    }
}

#[test]
fn every_row_cites_a_known_source() {
    let d = data();
    for r in &d.iin.rows {
        assert!(!r.sources.is_empty());
        for k in &r.sources {
            assert!(
                d.sources.iter().any(|s| &s.key == k),
                "line {}: {k}",
                r.line
            );
        }
    }
}

// ---- the validator, on hand-made broken files ----

const SOURCES: &str = "key,citation,date\nS1,Test source,2026-11-21\n";
const SCHEMES: &str =
    "code,id,name,source\n1,visa,Visa,S1\n7,unionpay,UnionPay,S1\n4,discover,Discover,S1\n";
const HEAD: &str =
    "# version: t-1\n# date: 2026-11-21\nstart,end,scheme,lengths,luhn,cobadge,example,source\n";

fn iin_errors(body: &str) -> Vec<String> {
    let sources = parse_sources("data/sources.csv", SOURCES).unwrap();
    let schemes = parse_schemes("data/schemes.csv", SCHEMES, &sources).unwrap();
    match parse_iin("data/iin.csv", &format!("{HEAD}{body}"), &schemes, &sources) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn validator_accepts_a_good_file() {
    let body = "4,4,visa,16,required,,4,S1\n\
                622126,622925,unionpay,16-19,advisory,yes,622126,S1\n\
                622126,622925,discover,16-19,required,yes,622126,S1\n";
    assert_eq!(iin_errors(body), Vec::<String>::new());
}

#[test]
fn validator_reports_file_and_line() {
    let cases: &[(&str, &str)] = &[
        (
            "4,4,visa,16,required,,4,S1\n4,4,visa,16,required,,4,S1\n",
            "data/iin.csv:5: duplicate row",
        ),
        (
            "4,4,visa,16,required,,4,S1\n4,4,unionpay,16,required,,4,S1\n",
            "data/iin.csv:5: range is also claimed by `visa` at line 4",
        ),
        (
            "40,45,visa,16,required,,40,S1\n44,49,unionpay,16,required,,44,S1\n",
            "data/iin.csv:5: range overlaps line 4",
        ),
        (
            "4,4,vissa,16,required,,4,S1\n",
            "data/iin.csv:4: unknown scheme id `vissa`",
        ),
        (
            "4,4,visa,7-16,required,,4,S1\n",
            "data/iin.csv:4: length `7-16` is outside 8..=19",
        ),
        (
            "4,4,visa,20,required,,4,S1\n",
            "data/iin.csv:4: length `20` is outside 8..=19",
        ),
        (
            "4,4,visa,16,sometimes,,4,S1\n",
            "data/iin.csv:4: luhn `sometimes`",
        ),
        (
            "4,4,visa,16,required,,4,\n",
            "data/iin.csv:4: the `source` field is empty",
        ),
        (
            "4,4,visa,16,required,,4,S9\n",
            "data/iin.csv:4: source key `S9`",
        ),
        (
            "4,45,visa,16,required,,4,S1\n",
            "data/iin.csv:4: start `4` and end `45`",
        ),
        (
            "45,40,visa,16,required,,45,S1\n",
            "data/iin.csv:4: end `40` is before start `45`",
        ),
        (
            "123456789,123456789,visa,16,required,,1,S1\n",
            "data/iin.csv:4: start `123456…` must be 1 to 8 digits",
        ),
        (
            "4,4,visa,16,required,,5,S1\n",
            "data/iin.csv:4: example `5` is not inside",
        ),
        (
            "4,4,visa,16,required,,411111,S1\n411111,411111,unionpay,16,required,,411111,S1\n",
            "data/iin.csv:4: example `411111` is shadowed by the longer row at line 5",
        ),
        (
            "4,4,visa,16,required,yes,4,S1\n",
            "data/iin.csv:4: cobadge=yes but no row",
        ),
        (
            "4,4,visa,16,required\n",
            "data/iin.csv:4: expected 8 fields, found 5",
        ),
    ];
    for (body, want) in cases {
        let errs = iin_errors(body);
        assert!(
            errs.iter().any(|e| e.starts_with(want)),
            "for {body:?} wanted {want:?}, got {errs:?}"
        );
    }
}

#[test]
fn validator_wants_version_and_header() {
    let sources = parse_sources("data/sources.csv", SOURCES).unwrap();
    let schemes = parse_schemes("data/schemes.csv", SCHEMES, &sources).unwrap();
    let e = parse_iin("t.csv", "start,end\n", &schemes, &sources)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("t.csv:1: missing header line `# version: ...`"),
        "{e}"
    );
    assert!(e.contains("the column header must be"), "{e}");
}

#[test]
fn scheme_and_source_files_are_validated() {
    let e = parse_sources("s.csv", "key,citation,date\nS1,x,2026\nS1,y,someday\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("s.csv:3: source key `S1` already defined at line 2"),
        "{e}"
    );
    assert!(e.contains("s.csv:3: source `S1`: date `someday`"), "{e}");
    let sources = parse_sources("s.csv", SOURCES).unwrap();
    let e = parse_schemes(
        "c.csv",
        "code,id,name,source\n1,visa,Visa,S1\n1,Visa2,V,S1\n64,x,X,S1\n",
        &sources,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("c.csv:3: scheme id `Visa2` must be snake_case"),
        "{e}"
    );
    assert!(e.contains("c.csv:4: scheme code `64`"), "{e}");
}

#[test]
fn lengths_round_trip() {
    for s in ["16", "13;16;19", "12-19", "8;10-12;19"] {
        assert_eq!(
            datafile::format_lengths(datafile::parse_lengths(s).unwrap()),
            s
        );
        assert_eq!(s.parse::<binclass::Lengths>().unwrap().to_string(), s);
    }
}
