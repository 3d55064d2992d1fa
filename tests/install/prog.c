/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* prog.c — the "program outside the tree" of the install test: it is copied
 * to a temporary directory and built only against an installed wasmcell
 * (pkg-config or find_package). It runs a WASI command with a preopen, then
 * initializes a reactor and calls its export.
 *
 * usage: prog COMMAND.wasm HOST_DIR REACTOR.wasm
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    fprintf(stderr, "prog: %s: %s\n", what, error ? wasmcell_error_message(error) : "failed");
    wasmcell_error_delete(error);
    return 1;
}

/* Loads `path` and instantiates it against a fresh WASI object. */
static int load(wasmcell_engine_t *engine, const char *path, const wasmcell_wasi_options_t *options,
                wasmcell_wasi_t **wasi, wasmcell_linker_t **linker, wasmcell_module_t **module,
                wasmcell_instance_t **instance)
{
    wasmcell_error_t *error = NULL;
    size_t size;
    uint8_t *bytes = read_file(path, &size);
    if (!bytes)
        return fail(path, NULL);
    wasmcell_status_t status = wasmcell_module_new(engine, bytes, size, module, &error);
    free(bytes);
    if (status != WASMCELL_OK)
        return fail(path, error);
    *wasi = wasmcell_wasi_new(options, &error);
    if (!*wasi)
        return fail("wasmcell_wasi_new", error);
    *linker = wasmcell_linker_new(engine);
    if (!*linker || wasmcell_wasi_define_imports(*wasi, *linker) != WASMCELL_OK)
        return fail("wasmcell_wasi_define_imports", NULL);
    if (wasmcell_linker_instantiate(*linker, *module, instance, &error) != WASMCELL_OK)
        return fail("wasmcell_linker_instantiate", error);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: prog COMMAND.wasm HOST_DIR REACTOR.wasm\n");
        return 2;
    }
    printf("wasmcell %s\n", WASMCELL_VERSION);
    fflush(stdout);
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    if (!engine)
        return fail("wasmcell_engine_new", NULL);
    wasmcell_error_t *error = NULL;

    /* A command with a read-only preopen. */
    wasmcell_wasi_preopen_t preopen = {.guest_path = "/data", .host_path = argv[2],
                                       .readonly = true};
    wasmcell_wasi_options_t options;
    wasmcell_wasi_options_init(&options);
    options.version = "preview1";
    options.npreopens = 1;
    options.preopens = &preopen;
    wasmcell_wasi_t *wasi;
    wasmcell_linker_t *linker;
    wasmcell_module_t *module;
    wasmcell_instance_t *instance;
    if (load(engine, argv[1], &options, &wasi, &linker, &module, &instance))
        return 1;
    int32_t code = -1;
    if (wasmcell_wasi_start(wasi, instance, &code, &error) != WASMCELL_OK)
        return fail("wasmcell_wasi_start", error);
    printf("command exit code %d\n", (int)code);
    fflush(stdout); /* the guest writes to fd 1 directly, not through stdio */
    wasmcell_instance_delete(instance);
    wasmcell_linker_delete(linker);
    wasmcell_wasi_delete(wasi);
    wasmcell_module_delete(module);

    /* A reactor: initialize, then call an export. */
    wasmcell_wasi_options_init(&options);
    options.version = "preview1";
    if (load(engine, argv[3], &options, &wasi, &linker, &module, &instance))
        return 1;
    if (wasmcell_wasi_initialize(wasi, instance, &error) != WASMCELL_OK)
        return fail("wasmcell_wasi_initialize", error);
    fflush(stdout);
    wasmcell_func_t *next = wasmcell_instance_func(instance, "next");
    wasmcell_val_t arg = {.type = WASMCELL_I32, .of.i32 = 7}, result;
    for (int i = 0; i < 2; i++) {
        if (!next || wasmcell_func_call(next, &arg, 1, &result, 1, &error) != WASMCELL_OK)
            return fail("next", error);
        printf("next(7) = %d\n", (int)result.of.i32);
    }
    wasmcell_instance_delete(instance);
    wasmcell_linker_delete(linker);
    wasmcell_wasi_delete(wasi);
    wasmcell_module_delete(module);
    wasmcell_engine_delete(engine);
    return 0;
}
