# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# inspect --icode: the compiler's translation, checked on small functions —
# operands read locals directly, constants fold into slots, compare+branch,
# add+load and results written straight into locals are fused.
. "$(dirname "$0")/lib.sh"
command -v wat2wasm >/dev/null 2>&1 || exit 77
cat >"$TMP/m.wat" <<'WAT'
(module
  (memory 1)
  (func $sum (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (block $done
      (loop $top
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $s (i32.add (local.get $s)
                               (i32.load (i32.add (local.get $i) (local.get $n)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $s))
  (func $add (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1))))
WAT
wat2wasm "$TMP/m.wat" -o "$TMP/m.wasm" || fail "wat2wasm"
run "$WASMCELL" inspect --icode "$TMP/m.wasm"
expect_rc 0 "inspect --icode"
expect_stdout_has 'export func "sum"'
# i32.ge_s + br_if: one fused compare-and-branch on the locals themselves
expect_stdout_has "BR_I32_GE_S s1, s0"
# i32.add feeding i32.load: one load with a two-slot address
expect_stdout_has "I32_LOAD_X s"
# local.set of an add: the add writes the local (slot 1 = \$i) directly
expect_stdout_has "I32_ADD s1, s1, s"
# a single result produced last is written straight to slot 0, then RETURN
run "$WASMCELL" inspect --func 1 "$TMP/m.wasm"
expect_rc 0 "inspect --func 1"
expect_stdout_has "I32_ADD s0, s0, s1"
expect_stdout_has "RETURN"
run "$WASMCELL" inspect --func 9 "$TMP/m.wasm"
expect_rc 125 "no function 9"
run "$WASMCELL" inspect --bogus "$TMP/m.wasm"
expect_rc 125 "unknown option"
# relaxed SIMD: its own ops, the three-operand ones with their third slot
cat >"$TMP/relaxed.wat" <<'WAT'
(module
  (func (param v128 v128 v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (param v128 v128) (result v128)
    (i8x16.relaxed_swizzle (local.get 0) (local.get 1))))
WAT
run "$WASMCELL" inspect --icode "$TMP/relaxed.wat"
expect_rc 0 "inspect --icode relaxed SIMD"
expect_stdout_has "F32X4_RELAXED_MADD s0, s0, s2, s4"
expect_stdout_has "I8X16_RELAXED_SWIZZLE s0, s0, s2"
# the result must also be right
run "$WASMCELL" run --invoke add "$TMP/m.wasm" 40 2
expect_rc 0 "invoke add"
expect_stdout_has "i32:42"
exit 0
