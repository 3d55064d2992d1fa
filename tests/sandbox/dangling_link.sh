#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Dangling symlinks that point outside the preopen: creating, opening with
# O_CREAT, mkdir and symlink through them must not create anything outside.
# Operations on the links themselves (lstat, readlink, unlink, rename, times
# with NOFOLLOW) stay inside and leave their outside targets alone.
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
ln -s ../created-through-link.txt "$ROOT/dangle"
ln -s "$W/created-through-abs.txt" "$ROOT/dangle_abs"
ln -s ../outside/newdir "$ROOT/dangle_dir"
ln -s "$W/outside/secret2.txt" "$ROOT/live"
ln -s ../outside/secret2.txt "$ROOT/live2"
sb_begin
sb_tool \
    'deny|create|dangle' \
    'deny|create|dangle_abs' \
    'deny|write|dangle' \
    'fail|mkdir|dangle_dir' \
    'fail|mkdir|dangle_dir/x' \
    'fail|symlink|x|dangle' \
    'deny|read|dangle' \
    'ok|lstat|dangle' \
    'ok|readlink|dangle_abs' \
    'ok,deny,notsup|settimes_nofollow|live' \
    'deny|settimes|live' \
    'ok|rename|live|sub/live_moved' \
    'deny|read|sub/live_moved' \
    'ok|unlink|live2' \
    'ok|unlink|dangle' \
    'ok|unlink|dangle_abs' \
    'ok|create|dangle'
[ -e "$W/created-through-link.txt" ] && sb_fail "created a file outside through a dangling link"
[ -e "$W/created-through-abs.txt" ] && sb_fail "created a file outside through a dangling absolute link"
[ -e "$W/outside/newdir" ] && sb_fail "created a directory outside through a dangling link"
[ -f "$ROOT/dangle" ] && [ ! -L "$ROOT/dangle" ] || sb_fail "after unlinking the link, create did not make a plain file inside"
sb_finish
