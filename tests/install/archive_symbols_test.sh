#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# archive_symbols_test.sh LIBWASMCELL.a — the static library defines no
# global symbol but the API (wasmcell_*, wasm_*): its internal names (rt_,
# exec_, bin_, ...) are local, so they cannot clash with a program's own.
set -u
lib=$1
[ -f "$lib" ] || { echo "FAIL: no archive $lib"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wasmcell-archive.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# "nm -g" lists global and weak symbols; with --defined-only, those it defines.
nm -g --defined-only "$lib" | awk 'NF >= 3 {print $3}' | sort -u >"$tmp/defined" || exit 1
napi=$(grep -c -E '^(wasmcell|wasm)_' "$tmp/defined")
grep -v -E '^(wasmcell|wasm)_' "$tmp/defined" >"$tmp/other"
if [ "$napi" -lt 100 ]; then
  echo "FAIL: only $napi API symbols defined in $lib (nm broken?)"
  exit 1
fi
if [ -s "$tmp/other" ]; then
  echo "FAIL: $lib defines $(wc -l <"$tmp/other") global symbol(s) outside the API:"
  head -n 50 "$tmp/other"
  exit 1
fi
echo "ok: $napi global symbols in $lib, all wasmcell_* / wasm_*"
