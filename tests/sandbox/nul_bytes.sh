#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# A guest path with a NUL byte inside is rejected (EINVAL/EILSEQ/ENOENT, as
# wasi-testsuite accepts), never cut at the NUL and used as a shorter path.
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
sb_begin
sb_tool \
    'inval,ilseq,noent|read|inside.txt%00junk' \
    'inval,ilseq,noent|read|inside.txt%00' \
    'inval,ilseq,noent|read|%00' \
    'inval,ilseq,noent,deny|read|sub%00/../../secret.txt' \
    'inval,ilseq,noent,deny|read|..%00' \
    'inval,ilseq,noent|create|new%00.txt' \
    'inval,ilseq,noent|mkdir|dir%00x' \
    'inval,ilseq,noent|unlink|inside.txt%00x' \
    'inval,ilseq,noent|rename|inside.txt%00x|y' \
    'inval,ilseq,noent|symlink|inside.txt|lnk%00x' \
    'ok|read|inside.txt'
[ -e "$ROOT/new" ] && sb_fail "a path was cut at its NUL byte (created 'new')"
[ -e "$ROOT/dir" ] && sb_fail "a path was cut at its NUL byte (created 'dir')"
[ -e "$ROOT/lnk" ] && sb_fail "a path was cut at its NUL byte (created 'lnk')"
[ -f "$ROOT/inside.txt" ] || sb_fail "inside.txt was removed through a path with a NUL"
sb_finish
