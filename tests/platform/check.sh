#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# check.sh MODE CLANG SOURCE_DIR WORK_DIR [WARNING FLAGS...] — the platform
# claims of README.md ("Supported platforms"), where the tools exist (exit
# 77 = skipped, tools missing):
#   clang19   every runtime, WASI and CLI source compiles warning-free with
#             clang-19 and the project's warning flags (-Werror); on x86-64
#             the tool built with clang -O2 (no LLVM plugin) JIT-compiles
#             tests/native/wat/jit_shared_handlers.wat;
#   aarch64   the same for aarch64 Linux without the LLVM plugin (needs the
#             aarch64 C library, Debian: libc6-dev-arm64-cross and
#             libgcc-12-dev-arm64-cross, which scripts/install-deps.sh
#             installs), then the tool is linked with lld; when
#             qemu-aarch64 is there (qemu-user), it runs hello world and an
#             out-of-bounds trap.
set -u
mode=$1 cc=$2 src=$3 work=$4
shift 4
warn="$* -Werror"
command -v "$cc" >/dev/null 2>&1 || { echo "SKIP: $cc not found"; exit 77; }
cd "$src" || exit 1
mkdir -p "$work"
common="-std=gnu11 -D_GNU_SOURCE -DWASMCELL_BUILDING -Iinclude -Isrc -Icli"
sources=$(ls src/*/*.c wasi/*.c cli/*.c | grep -v '^src/native/llvm_' | grep -v '^src/native/plugin_alloc.c')
failures=0
case $mode in
clang19)
    for f in $sources; do
        $cc $common $warn -fsyntax-only "$f" || failures=$((failures + 1))
    done
    llvm_inc=$(llvm-config-19 --includedir 2>/dev/null)
    if [ -n "$llvm_inc" ]; then
        for f in src/native/llvm_*.c src/native/plugin_alloc.c; do
            $cc $common $warn -isystem "$llvm_inc" -fsyntax-only "$f" || failures=$((failures + 1))
        done
    fi
    echo "clang-19: $(echo $sources | wc -w) sources (+ the LLVM plugin's when llvm-19-dev is there), $failures failing"
    [ $failures -eq 0 ] || exit 1
    # clang at -O2 merges interpreter handlers whose code is identical; the
    # JIT (x86-64) must still translate the ops that share them (it once
    # declined every function with i32.wrap_i64 or f32 loads in such builds)
    [ "$(uname -m)" = x86_64 ] || exit 0
    bin=$work/wasmcell-clang
    if ! $cc $common -O2 $sources -o "$bin" -lpthread -lm -ldl 2>"$work/build.log"; then
        echo "FAIL: cannot build the tool with $cc -O2:"
        tail -5 "$work/build.log"
        exit 1
    fi
    out=$(WASMCELL_JIT=all WASMCELL_NATIVE_DEBUG=1 "$bin" run --tier interp --invoke mix \
        tests/native/wat/jit_shared_handlers.wat 81985529216486895 1.5 -2.25 2>"$work/jit.err")
    want=$("$bin" run --tier interp --invoke mix tests/native/wat/jit_shared_handlers.wat 81985529216486895 1.5 -2.25)
    if grep -q "JIT declines" "$work/jit.err" || [ "$out" != "$want" ]; then
        echo "FAIL: the JIT of a clang -O2 build: '$out' (interpreter '$want'):"
        cat "$work/jit.err"
        exit 1
    fi
    echo "ok: a clang -O2 build's JIT translates ops with shared handlers"
    ;;
aarch64)
    target="--target=aarch64-linux-gnu"
    echo '#include <stdio.h>' | $cc $target -fsyntax-only -x c - 2>/dev/null \
        || { echo "SKIP: no aarch64 C library headers (libc6-dev-arm64-cross)"; exit 77; }
    for f in $sources; do
        $cc $target $common $warn -fsyntax-only "$f" || failures=$((failures + 1))
    done
    echo "aarch64: $(echo $sources | wc -w) sources, $failures failing"
    [ $failures -eq 0 ] || exit 1
    lld=$(command -v ld.lld-19 || command -v ld.lld) || { echo "note: no lld, not linked"; exit 0; }
    bin=$work/wasmcell-aarch64
    if ! $cc $target $common -O1 --ld-path="$lld" $sources -o "$bin" -lpthread -lm -ldl \
            2>"$work/link.log"; then
        echo "FAIL: cannot build the tool for aarch64:"
        tail -5 "$work/link.log"
        exit 1
    fi
    echo "aarch64: the tool builds and links"
    command -v qemu-aarch64 >/dev/null 2>&1 || { echo "note: no qemu-aarch64, not run"; exit 0; }
    out=$(QEMU_LD_PREFIX=/usr/aarch64-linux-gnu qemu-aarch64 "$bin" run --tier interp examples/hello.wasm)
    [ "$out" = "hello world" ] || { echo "FAIL: hello under qemu-aarch64 printed '$out'"; exit 1; }
    printf '(module (memory (export "memory") 1) (func (export "_start") (drop (i32.load (i32.const 70000)))))' >"$work/oob.wat"
    QEMU_LD_PREFIX=/usr/aarch64-linux-gnu qemu-aarch64 "$bin" run "$work/oob.wat" 2>"$work/oob.err"
    rc=$?
    [ $rc -eq 134 ] && grep -q "out of bounds memory access" "$work/oob.err" \
        || { echo "FAIL: an out-of-bounds load under qemu-aarch64: exit $rc"; cat "$work/oob.err"; exit 1; }
    echo "ok: hello world and an out-of-bounds trap under qemu-aarch64"
    ;;
*) echo "usage: check.sh clang19|aarch64 CLANG SOURCE_DIR WORK_DIR [FLAGS...]"; exit 2 ;;
esac
[ $failures -eq 0 ]
