#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# With the process's fd limit at 64, a guest that opens files without closing
# them gets a clean error (mfile/nfile), then recovers after closing; the
# runtime neither crashes nor hands out an fd it does not own.
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
sb_begin
(ulimit -n 64 && sb_run sb_fdlimit --)
grep -q '^sb_fdlimit: ok' "$W.out" || sb_fail "sb_fdlimit did not finish cleanly"
sb_finish
