#!/usr/bin/env bash
# C API tests, for .ci/run:
#   1. the header compiles as C99 and as C++ (cbindgen's extern "C" guards);
#   2. tests/c/test_ffi.c (every exported function, valid and hostile arguments), compiled
#      with -std=c99 -Wall -Wextra -Werror against include/binclass.h and the static library,
#      runs under AddressSanitizer + UBSan, then under valgrind with zero errors and zero
#      leaks (any unfreed block, even one still reachable, fails);
#   3. examples/pos_terminal.c runs the same two ways on sample input, and once against the
#      shared library found through the pkg-config file.
# The Rust library is built normally (no sanitizer: that needs a nightly toolchain), with the
# dev profile so that its overflow checks and debug assertions are on.
# Needs gcc, g++, make, pkg-config and valgrind: installed with apt-get when missing.
set -Eeuo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
# On failure, show what the programs wrote to stderr (sanitizer and valgrind reports).
trap 'echo "FAILED at line $LINENO; stderr of the example runs:" >&2; tail -n 60 target/c-tests/*.log >&2 2>/dev/null || true' ERR

missing=()
for tool in gcc g++ make pkg-config valgrind; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

out=target/c-tests
mkdir -p "$out"
# The .pc file holds this checkout's absolute paths: never reuse one from a copied target/.
rm -f "$out"/*.log "$out/binclass.pc"

echo "== building libbinclass (dev profile)"
cargo rustc --quiet --lib --no-default-features --features ffi --crate-type staticlib,cdylib
lib=target/debug/libbinclass.a
libs=(-lpthread -ldl -lm)
cflags=(-std=c99 -Wall -Wextra -Werror -pedantic -g -Iinclude)
asan=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
# Sanitizer and valgrind findings exit with codes of their own (134: abort, 99), so they are
# never mistaken for the example's own exit status 1.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1
# Every leak kind is an error, still-reachable blocks included; tests/c/valgrind.supp names
# the one block kept by design (arc-swap's per-thread node).
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=all
    --errors-for-leak-kinds=all --suppressions="$root/tests/c/valgrind.supp")

echo "== header compiles as C99 and C++"
echo '#include "binclass.h"' | gcc "${cflags[@]}" -x c -fsyntax-only -
echo '#include "binclass.h"' | g++ -std=c++11 -Wall -Wextra -Werror -Iinclude -x c++ -fsyntax-only -

echo "== tests/c/test_ffi.c under ASan + UBSan"
gcc "${cflags[@]}" "${asan[@]}" tests/c/test_ffi.c "$lib" "${libs[@]}" -o "$out/test_ffi_asan"
"$out/test_ffi_asan"

echo "== tests/c/test_ffi.c under valgrind"
gcc "${cflags[@]}" -O1 tests/c/test_ffi.c "$lib" "${libs[@]}" -o "$out/test_ffi"
"${vg[@]}" "$out/test_ffi"

# The example: arguments, stdin (CRLF, empty, over-long, non-ASCII lines), --typed, --profile.
long=$(printf '4%.0s' $(seq 70))
huge=$(printf '9%.0s' $(seq 300))
printf 'accept = ["unionpay", "visa"]\n' > "$out/terminal.toml"
check_example() {
    local name=$1
    shift
    local run=("$@")
    "${run[@]}" "4111 1111 1111 1111" "4111 1111 1111 1112" > "$out/$name.args" 2>"$out/$name.log"
    grep -q '^APPROVED FOR ONLINE  411111\*\*\*\*\*\*1111 *Visa$' "$out/$name.args"
    grep -q '^DECLINED  *411111\*\*\*\*\*\*1112 *luhn_failed (4)$' "$out/$name.args"
    grep -q '^  zh: 卡号校验位错误' "$out/$name.args"
    printf '6212 3456 7890 1232\r\n\n%s\n%s\n4111\xff\n' "$long" "$huge" \
        | { "${run[@]}" > "$out/$name.stdin" 2>>"$out/$name.log" && exit 1 || test $? -eq 1; }
    grep -q '^APPROVED FOR ONLINE  621234\*\*\*\*\*\*1232 *UnionPay$' "$out/$name.stdin"
    grep -q 'empty (1)$' "$out/$name.stdin"
    test "$(grep -c '^ERROR  *input_too_long$' "$out/$name.stdin")" -eq 2
    grep -q 'invalid_character (2)$' "$out/$name.stdin"
    if grep -q "$long" "$out/$name.stdin"; then
        echo "$name: the example printed card input unmasked" >&2
        exit 1
    fi
    "${run[@]}" --typed 62 2>>"$out/$name.log" > "$out/$name.typed"
    grep -qx unionpay "$out/$name.typed"
    "${run[@]}" --version 2>>"$out/$name.log" > "$out/$name.version"
    grep -q '^binclass [0-9.]*, card table .' "$out/$name.version"
    "${run[@]}" --profile "$out/terminal.toml" 378282246310005 2>>"$out/$name.log" \
        > "$out/$name.profile"
    grep -q 'scheme_not_accepted (6)$' "$out/$name.profile"
    { "${run[@]}" --profile "$out/missing.toml" 1 2>>"$out/$name.log" && exit 1 || test $? -eq 2; }
    grep -q 'missing.toml: cannot read profile' "$out/$name.log"
    check_card_present "$@"
    echo "$name: ok"
}

# The example's card-present modes: --track, --emv, --today, --fallback, as the README shows.
swipe=';6212345678901232=30122011234567890?<'
track1='%B6212345678901232^ZHANG/SAN^3012201000000123?U'
expired_swipe=';6212345678901232=25122011234567890?'
record='70 1F 5A 08 6212345678901232 5F24 03 301231 5F30 02 0220 4F 08 A000000333010101'
emv_long=$(printf '00%.0s' $(seq 4097))
printf 'today = "2025-06-01"\n' > "$out/dated.toml"
check_card_present() {
    local run=("$@") o="$out/$name.cp"
    "${run[@]}" --track --today 2026-11-21 "$swipe" "$track1" "$expired_swipe" \
        ';6212345678901232=30122011234567890?0' ';E?' > "$o.track" 2>>"$out/$name.log"
    test "$(grep -c '^APPROVED FOR ONLINE  621234\*\*\*\*\*\*1232 *UnionPay$' "$o.track")" -eq 2
    grep -q '^  read: track2  expiry 3012  service code 201$' "$o.track"
    grep -q '^  read: track1  expiry 3012  service code 201$' "$o.track"
    grep -q '^  next: chip$' "$o.track"
    grep -q 'expired (9)$' "$o.track"
    grep -q 'lrc_mismatch (8)$' "$o.track"
    grep -q 'malformed_track (7)$' "$o.track"
    "${run[@]}" --track --today 2026-11-21 --fallback deny "$swipe" > "$o.deny" 2>>"$out/$name.log"
    grep -q 'chip_required (10)$' "$o.deny"
    # stdin: a CRLF line, a line with a NUL byte in it.
    printf '%s\r\n;62\00012=3012201?\n' "$swipe" \
        | "${run[@]}" --track --today 2026-11-21 --fallback allow > "$o.stdin" 2>>"$out/$name.log"
    grep -q '^APPROVED FOR ONLINE  621234' "$o.stdin"
    grep -q 'malformed_track (7)$' "$o.stdin"
    "${run[@]}" --emv --today 2026-11-21 "$record" '5A 08 4111111111111111 4F 07 A0000000041010' \
        '5A 08 41111111111111ZZ' '5A0' '' > "$o.emv" 2>>"$out/$name.log"
    grep -q '^  read: emv  expiry 3012  service code 220$' "$o.emv"
    grep -q '^  next: chip pin online$' "$o.emv"
    grep -q 'aid_mismatch (12)$' "$o.emv"
    grep -q 'invalid_character (2)$' "$o.emv"
    grep -q 'malformed_track (7)$' "$o.emv"
    grep -q 'empty (1)$' "$o.emv"
    # EMV data over BINCLASS_MAX_EMV_INPUT bytes: the call fails (exit 1), from stdin too.
    { "${run[@]}" --emv "$emv_long" > "$o.emvlong" 2>>"$out/$name.log" && exit 1 || test $? -eq 1; }
    grep -q '^ERROR  *input_too_long$' "$o.emvlong"
    printf '%s\n%s\n' "$emv_long" "$record" \
        | { "${run[@]}" --emv --today 2026-11-21 > "$o.emvstdin" 2>>"$out/$name.log" && exit 1 || test $? -eq 1; }
    grep -q '^ERROR  *input_too_long$' "$o.emvstdin"
    grep -q '^  next: chip pin online$' "$o.emvstdin"
    # The date: --today wins over the profile's `today`, which wins over the clock.
    "${run[@]}" --track --profile "$out/dated.toml" "$expired_swipe" > "$o.dated" 2>>"$out/$name.log"
    grep -q '^APPROVED FOR ONLINE' "$o.dated"
    "${run[@]}" --track --profile "$out/dated.toml" --today 2026-01-01 "$expired_swipe" \
        > "$o.dated2" 2>>"$out/$name.log"
    grep -q 'expired (9)$' "$o.dated2"
    "${run[@]}" --track "$expired_swipe" > "$o.clock" 2>>"$out/$name.log"
    grep -q 'expired (9)$' "$o.clock"
    # Usage errors: exit 2.
    for bad in '--today 2026-02-29' '--today 2026-1-01' '--today 0000-01-01' '--fallback maybe' \
        '--track --emv' '--profile'; do
        # shellcheck disable=SC2086 # the options are meant to split
        { "${run[@]}" $bad 1 > /dev/null 2>>"$out/$name.log" && exit 1 || test $? -eq 2; }
    done
    grep -q -- '--today 2026-02-29: expected a date' "$out/$name.log"
    # Field updates: a runtime table and a BIN file (a debit-only terminal refuses a credit
    # card; a domestic card only the update knows is taken); a broken file: exit 2.
    printf 'products = ["debit"]\n' > "$out/debit.toml"
    "${run[@]}" --table examples/data/update-2026-12.csv --bins examples/data/bins.csv \
        --profile "$out/debit.toml" 9558801234567890128 4111111111111111 > "$o.data" 2>>"$out/$name.log"
    grep -q '^APPROVED FOR ONLINE  955880\*\*\*\*\*\*\*\*\*0128 *UnionPay$' "$o.data"
    grep -q 'product_not_accepted (13)$' "$o.data"
    "${run[@]}" --track --today 2026-11-21 --bins examples/data/bins.csv --profile "$out/debit.toml" \
        ';4111111111111111=30122011234567890?' > "$o.datatrack" 2>>"$out/$name.log"
    grep -q 'product_not_accepted (13)$' "$o.datatrack"
    { "${run[@]}" --table examples/data/update-bad.csv 1 > /dev/null 2>>"$out/$name.log" && exit 1 || test $? -eq 2; }
    grep -q 'update-bad.csv:4: ' "$out/$name.log"
    # Nothing of the card data is printed: no full PAN, no name, no discretionary data.
    if grep -q -e 6212345678901232 -e ZHANG -e 1234567890 -e 4111111111111111 "$o".*; then
        echo "$name: the example printed card data" >&2
        exit 1
    fi
}

echo "== the README's C snippets: compiled as the README says, run, and print what it says"
# Each ```c block of README.md becomes readme_N.c; N=1 is app.c, N=2 is reader.c.
awk -v dir="$out" '/^```c$/ { n++; file = dir "/readme_" n ".c"; printf "" > file; inside = 1; next }
    /^```/ { inside = 0 } inside { print > file }' README.md
test -f "$out/readme_1.c" && test -f "$out/readme_2.c"
readme_says() {
    local want=$1 got=$2
    grep -qF "$want" README.md || { echo "README no longer says: $want" >&2; exit 1; }
    test "$got" = "$want" || { echo "README snippet printed '$got', README says '$want'" >&2; exit 1; }
}
for n in 1 2; do
    gcc "${cflags[@]}" "${asan[@]}" "$out/readme_$n.c" "$lib" "${libs[@]}" -o "$out/readme_$n"
done
readme_says '621234******1232 UnionPay' "$("$out/readme_1")"
readme_says '621234******1232 supported, expiry 3012, service code 201' "$("$out/readme_2")"

echo "== examples/pos_terminal.c under ASan + UBSan, then valgrind"
make --no-print-directory -s -C examples PROFILE=debug BUILD="$root/$out/asan" \
    CFLAGS="${cflags[*]} ${asan[*]}" "$root/$out/asan/pos_terminal" >/dev/null
check_example asan "$out/asan/pos_terminal"
make --no-print-directory -s -C examples PROFILE=debug BUILD="$root/$out/plain" \
    CFLAGS="${cflags[*]} -O2" "$root/$out/plain/pos_terminal" >/dev/null
check_example valgrind "${vg[@]}" "$out/plain/pos_terminal"

echo "== examples/pos_terminal.c against the shared library, through pkg-config"
make --no-print-directory -s -C examples PROFILE=debug BUILD="$root/$out" "$root/$out/binclass.pc"
# shellcheck disable=SC2046 # word splitting of pkg-config's flags is intended
gcc "${cflags[@]}" examples/pos_terminal.c -o "$out/pos_terminal_shared" \
    $(PKG_CONFIG_PATH="$out" pkg-config --cflags --libs binclass)
LD_LIBRARY_PATH=target/debug check_example shared "$out/pos_terminal_shared"

echo "C API tests: header, test_ffi (ASan+UBSan, valgrind), README snippets, example (ASan+UBSan, valgrind, shared): all passed"
