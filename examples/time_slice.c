/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* time_slice.c — a round-robin scheduler: three guests share one thread,
 * each running in slices of fuel. A resumable call (wasmcell_call_new)
 * suspends when its slice is used up and continues where it stopped at
 * the next resume, with the result an uninterrupted call would give.
 *
 * usage: time_slice GUEST.wasm    (the guest: examples/wasm/time_slice.wat)
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <wasmcell.h>

#define NTASKS 3
#define SLICE 5000 /* fuel per turn */

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

struct task {
    wasmcell_instance_t *instance;
    wasmcell_call_t *call;
    int32_t n;
    unsigned turns;
    bool done;
};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s GUEST.wasm\n", argv[0]);
        return 2;
    }
    size_t size;
    uint8_t *bytes = read_file(argv[1], &size);
    if (!bytes) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 1;
    }
    /* native code counts fuel only when compiled for it */
    wasmcell_config_t config;
    wasmcell_config_init(&config);
    config.fuel_metering = 1;
    wasmcell_engine_t *engine = wasmcell_engine_new(&config);
    wasmcell_module_t *module = NULL;
    wasmcell_error_t *error = NULL;
    if (!engine || wasmcell_module_new(engine, bytes, size, &module, &error) != WASMCELL_OK) {
        fprintf(stderr, "module: %s\n", wasmcell_error_message(error));
        return 1;
    }
    free(bytes);
    wasmcell_linker_t *linker = wasmcell_linker_new(engine);

    /* one instance per task: fuel belongs to an instance */
    struct task tasks[NTASKS] = {{.n = 30000}, {.n = 1000}, {.n = 100000}};
    for (int t = 0; t < NTASKS; t++) {
        if (wasmcell_linker_instantiate(linker, module, &tasks[t].instance, &error) != WASMCELL_OK)
            return 1;
        wasmcell_func_t *sum = wasmcell_instance_func(tasks[t].instance, "sum_squares");
        wasmcell_val_t arg = {.type = WASMCELL_I32, .of.i32 = tasks[t].n};
        if (wasmcell_call_new(sum, &arg, 1, &tasks[t].call, &error) != WASMCELL_OK)
            return 1;
    }

    int running = NTASKS;
    while (running > 0) {
        for (int t = 0; t < NTASKS; t++) {
            struct task *task = &tasks[t];
            if (task->done)
                continue;
            wasmcell_instance_set_fuel(task->instance, SLICE);
            wasmcell_val_t result;
            wasmcell_status_t status = wasmcell_call_resume(task->call, &result, 1, &error);
            task->turns++;
            if (status == WASMCELL_SUSPENDED)
                continue; /* its slice is used up: next task */
            if (status == WASMCELL_OK)
                printf("task %d: sum_squares(%" PRId32 ") = %" PRId64 "%s\n", t, task->n,
                       result.of.i64, task->turns > 1 ? " (over several turns)" : "");
            else
                printf("task %d: %s\n", t, wasmcell_error_message(error));
            wasmcell_error_delete(error);
            error = NULL;
            task->done = true;
            running--;
        }
    }

    for (int t = 0; t < NTASKS; t++) {
        wasmcell_call_delete(tasks[t].call);
        wasmcell_instance_delete(tasks[t].instance);
    }
    wasmcell_linker_delete(linker);
    wasmcell_module_delete(module);
    wasmcell_engine_delete(engine);
    return 0;
}
