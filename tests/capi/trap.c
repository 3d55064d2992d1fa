/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* trap — traps from a host function (its message reaches the caller) and
 * from wasm code (the spec's message, an origin frame and a trace). */
#include "check.h"

static int callbacks;

static wasm_trap_t *fail_callback(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    callbacks++;
    wasm_name_t message;
    wasm_name_new_from_string_nt(&message, "callback abort");
    wasm_trap_t *trap = wasm_trap_new((wasm_store_t *)env, &message);
    wasm_name_delete(&message);
    return trap;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "trap.wasm");

    wasm_functype_t *fail_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *fail_func = wasm_func_new_with_env(store, fail_type, fail_callback, store, NULL);
    wasm_functype_delete(fail_type);
    wasm_extern_t *externs[] = {wasm_func_as_extern(fail_func)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance != NULL);
    wasm_func_delete(fail_func);

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 2);
    wasm_module_delete(module);
    wasm_instance_delete(instance);

    for (int i = 0; i < 2; i++) {
        const wasm_func_t *func = wasm_extern_as_func(exports.data[i]);
        CHECK(func != NULL);
        /* results left empty: the call traps before any result is stored */
        wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_EMPTY_VEC;
        wasm_trap_t *trap = wasm_func_call(func, &args, &results);
        CHECK(trap != NULL);

        wasm_message_t message;
        wasm_trap_message(trap, &message);
        printf("trap %d: %s\n", i, message.data);
        CHECK(strstr(message.data, i == 0 ? "callback abort" : "unreachable") != NULL);
        wasm_name_delete(&message);

        wasm_frame_t *origin = wasm_trap_origin(trap);
        wasm_frame_vec_t trace;
        wasm_trap_trace(trap, &trace);
        if (i == 0 && trace.size == 0) {
            /* native code records no frames for a host function's trap
             * (docs/API.md): then there is no origin either */
            CHECK(origin == NULL);
            wasm_trap_delete(trap);
            continue;
        }
        CHECK(origin != NULL && trace.size >= 1);
        /* the function the trap came from: the export itself (func 1 or 2;
         * func 0 is the import, where the host trap began) */
        uint32_t innermost = wasm_frame_func_index(origin);
        printf("  origin func %u, module offset 0x%zx, %zu frame(s)\n", innermost,
               wasm_frame_module_offset(origin), trace.size);
        CHECK(innermost == wasm_frame_func_index(trace.data[0]));
        CHECK(wasm_frame_module_offset(origin) == wasm_frame_module_offset(trace.data[0]));
        CHECK(innermost == (uint32_t)(i + 1) || (i == 0 && innermost == 0));
        CHECK(wasm_frame_instance(origin) != NULL);
        wasm_frame_delete(origin);
        wasm_frame_vec_delete(&trace);
        wasm_trap_delete(trap);
    }
    CHECK(callbacks == 1);

    /* a trap the host makes carries its message, with or without the NUL */
    wasm_name_t m;
    wasm_name_new_from_string(&m, "plain");
    wasm_trap_t *t = wasm_trap_new(store, &m);
    wasm_name_delete(&m);
    CHECK(strcmp(trap_text(t), "plain") == 0);

    wasm_extern_vec_delete(&exports);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("ok\n");
    return 0;
}
