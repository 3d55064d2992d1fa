/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_exceptions.c — exception handling through the public API: a host
 * function throws an exception of a host-made tag that wasm catches; an
 * uncaught exception reaches the embedder with its tag and payload; an
 * exception crosses wasm -> host -> wasm and is caught by the outer wasm. */
#include "harness.h"
#include "wasmcell_text.h"

static const char module_text[] =
    "(module\n"
    "  (import \"host\" \"tag\" (tag $ht (param i32)))\n"
    "  (import \"host\" \"throw\" (func $hthrow (param i32)))\n"
    "  (import \"host\" \"call_back\" (func $callback (param i32) (result i32)))\n"
    "  (tag $wt (export \"wt\") (param i32 i64))\n"
    "  (func (export \"catch_host\") (param i32) (result i32)\n"
    "    (block $h (result i32)\n"
    "      (try_table (result i32) (catch $ht $h) (call $hthrow (local.get 0)) (i32.const -1))\n"
    "      (return)))\n"
    "  (func $raise (param i32) (throw $wt (local.get 0) (i64.const 77)))\n"
    "  (func (export \"inner\") (param i32) (result i32) (call $raise (local.get 0)) (i32.const 0))\n"
    "  (func (export \"uncaught\") (param i32) (call $raise (i32.add (local.get 0) (i32.const 1))))\n"
    "  (func (export \"uncaught_host\") (param i32) (call $hthrow (local.get 0)))\n"
    "  (func (export \"crossing\") (param i32) (result i32)\n"
    "    (block $h (result i32 i64)\n"
    "      (try_table (result i32) (catch $wt $h) (call $callback (local.get 0)))\n"
    "      (return))\n"
    "    (drop)))\n";

typedef struct fixture {
    wasmcell_engine_t *engine;
    wasmcell_linker_t *linker;
    wasmcell_module_t *module;
    wasmcell_instance_t *instance;
    wasmcell_tag_t *host_tag;
} fixture_t;

static fixture_t fx;

/* host "throw": throws host_tag with the argument doubled */
static wasmcell_error_t *host_throw(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    (void)caller;
    wasmcell_val_t v = {.type = WASMCELL_I32, .of.i32 = 2 * (int32_t)slots[0]};
    wasmcell_error_t *error = NULL;
    wasmcell_error_t *exn = wasmcell_exception_new((wasmcell_tag_t *)env, &v, 1, &error);
    CHECK(exn != NULL && error == NULL);
    return exn;
}

/* host "call_back": calls wasm "inner", whose exception it passes on */
static wasmcell_error_t *host_call_back(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    (void)env;
    wasmcell_func_t *inner = wasmcell_instance_func(wasmcell_caller_instance(caller), "inner");
    wasmcell_val_t arg = {.type = WASMCELL_I32, .of.i32 = (int32_t)slots[0]}, result;
    wasmcell_error_t *error = NULL;
    wasmcell_status_t st = wasmcell_func_call(inner, &arg, 1, &result, 1, &error);
    CHECK(st == WASMCELL_ERR_EXCEPTION);
    CHECK(wasmcell_error_exception_tag(error) == wasmcell_instance_export_tag(wasmcell_caller_instance(caller), "wt"));
    return error; /* thrown on into the calling wasm code */
}

static void setup(void)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    wasmcell_error_t *error = NULL;
    memset(&fx, 0, sizeof fx);
    fx.engine = harness_engine();
    CHECK_STATUS(wasmcell_wat_to_wasm(module_text, sizeof module_text - 1, &bytes, &size, &error), WASMCELL_OK);
    fx.host_tag = wasmcell_tag_new(fx.engine, "i", &error);
    CHECK(fx.host_tag != NULL);
    CHECK(strcmp(wasmcell_tag_signature(fx.host_tag), "i:") == 0);
    fx.linker = wasmcell_linker_new(fx.engine);
    CHECK_STATUS(wasmcell_linker_define_extern(fx.linker, "host", "tag",
                                               (wasmcell_extern_t){.kind = WASMCELL_EXTERN_TAG, .of.tag = fx.host_tag}),
                 WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_define_func(fx.linker, "host", "throw", "i:", host_throw, fx.host_tag), WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_define_func(fx.linker, "host", "call_back", "i:i", host_call_back, NULL), WASMCELL_OK);
    CHECK_STATUS(wasmcell_module_new(fx.engine, bytes, size, &fx.module, &error), WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_instantiate(fx.linker, fx.module, &fx.instance, &error), WASMCELL_OK);
    wasmcell_bytes_delete(bytes);
    wasmcell_error_delete(error);
}

static void teardown(void)
{
    wasmcell_instance_delete(fx.instance);
    wasmcell_module_delete(fx.module);
    wasmcell_linker_delete(fx.linker);
    wasmcell_engine_delete(fx.engine);
}

static wasmcell_status_t call1(const char *name, int32_t arg, wasmcell_val_t *result, size_t nresults,
                               wasmcell_error_t **error)
{
    wasmcell_val_t v = {.type = WASMCELL_I32, .of.i32 = arg};
    return wasmcell_func_call(wasmcell_instance_func(fx.instance, name), &v, 1, result, nresults, error);
}

static void test_host_throw_caught_by_wasm(void)
{
    setup();
    wasmcell_val_t r;
    CHECK_STATUS(call1("catch_host", 21, &r, 1, NULL), WASMCELL_OK);
    CHECK(r.type == WASMCELL_I32 && r.of.i32 == 42);
    teardown();
}

static void test_uncaught_exception_inspected(void)
{
    setup();
    wasmcell_error_t *error = NULL;
    wasmcell_val_t v;
    CHECK_STATUS(call1("uncaught", 9, NULL, 0, &error), WASMCELL_ERR_EXCEPTION);
    CHECK(wasmcell_error_exception_tag(error) == wasmcell_instance_export_tag(fx.instance, "wt"));
    CHECK(wasmcell_error_exception_arity(error) == 2);
    CHECK_STATUS(wasmcell_error_exception_value(error, 0, &v), WASMCELL_OK);
    CHECK(v.type == WASMCELL_I32 && v.of.i32 == 10);
    CHECK_STATUS(wasmcell_error_exception_value(error, 1, &v), WASMCELL_OK);
    CHECK(v.type == WASMCELL_I64 && v.of.i64 == 77);
    CHECK_STATUS(wasmcell_error_exception_value(error, 2, &v), WASMCELL_ERR_NOT_FOUND);
    CHECK_CONTAINS(wasmcell_error_message(error), "tag \"wt\"");
    CHECK_CONTAINS(wasmcell_error_backtrace(error), "func[");
    CHECK(wasmcell_error_trap_kind(error) == WASMCELL_TRAP_NONE);
    wasmcell_error_delete(error);
    /* a host tag's exception, uncaught */
    error = NULL;
    CHECK_STATUS(call1("uncaught_host", 5, NULL, 0, &error), WASMCELL_ERR_EXCEPTION);
    CHECK(wasmcell_error_exception_tag(error) == fx.host_tag);
    CHECK_STATUS(wasmcell_error_exception_value(error, 0, &v), WASMCELL_OK);
    CHECK(v.type == WASMCELL_I32 && v.of.i32 == 10);
    wasmcell_error_delete(error);
    teardown();
}

/* the payload stays readable after the thrower's instance is gone */
static void test_exception_outlives_instance(void)
{
    setup();
    wasmcell_error_t *error = NULL;
    wasmcell_val_t v;
    CHECK_STATUS(call1("uncaught", 1, NULL, 0, &error), WASMCELL_ERR_EXCEPTION);
    wasmcell_instance_delete(fx.instance);
    fx.instance = NULL;
    CHECK(wasmcell_error_exception_arity(error) == 2);
    CHECK_STATUS(wasmcell_error_exception_value(error, 1, &v), WASMCELL_OK);
    CHECK(v.type == WASMCELL_I64 && v.of.i64 == 77);
    wasmcell_error_delete(error);
    teardown();
}

static void test_exception_crosses_host_frames(void)
{
    setup();
    wasmcell_val_t r;
    CHECK_STATUS(call1("crossing", 31, &r, 1, NULL), WASMCELL_OK);
    CHECK(r.type == WASMCELL_I32 && r.of.i32 == 31);
    teardown();
}

static void test_exception_misuse(void)
{
    setup();
    wasmcell_error_t *error = NULL;
    wasmcell_val_t wrong = {.type = WASMCELL_I64, .of.i64 = 1};
    CHECK(wasmcell_exception_new(fx.host_tag, &wrong, 1, &error) == NULL);
    CHECK(wasmcell_error_status(error) == WASMCELL_ERR_MISUSE);
    wasmcell_error_delete(error);
    error = NULL;
    CHECK(wasmcell_exception_new(fx.host_tag, NULL, 0, &error) == NULL);
    wasmcell_error_delete(error);
    error = NULL;
    CHECK(wasmcell_tag_new(fx.engine, "q", &error) == NULL);
    wasmcell_error_delete(error);
    wasmcell_error_t *trap = wasmcell_trap_new("no exception");
    CHECK(wasmcell_error_exception_tag(trap) == NULL && wasmcell_error_exception_arity(trap) == 0);
    wasmcell_error_delete(trap);
    CHECK(wasmcell_instance_export_tag(fx.instance, "catch_host") == NULL);
    teardown();
}

/* a module importing a tag of another type does not link */
static void test_tag_import_type_checked(void)
{
    static const char text[] = "(module (import \"host\" \"tag\" (tag (param i64))))";
    setup();
    uint8_t *bytes = NULL;
    size_t size = 0;
    wasmcell_module_t *m = NULL;
    wasmcell_instance_t *inst = NULL;
    wasmcell_error_t *error = NULL;
    CHECK_STATUS(wasmcell_wat_to_wasm(text, sizeof text - 1, &bytes, &size, NULL), WASMCELL_OK);
    CHECK_STATUS(wasmcell_module_new(fx.engine, bytes, size, &m, NULL), WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_instantiate(fx.linker, m, &inst, &error), WASMCELL_ERR_LINK);
    CHECK_CONTAINS(wasmcell_error_message(error), "tag types differ");
    wasmcell_error_delete(error);
    wasmcell_module_delete(m);
    wasmcell_bytes_delete(bytes);
    teardown();
}

int main(int argc, char **argv)
{
    static const harness_test_t tests[] = {
        TEST(test_host_throw_caught_by_wasm),
        TEST(test_uncaught_exception_inspected),
        TEST(test_exception_outlives_instance),
        TEST(test_exception_crosses_host_frames),
        TEST(test_exception_misuse),
        TEST(test_tag_import_type_checked),
    };
    return harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
