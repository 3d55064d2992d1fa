/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* embed_hello.c — run a WASI command the way node:wasi does:
 *
 *   const wasi = new WASI({version: 'preview1', args, env, preopens});
 *   const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
 *   const code = wasi.start(instance);
 *
 * usage: embed_hello GUEST.wasm HOST_DIR
 * HOST_DIR is preopened (read only) as the guest's "/data", guest fd 3.
 */
#include <stdio.h>
#include <stdlib.h>

#include <wasmcell.h>
#include <wasmcell_wasi.h>

/* Reads a whole file; returns NULL on failure. */
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

/* Prints the error and deletes it; returns 1 (the program's exit status). */
static int fail(const char *what, wasmcell_error_t *error)
{
    fprintf(stderr, "embed_hello: %s: %s\n", what,
            error ? wasmcell_error_message(error) : "out of memory");
    wasmcell_error_delete(error);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: embed_hello GUEST.wasm HOST_DIR\n");
        return 2;
    }
    size_t size;
    uint8_t *bytes = read_file(argv[1], &size);
    if (!bytes) {
        perror(argv[1]);
        return 1;
    }

    /* 1. An engine (default limits) and a module: decoded and validated. */
    wasmcell_error_t *error = NULL;
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_module_t *module = NULL;
    if (!engine)
        return fail("engine", NULL);
    if (wasmcell_module_new(engine, bytes, size, &module, &error) != WASMCELL_OK)
        return fail(argv[1], error);
    free(bytes); /* the module keeps what it needs */

    /* 2. new WASI({...}): options start from node:wasi's defaults. */
    const char *guest_argv[] = {"hello_files", "--verbose"};
    const char *guest_env[] = {"GREETING=hi"};
    wasmcell_wasi_preopen_t preopens[] = {
        {.guest_path = "/data", .host_path = argv[2], .readonly = true},
    };
    wasmcell_wasi_options_t options;
    wasmcell_wasi_options_init(&options);
    options.version = "preview1";
    options.argc = 2;
    options.argv = guest_argv;
    options.envc = 1;
    options.env = guest_env;
    options.npreopens = 1;
    options.preopens = preopens;
    wasmcell_wasi_t *wasi = wasmcell_wasi_new(&options, &error);
    if (!wasi)
        return fail("wasi", error);

    /* 3. getImportObject() + instantiate. */
    wasmcell_linker_t *linker = wasmcell_linker_new(engine);
    wasmcell_instance_t *instance = NULL;
    if (!linker)
        return fail("linker", NULL);
    if (wasmcell_wasi_define_imports(wasi, linker) != WASMCELL_OK)
        return fail("define imports", NULL);
    if (wasmcell_linker_instantiate(linker, module, &instance, &error) != WASMCELL_OK)
        return fail("instantiate", error);

    /* 4. start(instance): runs _start; proc_exit(n) returns n here. */
    int32_t exit_code = 0;
    wasmcell_status_t status = wasmcell_wasi_start(wasi, instance, &exit_code, &error);
    fflush(stdout);
    if (status != WASMCELL_OK) {
        /* A trap: the message and a backtrace with the guest's functions. */
        fprintf(stderr, "trap: %s\n%s", wasmcell_error_message(error),
                wasmcell_error_backtrace(error));
        wasmcell_error_delete(error);
        exit_code = 134;
    } else {
        printf("exit code: %d\n", (int)exit_code);
    }

    /* 5. Tear down: instances before the wasi object they are linked to. */
    wasmcell_instance_delete(instance);
    wasmcell_linker_delete(linker);
    wasmcell_wasi_delete(wasi);
    wasmcell_module_delete(module);
    wasmcell_engine_delete(engine);
    return exit_code;
}
