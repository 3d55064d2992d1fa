/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_typed_refs.c — typed function references through the public API:
 * wasm code trusts a (ref $t) to be non-null and of type $t (call_ref does
 * no check), so the API must refuse arguments, global values and table
 * elements that break the declared type; a host function of an equivalent
 * signature is accepted (types are equal engine wide). */
#include "harness.h"
#include "wasmcell_text.h"

static const char module_text[] =
    "(module\n"
    "  (type $unop (func (param i32) (result i32)))\n"
    "  (type $other (func (param i64) (result i64)))\n"
    "  (func $inc (export \"inc\") (type $unop) (i32.add (local.get 0) (i32.const 1)))\n"
    "  (func (export \"neg\") (type $other) (i64.sub (i64.const 0) (local.get 0)))\n"
    "  (func (export \"apply\") (param (ref $unop) i32) (result i32)\n"
    "    (call_ref $unop (local.get 1) (local.get 0)))\n"
    "  (func (export \"apply_null\") (param (ref null $unop) i32) (result i32)\n"
    "    (call_ref $unop (local.get 1) (local.get 0)))\n"
    "  (func (export \"call_g\") (param i32) (result i32)\n"
    "    (call_ref $unop (local.get 0) (global.get 0)))\n"
    "  (global (export \"g\") (mut (ref $unop)) (ref.func $inc))\n"
    "  (table (export \"t\") 2 (ref $unop) (ref.func $inc))\n"
    "  (elem declare func $inc))\n";

typedef struct fixture {
    wasmcell_engine_t *engine;
    wasmcell_linker_t *linker;
    wasmcell_module_t *module;
    wasmcell_instance_t *instance;
    wasmcell_func_t *host_unop; /* "i:i": the signature of $unop */
} fixture_t;

static fixture_t fx;

static wasmcell_error_t *times_ten(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    (void)caller;
    (void)env;
    slots[0] = (uint32_t)((int32_t)slots[0] * 10);
    return NULL;
}

static void setup(void)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    wasmcell_error_t *error = NULL;
    memset(&fx, 0, sizeof fx);
    fx.engine = harness_engine();
    CHECK_STATUS(wasmcell_wat_to_wasm(module_text, sizeof module_text - 1, &bytes, &size, &error),
                 WASMCELL_OK);
    CHECK_STATUS(wasmcell_module_new(fx.engine, bytes, size, &fx.module, &error), WASMCELL_OK);
    fx.linker = wasmcell_linker_new(fx.engine);
    CHECK_STATUS(wasmcell_linker_instantiate(fx.linker, fx.module, &fx.instance, &error), WASMCELL_OK);
    fx.host_unop = wasmcell_func_new(fx.engine, "i:i", times_ten, NULL, NULL);
    CHECK(fx.host_unop != NULL);
    wasmcell_bytes_delete(bytes);
}

static void teardown(void)
{
    wasmcell_func_delete(fx.host_unop);
    wasmcell_instance_delete(fx.instance);
    wasmcell_module_delete(fx.module);
    wasmcell_linker_delete(fx.linker);
    wasmcell_engine_delete(fx.engine);
}

static wasmcell_val_t funcref(wasmcell_func_t *f)
{
    return (wasmcell_val_t){.type = WASMCELL_FUNCREF, .of.funcref = f};
}

/* apply(f, x) with its status; *out the i32 result when it ran. */
static wasmcell_status_t apply(const char *name, wasmcell_func_t *f, int32_t x, int32_t *out,
                               wasmcell_error_t **error)
{
    wasmcell_val_t args[2] = {funcref(f), {.type = WASMCELL_I32, .of.i32 = x}}, result;
    wasmcell_status_t st =
        wasmcell_func_call(wasmcell_instance_func(fx.instance, name), args, 2, &result, 1, error);
    if (st == WASMCELL_OK) *out = result.of.i32;
    return st;
}

static void test_call_ref_arguments(void)
{
    setup();
    wasmcell_error_t *error = NULL;
    int32_t r = 0;
    wasmcell_func_t *inc = wasmcell_instance_func(fx.instance, "inc");
    wasmcell_func_t *neg = wasmcell_instance_func(fx.instance, "neg");
    wasmcell_func_t *apply_fn = wasmcell_instance_func(fx.instance, "apply");
    /* the API reports every function reference type as funcref */
    CHECK(wasmcell_func_param_type(apply_fn, 0) == WASMCELL_FUNCREF);
    CHECK_STATUS(apply("apply", inc, 41, &r, &error), WASMCELL_OK);
    CHECK(r == 42);
    /* a host function of the same signature has the same type */
    CHECK_STATUS(apply("apply", fx.host_unop, 4, &r, &error), WASMCELL_OK);
    CHECK(r == 40);
    /* null for a (ref $t), and a function of another type, are refused */
    CHECK_STATUS(apply("apply", NULL, 1, &r, &error), WASMCELL_ERR_MISUSE);
    CHECK_CONTAINS(wasmcell_error_message(error), "argument 0 is not a (ref 0)");
    wasmcell_error_delete(error);
    error = NULL;
    CHECK_STATUS(apply("apply", neg, 1, &r, &error), WASMCELL_ERR_MISUSE);
    wasmcell_error_delete(error);
    error = NULL;
    /* a nullable parameter takes null; call_ref of it traps */
    CHECK_STATUS(apply("apply_null", NULL, 1, &r, &error), WASMCELL_ERR_TRAP);
    CHECK_CONTAINS(wasmcell_error_message(error), "null function reference");
    wasmcell_error_delete(error);
    teardown();
}

static void test_typed_global_and_table(void)
{
    setup();
    wasmcell_error_t *error = NULL;
    wasmcell_global_t *g = wasmcell_instance_global(fx.instance, "g");
    wasmcell_table_t *t = wasmcell_instance_table(fx.instance, "t");
    CHECK(g != NULL && t != NULL);
    wasmcell_val_t null_ref = funcref(NULL);
    wasmcell_val_t neg = funcref(wasmcell_instance_func(fx.instance, "neg"));
    wasmcell_val_t host = funcref(fx.host_unop);
    CHECK_STATUS(wasmcell_global_set(g, &null_ref), WASMCELL_ERR_MISUSE);
    CHECK_STATUS(wasmcell_global_set(g, &neg), WASMCELL_ERR_MISUSE);
    CHECK_STATUS(wasmcell_global_set(g, &host), WASMCELL_OK);
    wasmcell_val_t arg = {.type = WASMCELL_I32, .of.i32 = 7}, result;
    CHECK_STATUS(wasmcell_func_call(wasmcell_instance_func(fx.instance, "call_g"), &arg, 1, &result,
                                    1, &error),
                 WASMCELL_OK);
    CHECK(result.of.i32 == 70);
    /* the table starts filled with its initializer, never null */
    wasmcell_val_t e;
    CHECK_STATUS(wasmcell_table_get(t, 1, &e), WASMCELL_OK);
    CHECK(e.type == WASMCELL_FUNCREF && e.of.funcref == wasmcell_instance_func(fx.instance, "inc"));
    CHECK_STATUS(wasmcell_table_set(t, 0, &null_ref), WASMCELL_ERR_MISUSE);
    CHECK_STATUS(wasmcell_table_set(t, 0, &neg), WASMCELL_ERR_MISUSE);
    CHECK_STATUS(wasmcell_table_set(t, 0, &host), WASMCELL_OK);
    uint64_t old = 0;
    CHECK_STATUS(wasmcell_table_grow(t, 1, NULL, &old), WASMCELL_ERR_MISUSE);
    CHECK_STATUS(wasmcell_table_grow(t, 1, &host, &old), WASMCELL_OK);
    CHECK(old == 2 && wasmcell_table_size(t) == 3);
    teardown();
}

int main(int argc, char **argv)
{
    static const harness_test_t tests[] = {
        TEST(test_call_ref_arguments),
        TEST(test_typed_global_and_table),
    };
    return harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
