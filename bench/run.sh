#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# make bench: builds the benchmarks (bench/build.sh, incremental) and runs them
# (bench/run.py). Options and environment: see `bench/run.sh --help`.
#   bench/run.sh                    full run: native, wasmcell, node (+ BENCH_RUNTIMES)
#   bench/run.sh --quick fib        one program: native-gcc vs wasmcell vs node, 3 runs
#   BENCH_RUNTIMES="wasm3=/work/ext/peers/wasm3 iwasm=/work/ext/peers/iwasm" bench/run.sh
#   bench/run.sh --compile-speed    wasmcell compile --opt 0..3 vs wamrc on sqlite and lua
# Native-tier columns (wasmcell-aot, wasmcell-auto, wasmcell-auto-warm) and WAMR's
# compiled peers (wamr-aot, wamr-fjit, found in BENCH_PEERS=/work/ext/peers) are on
# by default; a wasmcell without those commands gets its columns skipped.
# BENCH_NO_BUILD=1 skips the build step.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
case " $* " in
    *" -h "*|*" --help "*) exec python3 "$HERE/run.py" --help ;;
esac
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
    "$HERE/build.sh"
fi
exec python3 "$HERE/run.py" "$@"
