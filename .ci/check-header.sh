#!/usr/bin/env bash
# Header drift check: regenerates include/binclass.h from src/ffi.rs with the pinned cbindgen
# into a temporary file and fails on any difference from the checked-in header.
#
#   .ci/check-header.sh           check (for .ci/run)
#   .ci/check-header.sh --write   regenerate include/binclass.h after changing src/ffi.rs
#
# Installs the pinned cbindgen with `cargo install --locked` when it is missing or another
# version.
set -euo pipefail

CBINDGEN_VERSION=0.29.4

cd "$(dirname "$0")/.."

if [ "$(cbindgen --version 2>/dev/null || true)" != "cbindgen $CBINDGEN_VERSION" ]; then
    echo "installing cbindgen $CBINDGEN_VERSION" >&2
    cargo install cbindgen --version "=$CBINDGEN_VERSION" --locked --quiet
fi

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cbindgen --quiet --config cbindgen.toml --output "$tmp" src/ffi.rs

if [ "${1:-}" = "--write" ]; then
    cp "$tmp" include/binclass.h
    echo "include/binclass.h regenerated (cbindgen $CBINDGEN_VERSION)"
    exit 0
fi

if ! diff -u include/binclass.h "$tmp"; then
    echo "include/binclass.h is out of date with src/ffi.rs:" \
        "run .ci/check-header.sh --write and commit the result" >&2
    exit 1
fi
echo "include/binclass.h is up to date (cbindgen $CBINDGEN_VERSION)"
