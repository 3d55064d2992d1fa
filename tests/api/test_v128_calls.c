/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_v128_calls.c — v128 values between the host and wasm in both tiers
 * (api_v128_calls and api_v128_calls_native): host functions with v128
 * parameters and results called from wasm code (in the native tier, from
 * native code through the slots path), directly, through a table and by a
 * tail call, and wasm exports with v128 called by the host. A v128 takes
 * two 64-bit slots, lane 0 first. */
#include "harness.h"
#include "wasmcell_text.h"

static const char wat[] =
    "(module\n"
    "  (type $h (func (param v128 i32 v128) (result i64 v128)))\n"
    "  (import \"host\" \"mix\" (func $mix (type $h)))\n"
    "  (table 1 funcref)\n"
    "  (elem (i32.const 0) $mix)\n"
    "  (func (export \"direct\") (param v128 v128) (result v128 i64)\n"
    "    (local $n i64)\n"
    "    (call $mix (local.get 0) (i32.const 7) (local.get 1))\n"
    "    (local.set 1)\n"
    "    (local.set $n)\n"
    "    (i32x4.add (local.get 1) (v128.const i32x4 1 1 1 1))\n"
    "    (local.get $n))\n"
    "  (func (export \"indirect\") (param v128 v128) (result i64 v128)\n"
    "    (call_indirect (type $h) (local.get 0) (i32.const -2) (local.get 1) (i32.const 0)))\n"
    "  (func (export \"tail\") (param v128 v128) (result i64 v128)\n"
    "    (return_call $mix (local.get 1) (i32.const 3) (local.get 0))))\n";

/* mix(a, k, b) = (lane 0 of a + k, b + a * k in i32 lanes) */
static wasmcell_error_t *host_mix(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    (void)caller;
    int *calls = env;
    (*calls)++;
    uint32_t a[4], b[4], r[4];
    memcpy(a, &slots[0], 16);
    int32_t k = (int32_t)slots[2];
    memcpy(b, &slots[3], 16);
    for (int i = 0; i < 4; i++) r[i] = b[i] + a[i] * (uint32_t)k;
    slots[0] = (uint64_t)(int64_t)((int64_t)(int32_t)a[0] + k);
    memcpy(&slots[1], r, 16);
    return NULL;
}

static wasmcell_val_t v128_of(uint32_t l0, uint32_t l1, uint32_t l2, uint32_t l3)
{
    wasmcell_val_t v = {.type = WASMCELL_V128};
    uint32_t lanes[4] = {l0, l1, l2, l3};
    memcpy(v.of.v128, lanes, 16);
    return v;
}

static int lanes_are(const wasmcell_val_t *v, uint32_t l0, uint32_t l1, uint32_t l2, uint32_t l3)
{
    uint32_t want[4] = {l0, l1, l2, l3};
    return v->type == WASMCELL_V128 && memcmp(v->of.v128, want, 16) == 0;
}

static void test_v128_through_host_functions(void)
{
    wasmcell_engine_t *engine = harness_engine();
    uint8_t *bytes = NULL;
    size_t size = 0;
    CHECK_STATUS(wasmcell_wat_to_wasm(wat, sizeof wat - 1, &bytes, &size, NULL), WASMCELL_OK);
    wasmcell_module_t *m = NULL;
    if (engine && bytes) CHECK_STATUS(wasmcell_module_new(engine, bytes, size, &m, NULL), WASMCELL_OK);
    wasmcell_bytes_delete(bytes);
    static int calls;
    wasmcell_linker_t *l = engine ? wasmcell_linker_new(engine) : NULL;
    wasmcell_instance_t *inst = NULL;
    if (l && m) {
        CHECK_STATUS(wasmcell_linker_define_func(l, "host", "mix", "viv:Iv", host_mix, &calls),
                     WASMCELL_OK);
        CHECK_STATUS(wasmcell_linker_instantiate(l, m, &inst, NULL), WASMCELL_OK);
    }
    if (inst) {
        wasmcell_val_t args[2] = {v128_of(10, 20, 30, 40), v128_of(1, 2, 3, 4)}, r[2];
        /* direct: mix(a, 7, b) = (17, b + 7a), then + 1 per lane */
        CHECK_STATUS(wasmcell_func_call(wasmcell_instance_func(inst, "direct"), args, 2, r, 2, NULL),
                     WASMCELL_OK);
        CHECK(lanes_are(&r[0], 72, 143, 214, 285));
        CHECK(r[1].type == WASMCELL_I64 && r[1].of.i64 == 17);
        /* indirect: mix(a, -2, b) = (8, b - 2a) */
        CHECK_STATUS(wasmcell_func_call(wasmcell_instance_func(inst, "indirect"), args, 2, r, 2, NULL),
                     WASMCELL_OK);
        CHECK(r[0].type == WASMCELL_I64 && r[0].of.i64 == 8);
        CHECK(lanes_are(&r[1], (uint32_t)-19, (uint32_t)-38, (uint32_t)-57, (uint32_t)-76));
        /* tail: mix(b, 3, a) = (4, a + 3b) */
        CHECK_STATUS(wasmcell_func_call(wasmcell_instance_func(inst, "tail"), args, 2, r, 2, NULL),
                     WASMCELL_OK);
        CHECK(r[0].type == WASMCELL_I64 && r[0].of.i64 == 4);
        CHECK(lanes_are(&r[1], 13, 26, 39, 52));
        CHECK(calls == 3);
        wasmcell_instance_delete(inst);
    }
    wasmcell_linker_delete(l);
    wasmcell_module_delete(m);
    wasmcell_engine_delete(engine);
}

int main(int argc, char **argv)
{
    static const harness_test_t tests[] = {
        TEST(test_v128_through_host_functions),
    };
    return harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
