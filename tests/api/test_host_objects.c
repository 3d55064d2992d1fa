/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_host_objects.c — functions, globals, memories and tables the host
 * creates, imported by a module; their lifetimes and finalizers. */
#include "harness.h"
#include "modules.h"

static int finalized;
static void *finalized_env;
static void count_finalize(void *env)
{
    finalized++;
    finalized_env = env;
}

static wasmcell_error_t *host_add_env(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    (void)caller;
    slots[0] = (uint32_t)((int32_t)slots[0] + *(int32_t *)env);
    return NULL;
}

typedef struct objects {
    wasmcell_engine_t *engine;
    wasmcell_global_t *g;
    wasmcell_memory_t *mem;
    wasmcell_table_t *tab;
    wasmcell_func_t *f;
} objects_t;

static int32_t f_bias = 1000;

static int objects_new(objects_t *o)
{
    memset(o, 0, sizeof *o);
    if (!(o->engine = harness_engine())) return 0;
    wasmcell_val_t seven = {.type = WASMCELL_I64, .of.i64 = 7};
    wasmcell_error_t *e = NULL;
    o->g = wasmcell_global_new(o->engine, &seven, 1, &e);
    o->mem = wasmcell_memory_new(o->engine, 1, 4, &e);
    o->tab = wasmcell_table_new(o->engine, WASMCELL_FUNCREF, 2, WASMCELL_NO_MAX, NULL, &e);
    o->f = wasmcell_func_new(o->engine, "i:i", host_add_env, &f_bias, count_finalize);
    if (e) fprintf(stderr, "objects_new: %s\n", wasmcell_error_message(e));
    wasmcell_error_delete(e);
    CHECK(o->g && o->mem && o->tab && o->f);
    return o->g && o->mem && o->tab && o->f;
}

static wasmcell_status_t define_all(wasmcell_linker_t *l, const objects_t *o)
{
    wasmcell_status_t st = wasmcell_linker_define_extern(
        l, "host", "g", (wasmcell_extern_t){.kind = WASMCELL_EXTERN_GLOBAL, .of.global = o->g});
    if (!st) st = wasmcell_linker_define_extern(
        l, "host", "mem", (wasmcell_extern_t){.kind = WASMCELL_EXTERN_MEMORY, .of.memory = o->mem});
    if (!st) st = wasmcell_linker_define_extern(
        l, "host", "tab", (wasmcell_extern_t){.kind = WASMCELL_EXTERN_TABLE, .of.table = o->tab});
    if (!st) st = wasmcell_linker_define_extern(
        l, "host", "f", (wasmcell_extern_t){.kind = WASMCELL_EXTERN_FUNC, .of.func = o->f});
    return st;
}

/* export(args) -> one result of `type` (or none when type is 0). */
static wasmcell_status_t call(wasmcell_instance_t *inst, const char *name, const wasmcell_val_t *args,
                              size_t nargs, wasmcell_val_t *result)
{
    wasmcell_func_t *f = wasmcell_instance_func(inst, name);
    if (!f) return WASMCELL_ERR_NOT_FOUND;
    return wasmcell_func_call(f, args, nargs, result, result ? 1 : 0, NULL);
}

static wasmcell_val_t i32v(int32_t x) { return (wasmcell_val_t){.type = WASMCELL_I32, .of.i32 = x}; }

/* Everything imported; the host's handles are dropped right after linking
 * and the objects live on until the instance and the linker are gone. */
static void test_host_objects_imported(void)
{
    objects_t o;
    finalized = 0;
    if (!objects_new(&o)) return;
    wasmcell_module_t *m = MODULE(o.engine, wasm_host_objects);
    wasmcell_linker_t *l = wasmcell_linker_new(o.engine);
    wasmcell_instance_t *inst = NULL;
    CHECK_STATUS(define_all(l, &o), WASMCELL_OK);
    wasmcell_error_t *e = NULL;
    CHECK_STATUS(wasmcell_linker_instantiate(l, m, &inst, &e), WASMCELL_OK);
    if (e) fprintf(stderr, "%s\n", wasmcell_error_message(e));
    wasmcell_error_delete(e);
    if (inst) {
        wasmcell_val_t r, a[2];
        /* global: both sides see each other's writes */
        CHECK_STATUS(call(inst, "get_g", NULL, 0, &r), WASMCELL_OK);
        CHECK(r.type == WASMCELL_I64 && r.of.i64 == 7);
        a[0] = (wasmcell_val_t){.type = WASMCELL_I64, .of.i64 = 9};
        CHECK_STATUS(call(inst, "set_g", a, 1, NULL), WASMCELL_OK);
        CHECK_STATUS(wasmcell_global_get(o.g, &r), WASMCELL_OK);
        CHECK(r.of.i64 == 9);
        a[0].of.i64 = 11;
        CHECK_STATUS(wasmcell_global_set(o.g, &a[0]), WASMCELL_OK);
        CHECK_STATUS(call(inst, "get_g", NULL, 0, &r), WASMCELL_OK);
        CHECK(r.of.i64 == 11);
        /* memory */
        uint64_t size = 0;
        uint8_t *data = wasmcell_memory_data(o.mem, &size);
        CHECK(data && size == 65536);
        if (data) data[10] = 99;
        a[0] = i32v(10);
        CHECK_STATUS(call(inst, "load", a, 1, &r), WASMCELL_OK);
        CHECK(r.of.i32 == 99);
        a[0] = i32v(20);
        a[1] = i32v(7);
        CHECK_STATUS(call(inst, "store", a, 2, NULL), WASMCELL_OK);
        data = wasmcell_memory_data(o.mem, &size);
        CHECK(data && data[20] == 7);
        uint64_t old = 0;
        CHECK_STATUS(wasmcell_memory_grow(o.mem, 1, &old), WASMCELL_OK);
        CHECK(old == 1);
        CHECK_STATUS(wasmcell_memory_grow(o.mem, 3, &old), WASMCELL_ERR_NOMEM); /* max 4 */
        /* function */
        a[0] = i32v(5);
        CHECK_STATUS(call(inst, "call_f", a, 1, &r), WASMCELL_OK);
        CHECK(r.of.i32 == 1005);
        /* table: the host puts its function in, the guest its own */
        wasmcell_val_t fv = {.type = WASMCELL_FUNCREF, .of.funcref = o.f};
        CHECK_STATUS(wasmcell_table_set(o.tab, 0, &fv), WASMCELL_OK);
        a[0] = i32v(0);
        a[1] = i32v(1);
        CHECK_STATUS(call(inst, "call_tab", a, 2, &r), WASMCELL_OK);
        CHECK(r.of.i32 == 1001);
        a[0] = i32v(1);
        CHECK_STATUS(call(inst, "put_own", a, 1, NULL), WASMCELL_OK);
    }
    /* drop every handle but the table's: the guest function it holds must
     * stay callable */
    wasmcell_global_delete(o.g);
    wasmcell_memory_delete(o.mem);
    wasmcell_func_delete(o.f);
    wasmcell_instance_delete(inst);
    wasmcell_linker_delete(l);
    wasmcell_module_delete(m);
    CHECK(finalized == 0); /* the table still holds a copy of f */
    wasmcell_val_t own;
    CHECK_STATUS(wasmcell_table_get(o.tab, 1, &own), WASMCELL_OK);
    wasmcell_val_t arg = i32v(5), r;
    CHECK(own.of.funcref != NULL);
    if (own.of.funcref) {
        CHECK_STATUS(wasmcell_func_call(own.of.funcref, &arg, 1, &r, 1, NULL), WASMCELL_OK);
        CHECK(r.of.i32 == 15);
    }
    wasmcell_table_delete(o.tab);
    CHECK(finalized == 1 && finalized_env == &f_bias);
    wasmcell_engine_delete(o.engine);
}

/* The finalizer runs once, after the last of: the handle, the linker that
 * defines the function, the instance that imported it. */
static void test_func_finalizer_last_owner(void)
{
    wasmcell_engine_t *engine = harness_engine();
    if (!engine) return;
    finalized = 0;
    wasmcell_func_t *f = wasmcell_func_new(engine, "i:i", host_add_env, &f_bias, count_finalize);
    CHECK(f != NULL);
    wasmcell_val_t arg = i32v(1), r;
    CHECK_STATUS(wasmcell_func_call(f, &arg, 1, &r, 1, NULL), WASMCELL_OK);
    CHECK(r.of.i32 == 1001);
    CHECK(wasmcell_func_param_count(f) == 1 && wasmcell_func_result_type(f, 0) == WASMCELL_I32);
    wasmcell_linker_t *l = wasmcell_linker_new(engine);
    CHECK_STATUS(wasmcell_linker_define_extern(
                     l, "env", "f", (wasmcell_extern_t){.kind = WASMCELL_EXTERN_FUNC, .of.func = f}),
                 WASMCELL_OK);
    wasmcell_func_delete(f);
    CHECK(finalized == 0);
    wasmcell_module_t *m = MODULE(engine, wasm_imp_func); /* imports ex.f "i:i" */
    wasmcell_linker_t *l2 = wasmcell_linker_new(engine);
    wasmcell_func_t *f2 = wasmcell_func_new(engine, "i:i", host_add_env, &f_bias, count_finalize);
    CHECK_STATUS(wasmcell_linker_define_extern(
                     l2, "ex", "f", (wasmcell_extern_t){.kind = WASMCELL_EXTERN_FUNC, .of.func = f2}),
                 WASMCELL_OK);
    wasmcell_instance_t *inst = NULL;
    CHECK_STATUS(wasmcell_linker_instantiate(l2, m, &inst, NULL), WASMCELL_OK);
    wasmcell_func_delete(f2);
    wasmcell_linker_delete(l2);
    CHECK(finalized == 0); /* the instance holds its copy */
    wasmcell_instance_delete(inst);
    CHECK(finalized == 1);
    wasmcell_linker_delete(l);
    CHECK(finalized == 2);
    wasmcell_module_delete(m);
    wasmcell_engine_delete(engine);
}

static void test_host_objects_misuse(void)
{
    wasmcell_engine_t *engine = harness_engine();
    if (!engine) return;
    wasmcell_error_t *e = NULL;
    CHECK(wasmcell_func_new(engine, "i", host_add_env, NULL, NULL) == NULL);  /* no colon */
    CHECK(wasmcell_func_new(engine, "q:", host_add_env, NULL, NULL) == NULL); /* unknown letter */
    CHECK(wasmcell_func_new(NULL, "i:i", host_add_env, NULL, NULL) == NULL);
    CHECK(wasmcell_memory_new(engine, 3, 2, &e) == NULL);
    CHECK(wasmcell_error_status(e) == WASMCELL_ERR_MISUSE);
    wasmcell_error_delete(e);
    e = NULL;
    CHECK(wasmcell_table_new(engine, WASMCELL_I32, 1, 2, NULL, &e) == NULL);
    CHECK(wasmcell_error_status(e) == WASMCELL_ERR_MISUSE);
    wasmcell_error_delete(e);
    wasmcell_val_t one = {.type = WASMCELL_I32, .of.i32 = 1};
    wasmcell_global_t *imm = wasmcell_global_new(engine, &one, 0, NULL);
    CHECK(imm != NULL);
    CHECK_STATUS(wasmcell_global_set(imm, &one), WASMCELL_ERR_MISUSE);
    wasmcell_global_delete(imm);
    /* limits and types must match the import: a memory without max where
     * the module declares max 4 */
    wasmcell_module_t *m = MODULE(engine, wasm_host_objects);
    wasmcell_linker_t *l = wasmcell_linker_new(engine);
    wasmcell_val_t g0 = {.type = WASMCELL_I64};
    objects_t o = {
        .engine = engine,
        .g = wasmcell_global_new(engine, &g0, 1, NULL),
        .mem = wasmcell_memory_new(engine, 1, WASMCELL_NO_MAX, NULL),
        .tab = wasmcell_table_new(engine, WASMCELL_FUNCREF, 2, 2, NULL, NULL),
        .f = wasmcell_func_new(engine, "i:i", host_add_env, &f_bias, NULL),
    };
    CHECK(o.g && o.mem && o.tab && o.f);
    CHECK_STATUS(define_all(l, &o), WASMCELL_OK);
    wasmcell_instance_t *inst = NULL;
    e = NULL;
    CHECK_STATUS(wasmcell_linker_instantiate(l, m, &inst, &e), WASMCELL_ERR_LINK);
    CHECK_CONTAINS(wasmcell_error_message(e), "\"host\" \"mem\"");
    wasmcell_error_delete(e);
    wasmcell_memory_delete(o.mem);
    /* a table of another engine cannot be imported (signature ids differ) */
    wasmcell_engine_t *engine2 = harness_engine();
    wasmcell_table_t *tab2 = wasmcell_table_new(engine2, WASMCELL_FUNCREF, 2, 2, NULL, NULL);
    wasmcell_table_delete(o.tab);
    o.mem = wasmcell_memory_new(engine, 1, 4, NULL);
    o.tab = tab2;
    CHECK(o.mem && tab2);
    CHECK_STATUS(define_all(l, &o), WASMCELL_OK);
    e = NULL;
    CHECK_STATUS(wasmcell_linker_instantiate(l, m, &inst, &e), WASMCELL_ERR_MISUSE);
    CHECK_CONTAINS(wasmcell_error_message(e), "another engine");
    wasmcell_error_delete(e);
    wasmcell_linker_delete(l);
    wasmcell_table_delete(tab2);
    wasmcell_memory_delete(o.mem);
    wasmcell_global_delete(o.g);
    wasmcell_func_delete(o.f);
    wasmcell_engine_delete(engine2);
    wasmcell_module_delete(m);
    wasmcell_engine_delete(engine);
}

static wasmcell_error_t *host_twice(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    (void)caller, (void)env;
    slots[0] = (uint32_t)((int32_t)slots[0] * 2);
    return NULL;
}

/* Funcref arguments from two other instances (two other stores), kept by
 * the callee in its table: both instances must outlive their deletion by
 * the host (ASan reports a use after free otherwise). */
static void test_funcref_args_keep_callers_alive(void)
{
    objects_t o;
    if (!objects_new(&o)) return;
    wasmcell_module_t *m = MODULE(o.engine, wasm_host_objects);
    wasmcell_module_t *lib = MODULE(o.engine, wasm_table_funcs);
    wasmcell_linker_t *l = wasmcell_linker_new(o.engine), *l2 = wasmcell_linker_new(o.engine);
    wasmcell_instance_t *inst = NULL, *b = NULL, *c = NULL;
    CHECK_STATUS(define_all(l, &o), WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_define_func(l2, "host", "twice", "i:i", host_twice, NULL), WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_instantiate(l, m, &inst, NULL), WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_instantiate(l2, lib, &b, NULL), WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_instantiate(l2, lib, &c, NULL), WASMCELL_OK);
    /* b's store grows larger than inst's (5 objects), so that joining them
     * frees inst's old store: the second argument must join the new one */
    wasmcell_table_t *btab = b ? wasmcell_instance_table(b, "tab") : NULL;
    for (int k = 0; btab && k < 6; k++) {
        wasmcell_instance_t *d = NULL;
        CHECK_STATUS(wasmcell_linker_instantiate(l2, lib, &d, NULL), WASMCELL_OK);
        wasmcell_val_t dv = {.type = WASMCELL_FUNCREF, .of.funcref = wasmcell_instance_func(d, "inc")};
        CHECK_STATUS(wasmcell_table_set(btab, 2, &dv), WASMCELL_OK);
        wasmcell_instance_delete(d);
    }
    if (inst && b && c) {
        wasmcell_val_t args[2] = {
            {.type = WASMCELL_FUNCREF, .of.funcref = wasmcell_instance_func(b, "inc")},
            {.type = WASMCELL_FUNCREF, .of.funcref = wasmcell_instance_func(c, "twice")},
        };
        CHECK_STATUS(call(inst, "put2", args, 2, NULL), WASMCELL_OK);
        wasmcell_instance_delete(b);
        wasmcell_instance_delete(c);
        b = c = NULL;
        wasmcell_linker_delete(l2);
        l2 = NULL;
        wasmcell_val_t r, a[2] = {i32v(0), i32v(1)};
        CHECK_STATUS(call(inst, "call_tab", a, 2, &r), WASMCELL_OK);
        CHECK(r.of.i32 == 2);
        a[0] = i32v(1);
        a[1] = i32v(21);
        CHECK_STATUS(call(inst, "call_tab", a, 2, &r), WASMCELL_OK);
        CHECK(r.of.i32 == 42);
    }
    wasmcell_instance_delete(b);
    wasmcell_instance_delete(c);
    wasmcell_instance_delete(inst);
    wasmcell_linker_delete(l2);
    wasmcell_linker_delete(l);
    wasmcell_global_delete(o.g);
    wasmcell_memory_delete(o.mem);
    wasmcell_table_delete(o.tab);
    wasmcell_func_delete(o.f);
    wasmcell_module_delete(lib);
    wasmcell_module_delete(m);
    wasmcell_engine_delete(o.engine);
}

int main(int argc, char **argv)
{
    static const harness_test_t tests[] = {
        TEST(test_host_objects_imported), TEST(test_func_finalizer_last_owner),
        TEST(test_host_objects_misuse), TEST(test_funcref_args_keep_callers_alive),
    };
    return harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
