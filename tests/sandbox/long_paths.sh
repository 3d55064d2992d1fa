#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Over-long names and paths fail cleanly (ENAMETOOLONG, or a refusal), a 1 MiB
# path does not crash the runtime, and a long `x/..` soup never climbs out.
. "$(dirname "$0")/lib.sh" "$@"
sb_setup
sb_begin
sb_tool \
    'nametoolong|read|@rep:300:a:' \
    'nametoolong|create|@rep:300:b:' \
    'nametoolong|mkdir|@rep:256:c:' \
    'nametoolong,noent|read|@rep:3000:a/:x' \
    'nametoolong,noent|read|@rep:1048576:a:' \
    'ok,nametoolong,noent|read|@rep:1000:sub/../:inside.txt' \
    'nametoolong,deny|read|@rep:2000:sub/../:../secret.txt' \
    'nametoolong,deny|read|@rep:3000:../:secret.txt' \
    'ok,nametoolong,noent|stat|@rep:5000:./:inside.txt' \
    'ok|read|@rep:100:./:inside.txt' \
    'ok|create|@rep:255:d:' \
    'ok|read|@rep:255:d:'
sb_finish
