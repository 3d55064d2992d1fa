# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# race_common.sh — shared by the race tests: `swap` is a directory inside the
# preopen holding a harmless secret.txt; the host swapper exchanges it with
# the symlink `swaplink` (target $1) while sb_race loops for 1.5 s (longer,
# up to 10 s, until it has met both states); then the swapper is stopped.
# Nothing outside may be read, listed or created.
sb_race() {
    local target=$1
    local swapper=$HOST_BIN_DIR/sb_swapper
    [ -x "$swapper" ] || { echo "FAIL $SB_NAME: $swapper was not built"; exit 1; }
    mkdir "$ROOT/swap"
    printf 'harmless\n' > "$ROOT/swap/secret.txt"
    printf 'TOP-SECRET swapped\n' > "$W/outside/secret.txt"
    ln -s "$target" "$ROOT/swaplink"
    sb_begin
    "$swapper" "$ROOT/swap" "$ROOT/swaplink" 60 "$W.stop" > "$W.swaps" &
    local swapper_pid=$!
    sleep 0.2
    sb_run sb_race -- 1.5
    : > "$W.stop"
    wait "$swapper_pid" || sb_fail "the swapper failed"
    rm -f "$W.stop"
    cat "$W.swaps"
    [ "$SB_RC" -eq 0 ] || sb_fail "sb_race: exit status $SB_RC"
    local attempts
    attempts=$(sed -n 's/^attempts=\([0-9]*\).*/\1/p' "$W.out")
    [ -n "$attempts" ] && [ "$attempts" -ge 100 ] || sb_fail "too few attempts (${attempts:-none}) to mean anything"
    grep -q 'inside=[1-9]' "$W.out" || sb_fail "the guest never read the inside file: the race did not run"
    grep -q 'refused=[1-9]' "$W.out" || sb_fail "the guest never met the symlink: the race did not run"
    rm -f "$W.swaps"
}
