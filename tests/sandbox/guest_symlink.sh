#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# A symlink that the guest itself creates with path_symlink, pointing outside
# (relative climb or absolute host path), may be created as text but can never
# be used to read, write or create outside.
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
sb_begin
sb_tool \
    'okdeny|symlink|../secret.txt|esc1' \
    "okdeny|symlink|$W/secret.txt|esc2" \
    'okdeny|symlink|../outside|esc3' \
    "okdeny|symlink|$W/outside|esc4" \
    'okdeny|symlink|../../../../../../etc/passwd|esc5' \
    'okdeny|symlink|../pwned-by-link.txt|esc6' \
    'ok|symlink|..|sub/esc7' \
    'fail|read|esc1' \
    'fail|read|esc2' \
    'fail|read|esc3/secret2.txt' \
    'fail|read|esc4/secret2.txt' \
    'fail|read|esc5' \
    'fail|write|esc1' \
    'fail|trunc|esc2' \
    'any|create|esc6' \
    'fail|create|esc3/pwned.txt' \
    'fail|opendir|esc4' \
    'fail|mkdir|esc4/newdir' \
    'ok|read|sub/esc7/inside.txt' \
    'deny|read|sub/esc7/../secret.txt' \
    'fail|rename|inside.txt|esc3/stolen.txt' \
    'fail|linkf|esc1|hard_to_secret' \
    'ok|symlink|inside.txt|good' \
    'ok|read|good'
[ -e "$W/pwned-by-link.txt" ] && sb_fail "a file was created outside through a guest symlink"
sb_finish
