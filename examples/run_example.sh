#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# run_example.sh EXPECTED PROGRAM ARGS... — runs an example and passes when
# it exits 0 and its stdout equals EXPECTED exactly.
expected=$1
shift
out=$("$@")
rc=$?
if [ $rc -ne 0 ]; then
  echo "FAIL: $* exited $rc; stdout was:"
  printf '%s\n' "$out"
  exit 1
fi
if ! printf '%s\n' "$out" | diff -u "$expected" -; then
  echo "FAIL: the output of $1 differs from $expected (diff above: - expected, + got)"
  exit 1
fi
echo "ok: $(basename "$1")"
