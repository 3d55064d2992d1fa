#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Build peer WebAssembly runtimes (wasm3, WAMR iwasm) from source trees that
# live OUTSIDE this repository, into a directory outside it too.
#
#   bench/build-peers.sh [--wasm3 DIR] [--wamr DIR] [--out DIR]
#
# Defaults: --wasm3 /work/ext/wasm3  --wamr /work/ext/wamr  --out /work/ext/peers
# Results:  OUT/wasm3  wasm3 CLI, Release, its built-in "simple" WASI (the default,
#                      uvwasi, is downloaded at configure time)
#           OUT/iwasm  WAMR product-mini, Release, fast interpreter, libc-wasi, no
#                      AOT/JIT, no SIMD (WAMR's fast-interpreter SIMD downloads SIMDe at
#                      configure time; the benchmarks are built without -msimd128)
# Nothing is fetched or copied into the repository; build directories are
# OUT/build-*, logs OUT/build-*.log. Prints the BENCH_RUNTIMES line to use.
set -eu

WASM3_SRC=/work/ext/wasm3
WAMR_SRC=/work/ext/wamr
OUT=/work/ext/peers
JOBS=$(nproc 2>/dev/null || echo 2)

while [ $# -gt 0 ]; do
    case "$1" in
        --wasm3) WASM3_SRC=$2; shift 2 ;;
        --wamr)  WAMR_SRC=$2; shift 2 ;;
        --out)   OUT=$2; shift 2 ;;
        -h|--help) sed -n '3,14p' "$0"; exit 0 ;;
        *) echo "build-peers.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done

REPO=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
case "$OUT/" in
    "$REPO"/*) echo "build-peers.sh: --out must be outside the repository ($REPO)" >&2; exit 2 ;;
esac

runtimes=""
status=0

if [ -d "$WASM3_SRC" ]; then
    echo "== wasm3 from $WASM3_SRC"
    # BUILD_WASI=simple: wasm3's built-in WASI (the default, uvwasi, downloads libuv).
    # BUILD_NATIVE=OFF keeps the binary portable (-march=native is not used).
    if cmake -S "$WASM3_SRC" -B "$OUT/build-wasm3" -DCMAKE_BUILD_TYPE=Release \
            -DBUILD_WASI=simple -DBUILD_NATIVE=OFF >"$OUT/build-wasm3.log" 2>&1 &&
       cmake --build "$OUT/build-wasm3" -j "$JOBS" >>"$OUT/build-wasm3.log" 2>&1; then
        cp "$OUT/build-wasm3/wasm3" "$OUT/wasm3"
        runtimes="$runtimes wasm3=$OUT/wasm3"
        echo "   ok: $OUT/wasm3"
    else
        echo "   FAILED (see $OUT/build-wasm3.log)"; status=1
    fi
else
    echo "== wasm3: no source at $WASM3_SRC (skipped)"
fi

if [ -d "$WAMR_SRC" ]; then
    echo "== WAMR iwasm (fast interpreter) from $WAMR_SRC"
    if cmake -S "$WAMR_SRC/product-mini/platforms/linux" -B "$OUT/build-iwasm" \
            -DCMAKE_BUILD_TYPE=Release \
            -DWAMR_BUILD_INTERP=1 -DWAMR_BUILD_FAST_INTERP=1 \
            -DWAMR_BUILD_AOT=0 -DWAMR_BUILD_JIT=0 -DWAMR_BUILD_FAST_JIT=0 \
            -DWAMR_BUILD_LIBC_WASI=1 -DWAMR_BUILD_LIBC_BUILTIN=1 \
            -DWAMR_BUILD_SIMD=0 \
            >"$OUT/build-iwasm.log" 2>&1 &&
       cmake --build "$OUT/build-iwasm" -j "$JOBS" >>"$OUT/build-iwasm.log" 2>&1; then
        cp "$OUT/build-iwasm/iwasm" "$OUT/iwasm"
        runtimes="$runtimes iwasm=$OUT/iwasm"
        echo "   ok: $OUT/iwasm"
    else
        echo "   FAILED (see $OUT/build-iwasm.log)"; status=1
    fi
else
    echo "== WAMR: no source at $WAMR_SRC (skipped)"
fi

runtimes=${runtimes# }
echo
echo "BENCH_RUNTIMES=\"$runtimes\" make bench"
exit $status
