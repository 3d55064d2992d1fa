#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# exports_test.sh CC LIBWASMCELL.so INCLUDE_DIR — the shared library exports
# exactly the functions the public headers declare with WASMCELL_API (and
# wasm.h with WASM_API_EXTERN): no internal symbol leaks, no API function is
# missing.
set -u
cc=$1 lib=$2 inc=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wasmcell-exports.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# Preprocess the headers as the library's build does (WASMCELL_API becomes
# the visibility attribute), split at ';', keep the declarations carrying
# the attribute and take the name before the first '('.
printf '#include <wasmcell.h>\n#include <wasmcell_wasi.h>\n#include <wasmcell_text.h>\n#include <wasm.h>\n' \
  | $cc -E -P -DWASMCELL_BUILDING -I"$inc" -x c - >"$tmp/pre" || exit 1
tr '\n' ' ' <"$tmp/pre" | tr ';' '\n' | grep -F '__attribute__((visibility("default")))' \
  | sed -E 's/__attribute__\(\(visibility\("default"\)\)\)//' \
  | sed -E 's/\(.*//; s/.*[^A-Za-z0-9_]([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*$/\1/' \
  | sort -u >"$tmp/declared"
nm -D --defined-only "$lib" | awk 'NF >= 3 {print $3}' | sed 's/@.*//' | sort -u >"$tmp/exported"
nd=$(wc -l <"$tmp/declared") ne=$(wc -l <"$tmp/exported")
if [ "$nd" -lt 40 ] || ! grep -q "^wasm_func_call$" "$tmp/declared"; then
  echo "FAIL: only $nd WASMCELL_API declarations found in the headers (parser broken?)"
  cat "$tmp/declared"
  exit 1
fi
if diff -u "$tmp/declared" "$tmp/exported"; then
  echo "ok: $ne exported symbols = the $nd API functions of the headers"
  exit 0
fi
echo "FAIL: exports differ from the API (- declared only, + exported only)"
exit 1
