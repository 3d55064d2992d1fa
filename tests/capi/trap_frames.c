/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* trap_frames — what a trap says about where it happened: the spec's
 * message, the origin frame, the trace innermost first with the function
 * indices of the calls, distinct function offsets, the instance; and a
 * host function's trap keeping its message through wasm. */
#include "check.h"

static wasm_trap_t *fail(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    wasm_message_t m;
    wasm_name_new_from_string_nt(&m, "host says no");
    wasm_trap_t *t = wasm_trap_new(env, &m);
    wasm_name_delete(&m);
    return t;
}

static wasm_trap_t *call(const wasm_func_t *f) {
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_EMPTY_VEC, results = {wasm_func_result_arity(f), rs};
    return wasm_func_call(f, &args, &results);
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "trap_frames.wasm");
    wasm_functype_t *type = wasm_functype_new_0_0();
    wasm_func_t *fail_func = wasm_func_new_with_env(store, type, fail, store, NULL);
    wasm_functype_delete(type);
    wasm_extern_t *externs[] = {wasm_func_as_extern(fail_func)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance != NULL);
    wasm_func_delete(fail_func);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 2);

    /* outer (func 3) -> middle (2) -> inner (1): integer divide by zero */
    wasm_trap_t *trap = call(wasm_extern_as_func(exports.data[0]));
    CHECK(trap != NULL);
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    printf("outer: %s\n", message.data);
    CHECK(strstr(message.data, "integer divide by zero") != NULL);
    wasm_name_delete(&message);
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    CHECK(trace.size >= 1);
    for (size_t i = 0; i < trace.size; i++)
        printf("  #%zu func %u at 0x%zx (+0x%zx) instance %s\n", i,
               wasm_frame_func_index(trace.data[i]), wasm_frame_module_offset(trace.data[i]),
               wasm_frame_func_offset(trace.data[i]),
               wasm_frame_instance(trace.data[i]) == instance ? "ok" : "other");
    /* native code may inline a callee into its caller: one frame for both,
     * so check the order of the frames there are */
    uint32_t expect[] = {1, 2, 3};
    size_t k = 0;
    for (size_t i = 0; i < trace.size; i++) {
        uint32_t f = wasm_frame_func_index(trace.data[i]);
        while (k < 3 && expect[k] != f) k++;
        CHECK(k < 3); /* each frame is one of the calls, innermost first */
        CHECK(wasm_frame_instance(trace.data[i]) == instance);
        CHECK(wasm_frame_module_offset(trace.data[i]) > 0);
        if (i > 0)
            CHECK(wasm_frame_module_offset(trace.data[i]) != wasm_frame_module_offset(trace.data[i - 1]));
    }
    CHECK(wasm_frame_func_index(trace.data[trace.size - 1]) == 3);
    /* the innermost frame points at the i32.div_s, past $inner's first
     * instruction, in both tiers (native code's explicit traps are exact) */
    CHECK(wasm_frame_func_offset(trace.data[0]) > 0);
    wasm_frame_t *origin = wasm_trap_origin(trap);
    CHECK(origin && wasm_frame_func_index(origin) == wasm_frame_func_index(trace.data[0]));
    wasm_frame_t *copy = wasm_frame_copy(origin);
    CHECK(wasm_frame_module_offset(copy) == wasm_frame_module_offset(origin));
    wasm_frame_delete(origin);
    wasm_frame_delete(copy);
    wasm_frame_vec_delete(&trace);
    /* traps are references with host info */
    wasm_trap_set_host_info(trap, &exports);
    CHECK(wasm_trap_get_host_info(trap) == &exports);
    CHECK(wasm_ref_as_trap(wasm_trap_as_ref(trap)) == trap);
    wasm_trap_delete(trap);

    /* host (5) -> via (4) -> fail (0, the import) */
    trap = call(wasm_extern_as_func(exports.data[1]));
    CHECK(trap != NULL);
    wasm_trap_message(trap, &message);
    printf("host: %s\n", message.data);
    CHECK(strstr(message.data, "host says no") != NULL);
    wasm_name_delete(&message);
    wasm_trap_trace(trap, &trace);
    /* native code records no frames for a host function's trap */
    if (trace.size) CHECK(wasm_frame_func_index(trace.data[trace.size - 1]) == 5);
    else CHECK(wasm_trap_origin(trap) == NULL);
    wasm_frame_vec_delete(&trace);
    wasm_trap_delete(trap);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("ok\n");
    return 0;
}
