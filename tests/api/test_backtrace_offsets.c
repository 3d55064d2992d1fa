/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_backtrace_offsets.c — per-instruction offsets in trap backtraces
 * (issue #14) on a hand-written module whose instruction offsets are known
 * by construction (listed beside the bytes). Interpreted frames give the
 * exact trapping instruction, caller frames the call; a memory fault in
 * interpreted code is function-level in its own frame (docs/API.md). In
 * native code an explicit trap (div by zero, call_indirect checks) is
 * exact in the innermost frame, also when inlined into its caller; every
 * other frame is either exact or function-level (code_offset =
 * func_offset), never another instruction. */
#include "harness.h"

/* wat2wasm --debug-names of:
 *   (type $r (func (result i32))) (memory 1) (table 1 funcref)
 *   (func $inner (param i32) (result i32) local.get 0 i32.const 0 i32.div_s)
 *   (func $mid (export "mid") (result i32) i32.const 7 call $inner i32.const 1 i32.add)
 *   (func $load (export "load") (result i32) i32.const 70000 i32.load)
 *   (func $via_load (export "via_load") (result i32) call $load i32.const 2 i32.add)
 *   (func $ind (export "ind") (result i32) i32.const 5 call_indirect (type $r))
 * Offsets: inner body 0x4d, its i32.div_s 0x51; mid body 0x55, call 0x57;
 * load body 0x5f, i32.load 0x63; via_load body 0x69, call 0x69; ind body
 * 0x71, call_indirect 0x73. */
static const uint8_t module_bytes[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x02, 0x60,
    0x00, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x06, 0x05, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x04, 0x04, 0x01, 0x70, 0x00, 0x01, 0x05, 0x03,
    0x01, 0x00, 0x01, 0x07, 0x1f, 0x04, 0x03, 0x6d, 0x69, 0x64, 0x00, 0x01,
    0x04, 0x6c, 0x6f, 0x61, 0x64, 0x00, 0x02, 0x08, 0x76, 0x69, 0x61, 0x5f,
    0x6c, 0x6f, 0x61, 0x64, 0x00, 0x03, 0x03, 0x69, 0x6e, 0x64, 0x00, 0x04,
    0x0a, 0x2d, 0x05, 0x07, 0x00, 0x20, 0x00, 0x41, 0x00, 0x6d, 0x0b, 0x09,
    0x00, 0x41, 0x07, 0x10, 0x00, 0x41, 0x01, 0x6a, 0x0b, 0x09, 0x00, 0x41,
    0xf0, 0xa2, 0x04, 0x28, 0x02, 0x00, 0x0b, 0x07, 0x00, 0x10, 0x02, 0x41,
    0x02, 0x6a, 0x0b, 0x07, 0x00, 0x41, 0x05, 0x11, 0x00, 0x00, 0x0b, 0x00,
    0x3c, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x22, 0x05, 0x00, 0x05, 0x69,
    0x6e, 0x6e, 0x65, 0x72, 0x01, 0x03, 0x6d, 0x69, 0x64, 0x02, 0x04, 0x6c,
    0x6f, 0x61, 0x64, 0x03, 0x08, 0x76, 0x69, 0x61, 0x5f, 0x6c, 0x6f, 0x61,
    0x64, 0x04, 0x03, 0x69, 0x6e, 0x64, 0x02, 0x0b, 0x05, 0x00, 0x00, 0x01,
    0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00, 0x04, 0x04, 0x01, 0x00, 0x01,
    0x72,
};

typedef struct {
    uint32_t func_idx;
    uint64_t func_offset, code_offset;
    /* a guard-page fault's instruction: native code that knows where each
     * instruction's code is (the baseline JIT's) may name it exactly */
    uint64_t fault_offset;
} want_frame_t;

/* Interpreted frames (not native code: LLVM's, or the baseline JIT's with
 * WASMCELL_JIT=all, whose frames are native frames too). */
static int interp_tier(void)
{
    const char *tier = getenv("WASMCELL_TIER"), *jit = getenv("WASMCELL_JIT");
    return (!tier || strcmp(tier, "native") != 0) && !(jit && strcmp(jit, "all") == 0);
}

/* Calls `name`, expects a trap of `kind` whose frames are `want`
 * (code_offset 0: function-level in the interpreter too). */
static void expect_frames(const char *name, wasmcell_trap_kind_t kind, const want_frame_t *want,
                          size_t nwant, const char *text, int explicit_trap)
{
    wasmcell_engine_t *engine = harness_engine();
    wasmcell_module_t *m = engine ? MODULE(engine, module_bytes) : NULL;
    wasmcell_linker_t *linker = m ? wasmcell_linker_new(engine) : NULL;
    wasmcell_instance_t *inst = NULL;
    if (linker) CHECK_STATUS(wasmcell_linker_instantiate(linker, m, &inst, NULL), WASMCELL_OK);
    if (inst) {
        wasmcell_val_t out;
        wasmcell_error_t *e = NULL;
        CHECK_STATUS(wasmcell_func_call(wasmcell_instance_func(inst, name), NULL, 0, &out, 1, &e),
                     WASMCELL_ERR_TRAP);
        CHECK(wasmcell_error_trap_kind(e) == kind);
        size_t n = wasmcell_error_frame_count(e);
        if (interp_tier()) {
            CHECK(n == nwant);
            CHECK_CONTAINS(wasmcell_error_backtrace(e), text);
        } else if (explicit_trap && wasmcell_module_func_native(m, want[0].func_idx, NULL)) {
            /* native code: the trapping instruction, in its own frame */
            wasmcell_frame_t fr;
            CHECK(n >= 1);
            CHECK_STATUS(wasmcell_error_frame(e, 0, &fr), WASMCELL_OK);
            CHECK(fr.func_idx == want[0].func_idx && fr.code_offset_exact &&
                  fr.code_offset == want[0].code_offset);
        }
        for (size_t i = 0; i < n; i++) {
            wasmcell_frame_t fr;
            CHECK_STATUS(wasmcell_error_frame(e, i, &fr), WASMCELL_OK);
            const want_frame_t *w = NULL;
            for (size_t k = 0; k < nwant; k++)
                if (want[k].func_idx == fr.func_idx) w = &want[k];
            CHECK(w != NULL);
            if (!w) continue;
            CHECK(fr.func_offset == w->func_offset);
            if (fr.code_offset_exact) {
                CHECK(fr.code_offset == w->code_offset ||
                      (!interp_tier() && w->fault_offset && fr.code_offset == w->fault_offset));
            } else {
                CHECK(fr.code_offset == fr.func_offset);
                /* the interpreter knows every frame but a faulting one */
                if (interp_tier()) CHECK(w->code_offset == 0);
            }
            if (interp_tier() && w->code_offset) CHECK(fr.code_offset_exact);
        }
        wasmcell_error_delete(e);
    }
    wasmcell_instance_delete(inst);
    wasmcell_linker_delete(linker);
    wasmcell_module_delete(m);
    wasmcell_engine_delete(engine);
}

static void test_trap_and_caller_offsets(void)
{
    const want_frame_t want[] = {{0, 0x4d, 0x51, 0}, {1, 0x55, 0x57, 0}};
    expect_frames("mid", WASMCELL_TRAP_INT_DIV_ZERO, want, 2,
                  "  #0 func[0] <inner> @0x51\n  #1 func[1] <mid> @0x57\n", 1);
}

static void test_call_indirect_offset(void)
{
    const want_frame_t want[] = {{4, 0x71, 0x73, 0}};
    expect_frames("ind", WASMCELL_TRAP_UNDEFINED_ELEMENT, want, 1, "  #0 func[4] <ind> @0x73\n",
                  1);
}

static void test_memory_fault_caller_offset(void)
{
    /* the faulting load's own frame is function-level in the interpreter */
    const want_frame_t want[] = {{2, 0x5f, 0, 0x63}, {3, 0x69, 0x69, 0}};
    expect_frames("via_load", WASMCELL_TRAP_MEMORY_OOB, want, 2,
                  "  #0 func[2] <load>\n  #1 func[3] <via_load> @0x69\n", 0);
}

/* wat2wasm --debug-names of:
 *   (import "host" "fail" (func $fail)) (import "host" "reenter" (func $reenter))
 *   (func $inner (param i32) (result i32) local.get 0 i32.const 0 i32.div_s)
 *   (func $mid (export "mid") (result i32) i32.const 7 call $inner)
 *   (func $calls_fail (export "calls_fail") nop call $fail)
 *   (func $via_host (export "via_host") nop call $reenter)
 * Offsets: inner body 0x62, i32.div_s 0x66; mid body 0x6a, call 0x6c;
 * calls_fail body 0x71, call 0x72; via_host body 0x77, call 0x78. */
static const uint8_t host_module_bytes[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0d, 0x03, 0x60,
    0x00, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x02,
    0x1c, 0x02, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x04, 0x66, 0x61, 0x69, 0x6c,
    0x00, 0x00, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x07, 0x72, 0x65, 0x65, 0x6e,
    0x74, 0x65, 0x72, 0x00, 0x00, 0x03, 0x05, 0x04, 0x01, 0x02, 0x00, 0x00,
    0x07, 0x1f, 0x03, 0x03, 0x6d, 0x69, 0x64, 0x00, 0x03, 0x0a, 0x63, 0x61,
    0x6c, 0x6c, 0x73, 0x5f, 0x66, 0x61, 0x69, 0x6c, 0x00, 0x04, 0x08, 0x76,
    0x69, 0x61, 0x5f, 0x68, 0x6f, 0x73, 0x74, 0x00, 0x05, 0x0a, 0x1c, 0x04,
    0x07, 0x00, 0x20, 0x00, 0x41, 0x00, 0x6d, 0x0b, 0x06, 0x00, 0x41, 0x07,
    0x10, 0x02, 0x0b, 0x05, 0x00, 0x01, 0x10, 0x00, 0x0b, 0x05, 0x00, 0x01,
    0x10, 0x01, 0x0b, 0x00, 0x48, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x32,
    0x06, 0x00, 0x04, 0x66, 0x61, 0x69, 0x6c, 0x01, 0x07, 0x72, 0x65, 0x65,
    0x6e, 0x74, 0x65, 0x72, 0x02, 0x05, 0x69, 0x6e, 0x6e, 0x65, 0x72, 0x03,
    0x03, 0x6d, 0x69, 0x64, 0x04, 0x0a, 0x63, 0x61, 0x6c, 0x6c, 0x73, 0x5f,
    0x66, 0x61, 0x69, 0x6c, 0x05, 0x08, 0x76, 0x69, 0x61, 0x5f, 0x68, 0x6f,
    0x73, 0x74, 0x02, 0x0d, 0x06, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03,
    0x00, 0x04, 0x00, 0x05, 0x00,
};

static wasmcell_error_t *host_fail(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    (void)caller, (void)env, (void)slots;
    return wasmcell_trap_new("host says no");
}

/* calls mid back in the calling instance and passes its trap on */
static wasmcell_error_t *host_reenter(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    (void)env, (void)slots;
    wasmcell_func_t *mid = wasmcell_instance_func(wasmcell_caller_instance(caller), "mid");
    wasmcell_val_t out;
    wasmcell_error_t *e = NULL;
    wasmcell_func_call(mid, NULL, 0, &out, 1, &e);
    return e;
}

/* Frames of a trap through a host function: `want` in the interpreter
 * (code_offset 0: function-level); in native code each frame exact as
 * listed or function-level. */
static void expect_host_frames(const char *name, const want_frame_t *want, size_t nwant)
{
    wasmcell_engine_t *engine = harness_engine();
    wasmcell_module_t *m = engine ? MODULE(engine, host_module_bytes) : NULL;
    wasmcell_linker_t *linker = m ? wasmcell_linker_new(engine) : NULL;
    wasmcell_instance_t *inst = NULL;
    if (linker) {
        CHECK_STATUS(wasmcell_linker_define_func(linker, "host", "fail", ":", host_fail, NULL),
                     WASMCELL_OK);
        CHECK_STATUS(wasmcell_linker_define_func(linker, "host", "reenter", ":", host_reenter, NULL),
                     WASMCELL_OK);
        CHECK_STATUS(wasmcell_linker_instantiate(linker, m, &inst, NULL), WASMCELL_OK);
    }
    if (inst) {
        wasmcell_error_t *e = NULL;
        CHECK_STATUS(wasmcell_func_call(wasmcell_instance_func(inst, name), NULL, 0, NULL, 0, &e),
                     WASMCELL_ERR_TRAP);
        size_t n = wasmcell_error_frame_count(e);
        if (interp_tier()) CHECK(n == nwant);
        for (size_t i = 0; i < n; i++) {
            wasmcell_frame_t fr;
            CHECK_STATUS(wasmcell_error_frame(e, i, &fr), WASMCELL_OK);
            const want_frame_t *w = NULL;
            for (size_t k = 0; k < nwant; k++)
                if (want[k].func_idx == fr.func_idx) w = &want[k];
            CHECK(w != NULL);
            if (!w) continue;
            if (interp_tier()) CHECK(fr.func_idx == want[i].func_idx);
            if (fr.code_offset_exact) CHECK(fr.code_offset == w->code_offset && w->code_offset);
            else CHECK(fr.code_offset == fr.func_offset && (!interp_tier() || !w->code_offset));
        }
        wasmcell_error_delete(e);
    }
    wasmcell_instance_delete(inst);
    wasmcell_linker_delete(linker);
    wasmcell_module_delete(m);
    wasmcell_engine_delete(engine);
}

static void test_host_trap_points_at_call(void)
{
    const want_frame_t want[] = {{4, 0x71, 0x72, 0}};
    expect_host_frames("calls_fail", want, 1);
}

static void test_reentry_frames(void)
{
    /* below the host function's call back into wasm: function-level */
    const want_frame_t want[] = {{2, 0x62, 0x66, 0}, {3, 0x6a, 0x6c, 0}, {5, 0x77, 0, 0}};
    expect_host_frames("via_host", want, 3);
}

int main(int argc, char **argv)
{
    static const harness_test_t tests[] = {
        TEST(test_trap_and_caller_offsets),
        TEST(test_call_indirect_offset),
        TEST(test_memory_fault_caller_offset),
        TEST(test_host_trap_points_at_call),
        TEST(test_reentry_frames),
    };
    return harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
