#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# man_test.sh WASMCELL MANPAGE — the man page renders without troff
# warnings and documents every command and option that `wasmcell --help`
# and `wasmcell <command> --help` list, and the exit statuses of run.
set -u
bin=$1 page=$2
failures=0
if command -v groff >/dev/null 2>&1; then
  warnings=$(groff -man -ww -z "$page" 2>&1)
  [ -z "$warnings" ] && echo "ok: groff -man -ww: no warnings" \
    || { echo "FAIL: groff warnings:"; echo "$warnings"; failures=$((failures + 1)); }
else
  echo "note: groff missing, rendering not checked"
fi
# Options as troff writes them: "--max-memory" is "\-\-max\-memory".
troff_text=$(sed 's/\\-/-/g' "$page")
commands=$("$bin" --help | awk '/^commands:/ {on = 1; next} on && NF == 0 {on = 0} on {print $1}')
[ -n "$commands" ] || { echo "FAIL: no commands in wasmcell --help"; exit 1; }
checked=0
for cmd in $commands; do
  printf '%s\n' "$troff_text" | grep -q "^\.SS \"wasmcell $cmd" \
    || { echo "FAIL: no section for command $cmd"; failures=$((failures + 1)); }
  printf '%s\n' "$troff_text" | grep -q "^\.SS $cmd\$" \
    || { echo "FAIL: no exit status section for command $cmd"; failures=$((failures + 1)); }
  for opt in $("$bin" "$cmd" --help | grep -oE '(^|[ ,])--[a-z][a-z-]*' | tr -d ' ,' | sort -u); do
    checked=$((checked + 1))
    printf '%s\n' "$troff_text" | grep -q -- "$opt" \
      || { echo "FAIL: $cmd option $opt is not in the man page"; failures=$((failures + 1)); }
  done
done
for code in 124 125 134; do
  printf '%s\n' "$troff_text" | grep -q "^\.B $code\$" \
    || { echo "FAIL: exit status $code undocumented"; failures=$((failures + 1)); }
done
echo "$checked options of $(echo $commands | wc -w) commands checked, $failures failure(s)"
[ $failures -eq 0 ]
