/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_wast_value.c — the value rules of `wasmcell wast` (cli/wast_value.c)
 * over values read by the script parser (wasmcell_wast_parse): NaN
 * patterns, v128 lanes, references, either.
 */
#include <stdio.h>
#include <string.h>

#include "wast.h"

static int failures;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                          \
        }                                                                        \
    } while (0)

/* Does `actual` (an argument, as text) match `expected` (a result pattern)?
 * -1 when either does not parse. */
static int matches(const char *expected, const char *actual)
{
    char text[512], why[128];
    snprintf(text, sizeof text, "(assert_return (invoke \"f\" %s) %s)", actual, expected);
    wasmcell_wast_t *script = NULL;
    int ok = -1;
    if (wasmcell_wast_parse(text, strlen(text), &script, NULL) == WASMCELL_OK &&
        wasmcell_wast_count(script) == 1) {
        const wasmcell_wast_command_t *c = wasmcell_wast_at(script, 0);
        wasmcell_val_t v;
        if (c->nargs == 1 && c->nexpected == 1 &&
            wast_arg_to_val(&c->args[0], WASMCELL_I32, &v, why, sizeof why))
            ok = wast_value_matches(&c->expected[0], &v);
    }
    wasmcell_wast_delete(script);
    return ok;
}

static void test_f32_nan_patterns(void)
{
    const char *canon = "(f32.const nan:canonical)", *arith = "(f32.const nan:arithmetic)";
    CHECK(matches(canon, "(f32.const nan)") == 1);
    CHECK(matches(canon, "(f32.const -nan)") == 1);
    CHECK(matches(canon, "(f32.const nan:0x600000)") == 0);
    CHECK(matches(arith, "(f32.const nan:0x600000)") == 1);
    CHECK(matches(arith, "(f32.const nan:0x200000)") == 0); /* signalling */
    CHECK(matches(arith, "(f32.const inf)") == 0);
    CHECK(matches("(f32.const -0)", "(f32.const 0)") == 0);
}

static void test_f64_nan_patterns(void)
{
    const char *canon = "(f64.const nan:canonical)", *arith = "(f64.const nan:arithmetic)";
    CHECK(matches(canon, "(f64.const nan)") == 1);
    CHECK(matches(canon, "(f64.const -nan)") == 1);
    CHECK(matches(canon, "(f64.const nan:0x8000000000001)") == 0);
    CHECK(matches(arith, "(f64.const nan:0x8000000000001)") == 1);
    CHECK(matches(arith, "(f64.const nan:0x4000000000000)") == 0);
}

static void test_integers_and_types(void)
{
    CHECK(matches("(i32.const 4294967295)", "(i32.const -1)") == 1);
    CHECK(matches("(i64.const 0xffff_ffff_ffff_ffff)", "(i64.const -1)") == 1);
    CHECK(matches("(i32.const 1)", "(i64.const 1)") == 0);
    CHECK(matches("(i32.const x)", "(i32.const 1)") == -1);
    CHECK(matches("(i32.const 4294967296)", "(i32.const 1)") == -1);
}

static void test_v128_lanes(void)
{
    const char *i32s = "(v128.const i32x4 1 2 3 0xffffffff)";
    CHECK(matches("(v128.const i16x8 1 0 2 0 3 0 -1 -1)", i32s) == 1); /* same bytes */
    CHECK(matches(i32s, "(v128.const i32x4 1 2 3 4)") == 0);
    const char *nans = "(v128.const f32x4 nan:canonical nan:arithmetic 0 1.0)";
    CHECK(matches(nans, "(v128.const f32x4 -nan nan:0x600000 0 1)") == 1);
    CHECK(matches(nans, "(v128.const f32x4 nan:0x600000 nan:0x600000 0 1)") == 0);
    CHECK(matches("(v128.const i32x4 1)", i32s) == -1);
}

static void test_references(void)
{
    CHECK(matches("(ref.extern 0)", "(ref.extern 0)") == 1);
    CHECK(matches("(ref.null extern)", "(ref.extern 0)") == 0); /* ref.extern 0 is not null */
    CHECK(matches("(ref.extern)", "(ref.extern 7)") == 1);      /* any non-null */
    CHECK(matches("(ref.null extern)", "(ref.null extern)") == 1);
    CHECK(matches("(ref.null func)", "(ref.null func)") == 1);
    CHECK(matches("(ref.null)", "(ref.null extern)") == 1);
    CHECK(matches("(ref.null func)", "(ref.null extern)") == 0);
}

static void test_either(void)
{
    CHECK(matches("(either (i32.const 1) (i32.const 2))", "(i32.const 2)") == 1);
    CHECK(matches("(either (i32.const 1) (i32.const 2))", "(i32.const 3)") == 0);
}

int main(void)
{
    test_f32_nan_patterns();
    test_f64_nan_patterns();
    test_integers_and_types();
    test_v128_lanes();
    test_references();
    test_either();
    if (failures)
        fprintf(stderr, "%d checks failed\n", failures);
    else
        printf("all checks passed\n");
    return failures != 0;
}
