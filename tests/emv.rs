//! EMV data: published tag 57 examples, BER-TLV shapes, AIDs, hex input, and round trips of
//! TLV strings built from random valid parts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use binclass::emv::{self, Aid, EmvError, RIDS, Tlvs};
use binclass::{
    Date, Entry, Flags, Profile, Reason, Scheme, ServiceCode, TerminalServices, YearMonth,
};
use common::card::{classify_emv, hex, pack, tlv};
use proptest::prelude::*;

fn parse_hex(text: &str) -> Result<emv::ChipData, EmvError> {
    let mut buf = [0u8; emv::MAX_TLV];
    emv::decode_hex(text.as_bytes(), &mut buf).and_then(emv::parse)
}

#[test]
fn published_tag_57_examples() {
    // PayProbe: PAN 4761739001010119, expiry 2212, service code 201.
    let value = "4761739001010119D22122011143804400";
    let chip = parse_hex(&format!("57 11 {value}")).unwrap();
    assert_eq!(
        chip.pan().digits(),
        [4, 7, 6, 1, 7, 3, 9, 0, 0, 1, 0, 1, 0, 1, 1, 9]
    );
    assert_eq!(chip.expiry(), YearMonth::new(2022, 12));
    assert_eq!(chip.service_code(), ServiceCode::from_value(201));
    // IDTech: PAN 1234567890009876, lower-case d, expiry 2410, service code 201, F pad.
    let idtech = "12 34 56 78 90 00 98 76 d2 41 02 01 00 00 03 20 00 00 1f";
    let chip = parse_hex(&format!("57 13 {idtech}")).unwrap();
    assert_eq!(
        chip.pan().digits(),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0, 9, 8, 7, 6]
    );
    assert_eq!(chip.expiry(), YearMonth::new(2024, 10));
    assert_eq!(chip.service_code(), ServiceCode::from_value(201));
    // Classified: the PayProbe card is a Visa card, expired in 2023.
    let p = Profile::default().with_today(Date::new(2023, 1, 1).unwrap());
    let secrets = ["4761739001010119", "1143804400"];
    let v = classify_emv(&p, &format!("5711{value}"), &secrets);
    assert_eq!(
        (v.reason(), v.scheme()),
        (Some(Reason::Expired), Some(Scheme::Visa))
    );
    assert_eq!(v.entry(), Entry::Emv);
    let p = Profile::default().with_today(Date::new(2022, 12, 31).unwrap());
    let v = classify_emv(&p, &format!("5711{value}"), &secrets);
    assert!(v.is_supported(), "{v}");
    assert_eq!(v.flags(), Flags::CHIP_PRESENT);
}

#[test]
fn templates_tags_and_lengths() {
    // Record template 70 holding 57, 5F24 and 5F30; a two-byte-length unknown tag; padding.
    let t57 = tlv(&[0x57], &pack("6212345678901232D3012220123456"), false);
    let inner = [
        t57,
        tlv(&[0x5F, 0x24], &[0x30, 0x12, 0x31], false),
        tlv(&[0x5F, 0x30], &[0x02, 0x20], true),
        tlv(&[0xDF, 0x81, 0x01], &[0xAB; 300], false),
        vec![0x00, 0x00],
    ]
    .concat();
    let record = tlv(&[0x70], &inner, false);
    let response = [
        vec![0x00],
        tlv(
            &[0x77],
            &tlv(&[0x9F, 0x06], &[0xA0, 0, 0, 0x03, 0x33, 1, 1, 1], false),
            false,
        ),
        record,
    ]
    .concat();
    let chip = emv::parse(&response).unwrap();
    assert_eq!(chip.pan().len(), 16);
    assert_eq!(chip.valid_through(), Date::new(2030, 12, 31));
    assert_eq!(chip.service_code(), ServiceCode::from_value(220));
    assert_eq!(chip.aid().unwrap().to_string(), "A000000333010101");
    let v = classify_emv(
        &Profile::default(),
        &hex(&response),
        &["6212345678901232", "123456"],
    );
    assert!(v.is_supported());
    assert_eq!(v.scheme(), Some(Scheme::Unionpay));
    assert_eq!(
        v.flags(),
        Flags::CHIP_PRESENT
            .with(Flags::ONLINE_REQUIRED)
            .with(Flags::PIN_REQUIRED)
    );
    // Four-byte tags and the 83/84 length forms decode.
    let odd = [
        0x9F, 0x81, 0x82, 0x03, 0x83, 0x00, 0x00, 0x01, 0x55, 0x5A, 0x84, 0, 0, 0, 0x01, 0x42,
    ];
    let tags: Vec<u32> = Tlvs::new(&odd).map(|t| t.unwrap().tag()).collect();
    assert_eq!(tags, [0x9F81_8203, 0x5A]);
    // AID priority: 9F06 over 84 over the first 4F.
    let aids = [
        tlv(&[0x4F], &[0xA0, 0, 0, 0, 0x04, 0x10, 0x10], false),
        tlv(&[0x4F], &[0xA0, 0, 0, 0, 0x03, 0x10, 0x10], false),
        tlv(&[0x5A], &pack("5555555555554444"), false),
    ]
    .concat();
    assert_eq!(
        emv::parse(&aids).unwrap().aid().unwrap().to_string(),
        "A0000000041010"
    );
    let with_84 = [
        tlv(
            &[0x6F],
            &tlv(&[0x84], &[0xA0, 0, 0, 0, 0x03, 0x10, 0x10], false),
            false,
        ),
        aids.clone(),
    ]
    .concat();
    assert_eq!(
        emv::parse(&with_84).unwrap().aid().unwrap().to_string(),
        "A0000000031010"
    );
}

#[test]
fn each_malformed_shape_has_its_exact_error_and_reason() {
    use EmvError::*;
    let pan = "5A084111111111111111";
    let deep = (0..10).fold(pan.to_string(), |inner, _| {
        let n = inner.len() / 2;
        format!("70{n:02X}{inner}")
    });
    let cases: Vec<(String, EmvError)> = vec![
        (String::new(), Empty),
        ("  ".into(), Empty),
        ("5A 08 41111111111111 1G".into(), HexCharacter),
        ("5A-08".into(), HexCharacter),
        ("5A 08 4111111111111111 0".into(), HexOddLength),
        ("00".repeat(emv::MAX_TLV + 1), TooLong),
        ("5A 09 4111111111111111".into(), Encoding),
        ("5A".into(), Encoding),
        ("5A 80 41".into(), Encoding),
        ("5A 85 0000000001 41".into(), Encoding),
        ("5A 82 01".into(), Encoding),
        ("9F".into(), Encoding),
        ("9F 81".into(), Encoding),
        ("9F 81 81 81 81 01 00".into(), Encoding),
        (deep, TooDeep),
        ("9F02 06 000000001000".into(), NoPan),
        ("5A 00".into(), Pan),
        ("5A 08 41111111F1111111".into(), Pan),
        ("5A 0B 4111111111111111111111".into(), Pan),
        ("5A 08 A111111111111111".into(), Pan),
        ("5A 04 4111111F".into(), PanLength),
        ("57 08 4111111D30122010".into(), PanLength),
        ("57 08 4111111111111111".into(), Pan),
        ("57 0A 4111111111111111D301".into(), Track2Equivalent),
        ("57 0C 4111111111111111D30122F1".into(), Track2Equivalent),
        ("57 0D 4111111111111111D3012201FF".into(), Track2Equivalent),
        ("57 0D 4111111111111111D30122011D".into(), Track2Equivalent),
        (
            "57 14 4111111111111111D30122011111111111111111".into(),
            Track2Equivalent,
        ),
        ("57 0C 4111111111111111D3013201".into(), Expiry),
        (format!("{pan} 5F24 03 301331"), Expiry),
        (format!("{pan} 5F24 03 300231"), Expiry),
        (format!("{pan} 5F24 02 3012"), Expiry),
        (format!("{pan} 5F24 03 3A1231"), Expiry),
        (format!("{pan} 5F30 02 1201"), ServiceCode),
        (format!("{pan} 5F30 03 000201"), ServiceCode),
        (format!("{pan} 5F30 02 020A"), ServiceCode),
        (format!("{pan} 4F 04 A0000000"), Aid),
        (
            format!("{pan} 84 11 A000000003101000000000000000000000"),
            Aid,
        ),
        (format!("{pan} 57 0C 4111111111111112D3012201"), Mismatch),
        (format!("{pan} 5A 08 4111111111111112"), Mismatch),
        (
            "57 0C 4111111111111111D3012201 5F24 03 301130".into(),
            Mismatch,
        ),
        (
            "57 0C 4111111111111111D3012201 5F30 02 0101".into(),
            Mismatch,
        ),
        (format!("{pan} 5F24 03 301231 5F24 03 311231"), Mismatch),
    ];
    let p = Profile::default();
    for (text, error) in cases {
        assert_eq!(parse_hex(&text).unwrap_err(), error, "{text}");
        let reason = match error {
            Empty => Reason::Empty,
            HexCharacter => Reason::InvalidCharacter,
            PanLength => Reason::BadLength,
            _ => Reason::MalformedTrack,
        };
        let v = classify_emv(
            &p,
            &text,
            &[
                "4111111111111111",
                "4111111111111112",
                "41111111111111111111",
            ],
        );
        assert_eq!(v.reason(), Some(reason), "{text}");
        assert_eq!(v.entry(), Entry::Emv);
        assert!(v.masked().is_empty());
    }
}

#[test]
fn rid_table_matches_the_standards_reference() {
    // Section 3.2 of the standards reference, RID by RID.
    let expect: [(&str, &[Scheme], bool); 10] = [
        ("A000000003", &[Scheme::Visa], true),
        ("A000000004", &[Scheme::Mastercard, Scheme::Maestro], true),
        ("A000000333", &[Scheme::Unionpay], true),
        ("A000000025", &[Scheme::Amex], true),
        ("A000000065", &[Scheme::Jcb], true),
        ("A000000152", &[Scheme::Discover, Scheme::Diners], true),
        ("A000000658", &[Scheme::Mir], true),
        ("A000000524", &[Scheme::Rupay], true),
        ("A000000277", &[], false),
        ("A000000324", &[Scheme::Discover], true),
    ];
    for (rid, schemes, checked) in expect {
        let bytes: Vec<u8> = (0..5)
            .map(|i| u8::from_str_radix(&rid[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        let aid = Aid::new(&[bytes.clone(), vec![0x10, 0x10]].concat()).unwrap();
        let info = aid.rid_info().unwrap_or_else(|| panic!("{rid} missing"));
        assert_eq!(info.schemes().iter().collect::<Vec<_>>(), schemes, "{rid}");
        assert_eq!(info.checked(), checked, "{rid}");
    }
    // RIDs are unique.
    for (i, a) in RIDS.iter().enumerate() {
        assert!(
            RIDS[i + 1..].iter().all(|b| b.rid() != a.rid()),
            "{}",
            a.network()
        );
    }
    assert!(Aid::new(&[0xA0, 0, 0, 0]).is_none());
    assert!(Aid::new(&[0xA0; 17]).is_none());
}

fn with_aid(pan_tlv: &str, aid: &str) -> String {
    let n = aid.len() / 2;
    format!("{pan_tlv} 4F {n:02X} {aid}")
}

#[test]
fn aid_against_the_card_number() {
    let p = Profile::default();
    let visa = "5A 08 4111111111111111";
    let cobadge = "5A 08 6221260000000000"; // UnionPay + Discover
    let maestro = "5A 08 6759649826438453"; // Maestro, under the Mastercard RID
    let s = ["4111111111111111", "6221260000000000", "6759649826438453"];
    let cases = [
        (visa, "A0000000031010", None),
        (visa, "A0000000041010", Some(Reason::AidMismatch)),
        (visa, "A000000333010101", Some(Reason::AidMismatch)),
        // A domestic network on an international brand's number is not a mismatch.
        (visa, "A0000002771010", None),
        (visa, "A0000000421010", None),
        // Unknown RID: nothing to compare.
        (visa, "A0000099991010", None),
        (cobadge, "A000000333010102", None),
        (cobadge, "A0000001523010", None),
        (cobadge, "A0000000031010", Some(Reason::AidMismatch)),
        (maestro, "A0000000043060", None),
    ];
    for (pan, aid, reason) in cases {
        let text = with_aid(pan, aid);
        let v = classify_emv(&p, &text, &s);
        assert_eq!(v.reason(), reason, "{text}");
        if reason == Some(Reason::AidMismatch) {
            // The verdict names the number's scheme, not the AID's.
            assert_eq!(v.scheme(), p.classify(pan[6..].replace(' ', "")).scheme());
        }
    }
}

// ---- property test: random valid parts -> TLV -> parse back ----

#[derive(Clone, Debug)]
struct Parts {
    pan: String,
    expiry: (u8, u8, u8),
    service_code: u16,
    discretionary: String,
    with_5a: bool,
    with_57: bool,
    with_5f24: bool,
    with_5f30: bool,
    aid: Option<(u8, Vec<u8>)>,
    extra: Vec<(Vec<u8>, Vec<u8>, bool)>,
    template: u8,
    long_lengths: bool,
    padding: bool,
}

prop_compose! {
    fn parts()(
        pan in "[0-9]{8,19}",
        y in 0u8..100, m in 1u8..=12, d in 1u8..=28,
        service_code in 0u16..1000,
        discretionary in "[0-9]{0,12}",
        which in 1u8..4, with_5f24: bool, with_5f30: bool,
        rid in any::<prop::sample::Index>(), pix in prop::collection::vec(any::<u8>(), 0..=11),
        aid_tag in prop::option::of(prop::sample::select(vec![0x4Fu8, 0x84, 0x06])),
        extra in prop::collection::vec((prop::sample::select(vec![vec![0x9Fu8, 0x02], vec![0xDF, 0x81, 0x01], vec![0x95], vec![0x9F, 0x36]]), prop::collection::vec(any::<u8>(), 0..200), any::<bool>()), 0..4),
        template in prop::sample::select(vec![0u8, 0x70, 0x77]),
        long_lengths: bool, padding: bool,
    ) -> Parts {
        let aid = aid_tag.map(|t| (t, [RIDS[rid.index(RIDS.len())].rid().to_vec(), pix].concat()));
        Parts {
            pan, expiry: (y, m, d), service_code, discretionary,
            with_5a: which & 1 != 0, with_57: which & 2 != 0, with_5f24, with_5f30,
            aid, extra, template, long_lengths, padding,
        }
    }
}

impl Parts {
    fn encode(&self) -> Vec<u8> {
        let (y, m, d) = self.expiry;
        let l = self.long_lengths;
        let mut objects = Vec::new();
        if self.with_5a {
            objects.push(tlv(&[0x5A], &pack(&self.pan), l));
        }
        if self.with_57 {
            // Tag 57 is at most 19 bytes (38 nibbles).
            let room = 38 - self.pan.len() - 8;
            let disc = &self.discretionary[..self.discretionary.len().min(room)];
            let t2 = format!("{}D{y:02}{m:02}{:03}{disc}", self.pan, self.service_code);
            objects.push(tlv(&[0x57], &pack(&t2), l));
        }
        if self.with_5f24 {
            objects.push(tlv(&[0x5F, 0x24], &pack(&format!("{y:02}{m:02}{d:02}")), l));
        }
        if self.with_5f30 {
            objects.push(tlv(
                &[0x5F, 0x30],
                &pack(&format!("0{:03}", self.service_code)),
                l,
            ));
        }
        if let Some((tag, aid)) = &self.aid {
            let tag: &[u8] = if *tag == 0x06 {
                &[0x9F, 0x06]
            } else {
                std::slice::from_ref(tag)
            };
            objects.push(tlv(tag, aid, l));
        }
        for (tag, value, long) in &self.extra {
            objects.push(tlv(tag, value, *long));
        }
        let mut body = Vec::new();
        for o in objects {
            if self.padding {
                body.push(0x00);
            }
            body.extend(o);
        }
        if self.template == 0 {
            body
        } else {
            tlv(&[self.template], &body, l)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn tlv_round_trip(parts in parts()) {
        let data = parts.encode();
        let chip = emv::parse(&data).unwrap_or_else(|e| panic!("{}: {e}", hex(&data)));
        let digits: Vec<u8> = parts.pan.bytes().map(|b| b - b'0').collect();
        prop_assert_eq!(chip.pan().digits(), &digits[..]);
        let (y, m, d) = parts.expiry;
        let expiry = (parts.with_57 || parts.with_5f24).then(|| YearMonth::from_yymm(y, m).unwrap());
        prop_assert_eq!(chip.expiry(), expiry);
        let through = if parts.with_5f24 { Date::new(2000 + u16::from(y), m, d) } else { expiry.map(YearMonth::last_day) };
        prop_assert_eq!(chip.valid_through(), through);
        let sc = (parts.with_57 || parts.with_5f30).then(|| ServiceCode::from_value(parts.service_code).unwrap());
        prop_assert_eq!(chip.service_code(), sc);
        prop_assert_eq!(chip.aid().map(|a| a.as_bytes().to_vec()), parts.aid.as_ref().map(|a| a.1.clone()));

        // Hex in either case, spaced or not, gives the same verdict; the number part agrees
        // with the keyed verdict on the same PAN.
        let p = Profile::default().with_services(TerminalServices::PURCHASE.with(TerminalServices::CASH));
        let secrets = [parts.pan.as_str(), parts.discretionary.as_str()];
        let v = classify_emv(&p, &hex(&data), &secrets);
        let spaced: String = hex(&data).to_lowercase().chars().enumerate().flat_map(|(i, c)| if i % 2 == 0 && i > 0 { vec![' ', c] } else { vec![c] }).collect();
        prop_assert_eq!(classify_emv(&p, &spaced, &secrets), v);
        let keyed = p.classify(&parts.pan);
        prop_assert_eq!(v.entry(), Entry::Emv);
        prop_assert_eq!((v.scheme(), v.candidates(), v.luhn(), v.masked()), (keyed.scheme(), keyed.candidates(), keyed.luhn(), keyed.masked()));
        let aid_checked = chip.aid().and_then(|a| a.rid_info()).filter(|r| r.checked()).map(|r| r.schemes());
        let mismatch = keyed.reason().is_none() && aid_checked.is_some_and(|s| s.intersect(keyed.candidates()).is_empty());
        let expected = if mismatch { Some(Reason::AidMismatch) } else { keyed.reason() };
        prop_assert_eq!(v.reason(), expected);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let p = Profile::default();
        let v = p.classify_emv(&bytes);
        if let Err(e) = emv::parse(&bytes) {
            prop_assert_eq!(v.reason(), Some(Reason::from(e)));
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "[0-9A-Fa-f \\-xZ]{0,80}") {
        let v = Profile::default().classify_emv_hex(&text);
        prop_assert_eq!(v.entry(), Entry::Emv);
    }
}

/// Hex input takes as much EMV data as the C API takes in binary: a whole card read padded to
/// exactly `BINCLASS_MAX_EMV_INPUT` bytes gives the same verdict either way, and one byte more
/// is refused by both.
#[test]
fn hex_input_takes_as_much_as_the_c_api() {
    assert_eq!(emv::MAX_TLV, binclass::ffi::BINCLASS_MAX_EMV_INPUT);
    let head = [
        tlv(&[0x5A], &pack("6212345678901232"), false),
        tlv(&[0x5F, 0x30], &[0x02, 0x20], false),
    ]
    .concat();
    // A proprietary tag (DF01) fills the rest: tag 2 bytes, length 3 bytes (82 hi lo).
    let filler = emv::MAX_TLV - head.len() - 5;
    let full = [head.clone(), tlv(&[0xDF, 0x01], &vec![0u8; filler], true)].concat();
    assert_eq!(full.len(), emv::MAX_TLV);
    let p = Profile::default();
    let binary = p.classify_emv(&full);
    assert_eq!(binary.scheme(), Some(Scheme::Unionpay));
    assert_eq!(p.classify_emv_hex(hex(&full)), binary);
    let over = [head, tlv(&[0xDF, 0x01], &vec![0u8; filler + 1], true)].concat();
    assert_eq!(
        p.classify_emv_hex(hex(&over)).reason(),
        Some(Reason::MalformedTrack)
    );
}

/// Short hex is decoded in a small buffer and long hex in a large one; around the switch
/// (512 bytes of data, 1,024 hex characters, with and without spaces) the verdict is the
/// binary one.
#[test]
fn hex_verdicts_match_binary_around_the_small_buffer() {
    let p = Profile::default();
    let head = tlv(&[0x5A], &pack("6212345678901232"), false);
    for filler in 480..540 {
        let data = [head.clone(), tlv(&[0xDF, 0x01], &vec![0x11; filler], true)].concat();
        let want = p.classify_emv(&data);
        assert_eq!(want.scheme(), Some(Scheme::Unionpay));
        let text = hex(&data);
        assert_eq!(p.classify_emv_hex(&text), want, "{} bytes", data.len());
        let spaced: String = text
            .as_bytes()
            .chunks(2)
            .map(|c| format!("{} ", std::str::from_utf8(c).unwrap()))
            .collect();
        assert_eq!(
            p.classify_emv_hex(&spaced),
            want,
            "{} bytes, spaced",
            data.len()
        );
        // A bad character at the end is found whichever buffer decodes.
        assert_eq!(
            p.classify_emv_hex(format!("{text}ZZ")).reason(),
            Some(Reason::InvalidCharacter)
        );
    }
}

/// The TLV iterator and its items show no card data in `Debug`: only tags and lengths.
#[test]
fn tlv_debug_shows_no_card_data() {
    let data = [
        tlv(&[0x5A], &pack("6212345678901232"), false),
        tlv(&[0x57], &pack("6212345678901232D30122011234567890"), false),
    ]
    .concat();
    let mut shown = format!("{:?}", Tlvs::new(&data));
    for t in Tlvs::new(&data) {
        shown += &format!("{t:?}");
    }
    let want = format!(
        "Tlvs({} bytes left)Ok(Tlv(5A, 8 bytes))Ok(Tlv(57, 17 bytes))",
        data.len()
    );
    assert_eq!(shown, want);
    // Neither as bytes in decimal nor in hex.
    for b in &data[2..6] {
        assert!(!shown.contains(&format!("{b}, ")));
    }
    assert!(!shown.to_uppercase().contains("621234"));
}
