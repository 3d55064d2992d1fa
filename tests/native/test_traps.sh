# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Traps in native code (`run --tier native` at levels 2 and 0, `run
# X.cwasm`, and the baseline JIT's code: WASMCELL_JIT=all) give the interpreter's exit status (134) and message, and a
# backtrace that names
# the function that trapped ("func[N] <trap_...>", from the name section)
# and its caller. The interpreter's frame #0 gives the trapping
# instruction's offset ("@0x..."; not for a guard-page fault: docs/API.md),
# and native code's explicit traps (wcn_trap) give the same line. Every
# case is checked; all failures are listed.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
cd "$TMP" || fail "cd"
wat traps
run "$WASMCELL" compile traps.wasm -o traps.cwasm
expect_rc 0 "compile traps.wasm"

failures=0
problem() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# export  trapping function (named)  its caller's index  how it traps:
# explicit (wcn_trap in native code: exact there too), helper (a runtime
# helper traps: function-level in native code), fault (a guard-page fault:
# function-level in both tiers)
cases="
unreachable   trap_unreachable    12 explicit
div_zero      trap_div_zero       13 explicit
rem_zero      trap_rem_zero       14 explicit
overflow      trap_overflow       15 explicit
conversion    trap_conversion     16 explicit
load          trap_load           17 fault
store         trap_store          18 fault
fill          trap_fill           19 helper
indirect_type trap_indirect_type  20 explicit
indirect_null trap_indirect_type  21 explicit
indirect_oob  trap_indirect_type  22 explicit
table_get     trap_table_get      23 helper
chain         inner               25 explicit
"
while read -r export fn caller kind; do
    [ -n "$export" ] || continue
    run "$WASMCELL" run --tier interp --invoke "$export" traps.wasm </dev/null
    [ "$rc" -eq 134 ] || { problem "interp $export: exit $rc, want 134"; continue; }
    want=$(first_error_line)
    if [ "$kind" = fault ]; then
        grep -q "^  #0 func\[[0-9]*\] <$fn>$" "$TMP/err" || problem "interp $export: frame #0 is not <$fn>"
    else
        grep -qE "^  #0 func\[[0-9]*\] <$fn> @0x[0-9a-f]+$" "$TMP/err" ||
            problem "interp $export: frame #0 is not <$fn> with an offset"
    fi
    interp_frame0=$(grep "^  #0 " "$TMP/err")
    interp_frames=$(grep "^  #" "$TMP/err")
    # level 0 (tier auto's for big hot sets) calls through function objects
    # via out-of-line thunks, whose frames must not show
    for how in "--tier native --no-cache traps.wasm" "traps.cwasm" \
               "--tier native --opt 0 --no-cache traps.wasm" jit; do
        if [ "$how" = jit ]; then
            # the baseline JIT's code, every function from its first call
            run env WASMCELL_JIT=all "$WASMCELL" run --tier interp --invoke "$export" traps.wasm </dev/null
        else
            # shellcheck disable=SC2086
            run "$WASMCELL" run --invoke "$export" $how </dev/null
        fi
        case $rc in 132|133|135|136|137|139) problem "$how $export: crashed (exit $rc)"; continue ;; esac
        grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$TMP/err" && problem "$how $export: sanitizer report"
        [ "$rc" -eq 134 ] || { problem "$how $export: exit $rc, want 134"; continue; }
        got=$(first_error_line)
        [ "$got" = "$want" ] || problem "$how $export: '$got', the interpreter says '$want'"
        grep -q "^backtrace:" "$TMP/err" || { problem "$how $export: no backtrace"; continue; }
        # LLVM may inline <$fn> into its caller: then the caller's frame
        # stands for both (docs/native.md, "Traps and backtraces")
        grep -qE "^  #[0-9]* func\[[0-9]*\] <$fn>( @0x[0-9a-f]+)?$" "$TMP/err" ||
            grep -q "^  #0 func\[$caller\]" "$TMP/err" ||
            problem "$how $export: the backtrace does not name <$fn>: $(grep '#' "$TMP/err" | tr '\n' ' ')"
        grep -q "^  #[0-9]* func\[$caller\]" "$TMP/err" ||
            problem "$how $export: the backtrace lacks the caller func[$caller]: $(grep '#' "$TMP/err" | tr '\n' ' ')"
        if [ "$kind" = explicit ] && [ "$(grep "^  #0 " "$TMP/err")" != "$interp_frame0" ]; then
            problem "$how $export: frame #0 '$(grep "^  #0 " "$TMP/err")', the interpreter's '$interp_frame0'"
        fi
        # JIT code knows every instruction's code: its backtrace is the
        # interpreter's, callers' call offsets included (a guard-page
        # fault's frame #0 is even exact there, where the interpreter's
        # is function-level)
        if [ "$how" = jit ] && [ "$kind" != fault ] && [ "$(grep "^  #" "$TMP/err")" != "$interp_frames" ]; then
            problem "jit $export: backtrace '$(grep "^  #" "$TMP/err" | tr '\n' ' ')', the interpreter's '$(echo "$interp_frames" | tr '\n' ' ')'"
        fi
    done
done <<CASES
$cases
CASES
[ "$failures" -eq 0 ] || { echo "$failures problem(s)" >&2; exit 1; }
exit 0
