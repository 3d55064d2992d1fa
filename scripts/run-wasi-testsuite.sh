#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# run-wasi-testsuite.sh — runs the official WASI testsuite against wasmcell
# and, for comparison, against Node's node:wasi; prints per-suite counts.
#
#   scripts/run-wasi-testsuite.sh [--wasmcell-only | --node-only] [--official]
#                                 [--errno-mode unix] [runner options: -v, --filter X, -j N]
#
# Suite: $WASI_TESTSUITE (default /work/ext/wasi-testsuite, branch
# prod/testsuite-base, holding prebuilt tests/*/testsuite/wasm32-wasip1). It is
# read, never modified or committed. Runtime: $WASMCELL (default build/wasmcell).
#
# By default our runner (scripts/wasi-testsuite-runner.py, no dependencies)
# runs each test with its root dir copied to a temp dir. --official instead
# runs the suite's own ./run-tests with scripts/wasi-testsuite-adapter.py;
# that needs python >= 3.12 (taken from pyenv) and colorama (borrowed from
# another installed python when the 3.12 one lacks it); it runs tests inside
# the checkout. Exit status: 0 when wasmcell failed no test.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
suite=${WASI_TESTSUITE:-/work/ext/wasi-testsuite}
wasmcell=${WASMCELL:-$repo/build/wasmcell}
run_wasmcell=1 run_node=1 official=0
runner_opts=()
while [ $# -gt 0 ]; do
    case $1 in
        --wasmcell-only) run_node=0 ;;
        --node-only) run_wasmcell=0 ;;
        --official) official=1 ;;
        -h|--help) sed -n '3,19p' "$0"; exit 0 ;;
        *) runner_opts+=("$1") ;;
    esac
    shift
done

if [ ! -d "$suite/tests" ]; then
    echo "run-wasi-testsuite: no suite at $suite (git clone --branch prod/testsuite-base" \
         "https://github.com/WebAssembly/wasi-testsuite there, or set WASI_TESTSUITE)" >&2
    exit 2
fi

find_python312() {
    local v p
    local candidates=()
    if command -v pyenv > /dev/null; then
        for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])' | sort -rV); do
            candidates+=("$(pyenv root)/versions/$v/bin/python")
        done
    fi
    candidates+=(python3.13 python3.12 python3)
    for p in "${candidates[@]}"; do
        if "$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' > /dev/null 2>&1; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

run_official() {   # run_official RUNTIME_CMD
    local py shim
    py=$(find_python312) || { echo "run-wasi-testsuite: --official needs python >= 3.12" >&2; return 2; }
    shim=$(mktemp -d)
    if ! "$py" -c 'import colorama' 2> /dev/null; then
        local donor
        for donor in python3 $(command -v pyenv > /dev/null && ls -d "$(pyenv root)"/versions/*/bin/python 2>/dev/null); do
            local dir
            dir=$("$donor" -c 'import colorama, os; print(os.path.dirname(colorama.__file__))' 2>/dev/null) || continue
            ln -s "$dir" "$shim/colorama"
            break
        done
    fi
    (cd "$suite" && WASMCELL="$1" PYTHONPATH="$shim${PYTHONPATH:+:$PYTHONPATH}" \
        "$py" ./run-tests --runtime-adapter "$here/wasi-testsuite-adapter.py" --disable-colors "${runner_opts[@]}")
    local rc=$?
    rm -rf "$shim"
    return $rc
}

run_ours() {   # run_ours RUNTIME_CMD LABEL
    echo "=== $2"
    python3 "$here/wasi-testsuite-runner.py" --suite-root "$suite" --runtime "$1" "${runner_opts[@]}" |
        tee "${TMPDIR:-/tmp}/wasi-testsuite-$$.$2.log" | grep -v '^  ' || true
    local rc=${PIPESTATUS[0]}
    grep '^  FAIL' "${TMPDIR:-/tmp}/wasi-testsuite-$$.$2.log" | sed 's/^/    /' | head -80
    rm -f "${TMPDIR:-/tmp}/wasi-testsuite-$$.$2.log"
    return "$rc"
}

status=0
if [ $run_wasmcell -eq 1 ]; then
    if [ ! -x "$wasmcell" ] && [ -z "${WASMCELL:-}" ]; then
        echo "run-wasi-testsuite: $wasmcell not built (make build)" >&2
        exit 2
    fi
    if [ $official -eq 1 ]; then run_official "$wasmcell"; else run_ours "$wasmcell" wasmcell; fi
    status=$?
fi
if [ $run_node -eq 1 ]; then
    if command -v node > /dev/null; then
        if [ $official -eq 1 ]; then
            run_official "node $here/node-wasi-run.mjs"
        else
            run_ours "node $here/node-wasi-run.mjs" node:wasi
        fi
    else
        echo "=== node:wasi: node not found, skipped"
    fi
fi
exit $status
