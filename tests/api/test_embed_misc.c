/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_embed_misc.c — per-instance user data, import/export types,
 * structured backtraces, wasmcell_module_new_from_file. */
#include <unistd.h>
#include "harness.h"
#include "modules.h"

static wasmcell_error_t *host_twice(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    (void)env;
    /* the instance's user data, reached from a host function */
    int *counter = wasmcell_instance_data(wasmcell_caller_instance(caller));
    if (counter) (*counter)++;
    slots[0] = (uint32_t)((int32_t)slots[0] * 2);
    return NULL;
}

static wasmcell_instance_t *instantiate(wasmcell_engine_t *engine, wasmcell_module_t *m,
                                        wasmcell_linker_t **linker)
{
    *linker = wasmcell_linker_new(engine);
    wasmcell_instance_t *inst = NULL;
    CHECK_STATUS(wasmcell_linker_define_func(*linker, "host", "twice", "i:i", host_twice, NULL),
                 WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_instantiate(*linker, m, &inst, NULL), WASMCELL_OK);
    return inst;
}

static int *finalized_data;
static void record_finalize(void *data)
{
    finalized_data = data;
}

static void test_instance_user_data(void)
{
    wasmcell_engine_t *engine = harness_engine();
    wasmcell_module_t *m = engine ? MODULE(engine, wasm_table_funcs) : NULL;
    wasmcell_linker_t *l = NULL;
    wasmcell_instance_t *inst = m ? instantiate(engine, m, &l) : NULL;
    if (inst) {
        static int counter;
        CHECK(wasmcell_instance_data(inst) == NULL);
        wasmcell_instance_set_data(inst, &counter, record_finalize);
        CHECK(wasmcell_instance_data(inst) == &counter);
        wasmcell_val_t args[2] = {{.type = WASMCELL_I32, .of.i32 = 1}, {.type = WASMCELL_I32, .of.i32 = 4}};
        wasmcell_val_t r;
        /* call_at(1, 4): table slot 1 is the host function */
        CHECK_STATUS(wasmcell_func_call(wasmcell_instance_func(inst, "call_at"), args, 2, &r, 1, NULL),
                     WASMCELL_OK);
        CHECK(r.of.i32 == 8 && counter == 1);
        finalized_data = NULL;
        wasmcell_instance_delete(inst);
        CHECK(finalized_data == &counter);
    }
    CHECK(wasmcell_instance_data(NULL) == NULL);
    wasmcell_linker_delete(l);
    wasmcell_module_delete(m);
    wasmcell_engine_delete(engine);
}

static void test_import_types(void)
{
    wasmcell_engine_t *engine = harness_engine();
    wasmcell_module_t *m = engine ? MODULE(engine, wasm_host_objects) : NULL;
    if (m) {
        wasmcell_externtype_t t;
        CHECK(wasmcell_module_import_count(m) == 4);
        CHECK_STATUS(wasmcell_module_import_type(m, 0, &t), WASMCELL_OK);
        CHECK(t.kind == WASMCELL_EXTERN_GLOBAL && t.of.global.type == WASMCELL_I64 &&
              t.of.global.mutable_ == 1);
        CHECK_STATUS(wasmcell_module_import_type(m, 1, &t), WASMCELL_OK);
        CHECK(t.kind == WASMCELL_EXTERN_MEMORY && t.of.memory.min == 1 && t.of.memory.has_max &&
              t.of.memory.max == 4);
        CHECK_STATUS(wasmcell_module_import_type(m, 2, &t), WASMCELL_OK);
        CHECK(t.kind == WASMCELL_EXTERN_TABLE && t.of.table.elem_type == WASMCELL_FUNCREF &&
              t.of.table.min == 2 && !t.of.table.has_max);
        CHECK_STATUS(wasmcell_module_import_type(m, 3, &t), WASMCELL_OK);
        CHECK(t.kind == WASMCELL_EXTERN_FUNC && t.of.func.nparams == 1 && t.of.func.nresults == 1);
        CHECK(t.of.func.signature && strcmp(t.of.func.signature, "i:i") == 0);
        CHECK_STATUS(wasmcell_module_import_type(m, 4, &t), WASMCELL_ERR_NOT_FOUND);
        CHECK_STATUS(wasmcell_module_import_type(NULL, 0, &t), WASMCELL_ERR_MISUSE);
    }
    wasmcell_module_delete(m);
    wasmcell_engine_delete(engine);
}

/* The type of the export called `name`, found through the export list. */
static int export_type(const wasmcell_module_t *m, const char *name, wasmcell_externtype_t *t)
{
    for (size_t i = 0; i < wasmcell_module_export_count(m); i++) {
        wasmcell_export_desc_t d;
        if (wasmcell_module_export(m, i, &d) == WASMCELL_OK && strcmp(d.name, name) == 0)
            return wasmcell_module_export_type(m, i, t) == WASMCELL_OK && t->kind == d.kind;
    }
    return 0;
}

static void test_export_types(void)
{
    wasmcell_engine_t *engine = harness_engine();
    wasmcell_module_t *m = engine ? MODULE(engine, wasm_table_funcs) : NULL;
    if (m) {
        wasmcell_externtype_t t;
        CHECK(export_type(m, "tab", &t) && t.kind == WASMCELL_EXTERN_TABLE &&
              t.of.table.min == 4 && t.of.table.has_max && t.of.table.max == 10);
        CHECK(export_type(m, "g", &t) && t.kind == WASMCELL_EXTERN_GLOBAL &&
              t.of.global.type == WASMCELL_I32 && t.of.global.mutable_);
        CHECK(export_type(m, "mem", &t) && t.kind == WASMCELL_EXTERN_MEMORY &&
              t.of.memory.min == 1 && t.of.memory.max == 2);
        CHECK(export_type(m, "call_at", &t) && t.kind == WASMCELL_EXTERN_FUNC &&
              strcmp(t.of.func.signature, "ii:i") == 0 && t.of.func.nparams == 2);
        /* a re-exported import has the import's type */
        CHECK(export_type(m, "twice", &t) && t.kind == WASMCELL_EXTERN_FUNC &&
              strcmp(t.of.func.signature, "i:i") == 0);
        CHECK_STATUS(wasmcell_module_export_type(m, wasmcell_module_export_count(m), &t),
                     WASMCELL_ERR_NOT_FOUND);
    }
    /* a signature string serves wasmcell_linker_define_func as is */
    wasmcell_module_t *objs = engine ? MODULE(engine, wasm_host_objects) : NULL;
    if (objs) {
        wasmcell_externtype_t t;
        CHECK(export_type(objs, "set_g", &t) && strcmp(t.of.func.signature, "I:") == 0);
        CHECK(export_type(objs, "get_g", &t) && strcmp(t.of.func.signature, ":I") == 0 &&
              t.of.func.nparams == 0 && t.of.func.nresults == 1);
    }
    wasmcell_module_delete(objs);
    wasmcell_module_delete(m);
    wasmcell_engine_delete(engine);
}

static void test_extern_types(void)
{
    wasmcell_engine_t *engine = harness_engine();
    wasmcell_module_t *m = engine ? MODULE(engine, wasm_table_funcs) : NULL;
    wasmcell_linker_t *l = NULL;
    wasmcell_instance_t *inst = m ? instantiate(engine, m, &l) : NULL;
    if (inst) {
        wasmcell_extern_t ext;
        wasmcell_externtype_t t;
        CHECK_STATUS(wasmcell_instance_export(inst, "tab", &ext), WASMCELL_OK);
        CHECK_STATUS(wasmcell_extern_type(&ext, &t), WASMCELL_OK);
        CHECK(t.kind == WASMCELL_EXTERN_TABLE && t.of.table.min == 4 && t.of.table.max == 10 &&
              t.of.table.has_max && t.of.table.elem_type == WASMCELL_FUNCREF);
        CHECK_STATUS(wasmcell_table_grow(ext.of.table, 2, NULL, NULL), WASMCELL_OK);
        CHECK_STATUS(wasmcell_extern_type(&ext, &t), WASMCELL_OK);
        CHECK(t.of.table.min == 6); /* the current size */
        CHECK_STATUS(wasmcell_instance_export(inst, "mem", &ext), WASMCELL_OK);
        CHECK_STATUS(wasmcell_extern_type(&ext, &t), WASMCELL_OK);
        CHECK(t.kind == WASMCELL_EXTERN_MEMORY && t.of.memory.min == 1 && t.of.memory.max == 2);
        CHECK_STATUS(wasmcell_instance_export(inst, "g", &ext), WASMCELL_OK);
        CHECK_STATUS(wasmcell_extern_type(&ext, &t), WASMCELL_OK);
        CHECK(t.kind == WASMCELL_EXTERN_GLOBAL && t.of.global.type == WASMCELL_I32 &&
              t.of.global.mutable_);
        CHECK_STATUS(wasmcell_instance_export(inst, "call_at", &ext), WASMCELL_OK);
        CHECK_STATUS(wasmcell_extern_type(&ext, &t), WASMCELL_OK);
        CHECK(t.kind == WASMCELL_EXTERN_FUNC && strcmp(t.of.func.signature, "ii:i") == 0);
        CHECK_STATUS(wasmcell_instance_export(inst, "twice", &ext), WASMCELL_OK); /* host import */
        CHECK_STATUS(wasmcell_extern_type(&ext, &t), WASMCELL_OK);
        CHECK(strcmp(t.of.func.signature, "i:i") == 0 && t.of.func.nparams == 1);
    }
    wasmcell_func_t *f = engine ? wasmcell_func_new(engine, "Ifx:F", host_twice, NULL, NULL) : NULL;
    wasmcell_memory_t *mem = engine ? wasmcell_memory_new(engine, 2, 5, NULL) : NULL;
    wasmcell_table_t *tab = engine ? wasmcell_table_new(engine, WASMCELL_EXTERNREF, 3, WASMCELL_NO_MAX,
                                                        NULL, NULL) : NULL;
    if (f && mem && tab) {
        wasmcell_externtype_t t;
        CHECK_STATUS(wasmcell_extern_type(&(wasmcell_extern_t){.kind = WASMCELL_EXTERN_FUNC, .of.func = f}, &t),
                     WASMCELL_OK);
        CHECK(strcmp(t.of.func.signature, "Ifx:F") == 0 && t.of.func.nparams == 3 &&
              t.of.func.nresults == 1);
        CHECK_STATUS(wasmcell_extern_type(&(wasmcell_extern_t){.kind = WASMCELL_EXTERN_MEMORY, .of.memory = mem}, &t),
                     WASMCELL_OK);
        CHECK(t.of.memory.min == 2 && t.of.memory.has_max && t.of.memory.max == 5);
        CHECK_STATUS(wasmcell_extern_type(&(wasmcell_extern_t){.kind = WASMCELL_EXTERN_TABLE, .of.table = tab}, &t),
                     WASMCELL_OK);
        CHECK(t.of.table.elem_type == WASMCELL_EXTERNREF && t.of.table.min == 3 && !t.of.table.has_max);
    }
    CHECK(f && mem && tab);
    CHECK_STATUS(wasmcell_extern_type(NULL, NULL), WASMCELL_ERR_MISUSE);
    wasmcell_func_delete(f);
    wasmcell_memory_delete(mem);
    wasmcell_table_delete(tab);
    wasmcell_instance_delete(inst);
    wasmcell_linker_delete(l);
    wasmcell_module_delete(m);
    wasmcell_engine_delete(engine);
}

static void test_backtrace_frames(void)
{
    wasmcell_engine_t *engine = harness_engine();
    wasmcell_module_t *m = engine ? MODULE(engine, wasm_table_funcs) : NULL;
    wasmcell_linker_t *l = NULL;
    wasmcell_instance_t *inst = m ? instantiate(engine, m, &l) : NULL;
    if (inst) {
        wasmcell_val_t arg = {.type = WASMCELL_I32, .of.i32 = 1}, r;
        wasmcell_error_t *e = NULL;
        CHECK_STATUS(wasmcell_func_call(wasmcell_instance_func(inst, "trap_deep"), &arg, 1, &r, 1, &e),
                     WASMCELL_ERR_TRAP);
        size_t n = wasmcell_error_frame_count(e);
        /* func 3 is $deep, 4 is $trap_deep (func 0 is the import); the
         * native tier may inline $deep into $trap_deep */
        CHECK(n >= 1 && n <= 2);
        int lines = 0;
        for (const char *p = wasmcell_error_backtrace(e); *p; p++) lines += *p == '\n';
        CHECK((size_t)lines == n);
        wasmcell_frame_t fr;
        CHECK_STATUS(wasmcell_error_frame(e, n - 1, &fr), WASMCELL_OK);
        CHECK(fr.func_idx == 4 && fr.func_name && strcmp(fr.func_name, "trap_deep") == 0);
        CHECK(fr.func_offset > 8 && fr.func_offset < sizeof wasm_table_funcs);
        if (n == 2) {
            CHECK_STATUS(wasmcell_error_frame(e, 0, &fr), WASMCELL_OK);
            CHECK(fr.func_idx == 3 && fr.func_name && strcmp(fr.func_name, "deep") == 0);
            /* the body of $deep is `unreachable end` at func_offset */
            CHECK(fr.func_offset < sizeof wasm_table_funcs && wasm_table_funcs[fr.func_offset] == 0x00);
        }
        CHECK_STATUS(wasmcell_error_frame(e, n, &fr), WASMCELL_ERR_NOT_FOUND);
        wasmcell_error_delete(e);
        /* no trap, no frames */
        wasmcell_error_t *misuse = NULL;
        CHECK_STATUS(wasmcell_func_call(wasmcell_instance_func(inst, "trap_deep"), NULL, 0, &r, 1, &misuse),
                     WASMCELL_ERR_MISUSE);
        CHECK(wasmcell_error_frame_count(misuse) == 0);
        CHECK_STATUS(wasmcell_error_frame(misuse, 0, &fr), WASMCELL_ERR_NOT_FOUND);
        wasmcell_error_delete(misuse);
        CHECK(wasmcell_error_frame_count(NULL) == 0);
    }
    wasmcell_instance_delete(inst);
    wasmcell_linker_delete(l);
    wasmcell_module_delete(m);
    wasmcell_engine_delete(engine);
}

static int write_file(const char *path, const uint8_t *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    int ok = fwrite(bytes, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

static void test_module_new_from_file(void)
{
    wasmcell_engine_t *engine = harness_engine();
    if (!engine) return;
    char dir[] = "/tmp/wasmcell-api-file.XXXXXX", path[64], bad[64];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/m.wasm", dir);
    snprintf(bad, sizeof bad, "%s/bad.wasm", dir);
    CHECK(write_file(path, wasm_table_funcs, sizeof wasm_table_funcs));
    CHECK(write_file(bad, (const uint8_t *)"\0asm\2\0\0\0", 8));
    wasmcell_module_t *m = NULL;
    wasmcell_error_t *e = NULL;
    CHECK_STATUS(wasmcell_module_new_from_file(engine, path, &m, &e), WASMCELL_OK);
    CHECK(m && wasmcell_module_export_count(m) == 7);
    wasmcell_module_delete(m);
    m = NULL;
    CHECK_STATUS(wasmcell_module_new_from_file(engine, bad, &m, &e), WASMCELL_ERR_MALFORMED);
    CHECK(m == NULL);
    wasmcell_error_delete(e);
    e = NULL;
    char missing[80];
    snprintf(missing, sizeof missing, "%s/missing.wasm", dir);
    CHECK_STATUS(wasmcell_module_new_from_file(engine, missing, &m, &e), WASMCELL_ERR_IO);
    CHECK_CONTAINS(wasmcell_error_message(e), "missing.wasm");
    wasmcell_error_delete(e);
    e = NULL;
    CHECK_STATUS(wasmcell_module_new_from_file(engine, dir, &m, &e), WASMCELL_ERR_IO); /* a directory */
    wasmcell_error_delete(e);
    CHECK_STATUS(wasmcell_module_new_from_file(engine, NULL, &m, NULL), WASMCELL_ERR_MISUSE);
    unlink(path);
    unlink(bad);
    rmdir(dir);
    wasmcell_engine_delete(engine);
}

int main(int argc, char **argv)
{
    static const harness_test_t tests[] = {
        TEST(test_instance_user_data), TEST(test_import_types), TEST(test_export_types),
        TEST(test_extern_types),
        TEST(test_backtrace_frames), TEST(test_module_new_from_file),
    };
    return harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
