/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* memory — an exported memory seen from both sides: data, sizes, grow up to
 * the maximum and not beyond, out-of-bounds accesses trapping; and a memory
 * made by the host. */
#include "check.h"

static const wasm_func_t *func_at(wasm_extern_vec_t *exports, size_t i) {
    CHECK(i < exports->size);
    const wasm_func_t *f = wasm_extern_as_func(exports->data[i]);
    CHECK(f != NULL);
    return f;
}

/* Calls f(args...) with i32s; the i32 result (or 0); a trap is returned. */
static wasm_trap_t *call_i32(const wasm_func_t *f, int nargs, int32_t a, int32_t b, int32_t *result) {
    wasm_val_t as[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = {(size_t)nargs, as};
    wasm_val_vec_t results = {wasm_func_result_arity(f), rs};
    wasm_trap_t *trap = wasm_func_call(f, &args, &results);
    if (!trap && result) *result = rs[0].of.i32;
    return trap;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "memory.wasm");
    wasm_instance_t *instance = wasm_instance_new(store, module, NULL, NULL);
    CHECK(instance != NULL);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 4);
    wasm_memory_t *memory = wasm_extern_as_memory(exports.data[0]);
    CHECK(memory != NULL);
    const wasm_func_t *size = func_at(&exports, 1), *load = func_at(&exports, 2),
                      *store_fn = func_at(&exports, 3);

    wasm_memorytype_t *mt = wasm_memory_type(memory);
    CHECK(wasm_memorytype_limits(mt)->min == 2 && wasm_memorytype_limits(mt)->max == 3);
    wasm_memorytype_delete(mt);

    CHECK(wasm_memory_size(memory) == 2);
    CHECK(wasm_memory_data_size(memory) == 0x20000);
    byte_t *data = wasm_memory_data(memory);
    CHECK(data[0] == 0 && data[0x1000] == 1 && data[0x1003] == 4 && data[0x1004] == 0);

    int32_t r = -1;
    CHECK(call_i32(size, 0, 0, 0, &r) == NULL && r == 2);
    CHECK(call_i32(load, 1, 0x1002, 0, &r) == NULL && r == 3);
    CHECK(call_i32(load, 1, 0x1FFFF, 0, &r) == NULL && r == 0);
    wasm_trap_t *trap = call_i32(load, 1, 0x20000, 0, &r);
    CHECK(trap != NULL);
    CHECK(strstr(trap_text(trap), "out of bounds memory access") != NULL);

    /* wasm writes, the host reads; the host writes, wasm reads */
    CHECK(call_i32(store_fn, 2, 0x1002, 5, NULL) == NULL);
    CHECK(wasm_memory_data(memory)[0x1002] == 5);
    wasm_memory_data(memory)[0x1003] = (byte_t)-7;
    CHECK(call_i32(load, 1, 0x1003, 0, &r) == NULL && r == -7);
    trap = call_i32(store_fn, 2, 0x20000, 0, NULL);
    CHECK(trap != NULL);
    wasm_trap_delete(trap);

    /* grow: to the maximum, and no further */
    CHECK(wasm_memory_grow(memory, 1));
    CHECK(wasm_memory_size(memory) == 3);
    CHECK(call_i32(size, 0, 0, 0, &r) == NULL && r == 3);
    CHECK(call_i32(load, 1, 0x20000, 0, &r) == NULL && r == 0);
    CHECK(!wasm_memory_grow(memory, 1));
    CHECK(wasm_memory_grow(memory, 0));
    CHECK(wasm_memory_size(memory) == 3);

    /* a memory of the host's */
    wasm_limits_t limits = {5, 5};
    wasm_memorytype_t *type = wasm_memorytype_new(&limits);
    wasm_memory_t *own_memory = wasm_memory_new(store, type);
    wasm_memorytype_delete(type);
    CHECK(own_memory != NULL);
    CHECK(wasm_memory_size(own_memory) == 5);
    CHECK(!wasm_memory_grow(own_memory, 1));
    CHECK(wasm_memory_grow(own_memory, 0));
    wasm_memory_data(own_memory)[5 * MEMORY_PAGE_SIZE - 1] = 9;
    wasm_memory_delete(own_memory);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("ok\n");
    return 0;
}
