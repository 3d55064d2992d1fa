# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Traps in native code (`run --tier native` and `run X.cwasm`) give the
# interpreter's exit status (134) and message, and a backtrace that names
# the function that trapped ("func[N] <trap_...>", from the name section)
# and its caller. Every case is checked; all failures are listed.
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

# export  trapping function (named)  its caller's index
cases="
unreachable   trap_unreachable    12
div_zero      trap_div_zero       13
rem_zero      trap_rem_zero       14
overflow      trap_overflow       15
conversion    trap_conversion     16
load          trap_load           17
store         trap_store          18
fill          trap_fill           19
indirect_type trap_indirect_type  20
indirect_null trap_indirect_type  21
indirect_oob  trap_indirect_type  22
table_get     trap_table_get      23
chain         inner               25
"
while read -r export fn caller; do
    [ -n "$export" ] || continue
    run "$WASMCELL" run --tier interp --invoke "$export" traps.wasm </dev/null
    [ "$rc" -eq 134 ] || { problem "interp $export: exit $rc, want 134"; continue; }
    want=$(first_error_line)
    grep -q "^  #0 func\[[0-9]*\] <$fn>$" "$TMP/err" || problem "interp $export: frame #0 is not <$fn>"
    for how in "--tier native --no-cache traps.wasm" "traps.cwasm"; do
        # shellcheck disable=SC2086
        run "$WASMCELL" run --invoke "$export" $how </dev/null
        case $rc in 132|133|135|136|137|139) problem "$how $export: crashed (exit $rc)"; continue ;; esac
        grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$TMP/err" && problem "$how $export: sanitizer report"
        [ "$rc" -eq 134 ] || { problem "$how $export: exit $rc, want 134"; continue; }
        got=$(first_error_line)
        [ "$got" = "$want" ] || problem "$how $export: '$got', the interpreter says '$want'"
        grep -q "^backtrace:" "$TMP/err" || { problem "$how $export: no backtrace"; continue; }
        # LLVM may inline <$fn> into its caller: then the caller's frame
        # stands for both (docs/native.md, "Traps and backtraces")
        grep -q "^  #[0-9]* func\[[0-9]*\] <$fn>$" "$TMP/err" ||
            grep -q "^  #0 func\[$caller\]" "$TMP/err" ||
            problem "$how $export: the backtrace does not name <$fn>: $(grep '#' "$TMP/err" | tr '\n' ' ')"
        grep -q "^  #[0-9]* func\[$caller\]" "$TMP/err" ||
            problem "$how $export: the backtrace lacks the caller func[$caller]: $(grep '#' "$TMP/err" | tr '\n' ' ')"
    done
done <<CASES
$cases
CASES
[ "$failures" -eq 0 ] || { echo "$failures problem(s)" >&2; exit 1; }
exit 0
