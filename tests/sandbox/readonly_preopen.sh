#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# A preopen given as HOST::/ro:readonly can be read but never changed: no
# create, write, truncate, mkdir, rmdir, unlink, rename, link, symlink or
# time change beneath it, and files opened from it refuse writes.
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
mkdir -p "$W/ro/emptydir" "$W/ro/dir"
printf 'read-only content\n' > "$W/ro/file.txt"
printf 'x\n' > "$W/ro/dir/f"
ln -s file.txt "$W/ro/link"
ln -s ../root "$W/ro/rwlink"   # from the read-only preopen into the read-write one
sb_begin
RO='rofs,perm,notcapable,acces,badf'
sb_run sbtool --dir "$W/ro::/ro:readonly" -- \
    'ok|usefd|4' \
    'ok|read|file.txt' \
    'ok|read|link' \
    'ok|opendir|dir' \
    'ok|stat|file.txt' \
    "$RO|create|new.txt" \
    "$RO|create|file.txt" \
    "$RO|write|file.txt" \
    "$RO|trunc|file.txt" \
    "$RO|write|link" \
    "$RO|fdops|file.txt" \
    "$RO|mkdir|newdir" \
    "$RO|rmdir|emptydir" \
    "$RO|unlink|file.txt" \
    "$RO|unlink|link" \
    "$RO|rename|file.txt|renamed.txt" \
    "$RO|rename|dir|renamed_dir" \
    "$RO|link|file.txt|hard.txt" \
    "$RO|symlink|file.txt|newlink" \
    "$RO|settimes|file.txt" \
    'deny|create|rwlink/through-ro.txt' \
    'deny|read|rwlink/inside.txt' \
    'ok|base|dir' \
    "$RO|create|dir_new.txt" \
    "$RO|unlink|f" \
    'ok|usefd|3' \
    "$RO|rename|inside.txt|../ro/moved_in.txt" \
    'ok|create|rw_still_works.txt'
[ "$SB_RC" -eq 0 ] || sb_fail "sbtool: exit status $SB_RC (a step failed)"
[ -f "$ROOT/rw_still_works.txt" ] || sb_fail "the read-write preopen did not get its file"
sb_finish
