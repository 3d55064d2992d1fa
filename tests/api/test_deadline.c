/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_deadline.c — interrupts and deadlines reach whatever wasm code runs
 * (issue #14), in both tiers (native code has no polls: a signal stops it):
 * a deadline stops an endless loop and the next call runs; a deadline that
 * passed before a call traps that call; an interrupt from another thread
 * stops a loop running in an instance that another instance called; an
 * interrupt made before a call is not lost. Times are bounds on "stops at
 * all" (seconds), never speed assertions. */
#include <pthread.h>
#include <stdbool.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"
#include "wasmcell_text.h"

static const char callee_wat[] =
    "(module\n"
    "  (func (export \"spin\") (result i32) (local i32)\n"
    "    (loop $l (local.set 0 (i32.add (local.get 0) (i32.const 1))) (br $l))\n"
    "    (local.get 0))\n"
    "  (func (export \"answer\") (result i32) (i32.const 42)))\n";
static const char caller_wat[] =
    "(module\n"
    "  (import \"callee\" \"spin\" (func $spin (result i32)))\n"
    "  (func (export \"outer\") (result i32) (i32.add (call $spin) (i32.const 1))))\n";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static wasmcell_module_t *from_wat(wasmcell_engine_t *engine, const char *wat)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    wasmcell_error_t *e = NULL;
    if (wasmcell_wat_to_wasm(wat, strlen(wat), &bytes, &size, &e) != WASMCELL_OK) {
        fprintf(stderr, "wat_to_wasm: %s\n", wasmcell_error_message(e));
        wasmcell_error_delete(e);
        harness_failures++;
        return NULL;
    }
    wasmcell_module_t *m = harness_module(engine, bytes, size);
    wasmcell_bytes_delete(bytes);
    return m;
}

typedef struct {
    wasmcell_engine_t *engine;
    wasmcell_linker_t *linker;
    wasmcell_module_t *callee_m, *caller_m;
    wasmcell_instance_t *callee, *caller;
} fixture_t;

static bool setup(fixture_t *f)
{
    memset(f, 0, sizeof *f);
    if (!(f->engine = harness_engine())) return false;
    f->linker = wasmcell_linker_new(f->engine);
    f->callee_m = from_wat(f->engine, callee_wat);
    f->caller_m = from_wat(f->engine, caller_wat);
    if (!f->linker || !f->callee_m || !f->caller_m) return false;
    wasmcell_error_t *e = NULL;
    CHECK_STATUS(wasmcell_linker_instantiate(f->linker, f->callee_m, &f->callee, &e), WASMCELL_OK);
    wasmcell_error_delete(e);
    if (!f->callee) return false;
    CHECK_STATUS(wasmcell_linker_define_instance(f->linker, "callee", f->callee), WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_instantiate(f->linker, f->caller_m, &f->caller, NULL), WASMCELL_OK);
    return f->caller != NULL;
}

static void teardown(fixture_t *f)
{
    wasmcell_instance_delete(f->caller);
    wasmcell_instance_delete(f->callee);
    wasmcell_module_delete(f->caller_m);
    wasmcell_module_delete(f->callee_m);
    wasmcell_linker_delete(f->linker);
    wasmcell_engine_delete(f->engine);
}

/* Calls inst.name; the status, and the trap kind in *kind. */
static wasmcell_status_t call(wasmcell_instance_t *inst, const char *name, int32_t *result,
                              wasmcell_trap_kind_t *kind)
{
    wasmcell_val_t r = {.type = WASMCELL_I32};
    wasmcell_error_t *e = NULL;
    wasmcell_status_t st = wasmcell_func_call(wasmcell_instance_func(inst, name), NULL, 0, &r, 1, &e);
    *kind = e ? wasmcell_error_trap_kind(e) : WASMCELL_TRAP_NONE;
    *result = r.of.i32;
    wasmcell_error_delete(e);
    return st;
}

static void deadline_stops_an_endless_loop(void)
{
    fixture_t f;
    if (setup(&f)) {
        int32_t r;
        wasmcell_trap_kind_t kind;
        wasmcell_instance_set_deadline(f.callee, 50u * 1000 * 1000); /* 50 ms */
        double t0 = now_s();
        CHECK_STATUS(call(f.callee, "spin", &r, &kind), WASMCELL_ERR_TRAP);
        double dt = now_s() - t0;
        CHECK(kind == WASMCELL_TRAP_INTERRUPTED);
        CHECK(dt >= 0.04); /* not before the deadline */
        CHECK(dt < 10.0);  /* and it did stop */
        /* the deadline is used up: the next call runs */
        CHECK_STATUS(call(f.callee, "answer", &r, &kind), WASMCELL_OK);
        CHECK(r == 42);
    }
    teardown(&f);
}

static void passed_deadline_traps_the_next_call(void)
{
    fixture_t f;
    if (setup(&f)) {
        int32_t r;
        wasmcell_trap_kind_t kind;
        wasmcell_instance_set_deadline(f.callee, 1); /* 1 ns: passed by the call */
        usleep(1000);
        CHECK_STATUS(call(f.callee, "answer", &r, &kind), WASMCELL_ERR_TRAP);
        CHECK(kind == WASMCELL_TRAP_INTERRUPTED);
        CHECK_STATUS(call(f.callee, "answer", &r, &kind), WASMCELL_OK);
        /* a cleared deadline never fires */
        wasmcell_instance_set_deadline(f.callee, 1);
        wasmcell_instance_set_deadline(f.callee, 0);
        usleep(1000);
        CHECK_STATUS(call(f.callee, "answer", &r, &kind), WASMCELL_OK);
    }
    teardown(&f);
}

typedef struct {
    wasmcell_instance_t *target;
    unsigned delay_ms;
} interrupter_t;

static void *interrupter_main(void *arg)
{
    interrupter_t *it = arg;
    usleep(it->delay_ms * 1000u);
    wasmcell_instance_interrupt(it->target);
    return NULL;
}

/* caller.outer -> callee.spin, endless: interrupting the *callee* (which
 * the host never called directly) stops it; so does interrupting the caller. */
static void interrupt_reaches_a_called_instance(void)
{
    for (int which = 0; which < 2; which++) {
        fixture_t f;
        if (setup(&f)) {
            interrupter_t it = {which ? f.caller : f.callee, 50};
            pthread_t t;
            CHECK(pthread_create(&t, NULL, interrupter_main, &it) == 0);
            int32_t r;
            wasmcell_trap_kind_t kind;
            double t0 = now_s();
            CHECK_STATUS(call(f.caller, "outer", &r, &kind), WASMCELL_ERR_TRAP);
            CHECK(kind == WASMCELL_TRAP_INTERRUPTED);
            CHECK(now_s() - t0 < 10.0);
            pthread_join(t, NULL);
            /* the trap took the interrupt: both instances run again */
            CHECK_STATUS(call(f.callee, "answer", &r, &kind), WASMCELL_OK);
        }
        teardown(&f);
    }
}

int main(int argc, char **argv)
{
    static const harness_test_t tests[] = {
        TEST(deadline_stops_an_endless_loop),
        TEST(passed_deadline_traps_the_next_call),
        TEST(interrupt_reaches_a_called_instance),
    };
    return harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
