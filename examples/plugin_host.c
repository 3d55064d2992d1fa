/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* plugin_host.c — what a plugin host needs beyond calling exports: the
 * plugin's import types, host-created functions (with a finalizer for
 * their env) and globals, per-instance data, calling the function pointers
 * of an exported table, and a trap's backtrace frame by frame.
 *
 * usage: plugin_host PLUGIN.wasm    (the plugin: examples/wasm/plugin_host.wat)
 */
#include <stdio.h>
#include <stdlib.h>

#include <wasmcell.h>

struct plugin_state {
    const char *name;
    int logged;
};

/* host.log(x: i32) — reaches the plugin's state through its instance. */
static wasmcell_error_t *host_log(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    struct plugin_state *state = wasmcell_instance_data(wasmcell_caller_instance(caller));
    const char *prefix = env;
    state->logged++;
    printf("%s[%s] log %d\n", prefix, state->name, (int)(int32_t)slots[0]);
    return NULL;
}

static void free_prefix(void *env)
{
    printf("log's env finalized\n");
    free(env);
}

static int fail(const char *what, wasmcell_error_t *error)
{
    fprintf(stderr, "%s: %s\n", what, error ? wasmcell_error_message(error) : "failed");
    wasmcell_error_delete(error);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PLUGIN.wasm\n", argv[0]);
        return 2;
    }
    wasmcell_error_t *error = NULL;
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_module_t *module = NULL;
    if (!engine || wasmcell_module_new_from_file(engine, argv[1], &module, &error) != WASMCELL_OK)
        return fail(argv[1], error);

    /* What does the plugin import? Types come with the names. */
    for (size_t i = 0; i < wasmcell_module_import_count(module); i++) {
        wasmcell_import_desc_t imp;
        wasmcell_externtype_t type;
        wasmcell_module_import(module, i, &imp);
        wasmcell_module_import_type(module, i, &type);
        if (type.kind == WASMCELL_EXTERN_FUNC)
            printf("import %s.%s: function \"%s\"\n", imp.module, imp.name, type.of.func.signature);
        else if (type.kind == WASMCELL_EXTERN_GLOBAL)
            printf("import %s.%s: global, %s\n", imp.module, imp.name,
                   type.of.global.mutable_ ? "mutable" : "immutable");
    }

    /* Host-created objects, defined like any other import. The function's
     * env is freed by its finalizer when the last user is gone. */
    char *prefix = malloc(8);
    if (!prefix)
        return fail("malloc", NULL);
    snprintf(prefix, 8, "host ");
    wasmcell_func_t *log = wasmcell_func_new(engine, "i:", host_log, prefix, free_prefix);
    wasmcell_val_t three = {.type = WASMCELL_I32, .of.i32 = 3};
    wasmcell_global_t *scale = wasmcell_global_new(engine, &three, 0, &error);
    wasmcell_linker_t *linker = wasmcell_linker_new(engine);
    if (!log || !scale || !linker ||
        wasmcell_linker_define_extern(linker, "host", "log",
                                      (wasmcell_extern_t){.kind = WASMCELL_EXTERN_FUNC, .of.func = log}) ||
        wasmcell_linker_define_extern(linker, "host", "scale",
                                      (wasmcell_extern_t){.kind = WASMCELL_EXTERN_GLOBAL, .of.global = scale}))
        return fail("host objects", error);
    wasmcell_func_delete(log);      /* the linker keeps what it needs */
    wasmcell_global_delete(scale);

    wasmcell_instance_t *instance = NULL;
    if (wasmcell_linker_instantiate(linker, module, &instance, &error) != WASMCELL_OK)
        return fail("instantiate", error);
    struct plugin_state state = {.name = "demo", .logged = 0};
    wasmcell_instance_set_data(instance, &state, NULL);

    /* Call every function pointer of the exported table. */
    wasmcell_table_t *callbacks = wasmcell_instance_table(instance, "callbacks");
    for (uint64_t i = 0; callbacks && i < wasmcell_table_size(callbacks); i++) {
        wasmcell_val_t fn, arg = {.type = WASMCELL_I32, .of.i32 = 7}, result;
        if (wasmcell_table_get(callbacks, i, &fn) != WASMCELL_OK || !fn.of.funcref)
            continue;
        if (wasmcell_func_call(fn.of.funcref, &arg, 1, &result, 1, &error) == WASMCELL_OK) {
            printf("callbacks[%d](7) = %d\n", (int)i, (int)result.of.i32);
            continue;
        }
        /* A trap: its backtrace frame by frame, innermost first (native
         * code may have inlined inner calls); the last frame is the
         * function the host called. */
        wasmcell_frame_t frame = {0};
        for (size_t k = 0; k < wasmcell_error_frame_count(error); k++)
            wasmcell_error_frame(error, k, &frame);
        printf("callbacks[%d](7): %s, called function %u (%s)\n", (int)i,
               wasmcell_error_message(error), (unsigned)frame.func_idx,
               frame.func_name ? frame.func_name : "?");
        wasmcell_error_delete(error);
        error = NULL;
    }
    printf("%d log call(s)\n", state.logged);

    wasmcell_instance_delete(instance);
    wasmcell_linker_delete(linker);  /* the last user of log: its finalizer runs */
    wasmcell_module_delete(module);
    wasmcell_engine_delete(engine);
    return 0;
}
