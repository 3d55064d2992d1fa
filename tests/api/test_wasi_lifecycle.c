/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_wasi_lifecycle.c — node:wasi's life cycle through wasmcell_wasi.h:
 * start/initialize and their refusals (no _start, a reactor, no memory,
 * both entry points, called twice), the options' checks, and instances
 * outliving their module. Each refusal is WASMCELL_ERR_MISUSE with a
 * message naming what is wrong. */
#include <stdlib.h>
#include "harness.h"
#include "modules.h"
#include "wasmcell_wasi.h"

typedef struct setup {
    wasmcell_engine_t *engine;
    wasmcell_wasi_t *wasi;
    wasmcell_linker_t *linker;
    wasmcell_module_t *module;
    wasmcell_instance_t *instance;
} setup_t;

static wasmcell_wasi_t *new_wasi(void)
{
    wasmcell_wasi_options_t opts;
    wasmcell_wasi_options_init(&opts);
    opts.version = "preview1";
    wasmcell_error_t *err = NULL;
    wasmcell_wasi_t *wasi = wasmcell_wasi_new(&opts, &err);
    CHECK(wasi != NULL);
    wasmcell_error_delete(err);
    return wasi;
}

static setup_t make(const uint8_t *bytes, size_t size)
{
    setup_t s = {0};
    s.engine = wasmcell_engine_new(NULL);
    s.wasi = new_wasi();
    s.linker = wasmcell_linker_new(s.engine);
    CHECK_STATUS(wasmcell_wasi_define_imports(s.wasi, s.linker), WASMCELL_OK);
    s.module = harness_module(s.engine, bytes, size);
    wasmcell_error_t *err = NULL;
    if (s.module)
        CHECK_STATUS(wasmcell_linker_instantiate(s.linker, s.module, &s.instance, &err), WASMCELL_OK);
    wasmcell_error_delete(err);
    return s;
}

static void drop(setup_t *s)
{
    wasmcell_instance_delete(s->instance);
    wasmcell_module_delete(s->module);
    wasmcell_linker_delete(s->linker);
    wasmcell_wasi_delete(s->wasi);
    wasmcell_engine_delete(s->engine);
}

/* Expects `st` to be a misuse whose message contains `part`. */
static void expect_misuse(wasmcell_status_t st, wasmcell_error_t *err, const char *part)
{
    CHECK_STATUS(st, WASMCELL_ERR_MISUSE);
    CHECK(err != NULL);
    if (err) CHECK_CONTAINS(wasmcell_error_message(err), part);
    wasmcell_error_delete(err);
}

static void start_runs_a_command_and_returns_its_exit_code(void)
{
    setup_t s = make(wasm_wasi_command, sizeof wasm_wasi_command);
    int32_t code = -1;
    wasmcell_error_t *err = NULL;
    CHECK_STATUS(wasmcell_wasi_start(s.wasi, s.instance, &code, &err), WASMCELL_OK);
    CHECK(code == 3);
    CHECK(err == NULL);
    drop(&s);
}

static void start_called_twice_is_refused(void)
{
    setup_t s = make(wasm_wasi_command, sizeof wasm_wasi_command);
    int32_t code = -1;
    wasmcell_error_t *err = NULL;
    CHECK_STATUS(wasmcell_wasi_start(s.wasi, s.instance, &code, &err), WASMCELL_OK);
    wasmcell_status_t st = wasmcell_wasi_start(s.wasi, s.instance, &code, &err);
    expect_misuse(st, err, "already started");
    err = NULL;
    st = wasmcell_wasi_initialize(s.wasi, s.instance, &err);
    expect_misuse(st, err, "already started");
    drop(&s);
}

static void start_on_a_reactor_is_refused(void)
{
    setup_t s = make(wasm_wasi_reactor, sizeof wasm_wasi_reactor);
    int32_t code = -1;
    wasmcell_error_t *err = NULL;
    wasmcell_status_t st = wasmcell_wasi_start(s.wasi, s.instance, &code, &err);
    expect_misuse(st, err, "_start");
    drop(&s);
}

static void initialize_runs_a_reactor_then_exports_work(void)
{
    setup_t s = make(wasm_wasi_reactor, sizeof wasm_wasi_reactor);
    wasmcell_error_t *err = NULL;
    CHECK_STATUS(wasmcell_wasi_initialize(s.wasi, s.instance, &err), WASMCELL_OK);
    wasmcell_func_t *get = wasmcell_instance_func(s.instance, "get");
    CHECK(get != NULL);
    wasmcell_val_t r = {0};
    if (get) CHECK_STATUS(wasmcell_func_call(get, NULL, 0, &r, 1, &err), WASMCELL_OK);
    CHECK(r.type == WASMCELL_I32 && r.of.i32 == 42);
    /* a second initialize is refused */
    wasmcell_status_t st = wasmcell_wasi_initialize(s.wasi, s.instance, &err);
    expect_misuse(st, err, "already started");
    drop(&s);
}

static void initialize_on_a_command_is_refused(void)
{
    setup_t s = make(wasm_wasi_command, sizeof wasm_wasi_command);
    wasmcell_error_t *err = NULL;
    wasmcell_status_t st = wasmcell_wasi_initialize(s.wasi, s.instance, &err);
    expect_misuse(st, err, "_start must not exist");
    drop(&s);
}

static void an_instance_without_memory_is_refused(void)
{
    setup_t s = make(wasm_wasi_nomem, sizeof wasm_wasi_nomem);
    int32_t code = -1;
    wasmcell_error_t *err = NULL;
    wasmcell_status_t st = wasmcell_wasi_start(s.wasi, s.instance, &code, &err);
    expect_misuse(st, err, "memory");
    drop(&s);
}

static void both_entry_points_are_refused_by_both_calls(void)
{
    setup_t s = make(wasm_wasi_both, sizeof wasm_wasi_both);
    int32_t code = -1;
    wasmcell_error_t *err = NULL;
    wasmcell_status_t st = wasmcell_wasi_start(s.wasi, s.instance, &code, &err);
    expect_misuse(st, err, "_initialize must not exist");
    drop(&s);
    s = make(wasm_wasi_both, sizeof wasm_wasi_both);
    err = NULL;
    st = wasmcell_wasi_initialize(s.wasi, s.instance, &err);
    expect_misuse(st, err, "_start must not exist");
    drop(&s);
}

static void options_are_checked(void)
{
    wasmcell_wasi_options_t opts;
    wasmcell_wasi_options_init(&opts);
    CHECK(opts.return_on_exit);
    CHECK(opts.stdin_fd == 0 && opts.stdout_fd == 1 && opts.stderr_fd == 2);
    CHECK(opts.version == NULL);
    wasmcell_error_t *err = NULL;
    CHECK(wasmcell_wasi_new(&opts, &err) == NULL); /* version is mandatory */
    CHECK(err != NULL);
    wasmcell_error_delete(err);
    err = NULL;
    opts.version = "preview2";
    CHECK(wasmcell_wasi_new(&opts, &err) == NULL);
    CHECK(err != NULL);
    wasmcell_error_delete(err);
    err = NULL;
    opts.version = "unstable";
    wasmcell_wasi_t *w = wasmcell_wasi_new(&opts, &err);
    CHECK(w != NULL);
    if (w) CHECK_CONTAINS(wasmcell_wasi_module_name(w), "wasi_unstable");
    wasmcell_wasi_delete(w);
    wasmcell_wasi_preopen_t bad = {.guest_path = "/x", .host_path = "/nonexistent/dir/for/test"};
    opts.version = "preview1";
    opts.npreopens = 1;
    opts.preopens = &bad;
    err = NULL;
    CHECK(wasmcell_wasi_new(&opts, &err) == NULL); /* a preopen must be a directory */
    CHECK(err != NULL);
    wasmcell_error_delete(err);
    CHECK(wasmcell_wasi_new(NULL, NULL) == NULL);
}

static void null_arguments_are_misuse(void)
{
    wasmcell_error_t *err = NULL;
    int32_t code;
    CHECK_STATUS(wasmcell_wasi_start(NULL, NULL, &code, &err), WASMCELL_ERR_MISUSE);
    wasmcell_error_delete(err);
    err = NULL;
    CHECK_STATUS(wasmcell_wasi_initialize(NULL, NULL, &err), WASMCELL_ERR_MISUSE);
    wasmcell_error_delete(err);
    wasmcell_wasi_delete(NULL); /* no-op */
}

static void an_instance_outlives_its_deleted_module(void)
{
    setup_t s = make(wasm_wasi_reactor, sizeof wasm_wasi_reactor);
    wasmcell_module_delete(s.module);
    s.module = NULL;
    wasmcell_error_t *err = NULL;
    CHECK_STATUS(wasmcell_wasi_initialize(s.wasi, s.instance, &err), WASMCELL_OK);
    wasmcell_func_t *get = wasmcell_instance_func(s.instance, "get");
    wasmcell_val_t r = {0};
    if (get) CHECK_STATUS(wasmcell_func_call(get, NULL, 0, &r, 1, &err), WASMCELL_OK);
    CHECK(r.of.i32 == 42);
    /* wrong argument count and types are misuse, not a crash */
    wasmcell_val_t arg = {.type = WASMCELL_F64, .of.f64 = 1.0};
    if (get) {
        CHECK_STATUS(wasmcell_func_call(get, &arg, 1, &r, 1, &err), WASMCELL_ERR_MISUSE);
        wasmcell_error_delete(err);
        err = NULL;
        CHECK_STATUS(wasmcell_func_call(get, NULL, 0, &r, 2, &err), WASMCELL_ERR_MISUSE);
        wasmcell_error_delete(err);
    }
    drop(&s);
}

int main(int argc, char **argv)
{
    static const harness_test_t tests[] = {
        TEST(start_runs_a_command_and_returns_its_exit_code),
        TEST(start_called_twice_is_refused),
        TEST(start_on_a_reactor_is_refused),
        TEST(initialize_runs_a_reactor_then_exports_work),
        TEST(initialize_on_a_command_is_refused),
        TEST(an_instance_without_memory_is_refused),
        TEST(both_entry_points_are_refused_by_both_calls),
        TEST(options_are_checked),
        TEST(null_arguments_are_misuse),
        TEST(an_instance_outlives_its_deleted_module),
    };
    return harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
