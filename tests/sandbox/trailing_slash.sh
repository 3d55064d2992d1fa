#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Trailing slashes, doubled slashes and dot components do not open a way out,
# including on symlinks (a trailing slash forces the link to be followed).
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
ln -s ../outside "$ROOT/outdir"
ln -s "$W/outside" "$ROOT/absdir"
ln -s ../secret.txt "$ROOT/up"
sb_begin
sb_tool \
    'deny|opendir|../' \
    'deny|opendir|..//' \
    'deny|read|..//secret.txt' \
    'deny|read|.//..//secret.txt' \
    'deny|read|sub//..//..//secret.txt' \
    'deny|read|sub/.././../secret.txt' \
    'deny|opendir|sub/../../' \
    'deny|opendir|outdir/' \
    'deny|opendir|outdir/.' \
    'deny|opendir|absdir/' \
    'deny|opendir|absdir//' \
    'deny|read|outdir//secret2.txt' \
    'deny|read|outdir/./secret2.txt' \
    'deny|mkdir|outdir/new/' \
    'deny|rmdir|outdir/dir/' \
    'deny|unlink|outdir/secret2.txt/' \
    'deny|rename|sub/|outdir/sub/' \
    'deny|symlink|x|outdir/newlink/' \
    'fail|read|up/' \
    'deny|read|//etc/passwd' \
    'deny|read|///etc/passwd' \
    'fail|read|inside.txt/' \
    'fail|read|inside.txt/.' \
    'ok|opendir|sub/' \
    'ok|opendir|sub//' \
    'ok|opendir|./sub/./' \
    'ok|read|sub//inside.txt'
sb_finish
