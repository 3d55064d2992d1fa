/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_table.c — tables from the host: size, get, set, grow; funcrefs
 * called from the host; functions stored in a table stay alive with it. */
#include "harness.h"
#include "modules.h"

static int32_t twice_calls;

static wasmcell_error_t *host_twice(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    (void)caller;
    (void)env;
    twice_calls++;
    slots[0] = (uint32_t)((int32_t)slots[0] * 2);
    return NULL;
}

static wasmcell_error_t *host_negate(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    (void)caller;
    slots[0] = (uint32_t)(-(int32_t)slots[0] + *(int32_t *)env);
    return NULL;
}

static int finalized;
static void count_finalize(void *env)
{
    (void)env;
    finalized++;
}

typedef struct fixture {
    wasmcell_engine_t *engine;
    wasmcell_module_t *module;
    wasmcell_linker_t *linker;
    wasmcell_instance_t *instance;
    wasmcell_table_t *tab;
} fixture_t;

static int setup(fixture_t *fx)
{
    memset(fx, 0, sizeof *fx);
    if (!(fx->engine = harness_engine())) return 0;
    fx->module = MODULE(fx->engine, wasm_table_funcs);
    fx->linker = wasmcell_linker_new(fx->engine);
    if (!fx->module || !fx->linker) return 0;
    CHECK_STATUS(wasmcell_linker_define_func(fx->linker, "host", "twice", "i:i", host_twice, NULL),
                 WASMCELL_OK);
    wasmcell_error_t *e = NULL;
    CHECK_STATUS(wasmcell_linker_instantiate(fx->linker, fx->module, &fx->instance, &e), WASMCELL_OK);
    wasmcell_error_delete(e);
    fx->tab = wasmcell_instance_table(fx->instance, "tab");
    CHECK(fx->tab != NULL);
    return fx->instance && fx->tab;
}

static void teardown(fixture_t *fx)
{
    wasmcell_instance_delete(fx->instance);
    wasmcell_linker_delete(fx->linker);
    wasmcell_module_delete(fx->module);
    wasmcell_engine_delete(fx->engine);
}

/* f(x) through the host, or INT32_MIN on failure. */
static int32_t call_i_i(wasmcell_func_t *f, int32_t x)
{
    wasmcell_val_t arg = {.type = WASMCELL_I32, .of.i32 = x}, res;
    if (wasmcell_func_call(f, &arg, 1, &res, 1, NULL) != WASMCELL_OK) return INT32_MIN;
    return res.of.i32;
}

/* The guest's call_at(idx, x): call_indirect through the table. */
static wasmcell_status_t guest_call_at(wasmcell_instance_t *inst, int32_t idx, int32_t x,
                                       int32_t *result, wasmcell_error_t **error)
{
    wasmcell_func_t *f = wasmcell_instance_func(inst, "call_at");
    wasmcell_val_t args[2] = {{.type = WASMCELL_I32, .of.i32 = idx}, {.type = WASMCELL_I32, .of.i32 = x}};
    wasmcell_val_t res = {0};
    wasmcell_status_t st = wasmcell_func_call(f, args, 2, &res, 1, error);
    *result = res.of.i32;
    return st;
}

static void test_table_size_get_and_call(void)
{
    fixture_t fx;
    if (setup(&fx)) {
        CHECK(wasmcell_table_size(fx.tab) == 4);
        CHECK(wasmcell_table_elem_type(fx.tab) == WASMCELL_FUNCREF);
        wasmcell_val_t v;
        CHECK_STATUS(wasmcell_table_get(fx.tab, 0, &v), WASMCELL_OK);
        CHECK(v.type == WASMCELL_FUNCREF && v.of.funcref != NULL);
        CHECK(call_i_i(v.of.funcref, 41) == 42); /* $inc, a guest function pointer */
        CHECK(v.of.funcref == wasmcell_instance_func(fx.instance, "inc"));
        twice_calls = 0;
        CHECK_STATUS(wasmcell_table_get(fx.tab, 1, &v), WASMCELL_OK);
        CHECK(call_i_i(v.of.funcref, 21) == 42); /* the imported host function */
        CHECK(twice_calls == 1);
        CHECK_STATUS(wasmcell_table_get(fx.tab, 2, &v), WASMCELL_OK);
        CHECK(v.of.funcref == NULL);
        CHECK_STATUS(wasmcell_table_get(fx.tab, 4, &v), WASMCELL_ERR_NOT_FOUND);
        CHECK_STATUS(wasmcell_table_get(NULL, 0, &v), WASMCELL_ERR_MISUSE);
        CHECK(wasmcell_instance_table(fx.instance, "inc") == NULL); /* a function, not a table */
        CHECK(wasmcell_instance_table(fx.instance, "nope") == NULL);
    }
    teardown(&fx);
}

static void test_table_set_guest_sees_it(void)
{
    fixture_t fx;
    if (setup(&fx)) {
        int32_t r = 0;
        wasmcell_error_t *e = NULL;
        CHECK_STATUS(guest_call_at(fx.instance, 2, 5, &r, &e), WASMCELL_ERR_TRAP);
        CHECK(wasmcell_error_trap_kind(e) == WASMCELL_TRAP_UNINITIALIZED_ELEMENT);
        wasmcell_error_delete(e);
        wasmcell_val_t inc = {.type = WASMCELL_FUNCREF,
                              .of.funcref = wasmcell_instance_func(fx.instance, "inc")};
        CHECK_STATUS(wasmcell_table_set(fx.tab, 2, &inc), WASMCELL_OK);
        CHECK_STATUS(guest_call_at(fx.instance, 2, 5, &r, NULL), WASMCELL_OK);
        CHECK(r == 6);
        wasmcell_val_t ext = {.type = WASMCELL_EXTERNREF, .of.externref = &r};
        CHECK_STATUS(wasmcell_table_set(fx.tab, 2, &ext), WASMCELL_ERR_MISUSE);
        CHECK_STATUS(wasmcell_table_set(fx.tab, 4, &inc), WASMCELL_ERR_NOT_FOUND);
        wasmcell_val_t null_ref = {.type = WASMCELL_FUNCREF, .of.funcref = NULL};
        CHECK_STATUS(wasmcell_table_set(fx.tab, 0, &null_ref), WASMCELL_OK);
        CHECK_STATUS(guest_call_at(fx.instance, 0, 5, &r, NULL), WASMCELL_ERR_TRAP);
    }
    teardown(&fx);
}

static void test_table_grow(void)
{
    fixture_t fx;
    if (setup(&fx)) {
        wasmcell_val_t inc = {.type = WASMCELL_FUNCREF,
                              .of.funcref = wasmcell_instance_func(fx.instance, "inc")};
        uint64_t old = 0;
        CHECK_STATUS(wasmcell_table_grow(fx.tab, 3, &inc, &old), WASMCELL_OK);
        CHECK(old == 4 && wasmcell_table_size(fx.tab) == 7);
        int32_t r = 0;
        CHECK_STATUS(guest_call_at(fx.instance, 6, 1, &r, NULL), WASMCELL_OK);
        CHECK(r == 2);
        /* the declared maximum is 10 */
        CHECK_STATUS(wasmcell_table_grow(fx.tab, 4, NULL, &old), WASMCELL_ERR_NOMEM);
        CHECK(wasmcell_table_size(fx.tab) == 7);
        CHECK_STATUS(wasmcell_table_grow(fx.tab, 3, NULL, &old), WASMCELL_OK);
        CHECK(old == 7 && wasmcell_table_size(fx.tab) == 10);
        wasmcell_val_t v;
        CHECK_STATUS(wasmcell_table_get(fx.tab, 9, &v), WASMCELL_OK);
        CHECK(v.of.funcref == NULL);
        wasmcell_val_t i32 = {.type = WASMCELL_I32};
        CHECK_STATUS(wasmcell_table_grow(fx.tab, 0, &i32, &old), WASMCELL_ERR_MISUSE);
    }
    teardown(&fx);
}

/* A wasmcell_func_new function stored in a table outlives its handle; the
 * finalizer runs once, when the table's instance goes. */
static void test_table_holds_host_func(void)
{
    fixture_t fx;
    finalized = 0;
    if (setup(&fx)) {
        static int32_t bias = 100;
        wasmcell_func_t *neg = wasmcell_func_new(fx.engine, "i:i", host_negate, &bias, count_finalize);
        CHECK(neg != NULL);
        wasmcell_val_t v = {.type = WASMCELL_FUNCREF, .of.funcref = neg};
        CHECK_STATUS(wasmcell_table_set(fx.tab, 3, &v), WASMCELL_OK);
        CHECK_STATUS(wasmcell_table_set(fx.tab, 2, &v), WASMCELL_OK);
        CHECK(call_i_i(neg, 1) == 99); /* callable directly too */
        wasmcell_func_delete(neg);
        CHECK(finalized == 0);
        int32_t r = 0;
        CHECK_STATUS(guest_call_at(fx.instance, 3, 7, &r, NULL), WASMCELL_OK);
        CHECK(r == 93);
        CHECK_STATUS(guest_call_at(fx.instance, 2, 8, &r, NULL), WASMCELL_OK);
        CHECK(r == 92);
        wasmcell_val_t got;
        CHECK_STATUS(wasmcell_table_get(fx.tab, 3, &got), WASMCELL_OK);
        CHECK(got.of.funcref != NULL && call_i_i(got.of.funcref, 0) == 100);
        /* a wrong type for the table's call_indirect type "i:i" traps */
        wasmcell_func_t *wrong = wasmcell_func_new(fx.engine, "I:I", host_twice, NULL, NULL);
        v.of.funcref = wrong;
        CHECK_STATUS(wasmcell_table_set(fx.tab, 3, &v), WASMCELL_OK);
        wasmcell_func_delete(wrong);
        wasmcell_error_t *e = NULL;
        CHECK_STATUS(guest_call_at(fx.instance, 3, 7, &r, &e), WASMCELL_ERR_TRAP);
        CHECK(wasmcell_error_trap_kind(e) == WASMCELL_TRAP_INDIRECT_CALL_TYPE);
        wasmcell_error_delete(e);
    }
    teardown(&fx);
    CHECK(finalized == 1);
}

/* A function of another instance stored in our table keeps that instance
 * alive (ASan reports a use after free otherwise). */
static void test_table_cross_instance(void)
{
    fixture_t fx;
    if (setup(&fx)) {
        wasmcell_instance_t *other = NULL;
        CHECK_STATUS(wasmcell_linker_instantiate(fx.linker, fx.module, &other, NULL), WASMCELL_OK);
        wasmcell_val_t v = {.type = WASMCELL_FUNCREF,
                            .of.funcref = wasmcell_instance_func(other, "inc")};
        CHECK_STATUS(wasmcell_table_set(fx.tab, 2, &v), WASMCELL_OK);
        wasmcell_instance_delete(other);
        int32_t r = 0;
        CHECK_STATUS(guest_call_at(fx.instance, 2, 10, &r, NULL), WASMCELL_OK);
        CHECK(r == 11);
        /* a function of another engine is refused */
        wasmcell_engine_t *engine2 = harness_engine();
        wasmcell_func_t *foreign = wasmcell_func_new(engine2, "i:i", host_twice, NULL, NULL);
        v.of.funcref = foreign;
        CHECK_STATUS(wasmcell_table_set(fx.tab, 2, &v), WASMCELL_ERR_MISUSE);
        wasmcell_func_delete(foreign);
        wasmcell_engine_delete(engine2);
    }
    teardown(&fx);
}

int main(int argc, char **argv)
{
    static const harness_test_t tests[] = {
        TEST(test_table_size_get_and_call), TEST(test_table_set_guest_sees_it),
        TEST(test_table_grow), TEST(test_table_holds_host_func), TEST(test_table_cross_instance),
    };
    return harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
