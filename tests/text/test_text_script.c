/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_text_script.c — .wast scripts through the public API
 * (wasmcell_wast_parse): command kinds, module forms (text, binary, quote,
 * definition/instance), actions, result patterns, and syntax errors. */
#include "check.h"
#include "wasmcell_text.h"

static wasmcell_wast_t *script;

static size_t parse(const char *text, wasmcell_status_t want)
{
    wasmcell_wast_delete(script);
    script = NULL;
    wasmcell_error_t *error = NULL;
    wasmcell_status_t st = wasmcell_wast_parse(text, strlen(text), &script, &error);
    CHECK_MSG(st == want, "%s: status %d (%s)", text, (int)st, error ? wasmcell_error_message(error) : "");
    wasmcell_error_delete(error);
    return wasmcell_wast_count(script);
}

static void test_module_forms(void)
{
    CHECK(parse("(module $M (func)) (module binary \"\\00asm\" \"\\01\\00\\00\\00\")"
                "(module quote \"(func\" \")\") (module definition $D) (module instance $I $D)",
                WASMCELL_OK) == 5);
    const wasmcell_wast_command_t *c = wasmcell_wast_at(script, 0);
    CHECK(c->kind == WASMCELL_WAST_MODULE && c->module_bytes && strcmp(c->module_id, "M") == 0);
    c = wasmcell_wast_at(script, 1);
    CHECK(!c->module_is_text && c->module_size == 8);
    c = wasmcell_wast_at(script, 2);
    CHECK(c->module_is_text && c->module_bytes && c->module_size > 8);
    CHECK(wasmcell_wast_at(script, 3)->module_definition);
    c = wasmcell_wast_at(script, 4);
    CHECK(c->kind == WASMCELL_WAST_MODULE_INSTANCE && strcmp(c->instance_of, "D") == 0);
}

static void test_malformed_quote_is_a_command(void)
{
    CHECK(parse("(assert_malformed (module quote \"(func (i32.const 1x))\") \"unknown operator\")",
                WASMCELL_OK) == 1);
    const wasmcell_wast_command_t *c = wasmcell_wast_at(script, 0);
    CHECK(c->kind == WASMCELL_WAST_ASSERT_MALFORMED && !c->module_bytes && c->module_error);
    CHECK(strcmp(c->message, "unknown operator") == 0);
}

static void test_actions_and_patterns(void)
{
    CHECK(parse("(assert_return (invoke $M \"f\" (i32.const -1) (ref.extern 3))\n"
                "  (f32.const nan:canonical) (v128.const f64x2 nan:arithmetic 1) (ref.func)"
                "  (either (i32.const 1) (i32.const 2)))\n"
                "(assert_trap (invoke \"t\") \"unreachable\") (get \"g\") (register \"R\" $M)",
                WASMCELL_OK) == 4);
    const wasmcell_wast_command_t *c = wasmcell_wast_at(script, 0);
    CHECK(c->nargs == 2 && c->args[0].bytes[0] == 0xff && c->args[1].kind == WASMCELL_WAST_REF_EXTERN &&
          c->args[1].payload == 3);
    CHECK(c->nexpected == 4 && c->expected[0].nan[0] == 1 && c->expected[1].nan[0] == 2 &&
          c->expected[1].nan[1] == 0 && c->expected[2].kind == WASMCELL_WAST_REF_FUNC &&
          c->expected[3].nalternatives == 2);
    CHECK(wasmcell_wast_at(script, 1)->line == 3);
    CHECK(wasmcell_wast_at(script, 2)->action_is_get);
    CHECK(wasmcell_wast_at(script, 3)->kind == WASMCELL_WAST_REGISTER);
}

static void test_syntax_error_keeps_earlier_commands(void)
{
    CHECK(parse("(module)\n(bogus)", WASMCELL_ERR_MALFORMED) == 1);
    CHECK(parse("(module)\n(module", WASMCELL_ERR_MALFORMED) == 0);
}

int main(void)
{
    RUN(test_module_forms);
    RUN(test_malformed_quote_is_a_command);
    RUN(test_actions_and_patterns);
    RUN(test_syntax_error_keeps_earlier_commands);
    wasmcell_wast_delete(script);
    return 0;
}
