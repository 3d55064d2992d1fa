#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Guest pointers and lengths outside linear memory give errno fault, never a
# crash, never a partial effect (no bytes written, no file created).
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
sb_begin
SB_TIMEOUT=20 sb_run sb_pointers --env FOO=bar --
[ "$SB_RC" -eq 0 ] || sb_fail "sb_pointers: exit status $SB_RC"
grep -q '^alive$' "$W.out" || sb_fail "the guest did not survive to the end"
grep -q 'SHOULD-NOT-APPEAR' "$W.out" && sb_fail "a faulting fd_write still wrote"
[ -e "$ROOT/created_by_bad_ptr" ] && sb_fail "a faulting path_open created its file"
sb_finish
