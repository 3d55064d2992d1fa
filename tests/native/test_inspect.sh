# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# `wasmcell inspect --native`: each defined function's tier when compiled
# to native code and its code size, then a total; the same for a .cwasm.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || fail "cd"
run "$WASMCELL" convert "$NWAT/tiers.wat" -o tiers.wasm
expect_rc 0 "convert tiers.wat"

check_tiers() {
    expect_no_crash "inspect --native $1"
    expect_rc 0 "inspect --native $1"
    grep -Eq '^func\[0\] native [1-9][0-9]* bytes$' "$TMP/out" || fail "$1: \$add not native: $(cat "$TMP/out")"
    grep -Eq '^func\[1\] native [1-9][0-9]* bytes$' "$TMP/out" || fail "$1: \$apply (call_ref) not native"
    grep -Eq '^func\[2\] native [1-9][0-9]* bytes$' "$TMP/out" || fail "$1: \$loop (return_call of its own type) not native"
    grep -qx 'func\[3\] interpreted' "$TMP/out" || fail "$1: \$catch (try_table) not interpreted"
    grep -qx 'func\[4\] interpreted' "$TMP/out" || fail "$1: \$dispatch (return_call_indirect) not interpreted"
    grep -Eq '^func\[5\] native [1-9][0-9]* bytes$' "$TMP/out" || fail "$1: \$ping (tail call to another prototype) not native"
    grep -Eq '^func\[6\] native [1-9][0-9]* bytes$' "$TMP/out" || fail "$1: \$pong (tail call to another prototype) not native"
    grep -Eq '^5 of 7 functions native, [1-9][0-9]* bytes of code$' "$TMP/out" || fail "$1: total: $(tail -1 "$TMP/out")"
}

run "$WASMCELL" inspect --native tiers.wasm
check_tiers tiers.wasm
run "$WASMCELL" compile tiers.wasm -o tiers.cwasm
expect_rc 0 "compile tiers.wasm"
run "$WASMCELL" inspect --native tiers.cwasm
check_tiers tiers.cwasm

# one function, and the results the native code computes
run "$WASMCELL" inspect --native --func 1 tiers.wasm
expect_rc 0 "inspect --native --func 1"
grep -Eq '^1 of 1 functions native' "$TMP/out" || fail "--func 1: $(cat "$TMP/out")"
run "$WASMCELL" run --tier native --invoke apply tiers.wasm 20 22
expect_stdout "i32:42\n" "apply"
# a million tail calls in native code in 64 KiB of stack: musttail jumps
run "$WASMCELL" run --tier native --max-stack 65536 --invoke loop tiers.wasm 1000000
expect_stdout "i32:7\n" "loop"
run "$WASMCELL" run --tier native --max-stack 65536 --invoke dispatch tiers.wasm 1000000
expect_stdout "i32:7\n" "dispatch"
run "$WASMCELL" run --tier native --max-stack 65536 --invoke ping tiers.wasm 1000000
expect_stdout "i32:7\n" "ping/pong"

# WASMCELL_PERFMAP=1: the loaded functions go to /tmp/perf-<pid>.map for perf
WASMCELL_PERFMAP=1 "$WASMCELL" run --invoke apply tiers.cwasm 1 2 > "$TMP/out" 2>&1 &
pid=$!
wait $pid || fail "run with WASMCELL_PERFMAP=1: $(cat "$TMP/out")"
map=/tmp/perf-$pid.map
[ -f "$map" ] || fail "WASMCELL_PERFMAP=1 wrote no $map"
grep -Eq '^[0-9a-f]+ [0-9a-f]+ wasm func\[0\]( add)?$' "$map" || { cat "$map" >&2; rm -f "$map"; fail "no func[0] line in $map"; }
grep -Eq '^[0-9a-f]+ [0-9a-f]+ wasm func\[1\]( apply)?$' "$map" || { rm -f "$map"; fail "no func[1] line in $map"; }
# the other entries are named too (the slots wrapper every compiled function has)
grep -Eq '^[0-9a-f]+ [0-9a-f]+ wasm func\[1\] slots( apply)?$' "$map" || { cat "$map" >&2; rm -f "$map"; fail "no func[1] slots line in $map"; }
rm -f "$map"
# without it, nothing is written
"$WASMCELL" run --invoke apply tiers.cwasm 1 2 > "$TMP/out" 2>&1 &
pid=$!
wait $pid
[ -e "/tmp/perf-$pid.map" ] && { rm -f "/tmp/perf-$pid.map"; fail "a perf map without WASMCELL_PERFMAP"; }
echo ok
