/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_resume.c — resumable calls (issue #14): a call that runs out of
 * fuel suspends, takes more fuel and resumes where it stopped, in both
 * tiers (native code with config.fuel_metering): run in slices it gives
 * the result and the total fuel of one uninterrupted run; it suspends
 * across a host function that called back into wasm; a suspended call
 * can be dropped (its frames unwind: the host function sees the trap); a
 * trap after a resume reports kind and backtrace; misuse is refused. */
#include <stdint.h>
#include <time.h>
#include "harness.h"
#include "wasmcell_text.h"

static const char wat[] =
    "(module\n"
    "  (import \"host\" \"reenter\" (func $reenter (param i32) (result i64)))\n"
    "  (func $sum (export \"sum\") (param $n i32) (result i64) (local $i i32) (local $acc i64)\n"
    "    (block $done (loop $l\n"
    "      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))\n"
    "      (local.set $acc (i64.add (local.get $acc)\n"
    "        (i64.extend_i32_u (i32.mul (local.get $i) (local.get $i)))))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br $l)))\n"
    "    (local.get $acc))\n"
    "  (func $fib (export \"fib\") (param $n i32) (result i32)\n"
    "    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))\n"
    "      (then (local.get $n))\n"
    "      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))\n"
    "                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))\n"
    "  (func (export \"via_host\") (param i32) (result i64)\n"
    "    (i64.add (call $reenter (local.get 0)) (i64.const 1)))\n"
    "  (func $deep (export \"deep\") (param i32) (result i32)\n"
    "    (i32.add (call $deep (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))\n"
    "  (func $then_trap (export \"sum_then_trap\") (param i32) (result i64)\n"
    "    (drop (call $sum (local.get 0)))\n"
    "    unreachable))\n";

/* sum of i*i for i < n */
static int64_t expected_sum(uint32_t n)
{
    int64_t acc = 0;
    for (uint32_t i = 0; i < n; i++) acc += (int64_t)(uint32_t)(i * i);
    return acc;
}

static int host_calls, host_saw_trap;

/* host.reenter(n): calls sum(n) of the calling instance, i.e. wasm ->
 * host -> wasm; passes a trap on as every host function should */
static wasmcell_error_t *reenter(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    (void)env;
    host_calls++;
    wasmcell_func_t *sum = wasmcell_instance_func(wasmcell_caller_instance(caller), "sum");
    wasmcell_val_t arg = {.type = WASMCELL_I32, .of.i32 = (int32_t)slots[0]}, res;
    wasmcell_error_t *e = NULL;
    if (wasmcell_func_call(sum, &arg, 1, &res, 1, &e) != WASMCELL_OK) {
        host_saw_trap++;
        return e;
    }
    slots[0] = (uint64_t)res.of.i64;
    return NULL;
}

typedef struct {
    wasmcell_engine_t *engine;
    wasmcell_module_t *module;
    wasmcell_linker_t *linker;
    wasmcell_instance_t *inst;
} fixture_t;

/* The tier of WASMCELL_TIER; native code counts fuel only when metered. */
static int setup(fixture_t *f)
{
    memset(f, 0, sizeof *f);
    wasmcell_config_t config;
    wasmcell_config_init(&config);
    const char *tier = getenv("WASMCELL_TIER");
    config.tier = tier && strcmp(tier, "native") == 0 ? WASMCELL_TIER_NATIVE : WASMCELL_TIER_INTERP;
    config.fuel_metering = 1;
    config.cache_dir = "";
    if (!(f->engine = wasmcell_engine_new(&config))) return 0;
    uint8_t *bytes = NULL;
    size_t size = 0;
    wasmcell_error_t *e = NULL;
    if (wasmcell_wat_to_wasm(wat, strlen(wat), &bytes, &size, &e) != WASMCELL_OK) {
        fprintf(stderr, "wat: %s\n", wasmcell_error_message(e));
        wasmcell_error_delete(e);
        harness_failures++;
        return 0;
    }
    f->module = harness_module(f->engine, bytes, size);
    wasmcell_bytes_delete(bytes);
    if (!f->module) return 0;
    f->linker = wasmcell_linker_new(f->engine);
    CHECK_STATUS(wasmcell_linker_define_func(f->linker, "host", "reenter", "i:I", reenter, NULL),
                 WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_instantiate(f->linker, f->module, &f->inst, &e), WASMCELL_OK);
    if (e) fprintf(stderr, "instantiate: %s\n", wasmcell_error_message(e));
    wasmcell_error_delete(e);
    host_calls = host_saw_trap = 0;
    return f->inst != NULL;
}

static void teardown(fixture_t *f)
{
    wasmcell_instance_delete(f->inst);
    wasmcell_linker_delete(f->linker);
    wasmcell_module_delete(f->module);
    wasmcell_engine_delete(f->engine);
}

/* Fuel one uninterrupted run of `name`(arg) uses. */
static uint64_t fuel_of_one_run(fixture_t *f, const char *name, int32_t arg, wasmcell_val_t *out)
{
    const uint64_t plenty = 1000000000ull;
    wasmcell_instance_set_fuel(f->inst, plenty);
    wasmcell_val_t a = {.type = WASMCELL_I32, .of.i32 = arg};
    CHECK_STATUS(wasmcell_func_call(wasmcell_instance_func(f->inst, name), &a, 1, out, 1, NULL),
                 WASMCELL_OK);
    return plenty - wasmcell_instance_fuel(f->inst);
}

/* Runs name(arg) as a resumable call in slices of `slice` fuel; returns
 * the number of suspensions, the result in *out and the fuel used. */
static int run_in_slices(fixture_t *f, const char *name, int32_t arg, uint64_t slice,
                         wasmcell_val_t *out, uint64_t *used)
{
    wasmcell_val_t a = {.type = WASMCELL_I32, .of.i32 = arg};
    wasmcell_call_t *call = NULL;
    CHECK_STATUS(wasmcell_call_new(wasmcell_instance_func(f->inst, name), &a, 1, &call, NULL),
                 WASMCELL_OK);
    if (!call) return -1;
    int suspensions = 0;
    *used = 0;
    wasmcell_status_t st;
    for (;;) {
        wasmcell_instance_set_fuel(f->inst, slice);
        wasmcell_error_t *e = NULL;
        st = wasmcell_call_resume(call, out, 1, &e);
        *used += slice - wasmcell_instance_fuel(f->inst);
        if (st != WASMCELL_SUSPENDED) {
            if (st != WASMCELL_OK) fprintf(stderr, "resume: %s\n", wasmcell_error_message(e));
            wasmcell_error_delete(e);
            break;
        }
        CHECK(wasmcell_instance_fuel(f->inst) == 0); /* it stops only when the fuel is gone */
        if (++suspensions > 1000000) break;
    }
    CHECK_STATUS(st, WASMCELL_OK);
    wasmcell_call_delete(call);
    return suspensions;
}

static void test_loop_in_slices_matches_one_run(void)
{
    fixture_t f;
    if (!setup(&f)) { teardown(&f); return; }
    wasmcell_val_t one, sliced;
    uint64_t whole = fuel_of_one_run(&f, "sum", 100000, &one);
    CHECK(one.of.i64 == expected_sum(100000));
    uint64_t used = 0;
    int n = run_in_slices(&f, "sum", 100000, 997, &sliced, &used);
    CHECK(n >= (int)(whole / 997) - 1);
    CHECK(sliced.type == WASMCELL_I64 && sliced.of.i64 == one.of.i64);
    if (used != whole) fprintf(stderr, "used %llu whole %llu\n", (unsigned long long)used, (unsigned long long)whole);
    CHECK(used == whole); /* no event charged twice, none for free */
    /* a slice of 1: every event is its own slice */
    int m = run_in_slices(&f, "sum", 300, 1, &sliced, &used);
    CHECK(sliced.of.i64 == expected_sum(300));
    CHECK(m >= 300); /* 300 back-edges and the call: one slice each */
    teardown(&f);
}

static void test_recursion_in_slices(void)
{
    fixture_t f;
    if (!setup(&f)) { teardown(&f); return; }
    wasmcell_val_t one, sliced;
    uint64_t whole = fuel_of_one_run(&f, "fib", 20, &one);
    CHECK(one.of.i32 == 6765);
    uint64_t used = 0;
    int n = run_in_slices(&f, "fib", 20, 50, &sliced, &used);
    CHECK(n > 100);
    CHECK(sliced.of.i32 == 6765);
    CHECK(used == whole);
    teardown(&f);
}

static void test_suspends_across_host_frame(void)
{
    fixture_t f;
    if (!setup(&f)) { teardown(&f); return; }
    wasmcell_val_t sliced;
    uint64_t used = 0;
    int n = run_in_slices(&f, "via_host", 20000, 500, &sliced, &used);
    CHECK(n > 10);
    CHECK(sliced.of.i64 == expected_sum(20000) + 1);
    CHECK(host_calls == 1); /* resumed inside it, never called again */
    CHECK(host_saw_trap == 0);
    teardown(&f);
}

static void test_drop_suspended_call(void)
{
    fixture_t f;
    if (!setup(&f)) { teardown(&f); return; }
    wasmcell_val_t a = {.type = WASMCELL_I32, .of.i32 = 1000000}, out;
    wasmcell_call_t *call = NULL;
    CHECK_STATUS(wasmcell_call_new(wasmcell_instance_func(f.inst, "via_host"), &a, 1, &call, NULL),
                 WASMCELL_OK);
    wasmcell_instance_set_fuel(f.inst, 1000);
    CHECK_STATUS(wasmcell_call_resume(call, &out, 1, NULL), WASMCELL_SUSPENDED);
    /* no fuel added: suspends again at once */
    CHECK_STATUS(wasmcell_call_resume(call, &out, 1, NULL), WASMCELL_SUSPENDED);
    CHECK(host_calls == 1);
    wasmcell_call_delete(call); /* unwinds through the host function */
    CHECK(host_saw_trap == 1);
    /* the instance is usable after it */
    wasmcell_instance_set_fuel(f.inst, UINT64_MAX);
    wasmcell_val_t b = {.type = WASMCELL_I32, .of.i32 = 10};
    CHECK_STATUS(wasmcell_func_call(wasmcell_instance_func(f.inst, "sum"), &b, 1, &out, 1, NULL),
                 WASMCELL_OK);
    CHECK(out.of.i64 == expected_sum(10));
    /* a call never started is freed too */
    CHECK_STATUS(wasmcell_call_new(wasmcell_instance_func(f.inst, "sum"), &b, 1, &call, NULL),
                 WASMCELL_OK);
    wasmcell_call_delete(call);
    wasmcell_call_delete(NULL);
    teardown(&f);
}

/* the call keeps its instance alive: deleting the instance between
 * slices is safe, and the call finishes */
static void test_instance_deleted_while_suspended(void)
{
    fixture_t f;
    if (!setup(&f)) { teardown(&f); return; }
    wasmcell_val_t a = {.type = WASMCELL_I32, .of.i32 = 20000}, out;
    wasmcell_call_t *call = NULL;
    CHECK_STATUS(wasmcell_call_new(wasmcell_instance_func(f.inst, "sum"), &a, 1, &call, NULL),
                 WASMCELL_OK);
    wasmcell_instance_t *inst = f.inst;
    wasmcell_instance_set_fuel(inst, 100);
    CHECK_STATUS(wasmcell_call_resume(call, &out, 1, NULL), WASMCELL_SUSPENDED);
    wasmcell_instance_set_fuel(inst, UINT64_MAX);
    wasmcell_instance_delete(inst);
    f.inst = NULL;
    CHECK_STATUS(wasmcell_call_resume(call, &out, 1, NULL), WASMCELL_OK);
    CHECK(out.of.i64 == expected_sum(20000));
    wasmcell_call_delete(call);
    teardown(&f);
}

static void test_trap_after_resume(void)
{
    fixture_t f;
    if (!setup(&f)) { teardown(&f); return; }
    wasmcell_val_t a = {.type = WASMCELL_I32, .of.i32 = 5000}, out;
    wasmcell_call_t *call = NULL;
    CHECK_STATUS(wasmcell_call_new(wasmcell_instance_func(f.inst, "sum_then_trap"), &a, 1, &call,
                                   NULL), WASMCELL_OK);
    wasmcell_status_t st;
    wasmcell_error_t *e = NULL;
    int suspensions = 0;
    do {
        wasmcell_instance_set_fuel(f.inst, 300);
        st = wasmcell_call_resume(call, &out, 1, &e);
    } while (st == WASMCELL_SUSPENDED && ++suspensions < 100000);
    CHECK(suspensions > 5);
    CHECK_STATUS(st, WASMCELL_ERR_TRAP);
    CHECK(wasmcell_error_trap_kind(e) == WASMCELL_TRAP_UNREACHABLE);
    CHECK_CONTAINS(wasmcell_error_backtrace(e), "<then_trap>");
    CHECK(wasmcell_error_frame_count(e) == 1);
    wasmcell_error_delete(e);
    /* finished: resuming again is misuse */
    e = NULL;
    CHECK_STATUS(wasmcell_call_resume(call, &out, 1, &e), WASMCELL_ERR_MISUSE);
    CHECK_CONTAINS(wasmcell_error_message(e), "finished");
    wasmcell_error_delete(e);
    wasmcell_call_delete(call);
    teardown(&f);
}

/* a runaway recursion on the call's own stack traps, in native code too
 * (its stack check uses the fiber's bounds), and the call is over */
static void test_deep_recursion_traps(void)
{
    fixture_t f;
    if (!setup(&f)) { teardown(&f); return; }
    wasmcell_val_t a = {.type = WASMCELL_I32, .of.i32 = 0}, out;
    wasmcell_call_t *call = NULL;
    CHECK_STATUS(wasmcell_call_new(wasmcell_instance_func(f.inst, "deep"), &a, 1, &call, NULL),
                 WASMCELL_OK);
    wasmcell_status_t st;
    wasmcell_error_t *e = NULL;
    int slices = 0;
    do {
        wasmcell_instance_set_fuel(f.inst, 1000000);
        st = wasmcell_call_resume(call, &out, 1, &e);
    } while (st == WASMCELL_SUSPENDED && ++slices < 1000);
    CHECK_STATUS(st, WASMCELL_ERR_TRAP);
    CHECK(wasmcell_error_trap_kind(e) == WASMCELL_TRAP_STACK_EXHAUSTED);
    wasmcell_error_delete(e);
    wasmcell_call_delete(call);
    teardown(&f);
}

/* yield_on_deadline: each passed deadline suspends the call, which goes on
 * to the right result; without it the deadline traps as before. Fuel is
 * finite (and plentiful) so that native code is metered and polls. */
static void test_yield_on_deadline(void)
{
    fixture_t f;
    if (!setup(&f)) { teardown(&f); return; }
    const int32_t n = 30000000;
    wasmcell_val_t a = {.type = WASMCELL_I32, .of.i32 = n}, out;
    wasmcell_call_t *call = NULL;
    CHECK_STATUS(wasmcell_call_new(wasmcell_instance_func(f.inst, "sum"), &a, 1, &call, NULL),
                 WASMCELL_OK);
    wasmcell_call_set_yield_on_deadline(call, 1);
    wasmcell_instance_set_fuel(f.inst, 1000000000000ull);
    wasmcell_status_t st;
    int yields = 0;
    for (;;) {
        wasmcell_instance_set_deadline(f.inst, 1000000); /* 1 ms a slice */
        st = wasmcell_call_resume(call, &out, 1, NULL);
        if (st != WASMCELL_SUSPENDED || ++yields > 100000) break;
    }
    wasmcell_instance_set_deadline(f.inst, 0);
    CHECK_STATUS(st, WASMCELL_OK);
    CHECK(out.of.i64 == expected_sum((uint32_t)n));
    /* tens of ms of work in 1 ms slices: more than one yield proves each
     * resume arms the deadline set before it */
    CHECK(yields >= 2);
    wasmcell_call_delete(call);

    /* without yielding, the same deadline traps the call */
    CHECK_STATUS(wasmcell_call_new(wasmcell_instance_func(f.inst, "sum"), &a, 1, &call, NULL),
                 WASMCELL_OK);
    wasmcell_instance_set_deadline(f.inst, 1000000);
    wasmcell_error_t *e = NULL;
    CHECK_STATUS(wasmcell_call_resume(call, &out, 1, &e), WASMCELL_ERR_TRAP);
    CHECK(wasmcell_error_trap_kind(e) == WASMCELL_TRAP_INTERRUPTED);
    wasmcell_error_delete(e);
    wasmcell_call_delete(call);
    wasmcell_instance_set_deadline(f.inst, 0);

    /* a deadline passed before the first resume suspends it at once;
     * deleting the suspended call is clean */
    CHECK_STATUS(wasmcell_call_new(wasmcell_instance_func(f.inst, "sum"), &a, 1, &call, NULL),
                 WASMCELL_OK);
    wasmcell_call_set_yield_on_deadline(call, 1);
    wasmcell_instance_set_deadline(f.inst, 1);
    struct timespec pause = {0, 2000000};
    nanosleep(&pause, NULL);
    CHECK_STATUS(wasmcell_call_resume(call, &out, 1, NULL), WASMCELL_SUSPENDED);
    wasmcell_call_delete(call);
    teardown(&f);
}

/* an interrupt made while the call is suspended traps it at the resume */
static void test_interrupt_while_suspended(void)
{
    fixture_t f;
    if (!setup(&f)) { teardown(&f); return; }
    wasmcell_val_t a = {.type = WASMCELL_I32, .of.i32 = 1000000}, out;
    wasmcell_call_t *call = NULL;
    CHECK_STATUS(wasmcell_call_new(wasmcell_instance_func(f.inst, "sum"), &a, 1, &call, NULL),
                 WASMCELL_OK);
    wasmcell_instance_set_fuel(f.inst, 500);
    CHECK_STATUS(wasmcell_call_resume(call, &out, 1, NULL), WASMCELL_SUSPENDED);
    wasmcell_instance_interrupt(f.inst);
    wasmcell_instance_set_fuel(f.inst, 100000000);
    wasmcell_error_t *e = NULL;
    CHECK_STATUS(wasmcell_call_resume(call, &out, 1, &e), WASMCELL_ERR_TRAP);
    CHECK(wasmcell_error_trap_kind(e) == WASMCELL_TRAP_INTERRUPTED);
    wasmcell_error_delete(e);
    wasmcell_call_delete(call);
    teardown(&f);
}

static void test_misuse(void)
{
    fixture_t f;
    if (!setup(&f)) { teardown(&f); return; }
    wasmcell_call_t *call = (wasmcell_call_t *)&f; /* must be overwritten */
    wasmcell_val_t wrong = {.type = WASMCELL_I64, .of.i64 = 1}, out[2];
    CHECK_STATUS(wasmcell_call_new(wasmcell_instance_func(f.inst, "sum"), &wrong, 1, &call, NULL),
                 WASMCELL_ERR_MISUSE);
    CHECK(call == NULL);
    CHECK_STATUS(wasmcell_call_new(NULL, NULL, 0, &call, NULL), WASMCELL_ERR_MISUSE);
    wasmcell_val_t a = {.type = WASMCELL_I32, .of.i32 = 3};
    CHECK_STATUS(wasmcell_call_new(wasmcell_instance_func(f.inst, "sum"), &a, 1, &call, NULL),
                 WASMCELL_OK);
    CHECK_STATUS(wasmcell_call_resume(call, out, 2, NULL), WASMCELL_ERR_MISUSE); /* 1 result */
    CHECK_STATUS(wasmcell_call_resume(NULL, out, 1, NULL), WASMCELL_ERR_MISUSE);
    /* unlimited fuel: runs to the end in one go */
    CHECK_STATUS(wasmcell_call_resume(call, out, 1, NULL), WASMCELL_OK);
    CHECK(out[0].of.i64 == expected_sum(3));
    CHECK(strcmp(wasmcell_status_name(WASMCELL_SUSPENDED), "suspended") == 0);
    wasmcell_call_delete(call);
    teardown(&f);
}

int main(int argc, char **argv)
{
    static const harness_test_t tests[] = {
        TEST(test_loop_in_slices_matches_one_run),
        TEST(test_recursion_in_slices),
        TEST(test_suspends_across_host_frame),
        TEST(test_drop_suspended_call),
        TEST(test_instance_deleted_while_suspended),
        TEST(test_trap_after_resume),
        TEST(test_deep_recursion_traps),
        TEST(test_yield_on_deadline),
        TEST(test_interrupt_while_suspended),
        TEST(test_misuse),
    };
    return harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
