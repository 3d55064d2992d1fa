# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# --wasm 2.0|3.0 (wasmcell_config_t.wasm_features): 2.0 refuses a tail call
# and a relaxed SIMD instruction (illegal opcode: malformed) and an extended
# constant expression (invalid); 3.0, the default, accepts and runs them.
. "$(dirname "$0")/lib.sh"
cat >"$TMP/tail.wat" <<'WAT'
(module
  (func $count (export "count") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 42))
      (else (return_call $count (i32.sub (local.get 0) (i32.const 1)))))))
WAT
cat >"$TMP/const.wat" <<'WAT'
(module
  (global $b i32 (i32.add (i32.const 40) (i32.const 2)))
  (func (export "get") (result i32) (global.get $b)))
WAT
cat >"$TMP/get.wat" <<'WAT'
(module
  (global $a i32 (i32.const 42))
  (global $b i32 (global.get $a)))
WAT
cat >"$TMP/relaxed.wat" <<'WAT'
(module
  (func (export "madd") (result i32)
    (i32.trunc_f32_s (f32x4.extract_lane 0
      (f32x4.relaxed_madd (v128.const f32x4 6 0 0 0) (v128.const f32x4 7 0 0 0)
                          (v128.const f32x4 0.5 0 0 0))))))
WAT
wat2wasm "$TMP/tail.wat" -o "$TMP/tail.wasm" || fail "convert tail.wat"
wat2wasm "$TMP/relaxed.wat" -o "$TMP/relaxed.wasm" || fail "convert relaxed.wat"
wat2wasm "$TMP/const.wat" -o "$TMP/const.wasm" || fail "convert const.wat"
wat2wasm "$TMP/get.wat" -o "$TMP/get.wasm" || fail "convert get.wat"

for v in "" "--wasm 3.0" "--wasm=3.0"; do
    run "$WASMCELL" validate $v "$TMP/tail.wasm" "$TMP/const.wasm" "$TMP/get.wasm" "$TMP/relaxed.wasm"
    expect_rc 0 "validate $v: all valid"
done
run "$WASMCELL" validate --wasm 2.0 "$TMP/tail.wasm"
expect_rc 1 "validate --wasm 2.0 tail call"
expect_stderr_has "tail.wasm: malformed"
expect_stderr_has "illegal opcode"
run "$WASMCELL" validate --wasm 2.0 "$TMP/relaxed.wasm"
expect_rc 1 "validate --wasm 2.0 relaxed SIMD"
expect_stderr_has "relaxed.wasm: malformed"
expect_stderr_has "illegal opcode"
run "$WASMCELL" validate --wasm=2.0 "$TMP/const.wasm"
expect_rc 1 "validate --wasm 2.0 extended const"
expect_stderr_has "const.wasm: invalid"
expect_stderr_has "constant expression required"
run "$WASMCELL" validate --wasm 2.0 "$TMP/get.wasm"
expect_rc 1 "validate --wasm 2.0 global.get of a defined global"
expect_stderr_has "unknown global"

run "$WASMCELL" run --invoke count "$TMP/tail.wasm" 1000000
expect_rc 0 "run tail call (default 3.0)"
expect_stdout 'i32:42\n'
run "$WASMCELL" run --wasm 3.0 --invoke get "$TMP/const.wasm"
expect_rc 0 "run extended const (--wasm 3.0)"
expect_stdout 'i32:42\n'
run "$WASMCELL" run --wasm 2.0 --invoke count "$TMP/tail.wasm" 1
expect_rc 125 "run --wasm 2.0 tail call"
expect_stderr_has "illegal opcode"
run "$WASMCELL" run --invoke madd "$TMP/relaxed.wasm"
expect_rc 0 "run relaxed SIMD (default 3.0)"
expect_stdout 'i32:42\n'
run "$WASMCELL" run --wasm 2.0 --invoke madd "$TMP/relaxed.wasm"
expect_rc 125 "run --wasm 2.0 relaxed SIMD"
expect_stderr_has "illegal opcode"
run "$WASMCELL" run --wasm 2.0 --invoke get "$TMP/const.wasm"
expect_rc 125 "run --wasm 2.0 extended const"
expect_stderr_has "constant expression required"

# wast: the project's 3.0 scripts pass by default and fail under 2.0.
# multiple memories and memory64/table64: 2.0 has one 32-bit memory, a
# zero byte where a memory index would be, and no 64-bit limits
cat >"$TMP/two.wat" <<'WAT'
(module (memory 1) (memory $b 1)
  (func (export "f") (result i32) (i32.load $b (i32.const 0))))
WAT
cat >"$TMP/idx.wat" <<'WAT'
(module (memory 1) (func (export "f") (result i32) (memory.size 0)))
WAT
cat >"$TMP/m64.wat" <<'WAT'
(module (memory i64 1) (func (export "f") (result i64) (memory.size)))
WAT
cat >"$TMP/t64.wat" <<'WAT'
(module (table i64 1 funcref))
WAT
for f in two idx m64 t64; do wat2wasm "$TMP/$f.wat" -o "$TMP/$f.wasm" || fail "convert $f.wat"; done
run "$WASMCELL" validate "$TMP/two.wasm" "$TMP/idx.wasm" "$TMP/m64.wasm" "$TMP/t64.wasm"
expect_rc 0 "validate 3.0: multi-memory and memory64 modules"
run "$WASMCELL" validate --wasm 2.0 "$TMP/two.wasm"
expect_rc 1 "validate --wasm 2.0 two memories"
expect_stderr_has "malformed memop flags"
run "$WASMCELL" validate --wasm 2.0 "$TMP/idx.wasm"
expect_rc 0 "validate --wasm 2.0 memory.size 0 (the zero byte)"
for f in m64 t64; do
    run "$WASMCELL" validate --wasm 2.0 "$TMP/$f.wasm"
    expect_rc 1 "validate --wasm 2.0 $f"
    expect_stderr_has "integer too large"
done
run "$WASMCELL" run --invoke f "$TMP/m64.wasm"
expect_rc 0 "run memory64 (default 3.0)"
expect_stdout 'i64:1\n'

for f in tail_calls extended_const relaxed_simd multi_memory memory64; do
    run "$WASMCELL" wast -q "$SRC/tests/wast/$f.wast"
    expect_rc 0 "wast $f.wast (default 3.0)"
    run "$WASMCELL" wast -q --wasm 2.0 "$SRC/tests/wast/$f.wast"
    expect_rc 1 "wast --wasm 2.0 $f.wast"
done

run "$WASMCELL" validate --wasm 1.0 "$TMP/tail.wasm"
expect_rc 125 "validate --wasm 1.0"
expect_stderr_has "2.0 or 3.0"
run "$WASMCELL" run --wasm 4 "$TMP/tail.wasm"
expect_rc 125 "run --wasm 4"
run "$WASMCELL" wast --wasm "$SRC/tests/wast/tail_calls.wast"
expect_rc 125 "wast --wasm without a version"
exit 0
