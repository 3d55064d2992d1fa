/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* exceptions.c — wasm exceptions seen from the host: a host function
 * throws an exception of a host-made tag; wasm catches it in one export,
 * and in the other it reaches the host, which reads its tag and payload.
 *
 * usage: exceptions GUEST.wasm    (the guest: examples/wasm/exceptions.wat)
 */
#include <stdio.h>

#include <wasmcell.h>

static wasmcell_error_t *fail_with_code(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    (void)caller;
    wasmcell_val_t code = {.type = WASMCELL_I32, .of.i32 = (int32_t)slots[0]};
    return wasmcell_exception_new((wasmcell_tag_t *)env, &code, 1, NULL);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: exceptions GUEST.wasm\n");
        return 2;
    }
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_linker_t *linker = wasmcell_linker_new(engine);
    wasmcell_module_t *module = NULL;
    wasmcell_instance_t *instance = NULL;
    wasmcell_error_t *error = NULL;
    int rc = 1;

    /* host tag "env" "error" (param i32), a host function that throws it */
    wasmcell_tag_t *tag = wasmcell_tag_new(engine, "i", NULL);
    wasmcell_linker_define_extern(linker, "env", "error",
                                  (wasmcell_extern_t){.kind = WASMCELL_EXTERN_TAG, .of.tag = tag});
    wasmcell_linker_define_func(linker, "env", "fail", "i:", fail_with_code, tag);
    if (wasmcell_module_new_from_file(engine, argv[1], &module, &error) != WASMCELL_OK ||
        wasmcell_linker_instantiate(linker, module, &instance, &error) != WASMCELL_OK) {
        fprintf(stderr, "%s\n", wasmcell_error_message(error));
        goto done;
    }

    wasmcell_val_t result;
    if (wasmcell_func_call(wasmcell_instance_func(instance, "safe_run"), NULL, 0, &result, 1, &error) ==
        WASMCELL_OK)
        printf("safe_run caught the exception, code %d\n", result.of.i32);

    wasmcell_func_t *run = wasmcell_instance_func(instance, "run");
    if (wasmcell_func_call(run, NULL, 0, NULL, 0, &error) == WASMCELL_ERR_EXCEPTION &&
        wasmcell_error_exception_tag(error) == tag) {
        wasmcell_val_t code;
        wasmcell_error_exception_value(error, 0, &code);
        printf("guest failed with code %d\n", code.of.i32);
        printf("%s\n%s", wasmcell_error_message(error), wasmcell_error_backtrace(error));
        rc = 0;
    }
done:
    wasmcell_error_delete(error);
    wasmcell_instance_delete(instance);
    wasmcell_module_delete(module);
    wasmcell_linker_delete(linker);
    wasmcell_engine_delete(engine);
    return rc;
}
