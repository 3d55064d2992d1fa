#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Random paths (2 x 20000, fixed seeds) mixing `..`, `.`, empty components and
# links that point outside, loops and dangling links, for read, list, stat,
# create and mkdir: nothing outside may be read, listed or created.
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
mkdir -p "$ROOT/sub/deeper" "$ROOT/dir"
ln -s ../secret.txt "$ROOT/up"
ln -s ../outside "$ROOT/outdir"
ln -s "$W/outside" "$ROOT/absdir"
ln -s "$W/secret.txt" "$ROOT/abs"
ln -s .. "$ROOT/parent"
ln -s self "$ROOT/self"
ln -s loop2 "$ROOT/loop1"
ln -s loop1 "$ROOT/loop2"
ln -s ../created-by-fuzz "$ROOT/dangle"
ln -s sub "$ROOT/dirlink"
ln -s ../../outside "$ROOT/sub/swapdir"
ln -s ../../../outside/dir "$ROOT/sub/deeper/swapdir"
sb_begin
for seed in 1 2; do
    SB_TIMEOUT=120 sb_run sb_fuzz -- "$seed" 20000
    [ "$SB_RC" -eq 0 ] || sb_fail "sb_fuzz seed $seed: exit status $SB_RC"
    grep -q "^sb_fuzz: 20000 paths" "$W.out" || sb_fail "sb_fuzz seed $seed did not finish"
done
[ -e "$W/created-by-fuzz" ] && sb_fail "a dangling link let the guest create outside"
sb_finish
