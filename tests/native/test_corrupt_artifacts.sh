# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# A damaged or mismatched .cwasm is refused with a clear message and exit
# 125, and never runs (no "hello world"), never crashes: truncated at every
# interesting length, one byte flipped anywhere, a wrong magic, a "future"
# engine version or format, another target, unknown CPU features, a module
# that no longer matches its hash, zeroed object code (the last three with a
# correct checksum, made by artifact_edit).
. "$(dirname "$0")/lib.sh"
[ -x "$EDIT" ] || fail "$EDIT not built"
cd "$TMP" || fail "cd"
run "$WASMCELL" compile "$SRC/examples/hello.wasm" -o hello.cwasm
expect_rc 0 "compile hello.wasm"
run "$WASMCELL" run hello.cwasm
expect_rc 0 "the intact artifact runs"
expect_stdout 'hello world\n'
size=$(wc -c < hello.cwasm)

# refused FILE WHAT [MESSAGE]: `run FILE` exits 125 with "error:" (and
# MESSAGE, a fixed string) on stderr, prints nothing, does not crash.
refused() {
    run "$WASMCELL" run "$1"
    expect_no_crash "$2"
    [ "$rc" -eq 125 ] || fail "$2: exit $rc, want 125"
    grep -q '^error:' "$TMP/err" || fail "$2: no 'error:' line"
    [ -n "${3:-}" ] && { grep -qF -- "$3" "$TMP/err" || fail "$2: stderr lacks '$3'"; }
    [ -s "$TMP/out" ] && fail "$2: the artifact ran"
    return 0
}

# Truncated: inside the magic, the header, the strings, the module, the
# object, the checksum.
for n in 9 12 16 40 100 $((size / 2)) $((size - 33)) $((size - 32)) $((size - 1)); do
    head -c "$n" hello.cwasm > cut.cwasm
    refused cut.cwasm "truncated to $n of $size bytes"
done
head -c "$((size - 1))" hello.cwasm > cut.cwasm
refused cut.cwasm "truncated by one byte" "truncated"

# One byte flipped (no checksum fix): the format field, a string, the
# module, the object, the checksum itself.
for at in 8 14 30 64 200 $((size / 2)) $((size - 40)) $((size - 1)); do
    "$EDIT" hello.cwasm flip.cwasm flip "$at" || fail "artifact_edit flip $at"
    refused flip.cwasm "byte $at flipped"
done
"$EDIT" hello.cwasm flip.cwasm flip $((size / 2)) || fail "artifact_edit"
refused flip.cwasm "a byte in the middle flipped" "checksum"

# Wrong magic: not an artifact any more, and not wasm either.
"$EDIT" hello.cwasm magic.cwasm flip 1 || fail "artifact_edit flip 1"
refused magic.cwasm "wrong magic"
printf 'wasmcell' | cat - hello.cwasm > prefixed.cwasm
refused prefixed.cwasm "bytes before the magic"

# Mismatches with a valid checksum.
"$EDIT" hello.cwasm future.cwasm engine-version 99.0.0+abi1 || fail "artifact_edit engine-version"
refused future.cwasm "made by a future wasmcell" "99.0.0"
"$EDIT" hello.cwasm future.cwasm engine-version 0.1.0+abi999 || fail "artifact_edit abi"
refused future.cwasm "made for another native ABI" "abi999"
"$EDIT" hello.cwasm format.cwasm format 99 || fail "artifact_edit format"
refused format.cwasm "format version 99"
"$EDIT" hello.cwasm triple.cwasm triple aarch64-unknown-linux-gnu || fail "artifact_edit triple"
refused triple.cwasm "another target" "aarch64-unknown-linux-gnu"
"$EDIT" hello.cwasm feat.cwasm features +sse2,+notafeature || fail "artifact_edit features"
refused feat.cwasm "an unknown CPU feature" "notafeature"
"$EDIT" hello.cwasm mod.cwasm module-byte 20 || fail "artifact_edit module-byte"
refused mod.cwasm "module bytes that do not match their hash"
"$EDIT" hello.cwasm obj.cwasm object-zero || fail "artifact_edit object-zero"
refused obj.cwasm "zeroed object code"

# Not artifacts at all, named .cwasm: empty, garbage.
: > empty.cwasm
refused empty.cwasm "an empty file"
head -c 4096 /dev/urandom > garbage.cwasm
refused garbage.cwasm "random bytes"
exit 0
