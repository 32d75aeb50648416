/*
 * The binclass C API from C: every exported function, with valid and hostile arguments
 * (NULL pointers, length 0, lengths past the buffer, bad enum values and dates, non-ASCII and
 * NUL bytes). Built with -std=c99 -Wall -Wextra -Werror against include/binclass.h and the static
 * library, and run under AddressSanitizer + UBSan and under valgrind by .ci/c-tests.sh.
 *
 * Outputs and short inputs live in heap blocks of their exact size, so that valgrind sees any
 * byte the library reads or writes past them (the Rust side is not ASan-instrumented).
 *
 * Prints "N passed, N failed" and exits non-zero on any failure.
 */
#define _POSIX_C_SOURCE 200809L

#include "binclass.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int passed;
static int failed;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (cond) {                                                                 \
            passed++;                                                               \
        } else {                                                                    \
            failed++;                                                               \
            fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__, __LINE__,    \
                    __func__, #cond);                                               \
        }                                                                           \
    } while (0)

#define CHECK_STATUS(call, want) CHECK((call) == (want))
#define CHECK_STR(got, want) CHECK(strcmp((got), (want)) == 0)

/* A copy of `s` in a heap block of exactly strlen(s) bytes, no NUL. */
static char *exact(const char *s, size_t *len) {
    size_t n = strlen(s);
    char *p = malloc(n ? n : 1);
    if (!p) {
        abort();
    }
    memcpy(p, s, n);
    *len = n;
    return p;
}

static binclass_result *new_result(void) {
    binclass_result *r = malloc(sizeof *r);
    if (!r) {
        abort();
    }
    memset(r, 0xA5, sizeof *r);
    return r;
}

static int untouched(const binclass_result *r) {
    const unsigned char *b = (const unsigned char *)r;
    size_t i;
    for (i = 0; i < sizeof *r; i++) {
        if (b[i] != 0xA5) {
            return 0;
        }
    }
    return 1;
}

/* Classifies `s` (from a heap block of its exact length) with `profile`. */
static binclass_status classify(const binclass_profile *profile, const char *s,
                                binclass_result *out) {
    size_t len;
    char *in = exact(s, &len);
    binclass_status st = binclass_classify(profile, in, len, out);
    free(in);
    return st;
}

/* The same for track data. */
static binclass_status classify_track(const binclass_profile *profile, const char *s,
                                      binclass_result *out) {
    size_t len;
    char *in = exact(s, &len);
    binclass_status st = binclass_classify_track(profile, in, len, out);
    free(in);
    return st;
}

/* EMV data from `n` bytes, copied into a heap block of exactly `n` bytes. */
static binclass_status classify_emv(const binclass_profile *profile, const uint8_t *tlv,
                                    size_t n, binclass_result *out) {
    uint8_t *in = malloc(n ? n : 1);
    binclass_status st;
    if (!in) {
        abort();
    }
    memcpy(in, tlv, n);
    st = binclass_classify_emv(profile, in, n, out);
    free(in);
    return st;
}

/* A profile like `base` dated 2026-11-21, checked to be made. */
static binclass_profile *dated(const binclass_profile *base) {
    binclass_profile *p = NULL;
    CHECK_STATUS(binclass_profile_with_today(base, 2026, 11, 21, &p), BINCLASS_STATUS_OK);
    CHECK(p != NULL);
    return p;
}

static void test_layout(void) {
    CHECK(sizeof(binclass_result) == 120);
    CHECK(offsetof(binclass_result, candidates) == 16);
    CHECK(offsetof(binclass_result, entry) == 24);
    CHECK(offsetof(binclass_result, service_code) == 28);
    CHECK(offsetof(binclass_result, expiry) == 32);
    CHECK(offsetof(binclass_result, masked_pan) == 40);
    CHECK(sizeof(((binclass_result *)0)->masked_pan) == BINCLASS_MASKED_PAN_SIZE);
    CHECK(BINCLASS_STATUS_OK == 0);
    CHECK(BINCLASS_LANG_EN == 0 && BINCLASS_LANG_ZH_CN == 1);
    CHECK(BINCLASS_FALLBACK_ALLOWED == 1 && BINCLASS_FALLBACK_DENIED == 2);
    CHECK(BINCLASS_ENTRY_KEYED == 1 && BINCLASS_ENTRY_TRACK1 == 2 && BINCLASS_ENTRY_TRACK2 == 3 &&
          BINCLASS_ENTRY_EMV == 4);
    CHECK(BINCLASS_MAX_TRACK_INPUT >= 79 + 40);
}

static void test_classify_supported(void) {
    binclass_result *r = new_result();
    CHECK_STATUS(classify(NULL, "4111 1111 1111 1111", r), BINCLASS_STATUS_OK);
    CHECK(r->supported);
    CHECK(r->reason == BINCLASS_REASON_NONE);
    CHECK(r->scheme == BINCLASS_SCHEME_VISA);
    CHECK(r->pan_length == 16);
    CHECK(r->luhn == BINCLASS_LUHN_PASSED);
    CHECK(r->flags == 0);
    CHECK(r->entry == BINCLASS_ENTRY_KEYED);
    CHECK(r->candidates == ((uint64_t)1 << BINCLASS_SCHEME_VISA));
    CHECK_STR(r->masked_pan, "411111******1111");
    CHECK_STR(r->service_code, "");
    CHECK_STR(r->expiry, "");

    CHECK_STATUS(classify(NULL, "6212-3456-7890-1232", r), BINCLASS_STATUS_OK);
    CHECK(r->supported && r->scheme == BINCLASS_SCHEME_UNIONPAY);
    CHECK_STR(r->masked_pan, "621234******1232");

    CHECK_STATUS(classify(NULL, "378282246310005", r), BINCLASS_STATUS_OK);
    CHECK(r->supported && r->scheme == BINCLASS_SCHEME_AMEX && r->pan_length == 15);
    CHECK_STR(r->masked_pan, "378282*****0005");

    /* Co-badged UnionPay / Discover range: both candidates. */
    CHECK_STATUS(classify(NULL, "6221260000000000", r), BINCLASS_STATUS_OK);
    CHECK(r->supported);
    CHECK(r->candidates == (((uint64_t)1 << BINCLASS_SCHEME_UNIONPAY) |
                            ((uint64_t)1 << BINCLASS_SCHEME_DISCOVER)));
    free(r);
}

static void test_classify_reasons(void) {
    static const struct {
        const char *input;
        uint32_t reason;
        const char *masked;
    } cases[] = {
        {"", BINCLASS_REASON_EMPTY, ""},
        {"  --  ", BINCLASS_REASON_EMPTY, ""},
        {"4111 1111 1111 111x", BINCLASS_REASON_INVALID_CHARACTER, ""},
        {"1234", BINCLASS_REASON_BAD_LENGTH, "****"},
        {"4111 1111 1111 1112", BINCLASS_REASON_LUHN_FAILED, "411111******1112"},
    };
    size_t i;
    binclass_result *r = new_result();
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(r, 0xA5, sizeof *r);
        CHECK_STATUS(classify(NULL, cases[i].input, r), BINCLASS_STATUS_OK);
        CHECK(!r->supported);
        CHECK(r->reason == cases[i].reason);
        CHECK_STR(r->masked_pan, cases[i].masked);
        CHECK(r->entry == BINCLASS_ENTRY_KEYED);
    }
    free(r);
}

static void test_classify_hostile(void) {
    binclass_result *r = new_result();
    size_t len;
    char *one = exact("4", &len);
    char *full = malloc(BINCLASS_MAX_INPUT);
    static const char nul_inside[] = "4111\0" "111111111111";
    static const char bytes[] = "\xff\xfe\x80\xe5\x8d\xa1"; /* invalid UTF-8, then 卡 */

    if (!full) {
        abort();
    }
    /* NULL pointers: nothing written. */
    CHECK_STATUS(binclass_classify(NULL, NULL, 16, r), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_classify(NULL, NULL, 0, r), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_classify(NULL, one, 1, NULL), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK(untouched(r));

    /* A length past the 1-byte block is rejected before reading (valgrind would see it). */
    CHECK_STATUS(binclass_classify(NULL, one, BINCLASS_MAX_INPUT + 1, r),
                 BINCLASS_STATUS_INPUT_TOO_LONG);
    CHECK_STATUS(binclass_classify(NULL, one, SIZE_MAX, r), BINCLASS_STATUS_INPUT_TOO_LONG);
    CHECK_STATUS(binclass_classify(NULL, one, (size_t)-1 / 2 + 1, r),
                 BINCLASS_STATUS_INPUT_TOO_LONG);
    CHECK(untouched(r));

    /* Length 0 with a valid pointer: empty. */
    CHECK_STATUS(binclass_classify(NULL, one, 0, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_EMPTY && r->pan_length == 0);

    /* Exactly BINCLASS_MAX_INPUT digits: read, and bad_length, masked in full length. */
    memset(full, '9', BINCLASS_MAX_INPUT);
    CHECK_STATUS(binclass_classify(NULL, full, BINCLASS_MAX_INPUT, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_BAD_LENGTH);
    CHECK(r->pan_length == BINCLASS_MAX_INPUT);
    CHECK(strlen(r->masked_pan) == BINCLASS_MAX_INPUT);
    CHECK(strncmp(r->masked_pan, "999999**", 8) == 0);

    /* Embedded NUL and non-ASCII bytes: classified, never misread. */
    CHECK_STATUS(binclass_classify(NULL, nul_inside, sizeof nul_inside - 1, r),
                 BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_INVALID_CHARACTER);
    CHECK_STATUS(binclass_classify(NULL, bytes, sizeof bytes - 1, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_INVALID_CHARACTER && r->masked_pan[0] == '\0');

    /* A misaligned output pointer. */
    {
        unsigned char *raw = malloc(sizeof(binclass_result) + 8);
        if (!raw) {
            abort();
        }
        CHECK_STATUS(binclass_classify(NULL, one, 1, (binclass_result *)(void *)(raw + 1)),
                     BINCLASS_STATUS_INVALID_ARGUMENT);
        free(raw);
    }
    free(full);
    free(one);
    free(r);
}

static void test_classify_track(void) {
    binclass_profile *p = dated(NULL);
    binclass_result *r = new_result();
    static const struct {
        const char *input;
        uint32_t reason, entry;
        const char *expiry, *service_code;
    } damaged[] = {
        {";6212345678901232=30122011234567890?0", BINCLASS_REASON_LRC_MISMATCH,
         BINCLASS_ENTRY_TRACK2, "", ""},
        {";E?", BINCLASS_REASON_MALFORMED_TRACK, BINCLASS_ENTRY_TRACK2, "", ""},
        {"%E?", BINCLASS_REASON_MALFORMED_TRACK, BINCLASS_ENTRY_TRACK1, "", ""},
        {"%B4111111111111111^X^3012201?", BINCLASS_REASON_MALFORMED_TRACK, BINCLASS_ENTRY_TRACK1,
         "", ""},
        {";6212345678901232=30132011234567890?", BINCLASS_REASON_MALFORMED_TRACK,
         BINCLASS_ENTRY_TRACK2, "", ""},
        {"", BINCLASS_REASON_EMPTY, BINCLASS_ENTRY_TRACK2, "", ""},
        {";4111111111111111=25121011234567890?", BINCLASS_REASON_EXPIRED, BINCLASS_ENTRY_TRACK2,
         "2512", "101"},
        /* Service code 203: ATM only, at a purchase terminal. */
        {";6212345678901232=30122031234567890?", BINCLASS_REASON_SERVICE_NOT_ALLOWED,
         BINCLASS_ENTRY_TRACK2, "3012", "203"},
    };
    size_t i;

    /* Track 2: a UnionPay chip card, good through 2030-12. */
    CHECK_STATUS(classify_track(p, ";6212345678901232=30122011234567890?<", r), BINCLASS_STATUS_OK);
    CHECK(r->supported && r->reason == BINCLASS_REASON_NONE);
    CHECK(r->scheme == BINCLASS_SCHEME_UNIONPAY && r->pan_length == 16);
    CHECK(r->entry == BINCLASS_ENTRY_TRACK2);
    CHECK_STR(r->expiry, "3012");
    CHECK_STR(r->service_code, "201");
    CHECK(r->flags == BINCLASS_FLAG_CHIP_PRESENT);
    CHECK_STR(r->masked_pan, "621234******1232");

    /* Without sentinels, with D as separator. */
    CHECK_STATUS(classify_track(p, "6212345678901232D30122011234567890", r), BINCLASS_STATUS_OK);
    CHECK(r->supported && r->entry == BINCLASS_ENTRY_TRACK2);

    /* Track 1 alone. */
    CHECK_STATUS(classify_track(p, "%B6212345678901232^ZHANG/SAN^3012201000000123?U", r),
                 BINCLASS_STATUS_OK);
    CHECK(r->supported && r->entry == BINCLASS_ENTRY_TRACK1);
    CHECK_STR(r->expiry, "3012");
    CHECK_STR(r->service_code, "201");

    /* Both tracks, as a keyboard-wedge reader types them. */
    CHECK_STATUS(classify_track(p,
                                "%B6212345678901232^ZHANG/SAN^3012201000000123?U"
                                ";6212345678901232=30122011234567890?<",
                                r),
                 BINCLASS_STATUS_OK);
    CHECK(r->supported && r->entry == BINCLASS_ENTRY_TRACK2);

    for (i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
        memset(r, 0xA5, sizeof *r);
        CHECK_STATUS(classify_track(p, damaged[i].input, r), BINCLASS_STATUS_OK);
        CHECK(!r->supported);
        CHECK(r->reason == damaged[i].reason);
        CHECK(r->entry == damaged[i].entry);
        CHECK_STR(r->expiry, damaged[i].expiry);
        CHECK_STR(r->service_code, damaged[i].service_code);
    }
    binclass_profile_free(p);
    free(r);
}

static void test_classify_track_hostile(void) {
    binclass_result *r = new_result();
    size_t len;
    char *one = exact(";", &len);
    char *full = malloc(BINCLASS_MAX_TRACK_INPUT);
    static const char nul_inside[] = ";4111\0" "11111111111=3012201?";
    static const char bytes[] = "\xff\xfe\x80\xe5\x8d\xa1"; /* invalid UTF-8, then 卡 */
    static const char crlf[] = ";6212345678901232=30122011234567890?<\r\n";

    if (!full) {
        abort();
    }
    CHECK_STATUS(binclass_classify_track(NULL, NULL, 16, r), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_classify_track(NULL, NULL, 0, r), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_classify_track(NULL, one, 1, NULL), BINCLASS_STATUS_NULL_ARGUMENT);
    /* Past the 1-byte block: rejected before reading (valgrind would see a read). */
    CHECK_STATUS(binclass_classify_track(NULL, one, BINCLASS_MAX_TRACK_INPUT + 1, r),
                 BINCLASS_STATUS_INPUT_TOO_LONG);
    CHECK_STATUS(binclass_classify_track(NULL, one, SIZE_MAX, r), BINCLASS_STATUS_INPUT_TOO_LONG);
    CHECK(untouched(r));

    CHECK_STATUS(binclass_classify_track(NULL, one, 0, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_EMPTY);
    CHECK_STATUS(binclass_classify_track(NULL, one, 1, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_MALFORMED_TRACK);

    /* Exactly the limit: read to its last byte, and too long for any track. */
    memset(full, '4', BINCLASS_MAX_TRACK_INPUT);
    CHECK_STATUS(binclass_classify_track(NULL, full, BINCLASS_MAX_TRACK_INPUT, r),
                 BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_MALFORMED_TRACK && r->masked_pan[0] == '\0');

    /* NUL, non-ASCII, a line end left on: damaged track data, nothing echoed. */
    CHECK_STATUS(binclass_classify_track(NULL, nul_inside, sizeof nul_inside - 1, r),
                 BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_MALFORMED_TRACK);
    CHECK_STATUS(binclass_classify_track(NULL, bytes, sizeof bytes - 1, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_MALFORMED_TRACK && r->masked_pan[0] == '\0');
    CHECK_STATUS(binclass_classify_track(NULL, crlf, sizeof crlf - 1, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_MALFORMED_TRACK);
    CHECK_STATUS(binclass_classify_track(NULL, crlf, sizeof crlf - 3, r), BINCLASS_STATUS_OK);
    CHECK(r->supported);

    {
        unsigned char *raw = malloc(sizeof(binclass_result) + 8);
        if (!raw) {
            abort();
        }
        CHECK_STATUS(binclass_classify_track(NULL, one, 1, (binclass_result *)(void *)(raw + 1)),
                     BINCLASS_STATUS_INVALID_ARGUMENT);
        free(raw);
    }
    free(full);
    free(one);
    free(r);
}

static void test_classify_emv(void) {
    /* 70 template: 5A PAN, 5F24 2030-12-31, 5F30 220 (online, PIN), 4F UnionPay AID. */
    static const uint8_t record[] = {0x70, 0x1F, 0x5A, 0x08, 0x62, 0x12, 0x34, 0x56, 0x78, 0x90,
                                     0x12, 0x32, 0x5F, 0x24, 0x03, 0x30, 0x12, 0x31, 0x5F, 0x30,
                                     0x02, 0x02, 0x20, 0x4F, 0x08, 0xA0, 0x00, 0x00, 0x03, 0x33,
                                     0x01, 0x01, 0x01};
    /* 57: track 2 equivalent data of a Visa number, under a Mastercard AID. */
    static const uint8_t mismatch[] = {0x57, 0x11, 0x47, 0x61, 0x73, 0x90, 0x01, 0x01, 0x01,
                                       0x19, 0xD2, 0x21, 0x22, 0x01, 0x14, 0x38, 0x04, 0x40,
                                       0x00, 0x4F, 0x07, 0xA0, 0x00, 0x00, 0x00, 0x04, 0x10,
                                       0x10};
    /* 5A and 5F24 2026-11-20: expired the day before 2026-11-21. */
    static const uint8_t expired[] = {0x5A, 0x08, 0x62, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12,
                                      0x32, 0x5F, 0x24, 0x03, 0x26, 0x11, 0x20};
    static const uint8_t truncated[] = {0x5A, 0x09, 0x41};
    static const uint8_t two_pans[] = {0x5A, 0x08, 0x62, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x32,
                                       0x5A, 0x08, 0x41, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11};
    binclass_profile *p = dated(NULL);
    binclass_result *r = new_result();

    CHECK_STATUS(classify_emv(p, record, sizeof record, r), BINCLASS_STATUS_OK);
    CHECK(r->supported && r->scheme == BINCLASS_SCHEME_UNIONPAY);
    CHECK(r->entry == BINCLASS_ENTRY_EMV);
    CHECK_STR(r->expiry, "3012");
    CHECK_STR(r->service_code, "220");
    CHECK(r->flags == (BINCLASS_FLAG_CHIP_PRESENT | BINCLASS_FLAG_PIN_REQUIRED |
                       BINCLASS_FLAG_ONLINE_REQUIRED));
    CHECK_STR(r->masked_pan, "621234******1232");

    CHECK_STATUS(classify_emv(p, mismatch, sizeof mismatch, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_AID_MISMATCH && r->scheme == BINCLASS_SCHEME_VISA);
    CHECK_STR(r->expiry, "2212");
    CHECK_STR(r->service_code, "201");

    CHECK_STATUS(classify_emv(p, expired, sizeof expired, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_EXPIRED);
    CHECK_STR(r->expiry, "2611");
    CHECK_STR(r->service_code, "");
    /* The same card with no date in the profile: supported. */
    CHECK_STATUS(classify_emv(NULL, expired, sizeof expired, r), BINCLASS_STATUS_OK);
    CHECK(r->supported);

    CHECK_STATUS(classify_emv(p, truncated, sizeof truncated, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_MALFORMED_TRACK && r->entry == BINCLASS_ENTRY_EMV);
    CHECK(r->masked_pan[0] == '\0' && r->expiry[0] == '\0');
    CHECK_STATUS(classify_emv(p, two_pans, sizeof two_pans, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_MALFORMED_TRACK);
    /* Hex text passed by mistake is not TLV. */
    CHECK_STATUS(classify_emv(p, (const uint8_t *)"5A086212345678901232", 20, r),
                 BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_MALFORMED_TRACK);
    binclass_profile_free(p);
    free(r);
}

static void test_classify_emv_hostile(void) {
    binclass_result *r = new_result();
    uint8_t *one = malloc(1);
    uint8_t *full = malloc(BINCLASS_MAX_EMV_INPUT);

    if (!one || !full) {
        abort();
    }
    one[0] = 0x5A;
    CHECK_STATUS(binclass_classify_emv(NULL, NULL, 16, r), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_classify_emv(NULL, NULL, 0, r), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_classify_emv(NULL, one, 1, NULL), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_classify_emv(NULL, one, BINCLASS_MAX_EMV_INPUT + 1, r),
                 BINCLASS_STATUS_INPUT_TOO_LONG);
    CHECK_STATUS(binclass_classify_emv(NULL, one, SIZE_MAX, r), BINCLASS_STATUS_INPUT_TOO_LONG);
    CHECK(untouched(r));

    CHECK_STATUS(binclass_classify_emv(NULL, one, 0, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_EMPTY && r->entry == BINCLASS_ENTRY_EMV);
    CHECK_STATUS(binclass_classify_emv(NULL, one, 1, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_MALFORMED_TRACK);

    /* Exactly the limit: all padding bytes (no PAN), then all 0xFF (a tag that never ends). */
    memset(full, 0x00, BINCLASS_MAX_EMV_INPUT);
    CHECK_STATUS(binclass_classify_emv(NULL, full, BINCLASS_MAX_EMV_INPUT, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_MALFORMED_TRACK);
    memset(full, 0xFF, BINCLASS_MAX_EMV_INPUT);
    CHECK_STATUS(binclass_classify_emv(NULL, full, BINCLASS_MAX_EMV_INPUT, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_MALFORMED_TRACK);
    /* A length that claims more than the block holds (82 0F FF): not read past the end. */
    full[BINCLASS_MAX_EMV_INPUT - 4] = 0x5A;
    full[BINCLASS_MAX_EMV_INPUT - 3] = 0x82;
    full[BINCLASS_MAX_EMV_INPUT - 2] = 0x0F;
    full[BINCLASS_MAX_EMV_INPUT - 1] = 0xFF;
    CHECK_STATUS(binclass_classify_emv(NULL, full + BINCLASS_MAX_EMV_INPUT - 4, 4, r),
                 BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_MALFORMED_TRACK);
    {
        unsigned char *raw = malloc(sizeof(binclass_result) + 8);
        if (!raw) {
            abort();
        }
        CHECK_STATUS(binclass_classify_emv(NULL, one, 1, (binclass_result *)(void *)(raw + 1)),
                     BINCLASS_STATUS_INVALID_ARGUMENT);
        free(raw);
    }
    free(full);
    free(one);
    free(r);
}

static void test_profile_with(void) {
    static const char text[] = "accept = [\"unionpay\"]\nfallback = \"denied\"\n";
    static const struct {
        unsigned year, month, day;
    } bad[] = {{0, 1, 1},    {10000, 1, 1}, {65535, 12, 31}, {2026, 0, 1},  {2026, 13, 1},
               {2026, 255, 1}, {2026, 1, 0},  {2026, 1, 32},    {2026, 4, 31}, {2026, 2, 29},
               {2100, 2, 29}, {1900, 2, 29}, {2026, 1, 255}};
    static const char swipe[] = ";6212345678901232=30122011234567890?<";
    static const char expired[] = ";6212345678901232=25122011234567890?";
    binclass_profile *base = NULL, *d = NULL, *allowed = NULL, *q = NULL;
    binclass_profile *const sentinel = (binclass_profile *)(void *)&q;
    binclass_result *r = new_result();
    uint16_t year = 7;
    uint8_t month = 7, day = 7;
    size_t i;

    CHECK_STATUS(binclass_profile_from_str(text, sizeof text - 1, &base), BINCLASS_STATUS_OK);
    d = dated(base);
    CHECK_STATUS(binclass_profile_with_fallback(d, BINCLASS_FALLBACK_ALLOWED, &allowed),
                 BINCLASS_STATUS_OK);

    /* base: no date, fallback denied. d: dated, fallback denied. allowed: dated, allowed. */
    CHECK_STATUS(classify_track(base, expired, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_CHIP_REQUIRED);
    CHECK_STATUS(classify_track(d, expired, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_EXPIRED);
    CHECK_STATUS(classify_track(d, swipe, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_CHIP_REQUIRED);
    CHECK_STATUS(classify_track(allowed, swipe, r), BINCLASS_STATUS_OK);
    CHECK(r->supported);
    /* The accepted schemes came along: Visa is still not accepted. */
    CHECK_STATUS(classify_track(allowed, ";4111111111111111=30121011234567890?", r),
                 BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_SCHEME_NOT_ACCEPTED);

    /* binclass_profile_today: the date, or zeros. */
    CHECK_STATUS(binclass_profile_today(allowed, &year, &month, &day), BINCLASS_STATUS_OK);
    CHECK(year == 2026 && month == 11 && day == 21);
    CHECK_STATUS(binclass_profile_today(base, &year, &month, &day), BINCLASS_STATUS_OK);
    CHECK(year == 0 && month == 0 && day == 0);
    CHECK_STATUS(binclass_profile_today(NULL, &year, &month, &day), BINCLASS_STATUS_OK);
    CHECK(year == 0 && month == 0 && day == 0);
    year = 7;
    month = 7;
    day = 7;
    CHECK_STATUS(binclass_profile_today(d, NULL, &month, &day), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_profile_today(d, &year, NULL, &day), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_profile_today(d, &year, &month, NULL), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK(year == 7 && month == 7 && day == 7);

    /* Dates that do not exist, fallback values that are not a choice: nothing written. */
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        q = sentinel;
        CHECK_STATUS(binclass_profile_with_today(base, (uint16_t)bad[i].year, (uint8_t)bad[i].month,
                                                 (uint8_t)bad[i].day, &q),
                     BINCLASS_STATUS_INVALID_ARGUMENT);
        CHECK(q == sentinel);
    }
    CHECK_STATUS(binclass_profile_with_today(base, 2028, 2, 29, &q), BINCLASS_STATUS_OK);
    binclass_profile_free(q);
    q = sentinel;
    CHECK_STATUS(binclass_profile_with_today(base, 2026, 11, 21, NULL),
                 BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_profile_with_fallback(base, 0, &q), BINCLASS_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(binclass_profile_with_fallback(base, 3, &q), BINCLASS_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(binclass_profile_with_fallback(base, UINT32_MAX, &q),
                 BINCLASS_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(binclass_profile_with_fallback(base, BINCLASS_FALLBACK_DENIED, NULL),
                 BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK(q == sentinel);

    /* NULL: derived from the default profile (every scheme accepted). */
    CHECK_STATUS(binclass_profile_with_fallback(NULL, BINCLASS_FALLBACK_DENIED, &q),
                 BINCLASS_STATUS_OK);
    CHECK_STATUS(classify_track(q, ";4111111111111111=30122011234567890?", r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_CHIP_REQUIRED && r->scheme == BINCLASS_SCHEME_VISA);
    binclass_profile_free(q);

    /* Freed in creation order: each profile stands alone. */
    binclass_profile_free(base);
    CHECK_STATUS(classify_track(allowed, swipe, r), BINCLASS_STATUS_OK);
    CHECK(r->supported);
    binclass_profile_free(d);
    binclass_profile_free(allowed);
    free(r);
}

static void test_candidates(void) {
    uint32_t *ids = malloc(BINCLASS_MAX_SCHEMES * sizeof *ids);
    uint32_t *small;
    size_t n = 0, all = 0, i, len;
    char *in = exact("62", &len);
    int up = 0, disc = 0;

    if (!ids) {
        abort();
    }
    CHECK_STATUS(binclass_candidates(in, len, ids, BINCLASS_MAX_SCHEMES, &n), BINCLASS_STATUS_OK);
    for (i = 0; i < n; i++) {
        up |= ids[i] == BINCLASS_SCHEME_UNIONPAY;
        disc |= ids[i] == BINCLASS_SCHEME_DISCOVER;
        CHECK(i == 0 || ids[i - 1] < ids[i]);
    }
    CHECK(up && disc);

    /* Nothing typed: every scheme; then exactly that many slots, then one fewer. */
    CHECK_STATUS(binclass_candidates(in, 0, ids, BINCLASS_MAX_SCHEMES, &all), BINCLASS_STATUS_OK);
    CHECK(all > 2 && all < BINCLASS_MAX_SCHEMES);
    small = malloc(all * sizeof *small);
    if (!small) {
        abort();
    }
    CHECK_STATUS(binclass_candidates(in, 0, small, all, &n), BINCLASS_STATUS_OK);
    CHECK(n == all);
    n = 12345;
    small[0] = 0xDEADBEEF;
    CHECK_STATUS(binclass_candidates(in, 0, small, all - 1, &n), BINCLASS_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == 12345 && small[0] == 0xDEADBEEF);
    free(small);

    /* Not a digit, or too many digits: no scheme, capacity 0 is enough. */
    CHECK_STATUS(binclass_candidates("4x", 2, ids, 0, &n), BINCLASS_STATUS_OK);
    CHECK(n == 0);
    CHECK_STATUS(binclass_candidates("41111111111111111111", 20, ids, 0, &n), BINCLASS_STATUS_OK);
    CHECK(n == 0);
    CHECK_STATUS(binclass_candidates("\0\xff", 2, ids, 0, &n), BINCLASS_STATUS_OK);
    CHECK(n == 0);

    /* Hostile arguments. */
    n = 777;
    CHECK_STATUS(binclass_candidates(NULL, 0, ids, 4, &n), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_candidates(in, len, NULL, 4, &n), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_candidates(in, len, ids, 4, NULL), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_candidates(in, BINCLASS_MAX_INPUT + 1, ids, 4, &n),
                 BINCLASS_STATUS_INPUT_TOO_LONG);
    CHECK_STATUS(binclass_candidates(in, SIZE_MAX, ids, 4, &n), BINCLASS_STATUS_INPUT_TOO_LONG);
    CHECK(n == 777);
    free(in);
    free(ids);
}

static size_t last_error(char *buf, size_t cap) {
    size_t n = binclass_profile_last_error(buf, cap);
    return n;
}

static void test_profile_from_str(void) {
    static const char toml[] = "accept = [\"unionpay\", \"visa\"]\n"
                               "[schemes.unionpay]\nluhn = \"required\"\n";
    static const char json[] = "{\"accept\": [\"amex\"]}";
    char err[BINCLASS_ERROR_SIZE];
    binclass_profile *p = NULL, *q = NULL;
    binclass_profile *const sentinel = (binclass_profile *)(void *)&err;
    binclass_result *r = new_result();
    size_t len;
    char *text;

    text = exact(toml, &len);
    CHECK_STATUS(binclass_profile_from_str(text, len, &p), BINCLASS_STATUS_OK);
    free(text);
    CHECK(p != NULL);
    CHECK(last_error(err, sizeof err) == 0 && err[0] == '\0');
    CHECK_STATUS(classify(p, "378282246310005", r), BINCLASS_STATUS_OK);
    CHECK(!r->supported && r->reason == BINCLASS_REASON_SCHEME_NOT_ACCEPTED);
    CHECK(r->scheme == BINCLASS_SCHEME_AMEX);
    CHECK_STATUS(classify(p, "6212345678901232", r), BINCLASS_STATUS_OK);
    CHECK(r->supported && r->scheme == BINCLASS_SCHEME_UNIONPAY);
    CHECK_STATUS(classify(p, "6212345678901233", r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_LUHN_FAILED);

    text = exact(json, &len);
    CHECK_STATUS(binclass_profile_from_str(text, len, &q), BINCLASS_STATUS_OK);
    free(text);
    CHECK_STATUS(classify(q, "378282246310005", r), BINCLASS_STATUS_OK);
    CHECK(r->supported);
    binclass_profile_free(q);

    /* Length 0: an empty profile, which accepts every scheme. */
    CHECK_STATUS(binclass_profile_from_str(toml, 0, &q), BINCLASS_STATUS_OK);
    CHECK_STATUS(classify(q, "378282246310005", r), BINCLASS_STATUS_OK);
    CHECK(r->supported);
    binclass_profile_free(q);

    /* Invalid profiles: nothing written, an explanation per thread. */
    q = sentinel;
    text = exact("acept = []", &len);
    CHECK_STATUS(binclass_profile_from_str(text, len, &q), BINCLASS_STATUS_PROFILE_INVALID);
    free(text);
    CHECK(q == sentinel);
    CHECK(last_error(err, sizeof err) > 0 && strstr(err, "acept") != NULL);
    CHECK(strncmp(err, "<string>: invalid profile: ", 27) == 0);
    CHECK_STATUS(binclass_profile_from_str("accept = [\"visa\"]\xff", 18, &q),
                 BINCLASS_STATUS_PROFILE_INVALID);
    CHECK(last_error(err, sizeof err) > 0 && strstr(err, "not UTF-8") != NULL);
    CHECK_STATUS(binclass_profile_from_str("accept = [\"visa\"]\0x", 19, &q),
                 BINCLASS_STATUS_PROFILE_INVALID);
    CHECK(q == sentinel);

    /* A card number pasted as a profile never comes back in the message. */
    text = exact("4111111111111111 = 1", &len);
    CHECK_STATUS(binclass_profile_from_str(text, len, &q), BINCLASS_STATUS_PROFILE_INVALID);
    free(text);
    last_error(err, sizeof err);
    CHECK(strstr(err, "4111111111111111") == NULL && strstr(err, "****************") != NULL);

    /* snprintf-like copies. */
    {
        size_t full = last_error(NULL, 0);
        char small[8];
        memset(small, 'x', sizeof small);
        CHECK(full > sizeof small);
        CHECK(last_error(small, 0) == full && small[0] == 'x');
        CHECK(last_error(small, sizeof small) == full);
        CHECK(strlen(small) == sizeof small - 1);
        CHECK(strncmp(small, err, sizeof small - 1) == 0);
    }

    /* NULLs and over-long lengths (past a 1-byte block: rejected before reading). */
    text = exact("{", &len);
    CHECK_STATUS(binclass_profile_from_str(NULL, 5, &q), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_profile_from_str(text, len, NULL), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_profile_from_str(text, BINCLASS_MAX_PROFILE_SIZE + 1, &q),
                 BINCLASS_STATUS_INPUT_TOO_LONG);
    CHECK_STATUS(binclass_profile_from_str(text, SIZE_MAX, &q), BINCLASS_STATUS_INPUT_TOO_LONG);
    CHECK(q == sentinel);
    free(text);

    binclass_profile_free(p);
    binclass_profile_free(NULL);
    free(r);
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (!f) {
        abort();
    }
    fputs(text, f);
    fclose(f);
}

static void test_profile_from_file(void) {
    char dir[] = "/tmp/binclass-c-test-XXXXXX";
    char path[256], err[BINCLASS_ERROR_SIZE];
    binclass_profile *p = NULL;
    binclass_result *r = new_result();
    char *no_nul;

    if (!mkdtemp(dir)) {
        abort();
    }
    snprintf(path, sizeof path, "%s/terminal.toml", dir);
    write_file(path, "# counter 3\naccept = [\"unionpay\"]\n");
    CHECK_STATUS(binclass_profile_from_file(path, &p), BINCLASS_STATUS_OK);
    CHECK_STATUS(classify(p, "4111111111111111", r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_SCHEME_NOT_ACCEPTED);
    binclass_profile_free(p);
    p = NULL;

    write_file(path, "accept = [\"visa\"]\n[schemes.visa]\nluhn = \"sometimes\"\n");
    CHECK_STATUS(binclass_profile_from_file(path, &p), BINCLASS_STATUS_PROFILE_INVALID);
    last_error(err, sizeof err);
    CHECK(strstr(err, "terminal.toml: invalid profile") != NULL);
    CHECK(strstr(err, "sometimes") != NULL && strstr(err, "line 3") != NULL);
    remove(path);

    CHECK_STATUS(binclass_profile_from_file(path, &p), BINCLASS_STATUS_PROFILE_IO);
    last_error(err, sizeof err);
    CHECK(strstr(err, "cannot read profile") != NULL);
    CHECK_STATUS(binclass_profile_from_file(dir, &p), BINCLASS_STATUS_PROFILE_IO);
    CHECK_STATUS(binclass_profile_from_file("", &p), BINCLASS_STATUS_PROFILE_IO);
    CHECK_STATUS(binclass_profile_from_file("/nonexistent/\xff\xfe.toml", &p),
                 BINCLASS_STATUS_PROFILE_IO);
    CHECK_STATUS(binclass_profile_from_file(NULL, &p), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_profile_from_file(path, NULL), BINCLASS_STATUS_NULL_ARGUMENT);

    /* A path with no NUL in BINCLASS_MAX_PATH bytes: the block ends there, and is not
     * read past (valgrind would see it). */
    no_nul = malloc(BINCLASS_MAX_PATH);
    if (!no_nul) {
        abort();
    }
    memset(no_nul, 'a', BINCLASS_MAX_PATH);
    CHECK_STATUS(binclass_profile_from_file(no_nul, &p), BINCLASS_STATUS_INPUT_TOO_LONG);
    free(no_nul);
    CHECK(p == NULL);
    rmdir(dir);
    free(r);
}

/* Classifies `s` with `profile` and card data `data` (input in an exact heap block). */
static binclass_status classify_with(const binclass_profile *profile,
                                     const binclass_card_data *data, const char *s,
                                     binclass_result *out) {
    size_t len;
    char *in = exact(s, &len);
    binclass_status st = binclass_classify_with(profile, data, in, len, out);
    free(in);
    return st;
}

static void test_card_data(void) {
    static const char domestic[] = "9558801234567890128"; /* 955880: not in the compiled table */
    static const char swipe[] = ";4111111111111111=30122011234567890?";
    static const uint8_t chip[] = {0x5A, 0x0A, 0x95, 0x58, 0x80, 0x12, 0x34, 0x56,
                                   0x78, 0x90, 0x12, 0x8F, 0x5F, 0x24, 0x03, 0x30,
                                   0x12, 0x31, 0x5F, 0x30, 0x02, 0x02, 0x20};
    static const char debit_only[] = "products = [\"debit\"]\ntoday = \"2026-11-21\"";
    char dir[] = "/tmp/binclass-c-data-XXXXXX";
    char path[256], err[BINCLASS_ERROR_SIZE];
    binclass_card_data *data = NULL;
    binclass_profile *debit = NULL;
    binclass_result *r = new_result();
    uint8_t *tlv;
    char *no_nul;

    if (!mkdtemp(dir)) {
        abort();
    }
    CHECK_STATUS(binclass_card_data_new(&data), BINCLASS_STATUS_OK);
    CHECK(data != NULL);
    CHECK_STATUS(binclass_profile_from_str(debit_only, sizeof debit_only - 1, &debit),
                 BINCLASS_STATUS_OK);

    /* The compiled table alone: the same verdict as binclass_classify; NULL data too. */
    CHECK_STATUS(classify_with(NULL, data, domestic, r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_UNKNOWN_IIN);
    CHECK_STATUS(classify_with(NULL, NULL, "4111 1111 1111 1111", r), BINCLASS_STATUS_OK);
    CHECK(r->supported && r->scheme == BINCLASS_SCHEME_VISA && r->entry == BINCLASS_ENTRY_KEYED);

    /* A field update: the table file from the examples, then the domestic card is known. */
    CHECK_STATUS(binclass_card_data_load_table(data, "examples/data/update-2026-12.csv"),
                 BINCLASS_STATUS_OK);
    CHECK(binclass_profile_last_error(NULL, 0) == 0);
    CHECK_STATUS(classify_with(NULL, data, domestic, r), BINCLASS_STATUS_OK);
    CHECK(r->supported && r->scheme == BINCLASS_SCHEME_UNIONPAY && r->pan_length == 19);
    CHECK_STR(r->masked_pan, "955880*********0128");

    /* A broken file: FILE:LINE errors, and the update keeps serving. */
    snprintf(path, sizeof path, "%s/update.csv", dir);
    write_file(path, "# version: 2\n# effective: 2026-12-01\n"
                     "start,end,scheme,lengths,luhn,cobadge,example,source,action\n"
                     "955880,955880,nosuchscheme,19,required,,95588000,T,\n");
    CHECK_STATUS(binclass_card_data_load_table(data, path), BINCLASS_STATUS_DATA_INVALID);
    last_error(err, sizeof err);
    CHECK(strstr(err, "update.csv:4: ") != NULL);
    CHECK(strstr(err, "nosuchscheme") != NULL);
    CHECK_STATUS(classify_with(NULL, data, domestic, r), BINCLASS_STATUS_OK);
    CHECK(r->supported);
    remove(path);
    CHECK_STATUS(binclass_card_data_load_table(data, path), BINCLASS_STATUS_DATA_IO);
    last_error(err, sizeof err);
    CHECK(strstr(err, "cannot read") != NULL);

    /* Issuer data: a debit-only terminal refuses a credit card, keyed and swiped, and takes
     * the domestic debit card by chip. */
    CHECK_STATUS(binclass_card_data_load_bins(data, "examples/data/bins.csv"),
                 BINCLASS_STATUS_OK);
    CHECK_STATUS(classify_with(debit, data, "4111111111111111", r), BINCLASS_STATUS_OK);
    CHECK(!r->supported && r->reason == BINCLASS_REASON_PRODUCT_NOT_ACCEPTED);
    CHECK(r->scheme == BINCLASS_SCHEME_VISA);
    CHECK_STATUS(classify(debit, "4111111111111111", r), BINCLASS_STATUS_OK);
    CHECK(r->supported); /* without issuer data nothing is known to be credit */
    {
        size_t len;
        char *in = exact(swipe, &len);
        CHECK_STATUS(binclass_classify_track_with(debit, data, in, len, r), BINCLASS_STATUS_OK);
        CHECK(r->reason == BINCLASS_REASON_PRODUCT_NOT_ACCEPTED);
        CHECK(r->entry == BINCLASS_ENTRY_TRACK2 && strcmp(r->expiry, "3012") == 0);
        free(in);
    }
    tlv = malloc(sizeof chip);
    if (!tlv) {
        abort();
    }
    memcpy(tlv, chip, sizeof chip);
    CHECK_STATUS(binclass_classify_emv_with(debit, data, tlv, sizeof chip, r), BINCLASS_STATUS_OK);
    CHECK(r->supported && r->entry == BINCLASS_ENTRY_EMV && r->scheme == BINCLASS_SCHEME_UNIONPAY);
    CHECK_STATUS(binclass_classify_emv_with(debit, data, tlv, BINCLASS_MAX_EMV_INPUT + 1, r),
                 BINCLASS_STATUS_INPUT_TOO_LONG);
    free(tlv);

    /* Rollback: the compiled table again (the BIN file stays). */
    CHECK_STATUS(binclass_card_data_rollback(data), BINCLASS_STATUS_OK);
    CHECK_STATUS(classify_with(NULL, data, domestic, r), BINCLASS_STATUS_OK);
    CHECK(r->supported); /* the BIN file names 955880 as UnionPay */
    CHECK_STATUS(classify_with(debit, data, "4111111111111111", r), BINCLASS_STATUS_OK);
    CHECK(r->reason == BINCLASS_REASON_PRODUCT_NOT_ACCEPTED);

    /* Hostile arguments: nothing written, the right status. */
    memset(r, 0xA5, sizeof *r);
    CHECK_STATUS(binclass_classify_with(NULL, data, NULL, 0, r), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_classify_with(NULL, data, "4", 0, NULL), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_classify_with(NULL, data, "4", BINCLASS_MAX_INPUT + 1, r),
                 BINCLASS_STATUS_INPUT_TOO_LONG);
    CHECK_STATUS(binclass_classify_with(NULL, (const binclass_card_data *)((const char *)data + 1),
                                        "4", 1, r),
                 BINCLASS_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(binclass_classify_track_with(NULL, data, "x", BINCLASS_MAX_TRACK_INPUT + 1, r),
                 BINCLASS_STATUS_INPUT_TOO_LONG);
    CHECK(untouched(r));
    CHECK_STATUS(binclass_card_data_load_table(NULL, "x.csv"), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_card_data_load_table(data, NULL), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_card_data_load_bins(data, dir), BINCLASS_STATUS_DATA_IO);
    CHECK_STATUS(binclass_card_data_rollback(NULL), BINCLASS_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(binclass_card_data_new(NULL), BINCLASS_STATUS_NULL_ARGUMENT);
    no_nul = malloc(BINCLASS_MAX_PATH);
    if (!no_nul) {
        abort();
    }
    memset(no_nul, 'a', BINCLASS_MAX_PATH);
    CHECK_STATUS(binclass_card_data_load_bins(data, no_nul), BINCLASS_STATUS_INPUT_TOO_LONG);
    free(no_nul);

    binclass_card_data_free(data);
    binclass_card_data_free(NULL);
    binclass_profile_free(debit);
    rmdir(dir);
    free(r);
}

static void test_strings(void) {
    static const char *const codes[] = {
        "empty",           "invalid_character", "bad_length",    "luhn_failed",
        "unknown_iin",     "scheme_not_accepted", "malformed_track", "lrc_mismatch",
        "expired",         "chip_required",     "service_not_allowed", "aid_mismatch",
        "product_not_accepted", "country_not_accepted"};
    uint32_t i;
    CHECK(BINCLASS_REASON_COUNTRY_NOT_ACCEPTED == sizeof codes / sizeof codes[0]);
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *en = binclass_reason_message(i + 1, BINCLASS_LANG_EN);
        const char *zh = binclass_reason_message(i + 1, BINCLASS_LANG_ZH_CN);
        CHECK_STR(binclass_reason_code(i + 1), codes[i]);
        CHECK(strlen(en) > 10 && strcmp(en, zh) != 0);
        CHECK((unsigned char)zh[0] >= 0xE0); /* starts with a CJK character in UTF-8 */
        CHECK_STR(binclass_reason_message(i + 1, 2), "unknown");
        CHECK_STR(binclass_reason_message(i + 1, UINT32_MAX), "unknown");
    }
    CHECK(strstr(binclass_reason_message(BINCLASS_REASON_UNKNOWN_IIN, BINCLASS_LANG_ZH_CN),
                 "卡表") != NULL);
    CHECK_STR(binclass_reason_code(BINCLASS_REASON_COUNTRY_NOT_ACCEPTED + 1), "unknown");
    CHECK_STR(binclass_reason_code(0), "unknown");
    CHECK_STR(binclass_reason_code(255), "unknown");
    CHECK_STR(binclass_reason_code(UINT32_MAX), "unknown");
    CHECK_STR(binclass_reason_message(0, BINCLASS_LANG_EN), "unknown");
    CHECK_STR(binclass_reason_message(UINT32_MAX, UINT32_MAX), "unknown");

    CHECK_STR(binclass_scheme_name(BINCLASS_SCHEME_UNIONPAY), "UnionPay");
    CHECK_STR(binclass_scheme_id(BINCLASS_SCHEME_UNIONPAY), "unionpay");
    CHECK_STR(binclass_scheme_id(BINCLASS_SCHEME_CHINA_T_UNION), "china_t_union");
    CHECK_STR(binclass_scheme_name(BINCLASS_SCHEME_AMEX), "American Express");
    CHECK_STR(binclass_scheme_name(BINCLASS_SCHEME_NONE), "unknown");
    CHECK_STR(binclass_scheme_name(64), "unknown");
    CHECK_STR(binclass_scheme_name(256 + BINCLASS_SCHEME_VISA), "unknown");
    CHECK_STR(binclass_scheme_id(UINT32_MAX), "unknown");
    for (i = 1; i <= BINCLASS_SCHEME_EDENRED; i++) {
        CHECK(strcmp(binclass_scheme_id(i), "unknown") != 0);
    }

    CHECK_STR(binclass_status_name(BINCLASS_STATUS_OK), "ok");
    CHECK_STR(binclass_status_name(BINCLASS_STATUS_INPUT_TOO_LONG), "input_too_long");
    CHECK_STR(binclass_status_name(BINCLASS_STATUS_PANIC), "panic");
    CHECK_STR(binclass_status_name(BINCLASS_STATUS_DATA_INVALID), "data_invalid");
    CHECK_STR(binclass_status_name(BINCLASS_STATUS_DATA_IO), "data_io");
    CHECK_STR(binclass_status_name(BINCLASS_STATUS_DATA_IO + 1), "unknown");
    CHECK_STR(binclass_status_name(UINT32_MAX), "unknown");

    CHECK(binclass_version() != NULL && strchr(binclass_version(), '.') != NULL);
    CHECK(binclass_data_version() != NULL && binclass_data_version()[0] != '\0');
}

struct worker {
    const binclass_profile *profile;
    int ok;
    size_t errlen;
};

static void *work(void *arg) {
    struct worker *w = arg;
    static const char swipe[] = ";6212345678901232=25122011234567890?";
    binclass_result r;
    int i;
    w->ok = 1;
    for (i = 0; i < 500; i++) {
        const char *in = (i % 2) ? "6212 3456 7890 1232" : "378282246310005";
        if (binclass_classify(w->profile, in, strlen(in), &r) != BINCLASS_STATUS_OK) {
            w->ok = 0;
        }
        if ((i % 2) ? !r.supported : r.reason != BINCLASS_REASON_SCHEME_NOT_ACCEPTED) {
            w->ok = 0;
        }
        if (binclass_classify_track(w->profile, swipe, sizeof swipe - 1, &r) !=
                BINCLASS_STATUS_OK ||
            r.reason != BINCLASS_REASON_EXPIRED) {
            w->ok = 0;
        }
    }
    w->errlen = binclass_profile_last_error(NULL, 0);
    return NULL;
}

static void test_threads(void) {
    static const char text[] = "accept = [\"unionpay\"]\ntoday = \"2026-11-21\"";
    binclass_profile *p = NULL;
    pthread_t t[4];
    struct worker w[4];
    int i;
    CHECK_STATUS(binclass_profile_from_str(text, sizeof text - 1, &p), BINCLASS_STATUS_OK);
    /* A failure on this thread is not seen by the others. */
    CHECK_STATUS(binclass_profile_from_str("x", 1, &p), BINCLASS_STATUS_PROFILE_INVALID);
    CHECK(binclass_profile_last_error(NULL, 0) > 0);
    for (i = 0; i < 4; i++) {
        w[i].profile = p;
        w[i].ok = 0;
        CHECK(pthread_create(&t[i], NULL, work, &w[i]) == 0);
    }
    for (i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK(w[i].ok);
        CHECK(w[i].errlen == 0);
    }
    binclass_profile_free(p);
}

int main(void) {
    test_layout();
    test_classify_supported();
    test_classify_reasons();
    test_classify_hostile();
    test_classify_track();
    test_classify_track_hostile();
    test_classify_emv();
    test_classify_emv_hostile();
    test_profile_with();
    test_candidates();
    test_profile_from_str();
    test_profile_from_file();
    test_card_data();
    test_strings();
    test_threads();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
