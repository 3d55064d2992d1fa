/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* start — instantiation fails when the start function traps: no instance,
 * and the trap (message, frames) is handed back; a missing import fails
 * too, with its own message. */
#include "check.h"

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "start.wasm");

    wasm_extern_vec_t imports = WASM_EMPTY_VEC;
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    CHECK(instance == NULL);
    CHECK(trap != NULL);
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    printf("start trapped: %s\n", message.data);
    CHECK(strstr(message.data, "unreachable") != NULL);
    wasm_name_delete(&message);
    wasm_frame_t *origin = wasm_trap_origin(trap);
    CHECK(origin != NULL && wasm_frame_func_index(origin) == 0);
    wasm_frame_delete(origin);
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    CHECK(trace.size == 1);
    wasm_frame_vec_delete(&trace);
    wasm_trap_delete(trap);

    /* without a trap out-parameter, failure is just NULL */
    CHECK(wasm_instance_new(store, module, &imports, NULL) == NULL);
    wasm_module_delete(module);

    /* a malformed binary is no module */
    wasm_byte_vec_t junk;
    wasm_byte_vec_new(&junk, 4, "\0as");
    CHECK(!wasm_module_validate(store, &junk));
    CHECK(wasm_module_new(store, &junk) == NULL);
    wasm_byte_vec_delete(&junk);

    wasm_store_delete(store);
    wasm_engine_delete(engine);
    printf("ok\n");
    return 0;
}
