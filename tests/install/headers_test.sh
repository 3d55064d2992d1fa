#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# headers_test.sh CC CXX INCLUDE_DIR — each public header compiles alone, as
# the first include of a translation unit, as C99 (-pedantic), C11 and, when
# a C++ compiler is there, C++11; with warnings as errors.
set -u
cc=$1 cxx=$2 inc=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wasmcell-headers.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0 passed=0
for header in wasmcell.h wasmcell_wasi.h wasmcell_text.h wasm.h; do
  # Uses a type and a function of the header so a broken declaration shows.
  case $header in
    wasmcell.h) use='wasmcell_config_t c; wasmcell_config_init(&c); return (int)c.max_call_depth;' ;;
    wasmcell_wasi.h) use='wasmcell_wasi_options_t o; wasmcell_wasi_options_init(&o); return (int)o.argc;' ;;
    wasmcell_text.h) use='wasmcell_wast_command_t c; c.line = 0; return (int)c.line + (int)wasmcell_wast_count(0);' ;;
    wasm.h) use='wasm_limits_t l; l.min = 1; l.max = wasm_limits_max_default; wasm_val_t v; v.kind = WASM_I32; v.of.i32 = 2; return (int)l.min + v.of.i32 + (int)wasm_valkind_is_num(v.kind);' ;;
  esac
  printf '#include <%s>\nint use_it(void);\nint use_it(void) { %s }\n' "$header" "$use" >"$tmp/tu.c"
  cp "$tmp/tu.c" "$tmp/tu.cc"
  for mode in "c99 -pedantic" "c11 -pedantic" "gnu11"; do
    std=${mode%% *} extra=""
    [ "$std" != "$mode" ] && extra=${mode#* }
    # shellcheck disable=SC2086
    if $cc -std=$std $extra -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
         -I"$inc" -c "$tmp/tu.c" -o "$tmp/tu.o" 2>"$tmp/err"; then
      passed=$((passed + 1))
    else
      echo "FAIL: $header with -std=$std $extra"; cat "$tmp/err"; failures=$((failures + 1))
    fi
  done
  if [ -n "$cxx" ] && command -v "$cxx" >/dev/null 2>&1; then
    for std in c++11 c++17; do
      if $cxx -std=$std -pedantic -Wall -Wextra -Werror -I"$inc" -c "$tmp/tu.cc" -o "$tmp/tu.o" \
           2>"$tmp/err"; then
        passed=$((passed + 1))
      else
        echo "FAIL: $header with $cxx -std=$std"; cat "$tmp/err"; failures=$((failures + 1))
      fi
    done
  else
    echo "note: no C++ compiler ($cxx): C++ checks skipped"
  fi
done
echo "$passed header compilations passed, $failures failed"
[ $failures -eq 0 ]
