/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_fault.c — allocation-failure injection: fail the Nth allocation of
 * a whole embedding session (engine, module, linker, instantiate, calls,
 * teardown) for every N; each run must fail cleanly with an error and
 * leave no allocation behind. */
#include <stdlib.h>
#include "harness.h"
#include "modules.h"
#include "fault_inject.h"

static wasmcell_error_t *host_add(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    (void)caller, (void)env;
    slots[0] = (uint32_t)((uint32_t)slots[0] + (uint32_t)slots[1]);
    return NULL;
}

/* One session; returns 1 when every step succeeded. */
static int session(void)
{
    int ok = 0;
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_linker_t *linker = engine ? wasmcell_linker_new(engine) : NULL;
    wasmcell_module_t *m = NULL;
    wasmcell_instance_t *inst = NULL;
    wasmcell_error_t *e = NULL;
    if (!linker) goto out;
    if (wasmcell_module_new(engine, wasm_basic, sizeof wasm_basic, &m, &e) != WASMCELL_OK) goto out;
    if (wasmcell_linker_define_func(linker, "env", "add", "ii:i", host_add, NULL) != WASMCELL_OK)
        goto out;
    if (wasmcell_linker_instantiate(linker, m, &inst, &e) != WASMCELL_OK) goto out;
    wasmcell_val_t arg = {.type = WASMCELL_I32, .of.i32 = 1}, res;
    if (wasmcell_func_call(wasmcell_instance_func(inst, "add1"), &arg, 1, &res, 1, &e) != WASMCELL_OK)
        goto out;
    CHECK(res.of.i32 == 2);
    ok = 1;
out:
    if (e) {
        /* An injected failure surfaces as out-of-memory (possibly inside a trap
         * or compile error message); never as a crash. */
        CHECK(wasmcell_error_message(e)[0] != 0);
    }
    wasmcell_error_delete(e);
    wasmcell_instance_delete(inst);
    wasmcell_module_delete(m);
    wasmcell_linker_delete(linker);
    wasmcell_engine_delete(engine);
    return ok;
}

/* A session with linked instances: a trapping instantiation that joins the
 * exporter's store, a link error, and a call through the shared table. */
static int linked_session(void)
{
    int ok = 0;
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_linker_t *linker = engine ? wasmcell_linker_new(engine) : NULL;
    wasmcell_module_t *ex = NULL, *seg = NULL, *unknown = NULL;
    wasmcell_instance_t *exi = NULL, *other = NULL;
    wasmcell_error_t *e = NULL;
    if (!linker) goto out;
    if (wasmcell_module_new(engine, wasm_exporter, sizeof wasm_exporter, &ex, NULL) ||
        wasmcell_module_new(engine, wasm_seg_trap, sizeof wasm_seg_trap, &seg, NULL) ||
        wasmcell_module_new(engine, wasm_imp_unknown, sizeof wasm_imp_unknown, &unknown, NULL))
        goto out;
    if (wasmcell_linker_instantiate(linker, ex, &exi, NULL) != WASMCELL_OK) goto out;
    if (wasmcell_linker_define_instance(linker, "ex", exi) != WASMCELL_OK) goto out;
    wasmcell_status_t st = wasmcell_linker_instantiate(linker, unknown, &other, &e);
    CHECK(other == NULL && (st == WASMCELL_ERR_LINK || st == WASMCELL_ERR_NOMEM));
    wasmcell_error_delete(e);
    e = NULL;
    st = wasmcell_linker_instantiate(linker, seg, &other, &e);
    CHECK(other == NULL && (st == WASMCELL_ERR_TRAP || st == WASMCELL_ERR_NOMEM));
    if (st != WASMCELL_ERR_TRAP) goto out;
    wasmcell_error_delete(e);
    e = NULL;
    wasmcell_val_t arg = {.type = WASMCELL_I32, .of.i32 = 1}, res;
    if (wasmcell_func_call(wasmcell_instance_func(exi, "call"), &arg, 1, &res, 1, &e) != WASMCELL_OK)
        goto out;
    CHECK(res.of.i32 == 7);
    ok = 1;
out:
    wasmcell_error_delete(e);
    wasmcell_linker_delete(linker);
    wasmcell_instance_delete(exi);
    wasmcell_module_delete(unknown);
    wasmcell_module_delete(seg);
    wasmcell_module_delete(ex);
    wasmcell_engine_delete(engine);
    return ok;
}

static void fault_every_allocation_fails_cleanly(void)
{
    run_with_failures(session);
}

static void fault_linked_instances_fail_cleanly(void)
{
    run_with_failures(linked_session);
}

static int finalized;
static void count_finalize(void *env)
{
    (void)env;
    finalized++;
}

/* Host-created objects imported by an instance, a host function stored in
 * a table (adopted by the store), types, frames; the finalizer must run
 * exactly once whenever the function was created. */
static int host_objects_session(void)
{
    int ok = 0;
    finalized = 0;
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_linker_t *linker = engine ? wasmcell_linker_new(engine) : NULL;
    wasmcell_module_t *m = NULL;
    wasmcell_instance_t *inst = NULL;
    wasmcell_error_t *e = NULL;
    wasmcell_val_t zero = {.type = WASMCELL_I64};
    wasmcell_func_t *f = engine ? wasmcell_func_new(engine, "i:i", host_add, NULL, count_finalize) : NULL;
    int created = f != NULL;
    wasmcell_global_t *g = engine ? wasmcell_global_new(engine, &zero, 1, NULL) : NULL;
    wasmcell_memory_t *mem = engine ? wasmcell_memory_new(engine, 1, 4, NULL) : NULL;
    wasmcell_table_t *tab = engine ? wasmcell_table_new(engine, WASMCELL_FUNCREF, 2, 8, NULL, NULL) : NULL;
    if (!linker || !f || !g || !mem || !tab) goto out;
    if (wasmcell_module_new(engine, wasm_host_objects, sizeof wasm_host_objects, &m, &e)) goto out;
    if (wasmcell_linker_define_extern(linker, "host", "g", (wasmcell_extern_t){.kind = WASMCELL_EXTERN_GLOBAL, .of.global = g}) ||
        wasmcell_linker_define_extern(linker, "host", "mem", (wasmcell_extern_t){.kind = WASMCELL_EXTERN_MEMORY, .of.memory = mem}) ||
        wasmcell_linker_define_extern(linker, "host", "tab", (wasmcell_extern_t){.kind = WASMCELL_EXTERN_TABLE, .of.table = tab}) ||
        wasmcell_linker_define_extern(linker, "host", "f", (wasmcell_extern_t){.kind = WASMCELL_EXTERN_FUNC, .of.func = f}))
        goto out;
    if (wasmcell_linker_instantiate(linker, m, &inst, &e) != WASMCELL_OK) goto out;
    wasmcell_val_t fv = {.type = WASMCELL_FUNCREF, .of.funcref = f};
    uint64_t old;
    if (wasmcell_table_set(tab, 0, &fv) || wasmcell_table_grow(tab, 2, &fv, &old)) goto out;
    wasmcell_val_t args[2] = {{.type = WASMCELL_I32, .of.i32 = 3}, {.type = WASMCELL_I32, .of.i32 = 4}}, r;
    if (wasmcell_func_call(wasmcell_instance_func(inst, "call_tab"), args, 2, &r, 1, &e)) goto out;
    wasmcell_externtype_t t;
    if (wasmcell_module_import_type(m, 3, &t) || t.kind != WASMCELL_EXTERN_FUNC) goto out;
    args[0].of.i32 = 9; /* an empty slot: a trap with frames */
    if (wasmcell_func_call(wasmcell_instance_func(inst, "call_tab"), args, 2, &r, 1, &e) != WASMCELL_ERR_TRAP)
        goto out;
    wasmcell_error_delete(e);
    e = NULL;
    ok = 1;
out:
    wasmcell_error_delete(e);
    wasmcell_func_delete(f);
    wasmcell_global_delete(g);
    wasmcell_memory_delete(mem);
    wasmcell_table_delete(tab);
    wasmcell_instance_delete(inst);
    wasmcell_module_delete(m);
    wasmcell_linker_delete(linker);
    wasmcell_engine_delete(engine);
    CHECK(finalized == created);
    return ok;
}

static void fault_host_objects_fail_cleanly(void)
{
    run_with_failures(host_objects_session);
}

int main(int argc, char **argv)
{
    static const harness_test_t tests[] = {
        TEST(fault_every_allocation_fails_cleanly),
        TEST(fault_linked_instances_fail_cleanly),
        TEST(fault_host_objects_fail_cleanly),
    };
    return harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
