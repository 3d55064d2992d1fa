#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# A directory symlink that points outside cannot be opened as a directory fd;
# a directory opened legitimately inside cannot be used as a base to climb
# out of the preopen either.
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
ln -s "$W/outside" "$ROOT/absdir"
ln -s ../outside "$ROOT/reldir"
mkdir -p "$ROOT/sub/deeper"
sb_begin
sb_tool \
    'deny|base|absdir' \
    'fail|read|secret2.txt' \
    'deny|base|reldir' \
    'fail|read|dir/secret3.txt' \
    'ok|base|sub/deeper' \
    'deny|read|../../../secret.txt' \
    'deny|read|../../../outside/secret2.txt' \
    'deny|opendir|../../..' \
    'deny|create|../../../pwned.txt' \
    "deny|read|$W/secret.txt" \
    'deny|read|../../absdir/secret2.txt' \
    'ok|reset' \
    'ok|base|sub' \
    'deny|read|../../secret.txt' \
    'deny|rename|inside.txt|../../stolen.txt'
sb_finish
