//! Issuer data: BIN files (canonical and binlist-style columns, errors with their exact
//! `FILE:LINE`), lookups against a naive scan, and the profile rules that use them
//! (`product_not_accepted`, `country_not_accepted`, domestic ranges).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../examples/gen_bins.rs"]
mod gen_bins;

use binclass::{
    Bins, CardData, Country, Lang, Product, ProductSet, Profile, Reason, Scheme, Table, classify,
};
use proptest::prelude::*;

fn bins(text: &str) -> Bins {
    Bins::parse("b.csv", text).unwrap_or_else(|e| panic!("{e}"))
}

fn errors(text: &str) -> Vec<String> {
    match Bins::parse("b.csv", text) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    }
}

fn cn() -> Country {
    "CN".parse().unwrap()
}

const FILE: &str = "# version: 7\n\
bin,product,country,issuer\n\
621234,debit,CN,Example Bank\n\
62123499,credit,CN,Example Bank Credit\n\
411111,credit,US,\"Example Bank, N.A.\"\n\
400005,prepaid,gb,Example Prepaid\n\
378282,charge,US,Example Charge\n\
555555,,,\n";

#[test]
fn canonical_file_loads_and_looks_up() {
    let b = bins(FILE);
    assert_eq!(b.len(), 6);
    assert_eq!(b.meta("version"), Some("7"));
    let i = b.lookup(62123456).unwrap();
    assert_eq!((i.bin(), i.digits()), (621234, 6));
    assert_eq!(
        (i.product(), i.country(), i.issuer()),
        (Some(Product::Debit), Some(cn()), Some("Example Bank"))
    );
    // The 8-digit BIN wins inside its 6-digit BIN.
    let i = b.lookup(62123499).unwrap();
    assert_eq!(
        (i.bin(), i.digits(), i.product()),
        (62123499, 8, Some(Product::Credit))
    );
    assert_eq!(
        b.lookup(41111111).unwrap().issuer(),
        Some("Example Bank, N.A.")
    );
    assert_eq!(
        b.lookup(40000512).unwrap().country().unwrap().as_str(),
        "GB"
    );
    let blank = b.lookup(55555555).unwrap();
    assert_eq!(
        (
            blank.product(),
            blank.country(),
            blank.issuer(),
            blank.scheme()
        ),
        (None, None, None, None)
    );
    assert!(b.lookup(62123500).is_none());
    assert!(b.lookup(100_000_000).is_none() && b.lookup(u32::MAX).is_none());
    assert!(Bins::empty().lookup(62123456).is_none());
}

#[test]
fn binlist_style_columns_are_accepted() {
    // bin/brand/type/category/issuer/alpha_2/alpha_3/country: `country` holds the name.
    let a = bins(
        "bin,brand,type,category,issuer,alpha_2,alpha_3,country,latitude\n\
         411111,VISA,CREDIT,CLASSIC,EXAMPLE BANK,US,USA,United States,38\n\
         62123400,UNIONPAY,Debit,,EXAMPLE CN BANK,cn,CHN,China,35\n",
    );
    let i = a.lookup(41111111).unwrap();
    assert_eq!(
        (i.product(), i.country().unwrap().as_str(), i.issuer()),
        (Some(Product::Credit), "US", Some("EXAMPLE BANK"))
    );
    assert_eq!(a.lookup(62123400).unwrap().country(), Some(cn()));
    assert_eq!(
        a.ignored_columns(),
        ["brand", "category", "alpha_3", "country", "latitude"]
    );
    // iin_start/iin_end/.../scheme/type/prepaid/country/bank_name.
    let b = bins(
        "iin_start,iin_end,number_length,number_luhn,scheme,brand,type,prepaid,country,bank_name\n\
         400005,,16,true,visa,Visa Classic,debit,true,GB,Example Prepaid\n\
         955880,955880,19,true,UnionPay,,debit,false,CN,Example Domestic Bank\n",
    );
    let i = b.lookup(40000500).unwrap();
    assert_eq!(
        (i.product(), i.scheme(), i.issuer()),
        (
            Some(Product::Prepaid),
            Some(Scheme::Visa),
            Some("Example Prepaid")
        )
    );
    let i = b.lookup(95588012).unwrap();
    assert_eq!(
        (i.product(), i.scheme()),
        (Some(Product::Debit), Some(Scheme::Unionpay))
    );
}

#[test]
fn malformed_bin_files_name_file_and_line() {
    let head = "# version: 1\nbin,product,country,issuer,scheme\n";
    let cases: &[(&str, &str)] = &[
        (
            "62123,debit,CN,X,\n",
            "b.csv:3: BIN `62123` must be 6 or 8 digits",
        ),
        (
            "6212345,debit,CN,X,\n",
            "b.csv:3: BIN `6212345` must be 6 or 8 digits",
        ),
        (
            "62123a,debit,CN,X,\n",
            "b.csv:3: BIN `62123a` must be 6 or 8 digits",
        ),
        (
            "621234,gift,CN,X,\n",
            "b.csv:3: product `gift` must be credit, debit, prepaid, charge or empty",
        ),
        (
            "621234,debit,CHN,X,\n",
            "b.csv:3: country `CHN` must be an ISO 3166-1 alpha-2 code (two letters)",
        ),
        (
            "621234,debit,C1,X,\n",
            "b.csv:3: country `C1` must be an ISO 3166-1 alpha-2 code (two letters)",
        ),
        (
            "621234,debit,CN,X,cup\n",
            "b.csv:3: unknown scheme id `cup` (use a binclass scheme id or leave it empty)",
        ),
        ("621234,debit,CN\n", "b.csv:3: expected 5 fields, found 3"),
        (
            "621234,debit,CN,X,\n# a comment\n\n621234,credit,CN,Y,\n",
            "b.csv:6: BIN 621234 is already listed at line 3",
        ),
        (
            "62123400,debit,CN,X,\n62123400,debit,CN,X,\n",
            "b.csv:4: BIN 62123400 is already listed at line 3",
        ),
    ];
    for (body, want) in cases {
        let errs = errors(&format!("{head}{body}"));
        assert_eq!(errs, [*want], "for {body:?}");
    }
    assert_eq!(
        errors("# c\nbin,prepaid\n621234,maybe\n"),
        ["b.csv:3: prepaid `maybe` must be true, false, yes, no or empty"]
    );
    assert_eq!(
        errors("iin_start,iin_end\n621234,621299\n"),
        ["b.csv:2: iin_end `621299` differs from the BIN: list each BIN on its own row"]
    );
    assert_eq!(
        errors("# x\nnumber,product\n"),
        ["b.csv:2: no BIN column: the header needs one of `bin`, `iin_start`, `iin`"]
    );
    assert_eq!(
        errors("bin,product,Product\n"),
        ["b.csv:1: column `product` appears twice"]
    );
}

#[test]
fn a_broken_file_lists_the_first_hundred_errors_then_a_count() {
    let mut text = String::from("bin,product\n");
    for _ in 0..250 {
        text.push_str("12,debit\n");
    }
    let errs = errors(&text);
    assert_eq!(errs.len(), 101);
    assert_eq!(errs[0], "b.csv:2: BIN `12` must be 6 or 8 digits");
    assert_eq!(errs[99], "b.csv:101: BIN `12` must be 6 or 8 digits");
    assert_eq!(errs[100], "b.csv:0: ... and 150 more errors");
}

#[test]
fn a_generated_file_answers_every_row() {
    let rows = gen_bins::rows(20_000, 7);
    let b = bins(&gen_bins::render(&rows));
    assert_eq!(b.len(), rows.len());
    for r in &rows {
        let p8: u32 = format!("{:0<8}", r.bin).parse().unwrap();
        let i = b.lookup(p8).unwrap();
        assert_eq!(
            format!("{:0w$}", i.bin(), w = usize::from(i.digits())),
            r.bin
        );
        assert_eq!(i.product(), Product::from_id(r.product), "{}", r.bin);
        assert_eq!(i.country().unwrap().as_str(), r.country);
        assert_eq!(i.issuer(), Some(r.issuer.as_str()));
    }
    let s = b.summary();
    assert_eq!(s.bins6 + s.bins8, rows.len());
    assert_eq!(s.products.iter().sum::<usize>(), rows.len());
}

proptest! {
    /// Lookups agree with a linear scan: the 8-digit BIN when listed, else the 6-digit one.
    #[test]
    fn lookup_matches_linear_scan(
        entries in prop::collection::btree_map((0u32..3000, any::<bool>()), 0u8..5, 0..200),
        probes in prop::collection::vec(0u32..3000, 64),
    ) {
        // Squeeze keys into a few four-digit buckets so 6- and 8-digit BINs meet.
        let bin_of = |k: u32, eight: bool| if eight { 62_120_000 + k } else { 621_200 + k % 100 };
        let mut text = String::from("bin,product\n");
        let mut listed: Vec<(u32, u8, u8)> = Vec::new();
        for (&(k, eight), &p) in &entries {
            let (bin, digits) = (bin_of(k, eight), if eight { 8 } else { 6 });
            if listed.iter().any(|&(b, d, _)| b == bin && d == digits) {
                continue;
            }
            listed.push((bin, digits, p));
            let product = ["", "credit", "debit", "prepaid", "charge"][usize::from(p)];
            text.push_str(&format!("{bin:0w$},{product}\n", w = usize::from(digits)));
        }
        let b = bins(&text);
        for probe in probes {
            let p8 = 62_120_000 + probe;
            let want = listed
                .iter()
                .find(|&&(bin, d, _)| d == 8 && bin == p8)
                .or_else(|| listed.iter().find(|&&(bin, d, _)| d == 6 && bin == p8 / 100))
                .map(|&(bin, d, p)| (bin, d, Product::from_code(p)));
            let got = b.lookup(p8).map(|i| (i.bin(), i.digits(), i.product()));
            prop_assert_eq!(got, want, "{}", p8);
        }
    }
}

// ---- the profile rules ----

fn data() -> CardData {
    let bins = bins(
        "bin,product,country,issuer,scheme\n\
         411111,credit,US,Example Bank,\n\
         621234,debit,CN,Example CN Bank,\n\
         400005,prepaid,GB,Example Prepaid,\n\
         955880,debit,CN,Example Domestic Bank,unionpay\n\
         940000,,KR,Example KR Bank,visa\n",
    );
    CardData::new(Table::compiled(), Some(bins))
}

const VISA_CREDIT_US: &str = "4111 1111 1111 1111";
const UP_DEBIT_CN: &str = "6212 3456 7890 1232";
const VISA_PREPAID_GB: &str = "4000 0566 5566 5556";
const MC_UNKNOWN: &str = "5555 5555 5555 4444";
const DOMESTIC_19: &str = "9558801234567890128";

#[test]
fn verdicts_carry_product_and_country() {
    let d = data();
    let p = Profile::default();
    let v = p.classify_with(&d, VISA_CREDIT_US);
    assert!(v.is_supported());
    assert_eq!(
        (v.product(), v.country().map(|c| c.to_string())),
        (Some(Product::Credit), Some("US".into()))
    );
    let v = p.classify_with(&d, MC_UNKNOWN);
    assert!(v.is_supported());
    assert_eq!((v.product(), v.country()), (None, None));
    // The rest of the verdict is exactly what the compiled classify says.
    for pan in [
        VISA_CREDIT_US,
        UP_DEBIT_CN,
        MC_UNKNOWN,
        "4111111111111112",
        "1234",
        "",
    ] {
        let (a, b) = (p.classify_with(&d, pan), classify(pan));
        assert_eq!(
            (a.reason(), a.scheme(), a.candidates(), a.luhn(), a.masked()),
            (b.reason(), b.scheme(), b.candidates(), b.luhn(), b.masked())
        );
    }
    assert_eq!(
        d.issuer_name(&binclass::Pan::parse(UP_DEBIT_CN.as_bytes()).unwrap()),
        Some("Example CN Bank")
    );
}

#[test]
fn debit_only_terminal_refuses_credit() {
    let d = data();
    let p = Profile::default().with_products(
        ProductSet::EMPTY
            .with(Product::Debit)
            .with(Product::Prepaid),
    );
    let v = p.classify_with(&d, VISA_CREDIT_US);
    assert_eq!(v.reason(), Some(Reason::ProductNotAccepted));
    assert_eq!(v.reason().unwrap().number(), 13);
    assert_eq!(
        (v.scheme(), v.product()),
        (Some(Scheme::Visa), Some(Product::Credit))
    );
    assert!(v.message(Lang::En).unwrap().contains("not accepted"));
    assert!(v.message(Lang::ZhCn).unwrap().contains("借记卡"));
    assert!(p.classify_with(&d, UP_DEBIT_CN).is_supported());
    assert!(p.classify_with(&d, VISA_PREPAID_GB).is_supported());
    // Unknown product passes unless the rules are strict.
    assert!(p.classify_with(&d, MC_UNKNOWN).is_supported());
    let strict = p.clone().with_strict_issuer_rules(true);
    let v = strict.classify_with(&d, MC_UNKNOWN);
    assert_eq!(
        (v.reason(), v.product()),
        (Some(Reason::ProductNotAccepted), None)
    );
    // Without issuer data nothing is known, so only strict rules refuse.
    assert!(p.classify(VISA_CREDIT_US).is_supported());
    assert_eq!(
        strict.classify(VISA_CREDIT_US).reason(),
        Some(Reason::ProductNotAccepted)
    );
}

#[test]
fn domestic_only_terminal_refuses_foreign_cards() {
    let d = data();
    let p = Profile::default().with_domestic_only(cn());
    assert!(p.is_domestic_only() && p.country() == Some(cn()));
    let v = p.classify_with(&d, VISA_CREDIT_US);
    assert_eq!(v.reason(), Some(Reason::CountryNotAccepted));
    assert_eq!(v.reason().unwrap().number(), 14);
    assert_eq!(v.country().unwrap().as_str(), "US");
    assert!(v.message(Lang::ZhCn).unwrap().contains("境外"));
    assert!(p.classify_with(&d, UP_DEBIT_CN).is_supported());
    assert!(p.classify_with(&d, MC_UNKNOWN).is_supported());
    assert_eq!(
        p.clone()
            .with_strict_issuer_rules(true)
            .classify_with(&d, MC_UNKNOWN)
            .reason(),
        Some(Reason::CountryNotAccepted)
    );
    // A terminal country alone does not restrict.
    assert!(
        Profile::default()
            .with_country(cn())
            .classify_with(&d, VISA_CREDIT_US)
            .is_supported()
    );
}

#[test]
fn reasons_come_in_their_documented_order() {
    let d = data();
    let p = Profile::accepting(&[Scheme::Unionpay])
        .with_products(ProductSet::EMPTY.with(Product::Debit))
        .with_domestic_only(cn());
    // A wrong number first, then the scheme, then the product, then the country.
    assert_eq!(
        p.classify_with(&d, "4111 1111 1111 1112").reason(),
        Some(Reason::LuhnFailed)
    );
    assert_eq!(
        p.classify_with(&d, VISA_CREDIT_US).reason(),
        Some(Reason::SchemeNotAccepted)
    );
    let both = Profile::default()
        .with_products(ProductSet::EMPTY.with(Product::Debit))
        .with_domestic_only(cn());
    assert_eq!(
        both.classify_with(&d, VISA_CREDIT_US).reason(),
        Some(Reason::ProductNotAccepted)
    );
    assert_eq!(
        both.classify_with(&d, VISA_PREPAID_GB).reason(),
        Some(Reason::ProductNotAccepted)
    );
    let prepaid_ok = both.clone().with_products(ProductSet::ALL);
    assert_eq!(
        prepaid_ok.classify_with(&d, VISA_PREPAID_GB).reason(),
        Some(Reason::CountryNotAccepted)
    );
}

#[test]
fn domestic_ranges_are_recognised_through_the_table_or_the_bin_file() {
    let p = Profile::accepting(&[Scheme::Unionpay]).with_domestic_only(cn());
    // Compiled table alone: the prefix is unknown.
    assert_eq!(p.classify(DOMESTIC_19).reason(), Some(Reason::UnknownIin));
    // The BIN file lists it with a scheme: recognised, and domestic.
    let v = p.classify_with(&data(), DOMESTIC_19);
    assert!(v.is_supported(), "{v}");
    assert_eq!(
        (v.scheme(), v.product(), v.country()),
        (Some(Scheme::Unionpay), Some(Product::Debit), Some(cn()))
    );
    // The runtime table lists it: recognised (country unknown without issuer data).
    let t = Table::parse(
        "t.csv",
        "# version: 1\n# effective: 2026-12-01\nstart,end,scheme,lengths,luhn,cobadge,example,source\n955880,955880,unionpay,19,required,,95588000,TMS-1\n",
    )
    .unwrap();
    let v = p.classify_with(&CardData::new(t, None), DOMESTIC_19);
    assert!(v.is_supported(), "{v}");
    // A BIN file without a scheme for the prefix leaves it unknown, but still says what it knows.
    let b = bins("bin,product,country\n955880,debit,CN\n");
    let v = p.classify_with(&CardData::new(Table::compiled(), Some(b)), DOMESTIC_19);
    assert_eq!(
        (v.reason(), v.country()),
        (Some(Reason::UnknownIin), Some(cn()))
    );
    // The BIN file's scheme never overrides the table: 940000 is BC Card's `94` block.
    let v = Profile::default().classify_with(&data(), common_luhn("940000123456789"));
    assert_eq!(v.scheme(), Some(Scheme::BcCard));
}

fn common_luhn(payload: &str) -> String {
    (0..10)
        .map(|c| format!("{payload}{c}"))
        .find(|s| binclass::luhn::is_valid(&s.bytes().map(|b| b - b'0').collect::<Vec<_>>()))
        .unwrap()
}

#[test]
fn profile_files_carry_the_issuer_rules() {
    let t = Profile::from_toml(
        "accept = [\"unionpay\"]\nproducts = [\"debit\", \"prepaid\"]\ncountry = \"cn\"\ndomestic_only = true\nunknown_issuer = \"refuse\"\n",
    )
    .unwrap();
    let code = Profile::accepting(&[Scheme::Unionpay])
        .with_products(
            ProductSet::EMPTY
                .with(Product::Debit)
                .with(Product::Prepaid),
        )
        .with_domestic_only(cn())
        .with_strict_issuer_rules(true);
    assert_eq!(t, code);
    let j = Profile::from_json(r#"{"accept": ["unionpay"], "products": ["debit", "prepaid"], "country": "CN", "domestic_only": true, "unknown_issuer": "refuse"}"#).unwrap();
    assert_eq!(j, code);
    assert_eq!(
        Profile::from_toml("country = \"CN\"\n").unwrap(),
        Profile::default().with_country(cn())
    );
    let bad: &[(&str, &str)] = &[
        ("products = [\"gift\"]", "unknown product `gift`"),
        ("products = []", "`products` is empty"),
        (
            "country = \"CHN\"",
            "country `CHN` is not an ISO 3166-1 alpha-2 code",
        ),
        (
            "domestic_only = true",
            "`domestic_only = true` needs `country`",
        ),
        ("unknown_issuer = \"maybe\"", "unknown variant `maybe`"),
        ("domestic = true", "unknown field `domestic`"),
    ];
    for (text, want) in bad {
        let e = Profile::from_toml(text).unwrap_err().to_string();
        assert!(e.contains(want), "{text}: {e}");
    }
}

#[test]
fn new_reasons_have_stable_codes_and_messages() {
    for (r, n, code) in [
        (Reason::ProductNotAccepted, 13, "product_not_accepted"),
        (Reason::CountryNotAccepted, 14, "country_not_accepted"),
    ] {
        assert_eq!((r.number(), r.code()), (n, code));
        assert_eq!(Reason::from_number(n), Some(r));
        assert_eq!(Reason::from_code(code), Some(r));
        for lang in [Lang::En, Lang::ZhCn] {
            assert!(!r.summary(lang).is_empty() && !r.action(lang).is_empty());
            assert!(r.message(lang).starts_with(r.summary(lang)));
        }
    }
    assert!(
        Reason::ALL.contains(&Reason::ProductNotAccepted)
            && Reason::ALL.contains(&Reason::CountryNotAccepted)
    );
}

#[test]
fn products_and_countries_round_trip() {
    for p in Product::ALL {
        assert_eq!(Product::from_id(p.id()), Some(p));
        assert_eq!(Product::from_code(p.code()), Some(p));
        assert!(ProductSet::ALL.contains(p) && !ProductSet::EMPTY.contains(p));
    }
    assert_eq!(Product::from_code(0), None);
    assert_eq!("us".parse::<Country>().unwrap().bytes(), *b"US");
    assert!(Country::new(*b"us").is_none() && Country::new([0, 0]).is_none());
    assert!(
        "".parse::<Country>().is_err()
            && "C".parse::<Country>().is_err()
            && "中国".parse::<Country>().is_err()
    );
}

/// No error shows a full card number, even when one is pasted into a field.
#[test]
fn errors_never_show_a_full_pan() {
    let text = "bin,product,country,issuer,scheme\n\
                4111111111111111,debit,CN,X,\n\
                411111,4111111111111111,CN,X,\n\
                411112,debit,4111111111111111,X,\n\
                411113,debit,CN,X,4111111111111111\n";
    let errs = errors(text);
    assert_eq!(errs.len(), 4, "{errs:?}");
    assert_eq!(errs[0], "b.csv:2: BIN `411111…` must be 6 or 8 digits");
    for e in &errs {
        assert!(!e.contains("4111111111"), "{e}");
    }
}

// ---- card-present input with runtime data ----

/// Swipes and chip reads go through the same runtime data as keyed input: the product and
/// country rules apply, and acceptance refusals give way to what is wrong with the card
/// itself, in the order `Reason` documents.
#[test]
fn card_present_input_uses_runtime_data() {
    let d = data();
    let today = binclass::Date::new(2026, 11, 21).unwrap();
    let debit_only = Profile::default()
        .with_today(today)
        .with_products(ProductSet::EMPTY.with(Product::Debit));
    let swipe = ";4111111111111111=30122011234567890?";
    let v = debit_only.classify_track_with(&d, swipe);
    assert_eq!(
        (v.reason(), v.product(), v.entry()),
        (
            Some(Reason::ProductNotAccepted),
            Some(Product::Credit),
            binclass::Entry::Track2
        )
    );
    assert_eq!(v.country().map(|c| c.to_string()), Some("US".into()));
    // The compiled table alone knows no product: the same swipe passes.
    assert!(debit_only.classify_track(swipe).is_supported());
    // Expired beats the product refusal.
    let expired = ";4111111111111111=25121011234567890?";
    assert_eq!(
        debit_only.classify_track_with(&d, expired).reason(),
        Some(Reason::Expired)
    );
    // A domestic 19-digit card known only to the BIN file, by chip: binary and hex agree.
    let hex = "5A0A9558801234567890128F 5F2403301231 5F30020220";
    let v = debit_only.classify_emv_hex_with(&d, hex);
    assert!(v.is_supported(), "{:?}", v.reason());
    assert_eq!(
        (v.scheme(), v.product(), v.entry()),
        (
            Some(Scheme::Unionpay),
            Some(Product::Debit),
            binclass::Entry::Emv
        )
    );
    let mut bin = [0u8; 64];
    let tlv = binclass::emv::decode_hex(hex.as_bytes(), &mut bin).unwrap();
    assert_eq!(debit_only.classify_emv_with(&d, tlv), v);
    assert_eq!(
        debit_only.classify_emv_hex(hex).reason(),
        Some(Reason::UnknownIin)
    );
    // Through a handle, as a terminal holds its data.
    let handle = binclass::TableHandle::new(data());
    assert_eq!(debit_only.classify_emv_hex_with(&handle.current(), hex), v);
}

proptest! {
    /// With the compiled table and no issuer data, the runtime card-present paths give the
    /// compiled verdict, field for field, for any track-like or hex input.
    #[test]
    fn card_present_with_compiled_data_equals_compiled(
        pan in "[0-9]{6,20}",
        sep in "[=Dd]",
        tail in "[0-9]{0,20}",
        lrc in proptest::option::of("[0-9:;<=>?]"),
        hex in "[0-9A-Fa-f ]{0,80}",
    ) {
        let d = CardData::compiled();
        let p = Profile::default().with_today(binclass::Date::new(2026, 11, 21).unwrap());
        let track = format!(";{pan}{sep}{tail}?{}", lrc.unwrap_or_default());
        prop_assert_eq!(p.classify_track_with(&d, &track), p.classify_track(&track));
        let chip = format!("5A{:02X}{hex}", hex.len() / 2);
        prop_assert_eq!(p.classify_emv_hex_with(&d, &chip), p.classify_emv_hex(&chip));
        prop_assert_eq!(p.classify_emv_hex_with(&d, &hex), p.classify_emv_hex(&hex));
    }
}
