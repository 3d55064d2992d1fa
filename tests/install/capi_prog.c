/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* capi_prog.c — a wasm.h program built outside the tree against the
 * installed files (install_test.sh): it adds two numbers in wasm. It also
 * defines functions named like wasmcell internals: linked statically, they
 * must not clash with the library's (which are local in libwasmcell.a). */
#include <stdio.h>
#include <wasm.h>

int bin_decode(void);
int bin_module_free(void);
int bin_decode(void) { return 1; }
int bin_module_free(void) { return 2; }

/* (module (func (export "add") (param i32 i32) (result i32)
 *   local.get 0 local.get 1 i32.add)) */
static const char add_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, /* header */
    0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, /* type (i32 i32) -> i32 */
    0x03, 0x02, 0x01, 0x00,                               /* one function of type 0 */
    0x07, 0x07, 0x01, 0x03, 'a', 'd', 'd', 0x00, 0x00,    /* export "add" */
    0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, /* code */
};

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t binary;
    wasm_byte_vec_new(&binary, sizeof add_wasm, add_wasm);
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (!module) return 1;
    wasm_instance_t *instance = wasm_instance_new(store, module, NULL, NULL);
    if (!instance) return 2;
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_val_t as[2] = {WASM_I32_VAL(40), WASM_I32_VAL(2)}, rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
    wasm_trap_t *trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &results);
    if (trap) return 3;
    printf("add(40, 2) = %d; own bin_decode %d\n", rs[0].of.i32, bin_decode() + bin_module_free());
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return 0;
}
