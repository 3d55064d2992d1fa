/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* reactor.c — a WASI reactor: a module that exports `_initialize` instead of
 * `_start` and is then used as a library. As in node:wasi:
 *
 *   wasi.initialize(instance);
 *   instance.exports.next(5);
 *
 * usage: reactor GUEST.wasm    (the guest: examples/wasm/reactor.wat)
 */
#include <stdio.h>
#include <stdlib.h>

#include <wasmcell.h>
#include <wasmcell_wasi.h>

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *bytes = NULL;
    size_t cap = 0, len = 0, n;
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            uint8_t *grown = realloc(bytes, cap);
            if (!grown) {
                free(bytes);
                fclose(f);
                return NULL;
            }
            bytes = grown;
        }
        n = fread(bytes + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    *size = len;
    return bytes;
}

static int fail(const char *what, wasmcell_error_t *error)
{
    fprintf(stderr, "reactor: %s: %s\n", what,
            error ? wasmcell_error_message(error) : "out of memory");
    wasmcell_error_delete(error);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: reactor GUEST.wasm\n");
        return 2;
    }
    size_t size;
    uint8_t *bytes = read_file(argv[1], &size);
    if (!bytes) {
        perror(argv[1]);
        return 1;
    }
    wasmcell_error_t *error = NULL;
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_module_t *module = NULL;
    if (!engine)
        return fail("engine", NULL);
    if (wasmcell_module_new(engine, bytes, size, &module, &error) != WASMCELL_OK)
        return fail(argv[1], error);
    free(bytes);

    wasmcell_wasi_options_t options;
    wasmcell_wasi_options_init(&options);
    options.version = "preview1";
    wasmcell_wasi_t *wasi = wasmcell_wasi_new(&options, &error);
    if (!wasi)
        return fail("wasi", error);
    wasmcell_linker_t *linker = wasmcell_linker_new(engine);
    wasmcell_instance_t *instance = NULL;
    if (!linker || wasmcell_wasi_define_imports(wasi, linker) != WASMCELL_OK)
        return fail("linker", NULL);
    if (wasmcell_linker_instantiate(linker, module, &instance, &error) != WASMCELL_OK)
        return fail("instantiate", error);

    /* initialize(): runs _initialize once. */
    if (wasmcell_wasi_initialize(wasi, instance, &error) != WASMCELL_OK)
        return fail("initialize", error);
    fflush(stdout);

    /* Now the exports can be called, any number of times. */
    wasmcell_func_t *next = wasmcell_instance_func(instance, "next");
    if (!next || wasmcell_func_param_count(next) != 1 || wasmcell_func_result_count(next) != 1 ||
        wasmcell_func_param_type(next, 0) != WASMCELL_I32)
        return fail("export next", wasmcell_error_new(WASMCELL_ERR_NOT_FOUND, "missing or wrong type"));
    for (int32_t step = 1; step <= 3; step++) {
        wasmcell_val_t arg = {.type = WASMCELL_I32, .of.i32 = step};
        wasmcell_val_t result;
        if (wasmcell_func_call(next, &arg, 1, &result, 1, &error) != WASMCELL_OK)
            return fail("next", error);
        printf("next(%d) = %d\n", (int)step, (int)result.of.i32);
    }

    /* initialize() runs once; start() is for commands. Both are refused now. */
    if (wasmcell_wasi_initialize(wasi, instance, &error) != WASMCELL_OK) {
        printf("initialize again: %s\n", wasmcell_error_message(error));
        wasmcell_error_delete(error);
    }
    int32_t code;
    if (wasmcell_wasi_start(wasi, instance, &code, &error) != WASMCELL_OK) {
        printf("start: %s\n", wasmcell_status_name(wasmcell_error_status(error)));
        wasmcell_error_delete(error);
    }

    wasmcell_instance_delete(instance);
    wasmcell_linker_delete(linker);
    wasmcell_wasi_delete(wasi);
    wasmcell_module_delete(module);
    wasmcell_engine_delete(engine);
    return 0;
}
