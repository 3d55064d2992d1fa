#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Symlink loops and over-long chains end with ELOOP (no hang, no crash);
# a short chain still works.
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
ln -s self "$ROOT/self"
ln -s loop2 "$ROOT/loop1"
ln -s loop1 "$ROOT/loop2"
ln -s ../dirloop "$ROOT/sub/dirloop"
ln -s sub/dirloop "$ROOT/dirloop"
for i in $(seq 1 100); do ln -s "chain$((i + 1))" "$ROOT/chain$i"; done
ln -s inside.txt "$ROOT/chain101"
for i in $(seq 1 4); do ln -s "short$((i + 1))" "$ROOT/short$i"; done
ln -s inside.txt "$ROOT/short5"
sb_begin
sb_tool \
    'loop|read|self' \
    'loop|read|loop1' \
    'loop|stat|loop2' \
    'loop|read|dirloop/x' \
    'loop|opendir|dirloop' \
    'loop|create|loop1' \
    'loop|read|chain1' \
    'ok|read|chain90' \
    'ok|read|short1' \
    'ok|lstat|self'
sb_finish
