/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_native_api.c — the native tier through the public API only:
 * serialize -> deserialize round trips (in an engine of another tier too),
 * wasmcell_is_artifact, wasmcell_module_func_native, refusal of garbage and
 * damaged artifacts (WASMCELL_ERR_MALFORMED, never a crash), traps and
 * backtraces from deserialized code, and host -> wasm re-entry 10,000 deep
 * in native code: a trap ("call stack exhausted"), never a crash, whatever
 * the native stack limit and the thread's stack size. Each test can run
 * alone (ctest runs them one per process: a crash names its test). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "modules.h"
#include "wasmcell.h"

static wasmcell_engine_t *engine_for(wasmcell_tier_t tier, uint32_t native_stack)
{
    wasmcell_config_t config;
    wasmcell_config_init(&config);
    config.tier = tier;
    config.cache_dir = ""; /* never the user's cache */
    config.max_native_stack_bytes = native_stack;
    wasmcell_engine_t *engine = wasmcell_engine_new(&config);
    CHECK(engine != NULL);
    return engine;
}

static wasmcell_module_t *module_of(wasmcell_engine_t *engine, const uint8_t *bytes, size_t size)
{
    wasmcell_module_t *module = NULL;
    wasmcell_error_t *error = NULL;
    CHECK_STATUS(wasmcell_module_new(engine, bytes, size, &module, &error), WASMCELL_OK);
    if (error) {
        fprintf(stderr, "  module_new: %s\n", wasmcell_error_message(error));
        wasmcell_error_delete(error);
    }
    return module;
}

static uint8_t *serialize(wasmcell_module_t *module, size_t *size)
{
    uint8_t *bytes = NULL;
    wasmcell_error_t *error = NULL;
    *size = 0;
    CHECK_STATUS(wasmcell_module_serialize(module, &bytes, size, &error), WASMCELL_OK);
    if (error) {
        fprintf(stderr, "  serialize: %s\n", wasmcell_error_message(error));
        wasmcell_error_delete(error);
    }
    CHECK(bytes != NULL && *size > 0);
    return bytes;
}

/* Defined function `func_idx` runs native code of nonzero size. */
static void check_native(const wasmcell_module_t *module, uint32_t func_idx)
{
    size_t code_size = 0;
    CHECK(wasmcell_module_func_native(module, func_idx, &code_size) == 1);
    CHECK(code_size > 0);
}

static wasmcell_instance_t *instantiate(wasmcell_engine_t *engine, wasmcell_module_t *module)
{
    wasmcell_linker_t *linker = wasmcell_linker_new(engine);
    wasmcell_instance_t *instance = NULL;
    wasmcell_error_t *error = NULL;
    CHECK_STATUS(wasmcell_linker_instantiate(linker, module, &instance, &error), WASMCELL_OK);
    wasmcell_error_delete(error);
    wasmcell_linker_delete(linker);
    return instance;
}

static int32_t call_add(wasmcell_instance_t *instance, int32_t a, int32_t b)
{
    wasmcell_val_t args[2] = {{.type = WASMCELL_I32, .of.i32 = a}, {.type = WASMCELL_I32, .of.i32 = b}};
    wasmcell_val_t result = {0};
    wasmcell_error_t *error = NULL;
    CHECK_STATUS(wasmcell_func_call(wasmcell_instance_func(instance, "add"), args, 2, &result, 1,
                                    &error),
                 WASMCELL_OK);
    wasmcell_error_delete(error);
    return result.of.i32;
}

/* Every export of api_calc behaves, and "boom" traps with a named frame. */
static void check_calc_instance(wasmcell_instance_t *instance)
{
    CHECK(instance != NULL);
    if (!instance) return;
    CHECK(call_add(instance, 2, 40) == 42);
    CHECK(call_add(instance, INT32_MAX, 1) == INT32_MIN);

    wasmcell_val_t arg = {.type = WASMCELL_I64, .of.i64 = 100000};
    wasmcell_val_t result = {0};
    wasmcell_error_t *error = NULL;
    CHECK_STATUS(wasmcell_func_call(wasmcell_instance_func(instance, "sum"), &arg, 1, &result, 1, &error),
                 WASMCELL_OK);
    CHECK(result.of.i64 == 5000050000LL);

    arg = (wasmcell_val_t){.type = WASMCELL_I32, .of.i32 = 16};
    CHECK_STATUS(wasmcell_func_call(wasmcell_instance_func(instance, "byte"), &arg, 1, &result, 1, &error),
                 WASMCELL_OK);
    CHECK(result.of.i32 == 'n');
    arg.of.i32 = 65536;
    CHECK_STATUS(wasmcell_func_call(wasmcell_instance_func(instance, "byte"), &arg, 1, &result, 1, &error),
                 WASMCELL_ERR_TRAP);
    CHECK(wasmcell_error_trap_kind(error) == WASMCELL_TRAP_MEMORY_OOB);
    CHECK_CONTAINS(wasmcell_error_backtrace(error), "<byte>");
    wasmcell_error_delete(error);
    error = NULL;

    CHECK_STATUS(wasmcell_func_call(wasmcell_instance_func(instance, "boom"), NULL, 0, NULL, 0, &error),
                 WASMCELL_ERR_TRAP);
    CHECK(wasmcell_error_trap_kind(error) == WASMCELL_TRAP_UNREACHABLE);
    CHECK_CONTAINS(wasmcell_error_message(error), "unreachable");
    CHECK_CONTAINS(wasmcell_error_backtrace(error), "<boom>");
    wasmcell_error_delete(error);
    /* still usable after a trap */
    CHECK(call_add(instance, -5, 3) == -2);
}

/* ---- tests -------------------------------------------------------------------- */

static void round_trip(void)
{
    wasmcell_engine_t *native = engine_for(WASMCELL_TIER_NATIVE, 0);
    wasmcell_module_t *module = module_of(native, wasm_api_calc, sizeof wasm_api_calc);
    if (!module) goto out;
    for (uint32_t f = 0; f < 4; f++) check_native(module, f); /* NATIVE: compiled up front */
    size_t size;
    uint8_t *bytes = serialize(module, &size);
    CHECK(wasmcell_is_artifact(bytes, size));
    CHECK(!wasmcell_is_artifact(wasm_api_calc, sizeof wasm_api_calc));
    CHECK(!wasmcell_is_artifact(NULL, 0));

    /* loaded in an interpreter-tier engine: an artifact still runs native */
    wasmcell_engine_t *interp = engine_for(WASMCELL_TIER_INTERP, 0);
    wasmcell_module_t *loaded = NULL;
    wasmcell_error_t *error = NULL;
    CHECK_STATUS(wasmcell_module_deserialize(interp, bytes, size, &loaded, &error), WASMCELL_OK);
    if (error) fprintf(stderr, "  deserialize: %s\n", wasmcell_error_message(error));
    wasmcell_error_delete(error);
    if (loaded) {
        for (uint32_t f = 0; f < 4; f++) check_native(loaded, f);
        CHECK(wasmcell_module_export_count(loaded) == 5);
        wasmcell_instance_t *instance = instantiate(interp, loaded);
        check_calc_instance(instance);
        wasmcell_instance_delete(instance);
        /* an artifact serializes again, and that one loads too */
        size_t size2;
        uint8_t *again = serialize(loaded, &size2);
        wasmcell_module_t *loaded2 = NULL;
        CHECK_STATUS(wasmcell_module_deserialize(native, again, size2, &loaded2, NULL), WASMCELL_OK);
        if (loaded2) {
            wasmcell_instance_t *i2 = instantiate(native, loaded2);
            check_calc_instance(i2);
            wasmcell_instance_delete(i2);
        }
        wasmcell_module_delete(loaded2);
        wasmcell_string_delete((char *)again);
    }
    /* the caller's buffer may go away once deserialize returned */
    uint8_t *copy = malloc(size);
    memcpy(copy, bytes, size);
    wasmcell_module_t *from_copy = NULL;
    CHECK_STATUS(wasmcell_module_deserialize(interp, copy, size, &from_copy, NULL), WASMCELL_OK);
    memset(copy, 0xcc, size);
    free(copy);
    if (from_copy) {
        wasmcell_instance_t *instance = instantiate(interp, from_copy);
        check_calc_instance(instance);
        wasmcell_instance_delete(instance);
    }
    wasmcell_module_delete(from_copy);
    wasmcell_module_delete(loaded);
    wasmcell_engine_delete(interp);
    wasmcell_string_delete((char *)bytes);
out:
    wasmcell_module_delete(module);
    wasmcell_engine_delete(native);
}

/* serialize compiles on demand, even in an interpreter-tier engine. */
static void serialize_from_interp(void)
{
    wasmcell_engine_t *engine = engine_for(WASMCELL_TIER_INTERP, 0);
    wasmcell_module_t *module = module_of(engine, wasm_api_calc, sizeof wasm_api_calc);
    if (module) {
        CHECK(wasmcell_module_func_native(module, 0, NULL) == 0); /* INTERP: nothing native */
        size_t size;
        uint8_t *bytes = serialize(module, &size);
        wasmcell_module_t *loaded = NULL;
        CHECK_STATUS(wasmcell_module_deserialize(engine, bytes, size, &loaded, NULL), WASMCELL_OK);
        if (loaded) {
            check_native(loaded, 0);
            wasmcell_instance_t *instance = instantiate(engine, loaded);
            check_calc_instance(instance);
            wasmcell_instance_delete(instance);
        }
        wasmcell_module_delete(loaded);
        wasmcell_string_delete((char *)bytes);
    }
    wasmcell_module_delete(module);
    wasmcell_engine_delete(engine);
}

/* deserialize(bytes) must fail with `want`, a message, and no module. */
static void refused(wasmcell_engine_t *engine, const uint8_t *bytes, size_t size,
                    wasmcell_status_t want, const char *what)
{
    /* an exactly sized copy, so that ASan sees any read past the end */
    uint8_t *copy = bytes ? malloc(size ? size : 1) : NULL;
    if (copy && size) memcpy(copy, bytes, size);
    wasmcell_module_t *module = (wasmcell_module_t *)1;
    wasmcell_error_t *error = NULL;
    wasmcell_status_t got = wasmcell_module_deserialize(engine, copy, size, &module, &error);
    if (got != want) {
        fprintf(stderr, "  %s: got %s, want %s\n", what, wasmcell_status_name(got),
                wasmcell_status_name(want));
        harness_failures++;
    }
    CHECK(module == NULL);
    CHECK(error != NULL && wasmcell_error_message(error)[0] != '\0');
    if (got == WASMCELL_OK) wasmcell_module_delete(module);
    wasmcell_error_delete(error);
    free(copy);
}

static void garbage_refused(void)
{
    wasmcell_engine_t *engine = engine_for(WASMCELL_TIER_NATIVE, 0);
    static const uint8_t garbage[] = "this is not an artifact, not even close";
    refused(engine, garbage, sizeof garbage, WASMCELL_ERR_MALFORMED, "garbage");
    refused(engine, garbage, 0, WASMCELL_ERR_MALFORMED, "zero bytes");
    refused(engine, wasm_api_calc, sizeof wasm_api_calc, WASMCELL_ERR_MALFORMED, "a .wasm module");
    refused(engine, NULL, 10, WASMCELL_ERR_MISUSE, "NULL bytes");

    wasmcell_module_t *module = module_of(engine, wasm_api_calc, sizeof wasm_api_calc);
    if (module) {
        size_t size;
        uint8_t *bytes = serialize(module, &size);
        /* every truncation (a sample of them past the first 64) */
        for (size_t n = 0; n < size; n += n < 64 ? 1 : 61) {
            char what[64];
            snprintf(what, sizeof what, "truncated to %zu of %zu bytes", n, size);
            refused(engine, bytes, n, WASMCELL_ERR_MALFORMED, what);
        }
        /* one flipped byte anywhere (a sample past the first 64) */
        uint8_t *flipped = malloc(size);
        for (size_t at = 0; at < size; at += at < 64 ? 1 : 37) {
            memcpy(flipped, bytes, size);
            flipped[at] ^= 0x20;
            char what[64];
            snprintf(what, sizeof what, "byte %zu of %zu flipped", at, size);
            refused(engine, flipped, size, WASMCELL_ERR_MALFORMED, what);
        }
        free(flipped);
        /* bytes after the checksum */
        uint8_t *longer = malloc(size + 1);
        memcpy(longer, bytes, size);
        longer[size] = 0;
        refused(engine, longer, size + 1, WASMCELL_ERR_MALFORMED, "one byte appended");
        free(longer);
        wasmcell_module_t *out = NULL;
        CHECK_STATUS(wasmcell_module_deserialize(engine, bytes, size, NULL, NULL), WASMCELL_ERR_MISUSE);
        CHECK_STATUS(wasmcell_module_deserialize(NULL, bytes, size, &out, NULL), WASMCELL_ERR_MISUSE);
        CHECK(out == NULL);
        wasmcell_string_delete((char *)bytes);
    }
    wasmcell_module_delete(module);
    wasmcell_engine_delete(engine);
}

/* ---- host -> wasm re-entry ---------------------------------------------------- */

typedef struct reentry {
    wasmcell_func_t *rec;
    int max_depth_seen;
    int depth;
} reentry_t;

/* host "down"(n): returns rec(n), calling back into wasm. */
static wasmcell_error_t *host_down(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    reentry_t *r = env;
    wasmcell_val_t arg = {.type = WASMCELL_I32, .of.i32 = (int32_t)slots[0]};
    wasmcell_val_t result = {0};
    wasmcell_error_t *error = NULL;
    if (++r->depth > r->max_depth_seen) r->max_depth_seen = r->depth;
    wasmcell_status_t st = wasmcell_func_call(r->rec, &arg, 1, &result, 1, &error);
    r->depth--;
    if (st != WASMCELL_OK) return error ? error : wasmcell_trap_new("nested call failed");
    slots[0] = (uint32_t)result.of.i32;
    return NULL;
}

/* Calls rec(depth) in a fresh instance of `engine`; returns the status and
 * the trap's message in msg. */
static wasmcell_status_t reenter(wasmcell_engine_t *engine, int32_t depth, int32_t *value,
                                 char *msg, size_t msglen)
{
    msg[0] = '\0';
    wasmcell_module_t *module = module_of(engine, wasm_api_reentry, sizeof wasm_api_reentry);
    if (!module) return WASMCELL_ERR_MISUSE;
    reentry_t r = {0};
    wasmcell_linker_t *linker = wasmcell_linker_new(engine);
    CHECK_STATUS(wasmcell_linker_define_func(linker, "host", "down", "i:i", host_down, &r), WASMCELL_OK);
    wasmcell_instance_t *instance = NULL;
    wasmcell_error_t *error = NULL;
    CHECK_STATUS(wasmcell_linker_instantiate(linker, module, &instance, &error), WASMCELL_OK);
    wasmcell_status_t st = WASMCELL_ERR_MISUSE;
    if (instance) {
        r.rec = wasmcell_instance_func(instance, "rec");
        wasmcell_val_t arg = {.type = WASMCELL_I32, .of.i32 = depth};
        wasmcell_val_t result = {0};
        st = wasmcell_func_call(r.rec, &arg, 1, &result, 1, &error);
        *value = result.of.i32;
        if (error) snprintf(msg, msglen, "%s", wasmcell_error_message(error));
        wasmcell_error_delete(error);
        error = NULL;
        /* the instance still works after the trap */
        arg.of.i32 = 10;
        CHECK_STATUS(wasmcell_func_call(r.rec, &arg, 1, &result, 1, &error), WASMCELL_OK);
        CHECK(result.of.i32 == 10);
        wasmcell_error_delete(error);
    }
    CHECK(r.depth == 0);
    wasmcell_instance_delete(instance);
    wasmcell_linker_delete(linker);
    wasmcell_module_delete(module);
    return st;
}

/* A small native stack limit: 10,000 levels cannot fit, so a trap. */
static void reentry_small_native_stack(void)
{
    wasmcell_engine_t *engine = engine_for(WASMCELL_TIER_NATIVE, 256 << 10);
    int32_t value = 0;
    char msg[256];
    wasmcell_status_t st = reenter(engine, 10000, &value, msg, sizeof msg);
    CHECK_STATUS(st, WASMCELL_ERR_TRAP);
    CHECK_CONTAINS(msg, "call stack exhausted");
    wasmcell_engine_delete(engine);
    /* and 100 levels fit in 4 MiB (sanitizer builds have big C frames) */
    engine = engine_for(WASMCELL_TIER_NATIVE, 4u << 20);
    CHECK_STATUS(reenter(engine, 100, &value, msg, sizeof msg), WASMCELL_OK);
    CHECK(value == 100);
    wasmcell_engine_delete(engine);
}

/* The defaults: either it fits (and computes 10,000) or it traps. */
static void reentry_default_limits(void)
{
    wasmcell_engine_t *engine = engine_for(WASMCELL_TIER_NATIVE, 0);
    int32_t value = 0;
    char msg[256];
    wasmcell_status_t st = reenter(engine, 10000, &value, msg, sizeof msg);
    if (st == WASMCELL_OK) CHECK(value == 10000);
    else {
        CHECK_STATUS(st, WASMCELL_ERR_TRAP);
        CHECK_CONTAINS(msg, "call stack exhausted");
    }
    /* unbounded: must trap */
    CHECK_STATUS(reenter(engine, 10000000, &value, msg, sizeof msg), WASMCELL_ERR_TRAP);
    CHECK_CONTAINS(msg, "call stack exhausted");
    wasmcell_engine_delete(engine);
}

/* The default limit follows the calling thread's stack: a thread with a
 * small stack (much less than the main thread's) must trap, not crash. */
struct thread_job {
    size_t stack;
    wasmcell_status_t st;
    int32_t value;
    char msg[256];
};

static void *reentry_thread(void *arg)
{
    struct thread_job *job = arg;
    wasmcell_engine_t *engine = engine_for(WASMCELL_TIER_NATIVE, 0);
    job->st = reenter(engine, 10000, &job->value, job->msg, sizeof job->msg);
    wasmcell_engine_delete(engine);
    return NULL;
}

static void reentry_small_thread_stack(void)
{
    static const size_t stacks[] = {512u << 10, 2u << 20, 4u << 20};
    for (size_t i = 0; i < sizeof stacks / sizeof stacks[0]; i++) {
        struct thread_job job = {.stack = stacks[i]};
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, job.stack);
        pthread_t t;
        CHECK(pthread_create(&t, &attr, reentry_thread, &job) == 0);
        pthread_join(t, NULL);
        pthread_attr_destroy(&attr);
        if (job.st == WASMCELL_OK) CHECK(job.value == 10000);
        else {
            if (job.st != WASMCELL_ERR_TRAP)
                fprintf(stderr, "  thread stack %zu KiB: %s\n", job.stack >> 10,
                        wasmcell_status_name(job.st));
            CHECK_STATUS(job.st, WASMCELL_ERR_TRAP);
            CHECK_CONTAINS(job.msg, "call stack exhausted");
        }
    }
}

/* The same module and depth in the interpreter tier, for comparison. */
static void reentry_interp(void)
{
    wasmcell_engine_t *engine = engine_for(WASMCELL_TIER_INTERP, 0);
    int32_t value = 0;
    char msg[256];
    wasmcell_status_t st = reenter(engine, 10000, &value, msg, sizeof msg);
    if (st == WASMCELL_OK) CHECK(value == 10000);
    else CHECK_CONTAINS(msg, "call stack exhausted");
    CHECK_STATUS(reenter(engine, 10000000, &value, msg, sizeof msg), WASMCELL_ERR_TRAP);
    CHECK_CONTAINS(msg, "call stack exhausted");
    wasmcell_engine_delete(engine);
}

int main(int argc, char **argv)
{
    static const harness_test_t tests[] = {
        TEST(round_trip),
        TEST(serialize_from_interp),
        TEST(garbage_refused),
        TEST(reentry_small_native_stack),
        TEST(reentry_default_limits),
        TEST(reentry_small_thread_stack),
        TEST(reentry_interp),
    };
    return harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
