/*
 * pos_terminal: what a legacy C POS application does with binclass before it goes online.
 *
 *   pos_terminal [OPTIONS] [INPUT...]   classify each INPUT, or each line of stdin
 *   pos_terminal --typed DIGITS         schemes the digits typed so far could be
 *   pos_terminal --version              library and card table versions
 *
 * Options, as for `binclass classify`:
 *   --profile FILE          terminal profile (TOML, or JSON if it starts with `{`)
 *   --track                 inputs are magnetic-stripe data: track 1, track 2 or both
 *   --emv                   inputs are EMV data as hex BER-TLV (spaces allowed)
 *   --today YYYY-MM-DD      date for expiry checks [default: the profile's `today`, else the
 *                           system clock's UTC date]
 *   --fallback allow|deny   may a swiped chip card be taken? (overrides the profile)
 *   --table FILE            a runtime card table laid over the compiled one (a field update)
 *   --bins FILE             issuer data: product and country by BIN, for the profile's
 *                           product and country rules
 * Without --track or --emv, inputs are keyed card numbers. Without --table and --bins, the
 * compiled card table alone decides (the classify_with calls below take NULL card data).
 *
 * For each input it prints the masked number and the verdict; for card-present input also
 * how the card was read, its expiry and service code; for a card it cannot take, the reason
 * code and the merchant message in English and Chinese. It never prints what was typed,
 * swiped or read: only the masked number, which binclass builds (first 6 and last 4 digits at
 * most). Its own copies of card data (stdin lines, decoded EMV data) are wiped after use.
 *
 * A chip reader delivers EMV data as bytes, which is what binclass_classify_emv takes; the hex
 * form is only how the data is given on a command line, so it is decoded here. Text that is
 * not hex is declined as invalid_character and an odd number of hex digits as
 * malformed_track, as the binclass command does.
 *
 * Exit status: 0 when every input was classified (whatever the verdicts), 1 when a call
 * failed (e.g. an input longer than binclass accepts), 2 for usage or profile errors.
 *
 * C99; build with examples/Makefile (see README.md, "C API").
 */
#include "binclass.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum mode { MODE_KEYED, MODE_TRACK, MODE_EMV };

/* Overwrites card data in memory that is about to be reused or left behind. The volatile
 * stores cannot be optimised away as dead. */
static void wipe(void *p, size_t n) {
    volatile unsigned char *b = p;
    while (n--) {
        *b++ = 0;
    }
}

static const char *entry_name(uint32_t entry) {
    switch (entry) {
    case BINCLASS_ENTRY_KEYED:
        return "keyed";
    case BINCLASS_ENTRY_TRACK1:
        return "track1";
    case BINCLASS_ENTRY_TRACK2:
        return "track2";
    case BINCLASS_ENTRY_EMV:
        return "emv";
    default:
        return "unknown";
    }
}

/* `  read: track2  expiry 3012  service code 201` for card-present input. */
static void print_card_present(const binclass_result *r) {
    if (r->entry == BINCLASS_ENTRY_KEYED) {
        return;
    }
    printf("  read: %s", entry_name(r->entry));
    if (r->expiry[0] != '\0') {
        printf("  expiry %s", r->expiry);
    }
    if (r->service_code[0] != '\0') {
        printf("  service code %s", r->service_code);
    }
    printf("\n");
}

/* Prints one verdict the way a terminal log or receipt line would show it. */
static void print_verdict(const binclass_result *r) {
    if (r->supported) {
        uint32_t code;
        int co_badged = (r->candidates & (r->candidates - 1)) != 0;
        printf("APPROVED FOR ONLINE  %-19s  %s\n", r->masked_pan, binclass_scheme_name(r->scheme));
        if (r->luhn == BINCLASS_LUHN_FAILED) {
            printf("  note: check digit wrong, accepted by this scheme's rules\n");
        }
        if (co_badged) {
            printf("  co-badged:");
            for (code = 1; code < 64; code++) {
                if (r->candidates & ((uint64_t)1 << code)) {
                    printf(" %s", binclass_scheme_name(code));
                }
            }
            printf("\n");
        }
        print_card_present(r);
        if (r->flags != 0) {
            printf("  next:%s%s%s\n", (r->flags & BINCLASS_FLAG_CHIP_PRESENT) ? " chip" : "",
                   (r->flags & BINCLASS_FLAG_PIN_REQUIRED) ? " pin" : "",
                   (r->flags & BINCLASS_FLAG_ONLINE_REQUIRED) ? " online" : "");
        }
        return;
    }
    printf("DECLINED             %-19s  %s (%u)\n", r->masked_pan[0] ? r->masked_pan : "-",
           binclass_reason_code(r->reason), (unsigned)r->reason);
    if (r->scheme != BINCLASS_SCHEME_NONE) {
        printf("  card: %s\n", binclass_scheme_name(r->scheme));
    }
    print_card_present(r);
    printf("  en: %s\n", binclass_reason_message(r->reason, BINCLASS_LANG_EN));
    printf("  zh: %s\n", binclass_reason_message(r->reason, BINCLASS_LANG_ZH_CN));
}

enum hex { HEX_OK, HEX_NOT_HEX, HEX_ODD, HEX_TOO_LONG };

/* Decodes hex text (either case, spaces ignored) into out[0..cap). *n is the number of bytes
 * written, also on failure, so that the caller can wipe them. */
static enum hex decode_hex(const char *text, size_t len, uint8_t *out, size_t cap, size_t *n) {
    size_t i;
    int high = -1;
    *n = 0;
    for (i = 0; i < len; i++) {
        char c = text[i];
        int v;
        if (c >= '0' && c <= '9') {
            v = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            v = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            v = c - 'A' + 10;
        } else if (c == ' ') {
            continue;
        } else {
            return HEX_NOT_HEX;
        }
        if (high < 0) {
            high = v;
        } else if (*n == cap) {
            return HEX_TOO_LONG;
        } else {
            out[(*n)++] = (uint8_t)(high << 4 | v);
            high = -1;
        }
    }
    return high < 0 ? HEX_OK : HEX_ODD;
}

/* A verdict for EMV hex that does not decode, so never reached binclass. */
static void declined(binclass_result *r, uint32_t reason) {
    memset(r, 0, sizeof *r);
    r->entry = BINCLASS_ENTRY_EMV;
    r->reason = reason;
}

/* Classifies `len` bytes of input with `data` (NULL: the compiled table); returns 0 when
 * classified, 1 when the call failed. */
static int classify(const binclass_profile *profile, const binclass_card_data *data,
                    enum mode mode, const char *input, size_t len) {
    static uint8_t tlv[BINCLASS_MAX_EMV_INPUT];
    binclass_result r;
    binclass_status st = BINCLASS_STATUS_INVALID_ARGUMENT; /* every path below sets it */
    size_t n = 0;

    switch (mode) {
    case MODE_KEYED:
        st = binclass_classify_with(profile, data, input, len, &r);
        break;
    case MODE_TRACK:
        st = binclass_classify_track_with(profile, data, input, len, &r);
        break;
    case MODE_EMV:
        switch (decode_hex(input, len, tlv, sizeof tlv, &n)) {
        case HEX_OK:
            st = binclass_classify_emv_with(profile, data, tlv, n, &r);
            break;
        case HEX_TOO_LONG:
            st = BINCLASS_STATUS_INPUT_TOO_LONG;
            break;
        case HEX_NOT_HEX: /* not EMV data: declined here, as the binclass command does */
            declined(&r, BINCLASS_REASON_INVALID_CHARACTER);
            st = BINCLASS_STATUS_OK;
            break;
        case HEX_ODD:
            declined(&r, BINCLASS_REASON_MALFORMED_TRACK);
            st = BINCLASS_STATUS_OK;
            break;
        }
        wipe(tlv, n);
        break;
    }
    if (st != BINCLASS_STATUS_OK) {
        printf("ERROR                %s\n", binclass_status_name(st));
        return 1;
    }
    print_verdict(&r);
    return 0;
}

static int typed(const char *digits) {
    uint32_t ids[BINCLASS_MAX_SCHEMES];
    size_t n = 0, i;
    binclass_status st = binclass_candidates(digits, strlen(digits), ids, BINCLASS_MAX_SCHEMES, &n);
    if (st != BINCLASS_STATUS_OK) {
        fprintf(stderr, "pos_terminal: %s\n", binclass_status_name(st));
        return 1;
    }
    for (i = 0; i < n; i++) {
        printf("%s\n", binclass_scheme_id(ids[i]));
    }
    return 0;
}

static int usage(void) {
    fprintf(stderr, "usage: pos_terminal [--profile FILE] [--track | --emv] [--today YYYY-MM-DD]\n"
                    "                    [--fallback allow|deny] [--table FILE] [--bins FILE]\n"
                    "                    [INPUT...]\n"
                    "       pos_terminal --typed DIGITS\n"
                    "       pos_terminal --version\n");
    return 2;
}

/* Parses YYYY-MM-DD into numbers; whether the date exists is binclass's check. */
static int parse_date(const char *s, unsigned *y, unsigned *m, unsigned *d) {
    static const char shape[] = "9999-99-99";
    size_t i;
    if (strlen(s) != sizeof shape - 1) {
        return 0;
    }
    for (i = 0; shape[i] != '\0'; i++) {
        if (shape[i] == '9' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i]) {
            return 0;
        }
    }
    *y = (unsigned)((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'));
    *m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
    *d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
    return 1;
}

/* Replaces *profile by a profile derived from it (binclass_profile_with_*), freeing the old. */
static void replace(binclass_profile **profile, binclass_profile *derived) {
    binclass_profile_free(*profile);
    *profile = derived;
}

/* Sets the date expiry is checked against: --today, else the profile's own date, else the
 * system clock's UTC date. Returns 0, or 2 for a bad --today. */
static int set_today(binclass_profile **profile, const char *today) {
    binclass_profile *dated = NULL;
    unsigned y = 0, m = 0, d = 0;
    if (today != NULL) {
        if (!parse_date(today, &y, &m, &d) || y > UINT16_MAX ||
            binclass_profile_with_today(*profile, (uint16_t)y, (uint8_t)m, (uint8_t)d, &dated) !=
                BINCLASS_STATUS_OK) {
            fprintf(stderr, "pos_terminal: --today %s: expected a date as YYYY-MM-DD, e.g. "
                            "2026-11-21\n",
                    today);
            return 2;
        }
    } else {
        uint16_t py = 0;
        uint8_t pm = 0, pd = 0;
        time_t now = time(NULL);
        const struct tm *utc = now == (time_t)-1 ? NULL : gmtime(&now);
        binclass_profile_today(*profile, &py, &pm, &pd);
        if (py != 0 || utc == NULL ||
            binclass_profile_with_today(*profile, (uint16_t)(utc->tm_year + 1900),
                                        (uint8_t)(utc->tm_mon + 1), (uint8_t)utc->tm_mday,
                                        &dated) != BINCLASS_STATUS_OK) {
            return 0; /* the profile's date, or none if the clock is unusable */
        }
    }
    replace(profile, dated);
    return 0;
}

/* Card data with the table update and BIN file given (either may be NULL). A terminal would
 * keep one binclass_card_data for its whole run and load updates into it as they arrive,
 * while other threads classify. Returns 0, or 2 when a file cannot be loaded. */
static int load_card_data(binclass_card_data **data, const char *table, const char *bins) {
    char why[BINCLASS_ERROR_SIZE];
    if (binclass_card_data_new(data) != BINCLASS_STATUS_OK) {
        return 2;
    }
    if ((table != NULL && binclass_card_data_load_table(*data, table) != BINCLASS_STATUS_OK) ||
        (bins != NULL && binclass_card_data_load_bins(*data, bins) != BINCLASS_STATUS_OK)) {
        binclass_profile_last_error(why, sizeof why);
        fprintf(stderr, "pos_terminal: %s\n", why);
        binclass_card_data_free(*data);
        *data = NULL;
        return 2;
    }
    return 0;
}

int main(int argc, char **argv) {
    binclass_profile *profile = NULL; /* NULL: the default profile, every scheme accepted */
    const char *profile_path = NULL, *today = NULL, *fallback = NULL;
    const char *table_path = NULL, *bins_path = NULL;
    binclass_card_data *data = NULL; /* NULL: the compiled card table alone */
    enum mode mode = MODE_KEYED;
    int i, failed = 0, status;

    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("binclass %s, card table %s\n", binclass_version(), binclass_data_version());
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "--typed") == 0) {
        return typed(argv[2]);
    }
    for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (strcmp(argv[i], "--track") == 0 && mode == MODE_KEYED) {
            mode = MODE_TRACK;
        } else if (strcmp(argv[i], "--emv") == 0 && mode == MODE_KEYED) {
            mode = MODE_EMV;
        } else if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc) {
            profile_path = argv[++i];
        } else if (strcmp(argv[i], "--today") == 0 && i + 1 < argc) {
            today = argv[++i];
        } else if (strcmp(argv[i], "--fallback") == 0 && i + 1 < argc) {
            fallback = argv[++i];
        } else if (strcmp(argv[i], "--table") == 0 && i + 1 < argc) {
            table_path = argv[++i];
        } else if (strcmp(argv[i], "--bins") == 0 && i + 1 < argc) {
            bins_path = argv[++i];
        } else {
            return usage();
        }
    }

    if (profile_path != NULL && binclass_profile_from_file(profile_path, &profile) != BINCLASS_STATUS_OK) {
        char why[BINCLASS_ERROR_SIZE];
        binclass_profile_last_error(why, sizeof why);
        fprintf(stderr, "pos_terminal: %s\n", why);
        return 2;
    }
    status = set_today(&profile, today);
    if (status == 0 && fallback != NULL) {
        binclass_profile *changed = NULL;
        uint32_t choice = strcmp(fallback, "allow") == 0  ? BINCLASS_FALLBACK_ALLOWED
                          : strcmp(fallback, "deny") == 0 ? BINCLASS_FALLBACK_DENIED
                                                          : 0; /* rejected by binclass */
        if (binclass_profile_with_fallback(profile, choice, &changed) == BINCLASS_STATUS_OK) {
            replace(&profile, changed);
        } else {
            fprintf(stderr, "pos_terminal: --fallback %s: expected allow or deny\n", fallback);
            status = 2;
        }
    }
    if (status == 0 && (table_path != NULL || bins_path != NULL)) {
        status = load_card_data(&data, table_path, bins_path);
    }
    if (status != 0) {
        binclass_profile_free(profile);
        return status;
    }

    if (i < argc) {
        for (; i < argc; i++) {
            failed |= classify(profile, data, mode, argv[i], strlen(argv[i]));
        }
    } else {
        /* One input per line. The buffer is larger than any input binclass accepts (EMV hex
         * with spaces included), so binclass sees and rejects over-long input itself; a line
         * that does not even fit the buffer is skipped to its end and reported the same way. */
        static char line[16384];
        while (fgets(line, sizeof line, stdin) != NULL) {
            /* The line end gives the length even when the line holds NUL bytes (the buffer
             * is all zeros past what fgets wrote: it is wiped after every line). */
            const char *end = memchr(line, '\n', sizeof line - 1);
            size_t len = end != NULL ? (size_t)(end - line) + 1 : strlen(line);
            size_t used = len;
            if (end == NULL && len == sizeof line - 1) {
                int c;
                while ((c = getchar()) != EOF && c != '\n') {
                }
                printf("ERROR                %s\n",
                       binclass_status_name(BINCLASS_STATUS_INPUT_TOO_LONG));
                failed = 1;
            } else {
                while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
                    len--;
                }
                failed |= classify(profile, data, mode, line, len);
            }
            wipe(line, end != NULL ? used : sizeof line);
        }
    }
    binclass_card_data_free(data);
    binclass_profile_free(profile);
    return failed;
}
