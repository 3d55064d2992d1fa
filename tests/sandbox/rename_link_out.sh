#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# path_rename and path_link can neither move or link a file out of the
# preopen nor pull an outside file in; path_link with SYMLINK_FOLLOW of a link
# that points outside must not make a hard link to the outside file.
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
ln -s ../secret.txt "$ROOT/up"
ln -s "$W/secret.txt" "$ROOT/abs"
ln -s ../outside "$ROOT/outdir"
sb_begin
sb_tool \
    'deny|rename|inside.txt|../stolen.txt' \
    'deny|rename|sub|../stolen_dir' \
    'deny|rename|sub/inside.txt|sub/../../stolen.txt' \
    'deny|rename|../secret.txt|pulled.txt' \
    'deny|rename|../outside|pulled_dir' \
    'deny|rename|inside.txt|outdir/stolen.txt' \
    'deny|rename|outdir/secret2.txt|pulled2.txt' \
    'deny|link|inside.txt|../hard.txt' \
    'deny|link|../secret.txt|hard_in.txt' \
    'deny|link|outdir/secret2.txt|hard_in2.txt' \
    'deny|linkf|up|hard_via_up' \
    'deny|linkf|abs|hard_via_abs' \
    'fail|read|hard_via_up' \
    'ok|link|up|hard_to_link_itself' \
    'deny|read|hard_to_link_itself' \
    'ok|rename|inside.txt|sub/moved.txt' \
    'ok|read|sub/moved.txt' \
    'ok|link|sub/moved.txt|hard_ok' \
    'ok|read|hard_ok'
for f in "$ROOT"/*; do
    [ -f "$f" ] && [ ! -L "$f" ] && grep -q TOP-SECRET "$f" && sb_fail "an outside file was linked into the preopen: $f"
done
sb_finish
