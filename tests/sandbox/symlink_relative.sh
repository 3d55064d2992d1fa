#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Relative symlinks that climb out of the preopen, directly or from a
# subdirectory, are refused; relative links that stay inside work. After a
# link to outside, `..` must not reach the outside's parent (physically
# outdir/.. is $W, where the secret is; lexically it is the decoy inside).
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
ln -s ../secret.txt "$ROOT/up"
ln -s ../../outside/secret2.txt "$ROOT/sub/up2"
ln -s .. "$ROOT/parent"
ln -s ../outside "$ROOT/outdir"
ln -s ../../root/../secret.txt "$ROOT/sub/roundtrip"
ln -s sub/../../secret.txt "$ROOT/via_sub"
ln -s ../inside.txt "$ROOT/sub/ok_up"
ln -s sub/inside.txt "$ROOT/ok_down"
ln -s ../sub "$ROOT/sub/ok_dir"
printf 'decoy\n' > "$ROOT/secret.txt"   # what a lexical "outdir/.." would name
sb_begin
sb_tool \
    'deny|read|up' \
    'deny|read|sub/up2' \
    'deny|read|parent/secret.txt' \
    'deny|opendir|parent' \
    'deny|read|outdir/secret2.txt' \
    'deny|opendir|outdir' \
    'deny|read|sub/roundtrip' \
    'deny|read|via_sub' \
    'deny|write|up' \
    'deny|create|outdir/pwned.txt' \
    'deny|create|parent/pwned.txt' \
    'deny|mkdir|parent/newdir' \
    'deny|unlink|outdir/secret2.txt' \
    'deny|stat|up' \
    'ok,deny,noent|read|outdir/../secret.txt' \
    'ok,deny,noent|read|parent/root/../secret.txt' \
    'ok,deny,noent|read|sub/up2/../secret.txt' \
    'ok|lstat|up' \
    'ok|read|sub/ok_up' \
    'ok|read|ok_down' \
    'ok|read|sub/ok_dir/inside.txt' \
    'ok|read|sub/ok_dir/ok_dir/ok_dir/ok_up'
sb_finish
