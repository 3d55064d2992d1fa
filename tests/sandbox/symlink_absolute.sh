#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Symlinks inside the preopen whose target is an absolute host path are never
# followed out, neither as the last component nor in the middle of a path.
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
ln -s "$W/secret.txt" "$ROOT/abs"
ln -s "$W/outside" "$ROOT/absdir"
ln -s /etc/passwd "$ROOT/passwd"
ln -s / "$ROOT/slash"
ln -s "$ROOT/inside.txt" "$ROOT/abs_to_inside"   # absolute, though it names a file inside
sb_begin
sb_tool \
    'deny|read|abs' \
    'deny|read|passwd' \
    'deny|read|slash/etc/passwd' \
    'deny|read|absdir/secret2.txt' \
    'deny|read|absdir/dir/secret3.txt' \
    'deny|opendir|absdir' \
    'deny|opendir|slash' \
    'deny|stat|abs' \
    'deny|write|abs' \
    'deny|trunc|abs' \
    'deny|create|absdir/pwned.txt' \
    'deny|mkdir|absdir/newdir' \
    'deny|unlink|absdir/secret2.txt' \
    'deny|rmdir|absdir/dir' \
    'deny|settimes|abs' \
    'deny|symlink|x|absdir/newlink' \
    'deny|rename|inside.txt|absdir/stolen.txt' \
    'deny|read|abs_to_inside' \
    'ok|lstat|abs' \
    'ok|read|inside.txt'
sb_finish
