# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Limits in native code, run three ways — `run --tier native X.wasm`,
# `run X.cwasm` (wasmcell compile) and the baseline JIT (WASMCELL_JIT=all): --fuel stops an endless loop ("out of
# fuel", 134), --timeout 1 stops it (124), and stops a guest blocked in a
# 30 s WASI sleep (124: without the interrupt it would exit 0), unbounded recursion of several
# shapes (self, mutual, through call_indirect, big frames) traps "call stack
# exhausted" (134) without crashing, memory.grow beyond --max-memory returns
# -1 and within it gives usable memory.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
cd "$TMP" || fail "cd"
for m in loop recurse grow sleep; do
    wat "$m"
    run "$WASMCELL" compile "$m.wasm" -o "$m.cwasm"
    expect_rc 0 "compile $m.wasm"
done

# check WHAT WANT_RC STDERR_OR_STDOUT_PATTERN ARGS...: runs `run ARGS` and checks.
check() {
    what=$1 want=$2 pattern=$3; shift 3
    run timeout -k 5 60 "$WASMCELL" run "$@"
    expect_no_crash "$what"
    [ "$rc" -eq "$want" ] || fail "$what: exit $rc, want $want"
    [ -z "$pattern" ] || grep -q -- "$pattern" "$TMP/out" "$TMP/err" || fail "$what: output lacks '$pattern'"
}

for mode in native cwasm jit; do
    unset WASMCELL_JIT
    if [ $mode = native ]; then
        how="--tier native --no-cache"; ext=wasm
    elif [ $mode = jit ]; then
        # the baseline JIT's code for every function (src/exec/jit.h)
        export WASMCELL_JIT=all
        how="--tier interp"; ext=wasm
    else
        how=""; ext=cwasm
    fi
    # shellcheck disable=SC2086
    {
    check "$mode: --fuel, endless loop" 134 "^error: out of fuel" $how --fuel 100000 "loop.$ext"
    check "$mode: --fuel, loop with calls" 134 "^error: out of fuel" \
        $how --fuel 100000 --invoke spin_calls "loop.$ext"
    check "$mode: fuel that is not reached" 0 "^i32:" $how --fuel 1000000 --invoke down "recurse.$ext" 1000
    check "$mode: --timeout 1, endless loop" 124 "^error: timed out" $how --timeout 1 "loop.$ext"
    check "$mode: --timeout 1, loop with calls" 124 "^error: timed out" \
        $how --timeout 1 --invoke spin_calls "loop.$ext"
    check "$mode: --timeout 1, blocked in poll_oneoff for 30 s" 124 "^error: timed out" \
        $how --timeout 1 "sleep.$ext"
    for f in down mutual indirect fat; do
        check "$mode: unbounded recursion ($f)" 134 "^error: call stack exhausted" \
            $how --invoke "$f" "recurse.$ext" 100000000
        grep -q '^  #0 func\[[0-9]*\] <' "$TMP/err" || fail "$mode: $f: no named frame in the backtrace"
        [ "$(wc -l < "$TMP/err")" -le 200 ] || fail "$mode: $f: the backtrace is not bounded ($(wc -l < "$TMP/err") lines)"
    done
    check "$mode: 1000 deep" 0 "i32:" $how --invoke down "recurse.$ext" 1000
    check "$mode: grow without limit" 134 "^error: unreachable" $how "grow.$ext"
    check "$mode: grow beyond --max-memory" 0 "" $how --max-memory 128K "grow.$ext"
    check "$mode: grow by 2 pages beyond 128K" 0 "^i32:-1$" $how --max-memory 128K --invoke grow "grow.$ext" 2
    check "$mode: grow by 1 page within 128K" 0 "^i32:1$" $how --max-memory 128K --invoke grow "grow.$ext" 1
    check "$mode: grown memory is usable" 0 "^i32:42$" $how --max-memory 128K --invoke grow_and_touch "grow.$ext" 1
    check "$mode: grow by 70000 pages" 0 "^i32:-1$" $how --invoke grow "grow.$ext" 70000
    check "$mode: grow to 100 pages and touch" 0 "^i32:42$" $how --invoke grow_and_touch "grow.$ext" 99
    }
done
exit 0
