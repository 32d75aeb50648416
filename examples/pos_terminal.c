/*
 * pos_terminal: what a legacy C POS application does with binclass before it goes online.
 *
 *   pos_terminal [--profile FILE] [CARD...]     classify each CARD, or each line of stdin
 *   pos_terminal --typed DIGITS                 schemes the digits typed so far could be
 *   pos_terminal --version                      library and card table versions
 *
 * For each card it prints the masked number and the verdict; for a card it cannot take, the
 * reason code and the merchant message in English and Chinese. It never prints what was
 * typed: only the masked number, which binclass builds (first 6 and last 4 digits at most).
 *
 * Exit status: 0 when every input was classified (whatever the verdicts), 1 when a call
 * failed (e.g. an input longer than BINCLASS_MAX_INPUT bytes), 2 for usage or profile errors.
 *
 * C99; build with examples/Makefile (see README.md, "C API").
 */
#include "binclass.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

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
        return;
    }
    printf("DECLINED             %-19s  %s (%u)\n", r->masked_pan[0] ? r->masked_pan : "-",
           binclass_reason_code(r->reason), (unsigned)r->reason);
    if (r->scheme != BINCLASS_SCHEME_NONE) {
        printf("  card: %s\n", binclass_scheme_name(r->scheme));
    }
    printf("  en: %s\n", binclass_reason_message(r->reason, BINCLASS_LANG_EN));
    printf("  zh: %s\n", binclass_reason_message(r->reason, BINCLASS_LANG_ZH_CN));
}

/* Classifies `len` bytes; returns 0 when classified, 1 when the call failed. */
static int classify(const binclass_profile *profile, const char *input, size_t len) {
    binclass_result r;
    binclass_status st = binclass_classify(profile, input, len, &r);
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

int main(int argc, char **argv) {
    binclass_profile *profile = NULL; /* NULL: the default profile, every scheme accepted */
    int first = 1, failed = 0, i;

    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("binclass %s, card table %s\n", binclass_version(), binclass_data_version());
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "--typed") == 0) {
        return typed(argv[2]);
    }
    if (argc >= 3 && strcmp(argv[1], "--profile") == 0) {
        if (binclass_profile_from_file(argv[2], &profile) != BINCLASS_STATUS_OK) {
            char why[BINCLASS_ERROR_SIZE];
            binclass_profile_last_error(why, sizeof why);
            fprintf(stderr, "pos_terminal: %s\n", why);
            return 2;
        }
        first = 3;
    } else if (argc >= 2 && argv[1][0] == '-' && argv[1][1] == '-') {
        fprintf(stderr, "usage: pos_terminal [--profile FILE] [CARD...]\n"
                        "       pos_terminal --typed DIGITS\n"
                        "       pos_terminal --version\n");
        return 2;
    }

    if (first < argc) {
        for (i = first; i < argc; i++) {
            failed |= classify(profile, argv[i], strlen(argv[i]));
        }
    } else {
        /* One card per line. The buffer is larger than BINCLASS_MAX_INPUT, so binclass sees
         * (and rejects) over-long input itself; a line that does not even fit the buffer is
         * skipped to its end and reported the same way. */
        char line[256];
        while (fgets(line, sizeof line, stdin) != NULL) {
            size_t len = strlen(line);
            if (len == sizeof line - 1 && line[len - 1] != '\n') {
                int c;
                while ((c = getchar()) != EOF && c != '\n') {
                }
                printf("ERROR                %s\n",
                       binclass_status_name(BINCLASS_STATUS_INPUT_TOO_LONG));
                failed = 1;
                continue;
            }
            while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
                len--;
            }
            failed |= classify(profile, line, len);
        }
    }
    binclass_profile_free(profile);
    return failed;
}
