/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_memory.c — memories, globals and tables through the public API:
 * data segments, growth and its limits, reservation failure, global types. */
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "harness.h"
#include "modules.h"
#include "wasmcell_text.h"

static wasmcell_error_t *host_add(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    (void)caller, (void)env;
    slots[0] = (uint32_t)((uint32_t)slots[0] + (uint32_t)slots[1]);
    return NULL;
}

/* Instantiates basic.wat under `config` (NULL = defaults). */
static wasmcell_instance_t *basic_instance(wasmcell_engine_t *engine)
{
    wasmcell_linker_t *l = wasmcell_linker_new(engine);
    wasmcell_module_t *m = MODULE(engine, wasm_basic);
    wasmcell_instance_t *inst = NULL;
    wasmcell_error_t *e = NULL;
    CHECK_STATUS(wasmcell_linker_define_func(l, "env", "add", "ii:i", host_add, NULL), WASMCELL_OK);
    if (m && wasmcell_linker_instantiate(l, m, &inst, &e) != WASMCELL_OK) {
        fprintf(stderr, "  instantiate: %s\n", wasmcell_error_message(e));
        harness_failures++;
    }
    wasmcell_error_delete(e);
    wasmcell_module_delete(m);
    wasmcell_linker_delete(l);
    return inst;
}

static void memory_data_segment_applied(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_instance_t *inst = basic_instance(engine);
    wasmcell_memory_t *mem = wasmcell_instance_memory(inst, "mem");
    uint64_t size = 0;
    uint8_t *data = wasmcell_memory_data(mem, &size);
    CHECK(mem != NULL && data != NULL);
    CHECK(size == 65536);
    if (data) CHECK(memcmp(data, "hello", 5) == 0 && data[5] == 0 && data[65535] == 0);
    CHECK(wasmcell_instance_memory(inst, "answer") == NULL); /* a function, not a memory */
    CHECK(wasmcell_instance_memory(inst, "nope") == NULL);
    wasmcell_instance_delete(inst);
    wasmcell_engine_delete(engine);
}

static void memory_grow_within_max(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_instance_t *inst = basic_instance(engine);
    wasmcell_memory_t *mem = wasmcell_instance_memory(inst, "mem");
    uint64_t old = 99, size = 0;
    CHECK_STATUS(wasmcell_memory_grow(mem, 1, &old), WASMCELL_OK);
    CHECK(old == 1);
    uint8_t *data = wasmcell_memory_data(mem, &size);
    CHECK(size == 2 * 65536);
    if (data) {
        data[size - 1] = 7; /* the new page is writable */
        CHECK(data[size - 1] == 7 && data[65536] == 0);
    }
    CHECK_STATUS(wasmcell_memory_grow(mem, 2, &old), WASMCELL_ERR_NOMEM); /* max is 3 */
    CHECK_STATUS(wasmcell_memory_grow(mem, 0, &old), WASMCELL_OK);
    CHECK(old == 2);
    CHECK_STATUS(wasmcell_memory_grow(mem, 1, &old), WASMCELL_OK);
    CHECK_STATUS(wasmcell_memory_grow(mem, 1, &old), WASMCELL_ERR_NOMEM);
    CHECK_STATUS(wasmcell_memory_grow(NULL, 1, &old), WASMCELL_ERR_MISUSE);
    wasmcell_instance_delete(inst);
    wasmcell_engine_delete(engine);
}

static void memory_engine_limit_clamps_growth(void)
{
    wasmcell_config_t c;
    wasmcell_config_init(&c);
    c.max_memory_bytes = 4 * 65536;
    wasmcell_engine_t *engine = wasmcell_engine_new(&c);
    wasmcell_module_t *m = MODULE(engine, wasm_big_mem);
    wasmcell_linker_t *l = wasmcell_linker_new(engine);
    wasmcell_instance_t *inst = NULL;
    CHECK_STATUS(wasmcell_linker_instantiate(l, m, &inst, NULL), WASMCELL_OK);
    wasmcell_memory_t *mem = wasmcell_instance_memory(inst, "mem");
    uint64_t old = 0;
    CHECK_STATUS(wasmcell_memory_grow(mem, 2, &old), WASMCELL_OK);
    CHECK(old == 2);
    CHECK_STATUS(wasmcell_memory_grow(mem, 1, &old), WASMCELL_ERR_NOMEM);
    wasmcell_instance_delete(inst);
    /* A memory whose minimum exceeds the limit cannot be created. */
    c.max_memory_bytes = 65536;
    wasmcell_engine_t *small = wasmcell_engine_new(&c);
    wasmcell_module_t *m2 = MODULE(small, wasm_big_mem);
    wasmcell_linker_t *l2 = wasmcell_linker_new(small);
    wasmcell_error_t *e = NULL;
    CHECK_STATUS(wasmcell_linker_instantiate(l2, m2, &inst, &e), WASMCELL_ERR_NOMEM);
    CHECK_CONTAINS(wasmcell_error_message(e), "limit");
    wasmcell_error_delete(e);
    wasmcell_linker_delete(l2);
    wasmcell_module_delete(m2);
    wasmcell_engine_delete(small);
    wasmcell_linker_delete(l);
    wasmcell_module_delete(m);
    wasmcell_engine_delete(engine);
}

/* Under a 1 GiB address-space limit the 8 GiB reservation fails: the
 * memory falls back to bounds checks and works (it grows by remapping, as
 * far as the limit allows); only a memory whose initial size cannot be
 * mapped at all is an error. Runs in a child, whose limit dies with it. */
#define CHILD_CANNOT_MAP 3
static int reservation_fallback_child(void)
{
    struct rlimit rl = {1ull << 30, 1ull << 30};
    if (setrlimit(RLIMIT_AS, &rl) != 0) return 2;
    /* a sanitizer build's shadow memory already exceeds the limit: then
     * nothing at all can be mapped, and there is nothing to test */
    void *probe = mmap(NULL, 1u << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (probe == MAP_FAILED) return CHILD_CANNOT_MAP;
    munmap(probe, 1u << 20);
    wasmcell_config_t config;
    wasmcell_config_init(&config);
    config.tier = WASMCELL_TIER_INTERP;
    wasmcell_engine_t *engine = wasmcell_engine_new(&config);
    wasmcell_module_t *m = MODULE(engine, wasm_big_mem);
    wasmcell_linker_t *l = wasmcell_linker_new(engine);
    wasmcell_instance_t *inst = NULL;
    wasmcell_error_t *e = NULL;
    int bad = 0;
    if (wasmcell_linker_instantiate(l, m, &inst, &e) != WASMCELL_OK) {
        fprintf(stderr, "  instantiate: %s\n", wasmcell_error_message(e));
        return 1;
    }
    wasmcell_memory_t *mem = wasmcell_instance_memory(inst, "mem");
    uint64_t size = 0, old = 0;
    uint8_t *data = wasmcell_memory_data(mem, &size);
    bad |= !data || size != 2 * 65536;
    if (data) data[131071] = 7;
    bad |= wasmcell_memory_grow(mem, 98, &old) != WASMCELL_OK || old != 2;
    data = wasmcell_memory_data(mem, &size); /* may have moved */
    bad |= !data || size != 100 * 65536 || data[131071] != 7;
    if (data) data[size - 1] = 1;
    /* 1.3 GiB more cannot be mapped under the limit: memory.grow fails */
    bad |= wasmcell_memory_grow(mem, 20000, &old) != WASMCELL_ERR_NOMEM;
    wasmcell_memory_t *huge = wasmcell_memory_new(engine, 20000, WASMCELL_NO_MAX, &e);
    bad |= huge != NULL || wasmcell_error_status(e) != WASMCELL_ERR_NOMEM ||
           !strstr(wasmcell_error_message(e), "cannot map");
    if (bad) fprintf(stderr, "  %s\n", e ? wasmcell_error_message(e) : "(no error)");
    wasmcell_error_delete(e);
    wasmcell_instance_delete(inst);
    wasmcell_linker_delete(l);
    wasmcell_module_delete(m);
    wasmcell_engine_delete(engine);
    return bad;
}

static void memory_reservation_failure_falls_back_to_bounds_checks(void)
{
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) _exit(reservation_fallback_child());
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_CANNOT_MAP) {
        fprintf(stderr, "  (nothing can be mapped under a 1 GiB limit in this build: not tested)\n");
        return;
    }
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static wasmcell_global_t *global_export(wasmcell_instance_t *inst, const char *name)
{
    wasmcell_extern_t ext;
    if (wasmcell_instance_export(inst, name, &ext) != WASMCELL_OK) return NULL;
    return ext.kind == WASMCELL_EXTERN_GLOBAL ? ext.of.global : NULL;
}

static void global_get_initial_values(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_instance_t *inst = basic_instance(engine);
    wasmcell_val_t v;
    CHECK_STATUS(wasmcell_global_get(global_export(inst, "g"), &v), WASMCELL_OK);
    CHECK(v.type == WASMCELL_I32 && v.of.i32 == 42);
    CHECK_STATUS(wasmcell_global_get(global_export(inst, "c64"), &v), WASMCELL_OK);
    CHECK(v.type == WASMCELL_I64 && v.of.i64 == -7);
    CHECK_STATUS(wasmcell_global_get(global_export(inst, "gf"), &v), WASMCELL_OK);
    CHECK(v.type == WASMCELL_F32 && v.of.f32 == 1.5f);
    CHECK_STATUS(wasmcell_global_get(global_export(inst, "gd"), &v), WASMCELL_OK);
    CHECK(v.type == WASMCELL_F64 && v.of.f64 == -2.25);
    CHECK_STATUS(wasmcell_global_get(global_export(inst, "gv"), &v), WASMCELL_OK);
    CHECK(v.type == WASMCELL_V128 && v.of.v128[0] == 1 && v.of.v128[4] == 2 && v.of.v128[12] == 4);
    CHECK_STATUS(wasmcell_global_get(global_export(inst, "gr"), &v), WASMCELL_OK);
    CHECK(v.type == WASMCELL_FUNCREF && v.of.funcref == NULL);
    CHECK_STATUS(wasmcell_global_get(global_export(inst, "gx"), &v), WASMCELL_OK);
    CHECK(v.type == WASMCELL_EXTERNREF && v.of.externref == NULL);
    CHECK_STATUS(wasmcell_global_get(NULL, &v), WASMCELL_ERR_MISUSE);
    wasmcell_instance_delete(inst);
    wasmcell_engine_delete(engine);
}

static void global_set_checks_type_and_mutability(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_instance_t *inst = basic_instance(engine);
    wasmcell_val_t v = {.type = WASMCELL_I32, .of.i32 = -5}, got;
    CHECK_STATUS(wasmcell_global_set(global_export(inst, "g"), &v), WASMCELL_OK);
    CHECK_STATUS(wasmcell_global_get(global_export(inst, "g"), &got), WASMCELL_OK);
    CHECK(got.of.i32 == -5);
    wasmcell_val_t wrong = {.type = WASMCELL_I64, .of.i64 = 1};
    CHECK_STATUS(wasmcell_global_set(global_export(inst, "g"), &wrong), WASMCELL_ERR_MISUSE);
    CHECK_STATUS(wasmcell_global_set(global_export(inst, "c64"), &wrong), WASMCELL_ERR_MISUSE);
    CHECK_STATUS(wasmcell_global_get(global_export(inst, "c64"), &got), WASMCELL_OK);
    CHECK(got.of.i64 == -7);
    /* A funcref global holds a function of the instance. */
    wasmcell_func_t *answer = wasmcell_instance_func(inst, "answer");
    wasmcell_val_t fr = {.type = WASMCELL_FUNCREF, .of.funcref = answer};
    CHECK_STATUS(wasmcell_global_set(global_export(inst, "gr"), &fr), WASMCELL_OK);
    CHECK_STATUS(wasmcell_global_get(global_export(inst, "gr"), &got), WASMCELL_OK);
    CHECK(got.type == WASMCELL_FUNCREF && got.of.funcref == answer);
    wasmcell_val_t xr = {.type = WASMCELL_EXTERNREF, .of.externref = &got};
    CHECK_STATUS(wasmcell_global_set(global_export(inst, "gx"), &xr), WASMCELL_OK);
    CHECK_STATUS(wasmcell_global_get(global_export(inst, "gx"), &got), WASMCELL_OK);
    CHECK(got.of.externref == (void *)&got);
    wasmcell_val_t v128 = {.type = WASMCELL_V128};
    for (int i = 0; i < 16; i++) v128.of.v128[i] = (uint8_t)(0xA0 + i);
    CHECK_STATUS(wasmcell_global_set(global_export(inst, "gv"), &v128), WASMCELL_OK);
    CHECK_STATUS(wasmcell_global_get(global_export(inst, "gv"), &got), WASMCELL_OK);
    CHECK(memcmp(got.of.v128, v128.of.v128, 16) == 0);
    CHECK_STATUS(wasmcell_global_set(NULL, &v), WASMCELL_ERR_MISUSE);
    wasmcell_instance_delete(inst);
    wasmcell_engine_delete(engine);
}

static void instance_export_lookup(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_instance_t *inst = basic_instance(engine);
    wasmcell_extern_t ext;
    CHECK_STATUS(wasmcell_instance_export(inst, "tab", &ext), WASMCELL_OK);
    CHECK(ext.kind == WASMCELL_EXTERN_TABLE && ext.of.table != NULL);
    CHECK_STATUS(wasmcell_instance_export(inst, "missing", &ext), WASMCELL_ERR_NOT_FOUND);
    CHECK_STATUS(wasmcell_instance_export(NULL, "tab", &ext), WASMCELL_ERR_MISUSE);
    CHECK(wasmcell_instance_func(inst, "mem") == NULL);
    wasmcell_func_t *f = wasmcell_instance_func(inst, "swap");
    CHECK(wasmcell_func_param_count(f) == 2 && wasmcell_func_result_count(f) == 2);
    CHECK(wasmcell_func_param_type(f, 0) == WASMCELL_I64);
    CHECK(wasmcell_func_param_type(f, 1) == WASMCELL_F64);
    CHECK(wasmcell_func_result_type(f, 0) == WASMCELL_F64);
    CHECK(wasmcell_func_result_type(f, 1) == WASMCELL_I64);
    CHECK(wasmcell_func_param_type(f, 2) == 0);
    CHECK(wasmcell_instance_fuel(inst) == UINT64_MAX);
    wasmcell_instance_set_fuel(inst, 1234);
    CHECK(wasmcell_instance_fuel(inst) == 1234);
    wasmcell_instance_delete(inst);
    wasmcell_instance_delete(NULL);
    wasmcell_engine_delete(engine);
}

/* 10,000 instances, each with its own memory, live at once (no cap on live
 * memories: the guard-page registry grows in chunks), each memory its own;
 * then all freed. With bounds_checks the same without reservations. */
#define MANY_MEMORIES 10000
#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
#define SANITIZED_BUILD 1 /* ~3.5 min per 10,000 instances under ASan */
#else
#define SANITIZED_BUILD 0
#endif
static void many_live_memories(uint32_t bounds_checks, int count)
{
    wasmcell_config_t config;
    wasmcell_config_init(&config);
    config.tier = WASMCELL_TIER_INTERP;
    config.bounds_checks = bounds_checks;
    wasmcell_engine_t *engine = wasmcell_engine_new(&config);
    wasmcell_instance_t **insts = calloc((size_t)count, sizeof *insts);
    CHECK(insts != NULL);
    int made = 0, wrong = 0;
    for (int i = 0; insts && i < count; i++) {
        insts[i] = basic_instance(engine);
        if (!insts[i]) break;
        made++;
        uint8_t *data = wasmcell_memory_data(wasmcell_instance_memory(insts[i], "mem"), NULL);
        if (data) data[100] = (uint8_t)i;
    }
    CHECK(made == count);
    /* every memory kept its own byte, read back by the guest's load */
    for (int i = 0; i < made; i++) {
        wasmcell_func_t *load = wasmcell_instance_func(insts[i], "load");
        wasmcell_val_t arg = {.type = WASMCELL_I32, .of.i32 = 100}, res;
        if (!load || wasmcell_func_call(load, &arg, 1, &res, 1, NULL) != WASMCELL_OK ||
            res.of.i32 != (uint8_t)i)
            wrong++;
    }
    CHECK(wrong == 0);
    for (int i = 0; i < made; i++) wasmcell_instance_delete(insts[i]);
    free(insts);
    wasmcell_engine_delete(engine);
}

static void instance_ten_thousand_memories(void) { many_live_memories(0, MANY_MEMORIES); }
/* checked memories have no registry entry: fewer suffice under a sanitizer */
static void instance_ten_thousand_checked_memories(void)
{
    many_live_memories(1, SANITIZED_BUILD ? 1000 : MANY_MEMORIES);
}

static wasmcell_module_t *module_from_wat(wasmcell_engine_t *engine, const char *wat)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    wasmcell_module_t *m = NULL;
    wasmcell_error_t *e = NULL;
    if (wasmcell_wat_to_wasm(wat, strlen(wat), &bytes, &size, &e) != WASMCELL_OK ||
        wasmcell_module_new(engine, bytes, size, &m, &e) != WASMCELL_OK)
        fprintf(stderr, "  %s\n", wasmcell_error_message(e));
    wasmcell_error_delete(e);
    wasmcell_bytes_delete(bytes);
    return m;
}

/* Multiple memories and memory64 through the API: a host-made 64-bit memory
 * imported, memories by index (exported or not), their types, and an i32
 * memory refused where an i64 one is imported. */
static void memory64_and_memories_by_index(void)
{
    wasmcell_engine_t *engine = harness_engine();
    wasmcell_module_t *m = module_from_wat(engine,
        "(module (import \"env\" \"m64\" (memory i64 1))"
        "  (memory $own 1) (memory (export \"third\") i64 2 3)"
        "  (func (export \"poke\") (param i64 i32)"
        "    (i32.store8 $own (i32.wrap_i64 (local.get 0)) (local.get 1))"
        "    (i32.store8 0 (local.get 0) (local.get 1))))");
    wasmcell_memory_t *m64 = wasmcell_memory_new64(engine, 1, 4, NULL);
    wasmcell_memory_t *m32 = wasmcell_memory_new(engine, 1, 4, NULL);
    CHECK(m != NULL && m64 != NULL && m32 != NULL);
    wasmcell_externtype_t t;
    wasmcell_extern_t ext = {.kind = WASMCELL_EXTERN_MEMORY, .of.memory = m64};
    CHECK(wasmcell_extern_type(&ext, &t) == WASMCELL_OK && t.of.memory.is64 == 1);
    CHECK(m && wasmcell_module_export_type(m, 0, &t) == WASMCELL_OK && t.of.memory.is64 == 1 &&
          t.of.memory.min == 2 && t.of.memory.max == 3);

    wasmcell_linker_t *l = wasmcell_linker_new(engine);
    wasmcell_instance_t *inst = NULL;
    wasmcell_error_t *e = NULL;
    CHECK_STATUS(wasmcell_linker_define_extern(l, "env", "m64", ext), WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_instantiate(l, m, &inst, &e), WASMCELL_OK);
    CHECK(wasmcell_instance_memory_at(inst, 0) == m64);
    CHECK(wasmcell_instance_memory_at(inst, 1) != NULL && wasmcell_instance_memory_at(inst, 1) != m64);
    CHECK(wasmcell_instance_memory_at(inst, 2) == wasmcell_instance_memory(inst, "third"));
    CHECK(wasmcell_instance_memory_at(inst, 3) == NULL);
    wasmcell_func_t *poke = wasmcell_instance_func(inst, "poke");
    wasmcell_val_t args[2] = {{.type = WASMCELL_I64, .of.i64 = 65535}, {.type = WASMCELL_I32, .of.i32 = 9}};
    CHECK_STATUS(wasmcell_func_call(poke, args, 2, NULL, 0, NULL), WASMCELL_OK);
    uint8_t *own = wasmcell_memory_data(wasmcell_instance_memory_at(inst, 1), NULL);
    uint8_t *host = wasmcell_memory_data(m64, NULL);
    CHECK(own && host && own[65535] == 9 && host[65535] == 9);
    args[0].of.i64 = 65536; /* one past the end of both */
    CHECK_STATUS(wasmcell_func_call(poke, args, 2, NULL, 0, NULL), WASMCELL_ERR_TRAP);
    wasmcell_instance_delete(inst);

    /* an i32 memory where the module imports an i64 one */
    wasmcell_linker_t *l2 = wasmcell_linker_new(engine);
    inst = NULL;
    ext.of.memory = m32;
    CHECK_STATUS(wasmcell_linker_define_extern(l2, "env", "m64", ext), WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_instantiate(l2, m, &inst, &e), WASMCELL_ERR_LINK);
    CHECK_CONTAINS(wasmcell_error_message(e), "address types differ");
    wasmcell_error_delete(e);
    wasmcell_linker_delete(l2);
    wasmcell_linker_delete(l);
    wasmcell_memory_delete(m64);
    wasmcell_memory_delete(m32);
    wasmcell_module_delete(m);
    wasmcell_engine_delete(engine);
}

int main(int argc, char **argv)
{
    static const harness_test_t tests[] = {
        TEST(memory_data_segment_applied),
        TEST(memory_grow_within_max),
        TEST(memory_engine_limit_clamps_growth),
        TEST(memory_reservation_failure_falls_back_to_bounds_checks),
        TEST(global_get_initial_values),
        TEST(global_set_checks_type_and_mutability),
        TEST(instance_export_lookup),
        TEST(instance_ten_thousand_memories),
        TEST(instance_ten_thousand_checked_memories),
        TEST(memory64_and_memories_by_index),
    };
    return harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
