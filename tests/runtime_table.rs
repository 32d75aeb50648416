//! Runtime table files laid over the compiled table: each documented overlay rule, the runtime
//! index against the compiled one, malformed files with their exact `FILE:LINE` errors, and a
//! property test of the overlay semantics against a naive model (data/FORMAT.md, "How the file
//! combines with the compiled table").
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use binclass::datafile::{IinRow, format_lengths};
use binclass::table::{Origin, TableMatch};
use binclass::{CardData, Profile, Reason, Scheme, Table, TableHandle, iin};
use common::{data, with_check_digit};
use proptest::prelude::*;

const HEAD: &str = "# version: t-1\n# effective: 2026-12-01\nstart,end,scheme,lengths,luhn,cobadge,example,source,action\n";

fn table(body: &str) -> Table {
    Table::parse("u.csv", &format!("{HEAD}{body}")).unwrap_or_else(|e| panic!("{e}"))
}

fn errors(text: &str) -> Vec<String> {
    match Table::parse("u.csv", text) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    }
}

/// (scheme id, origin) of each winning range, sorted.
fn answer(m: Option<TableMatch<'_>>) -> Vec<(&'static str, Origin)> {
    let mut v: Vec<_> = m
        .map(|m| m.ranges().map(|r| (r.scheme().id(), r.origin())).collect())
        .unwrap_or_default();
    v.sort_by_key(|(s, _)| *s);
    v
}

fn compiled(line: u32) -> Origin {
    Origin::Compiled { line }
}

/// The line of `data/iin.csv` holding the row `start`-`end` of `scheme` (looked up, so the
/// tests follow data refreshes).
fn line(start: &str, end: &str, scheme: &str) -> u32 {
    let code = Scheme::from_id(scheme).unwrap().code();
    let digits = start.len() as u8;
    let (start, end): (u32, u32) = (start.parse().unwrap(), end.parse().unwrap());
    let r = data()
        .iin
        .rows
        .iter()
        .find(|r| (r.start, r.end, r.digits, r.scheme) == (start, end, digits, code))
        .unwrap_or_else(|| panic!("no row {start}-{end} {scheme} in data/iin.csv"));
    r.line as u32
}

fn runtime(line: u32) -> Origin {
    Origin::Runtime { line }
}

// ---- each rule of data/FORMAT.md, on the real compiled table ----

#[test]
fn same_length_row_replaces_the_compiled_row_and_longer_rows_still_win() {
    // data/iin.csv has `62,62,unionpay,16-19,advisory`; 622126-622925 (Discover + UnionPay) is
    // a 6-digit co-badge inside it.
    let t = table("62,62,unionpay,16-19,required,,62000000,TMS-1,\n");
    let m = t.lookup(62000000).unwrap();
    assert_eq!(answer(Some(m)), [("unionpay", runtime(4))]);
    assert_eq!(
        m.ranges().next().unwrap().luhn(),
        binclass::LuhnPolicy::Required
    );
    assert_eq!(
        answer(t.lookup(62212600)),
        [
            ("discover", compiled(line("622126", "622925", "discover"))),
            ("unionpay", compiled(line("622126", "622925", "unionpay")))
        ]
    );
    // The verdict follows: a Luhn-invalid 62 card was supported (advisory), now refused.
    let bad = "6200000000000001";
    assert!(Profile::default().classify(bad).is_supported());
    let data = CardData::new(t, None);
    assert_eq!(
        Profile::default().classify_with(&data, bad).reason(),
        Some(Reason::LuhnFailed)
    );
}

#[test]
fn partial_overlap_replaces_only_the_overlap() {
    // data/iin.csv has `2221,2720,mastercard`.
    let t = table("2500,2599,unionpay,16,required,,25000000,TMS-1,\n");
    assert_eq!(answer(t.lookup(25000000)), [("unionpay", runtime(4))]);
    assert_eq!(answer(t.lookup(25999999)), [("unionpay", runtime(4))]);
    for (p8, start, end) in [
        (22210000, 2221, 2499),
        (24999999, 2221, 2499),
        (26000000, 2600, 2720),
    ] {
        let m = t.lookup(p8).unwrap();
        let r = m.ranges().next().unwrap();
        assert_eq!(
            (r.scheme(), r.origin()),
            (
                Scheme::Mastercard,
                compiled(line("2221", "2720", "mastercard"))
            ),
            "{p8}"
        );
        assert_eq!((r.start(), r.end(), r.digits()), (start, end, 4), "{p8}");
    }
}

#[test]
fn a_row_replaces_every_co_badge_partner_of_its_length() {
    // data/iin.csv: 401178-401179 is Visa + Elo.
    assert_eq!(
        answer(Table::compiled().lookup(40117800)),
        [
            ("elo", compiled(line("401178", "401179", "elo"))),
            ("visa", compiled(line("401178", "401179", "visa")))
        ]
    );
    let t = table("401178,401179,elo,16,required,,40117800,TMS-1,\n");
    assert_eq!(answer(t.lookup(40117800)), [("elo", runtime(4))]);
    let t = table(
        "401178,401179,elo,16,required,yes,40117800,TMS-1,\n\
         401178,401179,visa,16,required,yes,40117800,TMS-1,\n",
    );
    assert_eq!(
        answer(t.lookup(40117999)),
        [("elo", runtime(4)), ("visa", runtime(5))]
    );
}

#[test]
fn a_longer_row_carves_out_of_a_compiled_range() {
    let t = table("41111100,41111199,unionpay,16-19,required,,41111150,TMS-1,\n");
    assert_eq!(answer(t.lookup(41111150)), [("unionpay", runtime(4))]);
    assert_eq!(
        answer(t.lookup(41111200)),
        [("visa", compiled(line("4", "4", "visa")))]
    );
    let data = CardData::new(t, None);
    let pan = with_check_digit("411111500000000");
    assert_eq!(
        Profile::default().classify_with(&data, &pan).scheme(),
        Some(Scheme::Unionpay)
    );
}

#[test]
fn a_new_prefix_becomes_known() {
    let pan = with_check_digit("955880123456789012");
    assert_eq!(binclass::classify(&pan).reason(), Some(Reason::UnknownIin));
    let data = CardData::new(
        table("955880,955880,unionpay,19,required,,95588000,TMS-1,\n"),
        None,
    );
    let v = Profile::default().classify_with(&data, &pan);
    assert!(v.is_supported(), "{v}");
    assert_eq!(v.scheme(), Some(Scheme::Unionpay));
}

#[test]
fn a_withdrawal_answers_unknown_but_longer_rows_still_win() {
    let t = table("4,4,,,,,41111111,TMS-1,withdraw\n");
    assert!(t.lookup(41111111).is_none());
    assert!(t.lookup(49999999).is_none());
    assert_eq!(
        answer(t.lookup(40117800)),
        [
            ("elo", compiled(line("401178", "401179", "elo"))),
            ("visa", compiled(line("401178", "401179", "visa")))
        ]
    );
    // Withdrawing a carve-out does not fall back to its parent: the prefixes are unknown.
    let t = table("401178,401179,,,,,40117800,TMS-1,withdraw\n");
    assert!(t.lookup(40117800).is_none());
    assert_eq!(
        answer(t.lookup(40118000)),
        [("visa", compiled(line("4", "4", "visa")))]
    );
    let data = CardData::new(t, None);
    let pan = with_check_digit("401178000000000");
    assert_eq!(
        Profile::default().classify_with(&data, &pan).reason(),
        Some(Reason::UnknownIin)
    );
}

#[test]
fn a_carve_out_goes_back_to_its_parent_by_repeating_the_parent() {
    let t = table("401178,401179,visa,13;16;18;19,required,,40117800,TMS-1,\n");
    assert_eq!(answer(t.lookup(40117800)), [("visa", runtime(4))]);
}

#[test]
fn header_metadata_is_reported() {
    let t = table("");
    assert_eq!(t.version(), "t-1");
    assert_eq!(t.effective(), Some("2026-12-01"));
    assert_eq!(t.origin(), Some("u.csv"));
    assert!(!t.is_compiled());
    assert!(!t.is_effective_on("2026-11-30"));
    assert!(t.is_effective_on("2026-12-01") && t.is_effective_on("2027-01-01"));
    assert!(!t.is_effective_on("tomorrow"));
    assert!(Table::compiled().is_effective_on("2000-01-01"));
    // The 8-column header of data/iin.csv is accepted too.
    let plain = "# version: 2\n# effective: 2026-12-01\nstart,end,scheme,lengths,luhn,cobadge,example,source\n955880,955880,unionpay,19,required,,95588000,TMS-1\n";
    assert!(
        Table::parse("p.csv", plain)
            .unwrap()
            .lookup(95588000)
            .is_some()
    );
}

/// The runtime index, built from the compiled rows alone, answers exactly as the compiled
/// table at every six-digit prefix and on both sides of every row boundary.
#[test]
fn an_empty_overlay_answers_as_the_compiled_table() {
    let t = table("");
    let c = Table::compiled();
    let mut points: Vec<u32> = (0..1_000_000u32).map(|p6| p6 * 100 + p6 % 100).collect();
    for r in iin::ranges() {
        let scale = 10u32.pow(u32::from(8 - r.digits()));
        for p in [r.start() * scale, (r.end() + 1) * scale] {
            points.extend([p.saturating_sub(1), p, p + 1]);
        }
    }
    for p8 in points.into_iter().filter(|&p| p < 100_000_000) {
        let fast: Vec<_> = answer(t.lookup(p8));
        assert_eq!(fast, answer(c.lookup(p8)), "{p8:08}");
        if let (Some(a), Some(b)) = (t.lookup(p8), iin::lookup(p8)) {
            for (x, y) in a.ranges().zip(b.ranges()) {
                assert_eq!((x.lengths(), x.luhn()), (y.lengths(), y.luhn()), "{p8:08}");
            }
        }
    }
}

// ---- malformed files: exact FILE:LINE, and the old table keeps serving ----

#[test]
fn malformed_files_name_file_and_line() {
    let cases: &[(&str, &str)] = &[
        (
            "4,4,visa,16,required,,4,TMS-1,\n4,4,visa,16,required,,4,TMS-1,\n",
            "u.csv:5: duplicate row: same range and scheme `visa` as line 4",
        ),
        (
            "40,45,visa,16,required,,40,TMS-1,\n44,49,unionpay,16,required,,44,TMS-1,\n",
            "u.csv:5: range overlaps line 4 (`visa`) at the same prefix length",
        ),
        (
            "4,4,vissa,16,required,,4,TMS-1,\n",
            "u.csv:4: unknown scheme id `vissa`",
        ),
        (
            "4,4,visa,7-16,required,,4,TMS-1,\n",
            "u.csv:4: length `7-16` is outside 8..=19 (ISO/IEC 7812-1)",
        ),
        (
            "4,4,visa,16,sometimes,,4,TMS-1,\n",
            "u.csv:4: luhn `sometimes` must be required, advisory or none",
        ),
        (
            "4,4,visa,16,required,,4,,\n",
            "u.csv:4: the `source` field is empty",
        ),
        (
            "4,4,visa,16,required,,4,tms one,\n",
            "u.csv:4: source key `tms one` must match [A-Z0-9-]+",
        ),
        (
            "45,40,visa,16,required,,45,TMS-1,\n",
            "u.csv:4: end `40` is before start `45`",
        ),
        (
            "4,4,visa,16,required,,5,TMS-1,\n",
            "u.csv:4: example `5` is not inside the row's range",
        ),
        (
            "4,4,visa,16,required\n",
            "u.csv:4: expected 9 fields, found 5",
        ),
        (
            "4,4,visa,16,required,,4,TMS-1,delete\n",
            "u.csv:4: action `delete` must be empty or `withdraw`",
        ),
        (
            "4,4,visa,,,,4,TMS-1,withdraw\n",
            "u.csv:4: a withdrawal leaves `scheme` empty, found `visa`",
        ),
        (
            "4,4,,16,,,4,TMS-1,withdraw\n",
            "u.csv:4: a withdrawal leaves `lengths` empty, found `16`",
        ),
        (
            "4,4,visa,16,required,,41111111,TMS-1,\n4,4,,,,,41111111,TMS-1,withdraw\n",
            "u.csv:5: withdrawal overlaps the row at line 4 at the same prefix length",
        ),
        (
            "40,49,,,,,40,TMS-1,withdraw\n45,45,,,,,45,TMS-1,withdraw\n",
            "u.csv:5: withdrawal overlaps the withdrawal at line 4 at the same prefix length",
        ),
        (
            "4,4,,,,,411111,TMS-1,withdraw\n411111,411111,unionpay,16,required,,411111,TMS-1,\n",
            "u.csv:4: example `411111` is shadowed by the longer row at line 5",
        ),
        (
            "4,4,,,,,40117800,TMS-1,withdraw\n",
            "u.csv:4: example `40117800` still resolves to the longer row data/iin.csv:43: withdraw that row too",
        ),
    ];
    for (body, want) in cases {
        let errs = errors(&format!("{HEAD}{body}"));
        assert!(
            errs.iter().any(|e| e == want || e.starts_with(want)),
            "for {body:?} wanted {want:?}, got {errs:?}"
        );
    }
    // Checked against the compiled table once merged.
    let visa = line("401178", "401179", "visa");
    assert_eq!(
        errors(&format!("{HEAD}4,4,visa,16,required,,40117800,TMS-1,\n")),
        [format!(
            "u.csv:4: example `40117800` is shadowed by the longer row data/iin.csv:{visa}: replace or withdraw that row too"
        )]
    );
    assert_eq!(
        errors(&format!("{HEAD}4,4,,,,,40117800,TMS-1,withdraw\n")),
        [format!(
            "u.csv:4: example `40117800` still resolves to the longer row data/iin.csv:{visa}: withdraw that row too"
        )]
    );
}

#[test]
fn malformed_headers_name_file_and_line() {
    let cols = "start,end,scheme,lengths,luhn,cobadge,example,source\n";
    let e = errors(&format!("# effective: 2026-12-01\n{cols}"));
    assert_eq!(
        e,
        ["u.csv:1: missing header line `# version: ...` before the column header"]
    );
    let e = errors(&format!("# version: 3\n{cols}"));
    assert_eq!(
        e,
        ["u.csv:1: missing header line `# effective: ...` before the column header"]
    );
    let e = errors(&format!(
        "# version: 3\n# note: x\n# effective: 2026-13-01\n{cols}"
    ));
    assert_eq!(
        e,
        ["u.csv:3: effective date `2026-13-01` is not a calendar day written YYYY-MM-DD"]
    );
    assert!(errors(&format!("# version: 3\n# effective: 2028-02-29\n{cols}")).is_empty());
    assert_eq!(
        errors(&format!("# version: 3\n# effective: 2027-02-29\n{cols}")).len(),
        1
    );
    let e = errors("# version: 3\n# effective: 2026-12-01\nstart,end,scheme\n");
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("u.csv:3: the column header must be `start,end,scheme,lengths,luhn,cobadge,example,source` or `start,end,scheme,lengths,luhn,cobadge,example,source,action`"), "{e:?}");
}

#[test]
fn a_failed_load_leaves_the_serving_table_untouched() {
    let dir = std::env::temp_dir().join(format!("binclass-rt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.csv");
    let bad = dir.join("bad.csv");
    std::fs::write(
        &good,
        format!("{HEAD}955880,955880,unionpay,19,required,,95588000,TMS-1,\n"),
    )
    .unwrap();
    // Line 5 is wrong; line 4 alone would be fine.
    std::fs::write(
        &bad,
        format!("{HEAD}2500,2599,unionpay,16,required,,25000000,TMS-1,\n2600,2600,unionpay,16,required,,26000000,TMS-1,oops\n")
            .replace("t-1", "t-2"),
    )
    .unwrap();
    let handle = TableHandle::default();
    handle.load_table(&good).unwrap();
    let pan = with_check_digit("955880123456789012");
    let mc = with_check_digit("250000000000000");
    let p = Profile::default();
    let before = (handle.classify(&p, &pan), handle.classify(&p, &mc));
    assert!(before.0.is_supported() && before.1.scheme() == Some(Scheme::Mastercard));

    let e = handle.load_table(&bad).unwrap_err();
    let bad_name = bad.display().to_string();
    assert_eq!(
        e.to_string(),
        format!("{bad_name}:5: action `oops` must be empty or `withdraw`")
    );
    assert_eq!(e.errors().len(), 1);
    assert_eq!(e.errors()[0].line, 5);
    assert_eq!(handle.current().table().version(), "t-1");
    assert_eq!(
        (handle.classify(&p, &pan), handle.classify(&p, &mc)),
        before
    );

    let e = handle.load_table(dir.join("missing.csv")).unwrap_err();
    assert!(e.to_string().contains("missing.csv: cannot read"), "{e}");
    assert_eq!(handle.current().table().version(), "t-1");

    handle.rollback();
    assert!(handle.current().table().is_compiled());
    assert_eq!(handle.classify(&p, &pan).reason(), Some(Reason::UnknownIin));
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---- the overlay semantics against a naive model ----

/// One generated file entry: a range row (`scheme` > 0) or a withdrawal (`scheme` = 0).
#[derive(Clone, Debug)]
struct Entry {
    start: u32,
    end: u32,
    digits: u8,
    scheme: u8,
    lengths: u32,
    luhn: &'static str,
    cobadge: bool,
    example: u32,
}

impl Entry {
    fn span8(&self) -> (u32, u32) {
        let scale = 10u32.pow(u32::from(8 - self.digits));
        (self.start * scale, (self.end + 1) * scale)
    }
    fn contains8(&self, p8: u32) -> bool {
        let (lo, hi) = self.span8();
        lo <= p8 && p8 < hi
    }
}

/// Who answers a prefix in the naive model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Compiled(usize),
    File(usize),
}

/// data/FORMAT.md, written out as a linear scan: a compiled row counts at `p8` unless a file
/// entry of its length covers `p8`; the longest entries win; a winning withdrawal means
/// unknown. Returns the winners (empty: unknown) and whether a withdrawal won.
fn naive(compiled: &[IinRow], file: &[Entry], p8: u32) -> (Vec<Who>, bool) {
    let mut cands: Vec<(u8, Who)> = Vec::new();
    for (i, e) in file.iter().enumerate() {
        if e.contains8(p8) {
            cands.push((e.digits, Who::File(i)));
        }
    }
    for (i, c) in compiled.iter().enumerate() {
        let hidden = file.iter().any(|e| e.digits == c.digits && e.contains8(p8));
        if c.contains8(p8) && !hidden {
            cands.push((c.digits, Who::Compiled(i)));
        }
    }
    let Some(best) = cands.iter().map(|c| c.0).max() else {
        return (Vec::new(), false);
    };
    let mut winners: Vec<Who> = cands
        .into_iter()
        .filter(|c| c.0 == best)
        .map(|c| c.1)
        .collect();
    winners.sort();
    let withdrawn = winners
        .iter()
        .any(|w| matches!(w, Who::File(i) if file[*i].scheme == 0));
    (winners, withdrawn)
}

/// Drops entries until the file is valid: no same-length overlap except identical co-badge
/// pairs, and each entry has an example prefix where it wins in the naive model.
fn make_valid(compiled: &[IinRow], mut file: Vec<Entry>) -> Vec<Entry> {
    let mut kept: Vec<Entry> = Vec::new();
    for e in file.drain(..) {
        let clash = kept.iter().any(|k| {
            k.digits == e.digits
                && k.start <= e.end
                && e.start <= k.end
                && !(k.start == e.start
                    && k.end == e.end
                    && k.cobadge
                    && e.cobadge
                    && k.scheme != e.scheme
                    && k.scheme != 0
                    && e.scheme != 0)
        });
        if !clash {
            kept.push(e);
        }
    }
    // A co-badge row needs its partner.
    loop {
        let n = kept.len();
        let snapshot = kept.clone();
        kept.retain(|e| {
            !e.cobadge
                || snapshot.iter().any(|o| {
                    o.scheme != e.scheme
                        && o.digits == e.digits
                        && o.start == e.start
                        && o.end == e.end
                })
        });
        // Each entry needs an example where it wins.
        let snapshot = kept.clone();
        let mut keep = vec![true; kept.len()];
        for (i, e) in snapshot.iter().enumerate() {
            let (lo, hi) = e.span8();
            let mut points = vec![lo];
            for c in compiled {
                let (a, b) = c.span8();
                points.extend([a, b]);
            }
            for o in &snapshot {
                let (a, b) = o.span8();
                points.extend([a, b]);
            }
            let found = points
                .into_iter()
                .filter(|p| lo <= *p && *p < hi)
                .find(|&p| naive(compiled, &snapshot, p).0.contains(&Who::File(i)));
            match found {
                Some(p) => kept[i].example = p,
                None => keep[i] = false,
            }
        }
        let mut it = keep.into_iter();
        kept.retain(|_| it.next().unwrap());
        if kept.len() == n {
            return kept;
        }
    }
}

fn render(file: &[Entry]) -> String {
    let mut s = String::from(HEAD);
    for e in file {
        let w = usize::from(e.digits);
        if e.scheme == 0 {
            s.push_str(&format!(
                "{:0w$},{:0w$},,,,,{:08},GEN,withdraw\n",
                e.start, e.end, e.example
            ));
        } else {
            let id = Scheme::from_code(e.scheme).unwrap().id();
            let co = if e.cobadge { "yes" } else { "" };
            s.push_str(&format!(
                "{:0w$},{:0w$},{id},{},{},{co},{:08},GEN,\n",
                e.start,
                e.end,
                format_lengths(e.lengths),
                e.luhn,
                e.example
            ));
        }
    }
    s
}

fn entry_strategy() -> impl Strategy<Value = Entry> {
    let anchors: Vec<u32> = data().iin.rows.iter().map(|r| r.span8().0).collect();
    (
        prop::sample::select(anchors),
        0u32..100_000_000,
        any::<bool>(),
        1u8..=8,
        0u32..3,
        prop::sample::select(vec![0u8, 0, 1, 2, 3, 4, 6, 7, 11]),
        (8u32..=19, 0u32..6),
        prop::sample::select(vec!["required", "advisory", "none"]),
        prop::bool::weighted(0.15),
    )
        .prop_map(
            |(anchor, random, near, digits, width, scheme, (lo, n), luhn, cobadge)| {
                let base = if near { anchor } else { random };
                let start = base / 10u32.pow(u32::from(8 - digits));
                let end = (start + width).min(10u32.pow(u32::from(digits)) - 1);
                let hi = (lo + n).min(19);
                let lengths = (lo..=hi).fold(0, |m, l| m | 1 << l);
                Entry {
                    start,
                    end,
                    digits,
                    scheme,
                    lengths,
                    luhn,
                    cobadge: cobadge && scheme != 0,
                    example: 0,
                }
            },
        )
}

fn file_strategy() -> impl Strategy<Value = Vec<Entry>> {
    prop::collection::vec(entry_strategy(), 0..10).prop_map(|mut v| {
        // Give each co-badge row a partner of another scheme on the same range.
        let partners: Vec<Entry> = v
            .iter()
            .filter(|e| e.cobadge)
            .map(|e| Entry {
                scheme: if e.scheme == 7 { 4 } else { 7 },
                ..e.clone()
            })
            .collect();
        v.extend(partners);
        v
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// For generated runtime files, the loaded table answers every prefix exactly as the
    /// naive model: on both sides of every boundary of every entry, and at random points.
    #[test]
    fn overlay_matches_naive_model(file in file_strategy(), extra in prop::collection::vec(0u32..100_000_000, 16)) {
        let compiled = &data().iin.rows;
        let file = make_valid(compiled, file);
        let text = render(&file);
        let t = Table::parse("gen.csv", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let mut points = extra;
        for e in &file {
            let (lo, hi) = e.span8();
            points.extend([lo.saturating_sub(1), lo, hi - 1, hi]);
            for c in compiled {
                let (a, b) = c.span8();
                for p in [a, b] {
                    if lo <= p && p <= hi {
                        points.extend([p.saturating_sub(1), p]);
                    }
                }
            }
        }
        for p8 in points.into_iter().filter(|&p| p < 100_000_000) {
            let (winners, withdrawn) = naive(compiled, &file, p8);
            let want: Vec<(u8, u32, &str, String)> = if withdrawn {
                Vec::new()
            } else {
                let mut w: Vec<_> = winners
                    .iter()
                    .map(|who| match *who {
                        Who::Compiled(i) => {
                            let c = &compiled[i];
                            (c.scheme, c.lengths, c.luhn.as_str(), format!("c{}", c.line))
                        }
                        Who::File(i) => {
                            let e = &file[i];
                            (e.scheme, e.lengths, e.luhn, format!("r{}", i + 4))
                        }
                    })
                    .collect();
                w.sort();
                w
            };
            let mut got: Vec<(u8, u32, &str, String)> = t
                .lookup(p8)
                .map(|m| {
                    m.ranges()
                        .map(|r| {
                            let o = match r.origin() {
                                Origin::Compiled { line } => format!("c{line}"),
                                Origin::Runtime { line } => format!("r{line}"),
                                other => format!("{other:?}"),
                            };
                            (r.scheme().code(), r.lengths().mask(), r.luhn().as_str(), o)
                        })
                        .collect()
                })
                .unwrap_or_default();
            got.sort();
            prop_assert_eq!(&got, &want, "prefix {:08}\n{}", p8, text);
            if let Some(m) = t.lookup(p8) {
                let schemes: binclass::SchemeSet = m.ranges().map(|r| r.scheme()).collect();
                prop_assert_eq!(m.schemes(), schemes);
            }
        }
    }
}

/// No error shows a full card number, even when one is pasted into a field.
#[test]
fn errors_never_show_a_full_pan() {
    let pan = "4111111111111111";
    let bodies = [
        format!("{pan},{pan},visa,16,required,,4,TMS-1,\n"),
        format!("4,4,visa,16,required,,{pan},TMS-1,\n"),
        format!("4,4,visa,{pan},required,,4,TMS-1,\n"),
        format!("4,4,visa,16,{pan},,4,TMS-1,\n"),
        format!("4,4,,,,,{pan},TMS-1,withdraw\n"),
        format!("4,4,visa,16,required,,4,TMS-1,{pan}\n"),
    ];
    for body in bodies {
        let errs = errors(&format!("{HEAD}{body}"));
        assert!(!errs.is_empty(), "{body}");
        for e in &errs {
            assert!(!e.contains("411111111"), "{e}");
        }
    }
    assert!(
        errors(&format!("{HEAD}{pan},{pan},visa,16,required,,4,TMS-1,\n"))[0]
            .starts_with("u.csv:4: start `411111…` must be 1 to 8 digits")
    );
}
