/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* harness.h — a minimal test harness for the public API tests: each test is
 * a function; CHECK records a failure with its line and goes on. */
#ifndef API_HARNESS_H
#define API_HARNESS_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wasmcell.h"

static int harness_failures;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "%s:%d: %s: CHECK failed: %s\n", __FILE__, __LINE__, \
                    __func__, #cond);                                            \
            harness_failures++;                                                  \
        }                                                                        \
    } while (0)

#define CHECK_STATUS(expr, want)                                                          \
    do {                                                                                  \
        wasmcell_status_t got_ = (expr);                                                  \
        if (got_ != (want)) {                                                             \
            fprintf(stderr, "%s:%d: %s: %s: got %s, expected %s\n", __FILE__, __LINE__,    \
                    __func__, #expr, wasmcell_status_name(got_), wasmcell_status_name(want)); \
            harness_failures++;                                                           \
        }                                                                                 \
    } while (0)

#define CHECK_CONTAINS(text, part)                                                    \
    do {                                                                              \
        const char *t_ = (text);                                                      \
        if (!t_ || !strstr(t_, (part))) {                                             \
            fprintf(stderr, "%s:%d: %s: \"%s\" does not contain \"%s\"\n", __FILE__,   \
                    __LINE__, __func__, t_ ? t_ : "(null)", (part));                  \
            harness_failures++;                                                       \
        }                                                                             \
    } while (0)

typedef void (*harness_test_fn)(void);
typedef struct harness_test { const char *name; harness_test_fn fn; } harness_test_t;
#define TEST(name) { #name, name }

/* Runs the tests named on the command line (all when none); returns the exit code. */
static inline int harness_run(const harness_test_t *tests, size_t n, int argc, char **argv)
{
    for (size_t i = 0; i < n; i++) {
        int selected = argc < 2;
        for (int a = 1; a < argc; a++) selected |= strcmp(argv[a], tests[i].name) == 0;
        if (!selected) continue;
        int before = harness_failures;
        tests[i].fn();
        printf("%s %s\n", harness_failures == before ? "ok  " : "FAIL", tests[i].name);
    }
    if (harness_failures) printf("%d check(s) failed\n", harness_failures);
    return harness_failures ? 1 : 0;
}

/* Compiles `bytes` or fails the test (returns NULL). */
static inline wasmcell_module_t *harness_module(wasmcell_engine_t *engine, const uint8_t *bytes,
                                         size_t size)
{
    wasmcell_module_t *m = NULL;
    wasmcell_error_t *e = NULL;
    if (wasmcell_module_new(engine, bytes, size, &m, &e) != WASMCELL_OK) {
        fprintf(stderr, "module_new failed: %s\n", wasmcell_error_message(e));
        harness_failures++;
        wasmcell_error_delete(e);
        return NULL;
    }
    return m;
}
#define MODULE(engine, arr) harness_module((engine), (arr), sizeof(arr))

/* An engine in the tier WASMCELL_TIER names (interp / native; tests
 * registered with wasmcell_tier_test run once in each), without a code
 * cache. NULL (a failure) when out of memory. */
static inline wasmcell_engine_t *harness_engine(void)
{
    wasmcell_config_t config;
    wasmcell_config_init(&config);
    const char *tier = getenv("WASMCELL_TIER");
    if (tier && strcmp(tier, "native") == 0) config.tier = WASMCELL_TIER_NATIVE;
    else if (tier && strcmp(tier, "interp") == 0) config.tier = WASMCELL_TIER_INTERP;
    config.cache_dir = "";
    wasmcell_engine_t *engine = wasmcell_engine_new(&config);
    if (!engine) {
        fprintf(stderr, "engine_new failed\n");
        harness_failures++;
    }
    return engine;
}

#endif
