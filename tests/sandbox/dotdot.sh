#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# `..` may move around inside the preopen but never above it, however it is
# spelled, and even when the path comes back down afterwards.
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
sb_begin
sb_tool \
    'deny|read|../secret.txt' \
    'deny|read|./../secret.txt' \
    'deny|opendir|..' \
    'deny|opendir|../outside' \
    'deny|read|../outside/secret2.txt' \
    'deny|read|../../../../../../etc/passwd' \
    'deny|read|sub/../../secret.txt' \
    'deny|read|sub/../sub/../../secret.txt' \
    'deny|read|../root/inside.txt' \
    'deny|read|sub/../../root/sub/inside.txt' \
    'deny|create|../pwned.txt' \
    'deny|write|../secret.txt' \
    'deny|mkdir|../newdir' \
    'deny|unlink|../secret.txt' \
    'deny|rmdir|../outside/dir' \
    'deny|stat|../secret.txt' \
    'deny|settimes|../secret.txt' \
    'deny|readlink|../secret.txt' \
    'ok|read|sub/../inside.txt' \
    'ok|read|./sub/./inside.txt' \
    'ok|opendir|sub/..' \
    'ok|opendir|.'
sb_finish
