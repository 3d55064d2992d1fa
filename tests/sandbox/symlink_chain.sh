#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# A chain of links where only the last hop leaves the preopen is refused; a
# chain that stays inside is followed to its end.
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
ln -s b "$ROOT/a"
ln -s sub/c "$ROOT/b"
ln -s ../d "$ROOT/sub/c"
ln -s ../secret.txt "$ROOT/d"
ln -s y "$ROOT/x"
ln -s sub/z "$ROOT/y"
ln -s inside.txt "$ROOT/sub/z"
ln -s sub "$ROOT/dirhop1"
ln -s ../dirhop2 "$ROOT/sub/hop"
ln -s ../outside "$ROOT/dirhop2"
sb_begin
sb_tool \
    'deny|read|a' \
    'deny|read|b' \
    'deny|read|sub/c' \
    'deny|stat|a' \
    'deny|write|a' \
    'deny|read|dirhop1/hop/secret2.txt' \
    'deny|opendir|dirhop1/hop' \
    'deny|create|dirhop1/hop/pwned.txt' \
    'ok|read|x' \
    'ok|read|dirhop1/inside.txt' \
    'ok|readlink|a'
sb_finish
