#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Absolute guest paths are never host paths: /etc/passwd and the host's
# absolute path of the secret are refused for every kind of operation.
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
sb_begin
sb_tool \
    'deny|read|/etc/passwd' \
    "deny|read|$W/secret.txt" \
    "deny|read|/sandbox/inside.txt" \
    'deny|read|/' \
    'deny|opendir|/' \
    "deny|opendir|$W/outside" \
    'deny|stat|/etc/passwd' \
    "deny|create|$W/pwned.txt" \
    "deny|write|$W/secret.txt" \
    "deny|trunc|$W/secret.txt" \
    "deny|mkdir|$W/newdir" \
    "deny|unlink|$W/secret.txt" \
    "deny|rmdir|$W/outside/dir" \
    "deny|rename|inside.txt|$W/stolen.txt" \
    "deny|rename|$W/secret.txt|pulled.txt" \
    "deny|link|inside.txt|$W/hard.txt" \
    "deny|symlink|inside.txt|$W/link" \
    "deny|settimes|$W/secret.txt" \
    'ok|read|inside.txt'
sb_finish
