#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# WASI rights: a read-only fd cannot write or gain the write right; a
# directory fd opened without create/write rights creates and writes nothing.
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
before=$(sha256sum < "$ROOT/inside.txt"; sha256sum < "$ROOT/sub/inside.txt")
sb_begin
sb_run sb_rights --
[ "$SB_RC" -eq 0 ] || sb_fail "sb_rights: exit status $SB_RC"
grep -q '^sb_rights: 0 failed' "$W.out" || sb_fail "sb_rights did not finish"
after=$(sha256sum < "$ROOT/inside.txt"; sha256sum < "$ROOT/sub/inside.txt")
[ "$before" = "$after" ] || sb_fail "a file inside was changed through an fd without the write right"
[ -e "$ROOT/sub/newdir" ] && sb_fail "a directory was created without the right"
[ -e "$ROOT/sub/new.txt" ] && sb_fail "a file was created without the right"
sb_finish
