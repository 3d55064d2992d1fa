# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# A function declaring 2,000,000 locals (valid by the spec, beyond the
# implementation limit of 50000): malformed "too many locals", never
# "unsupported": validate exits 1, run refuses to load it (125).
. "$(dirname "$0")/lib.sh"
# (func) with one group of 2000000 (LEB 80 89 7a) i32 locals, exported as _start
printf '\000asm\001\000\000\000\001\004\001\140\000\000\003\002\001\000\007\012\001\006_start\000\000\012\010\001\006\001\200\211\172\177\013' >"$TMP/locals.wasm"
run "$WASMCELL" validate "$TMP/locals.wasm"
expect_rc 1 "validate"
expect_stderr_has "malformed"
expect_stderr_has "too many locals"
grep -q unsupported "$TMP/err" && fail "reported as unsupported"
run "$WASMCELL" run "$TMP/locals.wasm"
expect_rc 125 "run"
expect_stderr_has "malformed"
expect_stderr_has "too many locals"
grep -q unsupported "$TMP/err" && fail "run: reported as unsupported"
exit 0
