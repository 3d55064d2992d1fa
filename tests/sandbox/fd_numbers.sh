#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Guest fd numbers are not host fd numbers: with host fds 5..9 open in the
# runtime's process (a writable file, the secret, an outside directory), the
# guest's fds 4..64 and beyond are all EBADF and nothing reaches those files.
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
: > "$W/host_w.txt"
printf 'TOP-SECRET fd\n' > "$W/fd_secret.txt"
sb_begin
exec 5>>"$W/host_w.txt" 6<"$W/fd_secret.txt" 7<"$W/outside" 8>>"$W/host_w.txt" 9<"$W/secret.txt"
sb_run sb_fds --
exec 5>&- 6<&- 7<&- 8>&- 9<&-
[ "$SB_RC" -eq 0 ] || sb_fail "sb_fds: exit status $SB_RC"
grep -q '^sb_fds: ' "$W.out" || sb_fail "sb_fds did not finish"
[ -s "$W/host_w.txt" ] && sb_fail "the guest wrote through an inherited host fd"
[ -e "$W/outside/pwned" ] && sb_fail "the guest created a file through an inherited host fd"
sb_finish
