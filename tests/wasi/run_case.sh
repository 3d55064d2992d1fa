#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# run_case.sh — runs one WASI test case and compares it with its expectation.
#   run_case.sh RUNNER WASM_DIR CASE.spec [CASE.expected]
# RUNNER is the runtime command ("build/wasmcell"; it may hold arguments, e.g.
# "node scripts/node-wasi-run.mjs"); `RUNNER run OPTIONS PROG.wasm ARGS...` is
# run from WASM_DIR, so the guest's argv[0] is "PROG.wasm". The .spec format is
# documented in docs/testing.md. Exit: 0 pass, 1 fail, 77 skipped.
set -u

if [ $# -lt 3 ]; then
    echo "usage: run_case.sh RUNNER WASM_DIR CASE.spec [CASE.expected]" >&2
    exit 2
fi
runner=$1 wasm_dir=$2 spec=$3
expected=${4:-${spec%.spec}.expected}
name=$(basename "${spec%.spec}")

work=$(mktemp -d "${TMPDIR:-/tmp}/wasmcell-case.XXXXXX") || exit 1
TMP=$work/root
mkdir "$TMP"
export TMP
cleanup() { chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

program=$name want_exit=0 timeout_s=30
stdout_sha=""
args=() opts=() setups=() checks=() stderr_wants=() stdout_wants=()
stdin_file=/dev/null
while IFS= read -r line || [ -n "$line" ]; do
    case $line in ''|'#'*) continue ;; esac
    key=${line%% *}
    if [ "$key" = "$line" ]; then val=""; else val=${line#* }; fi
    case $key in
        program) program=$val ;;
        arg) val=${val//@NOW@/$(date +%s)}; args+=("${val//\$TMP/$TMP}") ;;
        env) opts+=(--env "$val") ;;
        option) read -r -a words <<< "$val"; opts+=("${words[@]}") ;;
        dir) opts+=(--dir "${val//\$TMP/$TMP}") ;;
        stdin)
            stdin_file=$work/stdin
            printf '%s\n' "$val" >> "$stdin_file" ;;
        exit) want_exit=$val ;;
        stderr) stderr_wants+=("$val") ;;
        stdout-contains) stdout_wants+=("$val") ;;
        stdout-sha256) stdout_sha=$val ;;
        setup) setups+=("$val") ;;
        check) checks+=("$val") ;;
        timeout) timeout_s=$val ;;
        *) echo "$spec: unknown key '$key'" >&2; exit 2 ;;
    esac
done < "$spec"

wasm=$wasm_dir/$program.wasm
if [ ! -f "$wasm" ]; then
    echo "FAIL $name: $wasm was not built"
    exit 1
fi

for cmd in "${setups[@]}"; do
    if ! (cd "$TMP" && bash -ec "$cmd"); then
        echo "FAIL $name: setup failed: $cmd"
        exit 1
    fi
done

# shellcheck disable=SC2086   # RUNNER may be a command with arguments
(cd "$wasm_dir" && exec timeout -k 5 "$timeout_s" $runner run "${opts[@]}" "$program.wasm" "${args[@]}") \
    < "$stdin_file" > "$work/stdout" 2> "$work/stderr"
rc=$?

fail=0
report() { echo "FAIL $name: $*"; fail=1; }

# A crash shows as 128+signal: SIGILL 132, SIGBUS 135, SIGFPE 136, SIGKILL 137,
# SIGSEGV 139. 134 is also SIGABRT's, but `wasmcell run` uses it for a trap,
# so trap cases pair `exit !0` with `stderr error:`.
case $want_exit in
    '!0')
        case $rc in
            0) report "exit status 0, want non-zero" ;;
            124) report "timed out after ${timeout_s}s" ;;
            132|135|136|137|139) report "exit status $rc: the runtime crashed (signal $((rc - 128)))" ;;
        esac ;;
    *)
        [ "$rc" -eq "$want_exit" ] || report "exit status $rc, want $want_exit" ;;
esac

if [ -n "$stdout_sha" ]; then
    got_sha=$(sha256sum < "$work/stdout" | cut -d' ' -f1)
    [ "$got_sha" = "$stdout_sha" ] ||
        report "stdout sha256 $got_sha ($(wc -c < "$work/stdout") bytes), want $stdout_sha; first bytes: $(head -c 200 "$work/stdout")"
elif [ ! -f "$expected" ]; then
    report "no expectation file $expected"
elif ! cmp -s "$expected" "$work/stdout"; then
    report "stdout differs from $(basename "$expected") (- expected, + actual):"
    diff -u "$expected" "$work/stdout" | tail -n +3 | head -n 60
fi
for want in "${stdout_wants[@]}"; do
    grep -qF -- "$want" "$work/stdout" || report "stdout lacks '$want'"
done
# A sanitizer build reports memory errors and UB on stderr.
if grep -qE 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:' "$work/stderr"; then
    report "a sanitizer reported an error (see stderr)"
fi
for want in "${stderr_wants[@]}"; do
    grep -qF -- "$want" "$work/stderr" || report "stderr lacks '$want'"
done
for cmd in "${checks[@]}"; do
    (cd "$TMP" && bash -ec "$cmd") || report "check failed: $cmd"
done

if [ $fail -ne 0 ]; then
    echo "--- command: $runner run ${opts[*]} $program.wasm ${args[*]}"
    echo "--- stderr:"
    head -c 4000 "$work/stderr"
    exit 1
fi
echo "PASS $name"
exit 0
