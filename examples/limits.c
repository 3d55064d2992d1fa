/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* limits.c — keeping a guest in bounds: a memory limit (wasmcell_config_t),
 * an instruction budget (fuel) and an interrupt from another thread.
 *
 * usage: limits GUEST.wasm    (the guest: examples/wasm/limits.wat)
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <wasmcell.h>

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

/* The watchdog: after 50 ms, interrupts the instance once. An interrupt is
 * never lost (one made before the call starts traps the call), and the
 * trap takes it, so later calls run normally. (Without a thread:
 * wasmcell_instance_set_deadline.) */
struct watchdog {
    wasmcell_instance_t *instance;
    atomic_bool done;
};

static void sleep_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void *watchdog_main(void *arg)
{
    struct watchdog *dog = arg;
    sleep_ms(50);
    if (!atomic_load(&dog->done)) wasmcell_instance_interrupt(dog->instance);
    return NULL;
}

static const char *trap_kind_name(const wasmcell_error_t *error)
{
    switch (wasmcell_error_trap_kind(error)) {
    case WASMCELL_TRAP_OUT_OF_FUEL: return "out of fuel";
    case WASMCELL_TRAP_INTERRUPTED: return "interrupted";
    default: return "another trap";
    }
}

static int32_t grow(wasmcell_func_t *func, int32_t pages)
{
    wasmcell_val_t arg = {.type = WASMCELL_I32, .of.i32 = pages}, result;
    if (wasmcell_func_call(func, &arg, 1, &result, 1, NULL) != WASMCELL_OK)
        return -2;
    return result.of.i32;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: limits GUEST.wasm\n");
        return 2;
    }
    size_t size;
    uint8_t *bytes = read_file(argv[1], &size);
    if (!bytes) {
        perror(argv[1]);
        return 1;
    }

    /* Engine-wide limits: each linear memory may hold at most 4 pages
     * (256 KiB); memory.grow beyond that returns -1. */
    wasmcell_config_t config;
    wasmcell_config_init(&config);
    config.max_memory_bytes = 4 * 65536;
    wasmcell_engine_t *engine = wasmcell_engine_new(&config);
    wasmcell_error_t *error = NULL;
    wasmcell_module_t *module = NULL;
    if (!engine || wasmcell_module_new(engine, bytes, size, &module, &error) != WASMCELL_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], error ? wasmcell_error_message(error) : "no memory");
        return 1;
    }
    free(bytes);
    wasmcell_linker_t *linker = wasmcell_linker_new(engine);
    wasmcell_instance_t *instance = NULL;
    if (!linker || wasmcell_linker_instantiate(linker, module, &instance, &error) != WASMCELL_OK) {
        fprintf(stderr, "instantiate: %s\n", error ? wasmcell_error_message(error) : "no memory");
        return 1;
    }

    /* 1. Memory: 1 page to start with, 4 at most. */
    wasmcell_func_t *grow_func = wasmcell_instance_func(instance, "grow");
    printf("grow(2) = %d\n", (int)grow(grow_func, 2));   /* 1: the old size */
    printf("grow(10) = %d\n", (int)grow(grow_func, 10)); /* -1: over the limit */
    uint64_t mem_size = 0;
    wasmcell_memory_data(wasmcell_instance_memory(instance, "memory"), &mem_size);
    printf("memory: %" PRIu64 " bytes\n", mem_size);

    /* 2. Fuel: spin() loops forever; 100000 instructions stop it. */
    wasmcell_func_t *spin = wasmcell_instance_func(instance, "spin");
    wasmcell_instance_set_fuel(instance, 100000);
    if (wasmcell_func_call(spin, NULL, 0, NULL, 0, &error) == WASMCELL_ERR_TRAP) {
        printf("spin with fuel: %s (%s), fuel left %" PRIu64 "\n", trap_kind_name(error),
               wasmcell_error_message(error), wasmcell_instance_fuel(instance));
        wasmcell_error_delete(error);
    }

    /* 3. Interrupt: unlimited fuel again; another thread stops the guest. */
    wasmcell_instance_set_fuel(instance, UINT64_MAX);
    struct watchdog dog = {.instance = instance};
    atomic_init(&dog.done, false);
    pthread_t thread;
    if (pthread_create(&thread, NULL, watchdog_main, &dog) != 0) {
        fprintf(stderr, "pthread_create failed\n");
        return 1;
    }
    wasmcell_status_t status = wasmcell_func_call(spin, NULL, 0, NULL, 0, &error);
    atomic_store(&dog.done, true);
    pthread_join(thread, NULL);
    if (status == WASMCELL_ERR_TRAP) {
        printf("spin with a watchdog: %s (%s)\n", trap_kind_name(error),
               wasmcell_error_message(error));
        wasmcell_error_delete(error);
    }

    /* The instance stays usable after a trap. */
    printf("grow(1) = %d\n", (int)grow(grow_func, 1));

    wasmcell_instance_delete(instance);
    wasmcell_linker_delete(linker);
    wasmcell_module_delete(module);
    wasmcell_engine_delete(engine);
    return 0;
}
