/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_module.c — modules: decode and validation errors as statuses,
 * import/export inspection, eager compilation, misuse. */
#include "harness.h"
#include "modules.h"

static const uint8_t bad_magic[] = {0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00};
static const uint8_t truncated[] = {0x00, 0x61, 0x73};
/* (func (result i32)) with an empty body: "type mismatch". */
static const uint8_t invalid_body[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,   /* type section */
    0x03, 0x02, 0x01, 0x00,                     /* function section */
    0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,         /* code section */
};
static const uint8_t empty_module[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
/* (func (param v128 v128 v128) (result v128)
 *   (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))) */
static const uint8_t relaxed_madd[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, /* type section */
    0x03, 0x02, 0x01, 0x00,                                     /* function section */
    0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02,
    0xfd, 0x85, 0x02, 0x0b,                                     /* 0xFD 0x105, end */
};

static void module_bad_magic_is_malformed(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_module_t *m = (wasmcell_module_t *)1;
    wasmcell_error_t *e = NULL;
    CHECK_STATUS(wasmcell_module_new(engine, bad_magic, sizeof bad_magic, &m, &e),
                 WASMCELL_ERR_MALFORMED);
    CHECK(m == NULL);
    CHECK(wasmcell_error_status(e) == WASMCELL_ERR_MALFORMED);
    CHECK_CONTAINS(wasmcell_error_message(e), "magic");
    wasmcell_error_delete(e);
    wasmcell_engine_delete(engine);
}

static void module_truncated_is_malformed(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_module_t *m = NULL;
    CHECK_STATUS(wasmcell_module_new(engine, truncated, sizeof truncated, &m, NULL),
                 WASMCELL_ERR_MALFORMED);
    CHECK_STATUS(wasmcell_module_validate(engine, truncated, 0, NULL), WASMCELL_ERR_MALFORMED);
    wasmcell_engine_delete(engine);
}

static void module_type_mismatch_is_invalid(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_module_t *m = NULL;
    wasmcell_error_t *e = NULL;
    CHECK_STATUS(wasmcell_module_new(engine, invalid_body, sizeof invalid_body, &m, &e),
                 WASMCELL_ERR_INVALID);
    CHECK_CONTAINS(wasmcell_error_message(e), "type mismatch");
    wasmcell_error_delete(e);
    e = NULL;
    CHECK_STATUS(wasmcell_module_validate(engine, invalid_body, sizeof invalid_body, &e),
                 WASMCELL_ERR_INVALID);
    CHECK(e != NULL);
    wasmcell_error_delete(e);
    wasmcell_engine_delete(engine);
}

static void module_validate_accepts_valid(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_error_t *e = NULL;
    CHECK_STATUS(wasmcell_module_validate(engine, wasm_basic, sizeof wasm_basic, &e), WASMCELL_OK);
    CHECK(e == NULL);
    CHECK_STATUS(wasmcell_module_validate(engine, empty_module, sizeof empty_module, NULL),
                 WASMCELL_OK);
    wasmcell_engine_delete(engine);
}

static void module_imports_listed_in_order(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_module_t *m = MODULE(engine, wasm_host_calls);
    if (!m) goto out;
    CHECK(wasmcell_module_import_count(m) == 3);
    wasmcell_import_desc_t d;
    CHECK_STATUS(wasmcell_module_import(m, 0, &d), WASMCELL_OK);
    CHECK(strcmp(d.module, "host") == 0 && strcmp(d.name, "sum_mem") == 0);
    CHECK(d.kind == WASMCELL_EXTERN_FUNC);
    CHECK_STATUS(wasmcell_module_import(m, 2, &d), WASMCELL_OK);
    CHECK(strcmp(d.name, "quit") == 0);
    CHECK_STATUS(wasmcell_module_import(m, 3, &d), WASMCELL_ERR_NOT_FOUND);
    CHECK_STATUS(wasmcell_module_import(m, 0, NULL), WASMCELL_ERR_MISUSE);
    wasmcell_module_delete(m);
out:
    wasmcell_engine_delete(engine);
}

static void module_exports_listed_with_kinds(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_module_t *m = MODULE(engine, wasm_exporter);
    if (!m) goto out;
    static const struct { const char *name; wasmcell_extern_kind_t kind; } want[] = {
        {"mem", WASMCELL_EXTERN_MEMORY}, {"tab", WASMCELL_EXTERN_TABLE},
        {"tab_unbounded", WASMCELL_EXTERN_TABLE}, {"gm", WASMCELL_EXTERN_GLOBAL},
        {"gi", WASMCELL_EXTERN_GLOBAL}, {"f", WASMCELL_EXTERN_FUNC},
        {"call", WASMCELL_EXTERN_FUNC}, {"load", WASMCELL_EXTERN_FUNC},
    };
    CHECK(wasmcell_module_export_count(m) == sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        wasmcell_export_desc_t d;
        CHECK_STATUS(wasmcell_module_export(m, i, &d), WASMCELL_OK);
        CHECK(strcmp(d.name, want[i].name) == 0);
        CHECK(d.kind == want[i].kind);
    }
    wasmcell_export_desc_t d;
    CHECK_STATUS(wasmcell_module_export(m, 99, &d), WASMCELL_ERR_NOT_FOUND);
    wasmcell_module_delete(m);
out:
    wasmcell_engine_delete(engine);
}

static void module_misuse_null_arguments(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_module_t *m = NULL;
    wasmcell_error_t *e = NULL;
    CHECK_STATUS(wasmcell_module_new(NULL, wasm_basic, sizeof wasm_basic, &m, &e),
                 WASMCELL_ERR_MISUSE);
    CHECK(wasmcell_error_status(e) == WASMCELL_ERR_MISUSE);
    wasmcell_error_delete(e);
    CHECK_STATUS(wasmcell_module_new(engine, NULL, 10, &m, NULL), WASMCELL_ERR_MISUSE);
    CHECK_STATUS(wasmcell_module_new(engine, wasm_basic, sizeof wasm_basic, NULL, NULL),
                 WASMCELL_ERR_MISUSE);
    CHECK_STATUS(wasmcell_module_compile_all(NULL, NULL), WASMCELL_ERR_MISUSE);
    CHECK(wasmcell_module_import_count(NULL) == 0);
    CHECK(wasmcell_module_export_count(NULL) == 0);
    wasmcell_module_delete(NULL);
    wasmcell_engine_delete(engine);
}

static void module_compile_all_translates_every_function(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_module_t *m = MODULE(engine, wasm_exporter);
    if (!m) goto out;
    wasmcell_error_t *e = NULL;
    CHECK_STATUS(wasmcell_module_compile_all(m, &e), WASMCELL_OK);
    if (e) fprintf(stderr, "  %s\n", wasmcell_error_message(e));
    wasmcell_error_delete(e);
    /* A second time finds everything compiled. */
    CHECK_STATUS(wasmcell_module_compile_all(m, NULL), WASMCELL_OK);
    wasmcell_module_delete(m);
out:
    wasmcell_engine_delete(engine);
}

static void engine_config_defaults(void)
{
    wasmcell_config_t c;
    memset(&c, 0xff, sizeof c);
    wasmcell_config_init(&c);
    CHECK(c.max_memory_bytes == 65536ull * 65536);
    CHECK(c.max_table_elems == 10000000);
    CHECK(c.max_stack_bytes == 8u << 20);
    CHECK(c.max_call_depth == 100000);
    wasmcell_engine_t *engine = wasmcell_engine_new(&c);
    CHECK(engine != NULL);
    wasmcell_engine_delete(engine);
    wasmcell_engine_delete(NULL);
}

/* wasm_features: relaxed SIMD only with WASMCELL_FEATURE_RELAXED_SIMD (or
 * 0, every feature); without it 0xFD 0x105 is an illegal opcode. */
static void module_relaxed_simd_needs_its_feature_bit(void)
{
    static const uint32_t refused[] = {WASMCELL_FEATURES_2_0,
                                       WASMCELL_FEATURE_EXTENDED_CONST | WASMCELL_FEATURE_TAIL_CALL};
    static const uint32_t accepted[] = {0, WASMCELL_FEATURE_RELAXED_SIMD,
                                        WASMCELL_FEATURES_2_0 | WASMCELL_FEATURE_RELAXED_SIMD};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        wasmcell_config_t c;
        wasmcell_config_init(&c);
        c.wasm_features = refused[i];
        wasmcell_engine_t *engine = wasmcell_engine_new(&c);
        wasmcell_module_t *m = NULL;
        wasmcell_error_t *e = NULL;
        CHECK_STATUS(wasmcell_module_new(engine, relaxed_madd, sizeof relaxed_madd, &m, &e),
                     WASMCELL_ERR_MALFORMED);
        CHECK_CONTAINS(wasmcell_error_message(e), "illegal opcode");
        wasmcell_error_delete(e);
        wasmcell_engine_delete(engine);
    }
    for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
        wasmcell_config_t c;
        wasmcell_config_init(&c);
        c.wasm_features = accepted[i];
        wasmcell_engine_t *engine = wasmcell_engine_new(&c);
        wasmcell_module_t *m = NULL;
        CHECK_STATUS(wasmcell_module_new(engine, relaxed_madd, sizeof relaxed_madd, &m, NULL),
                     WASMCELL_OK);
        CHECK_STATUS(wasmcell_module_compile_all(m, NULL), WASMCELL_OK);
        wasmcell_module_delete(m);
        wasmcell_engine_delete(engine);
    }
}

int main(int argc, char **argv)
{
    static const harness_test_t tests[] = {
        TEST(module_bad_magic_is_malformed),
        TEST(module_truncated_is_malformed),
        TEST(module_type_mismatch_is_invalid),
        TEST(module_validate_accepts_valid),
        TEST(module_imports_listed_in_order),
        TEST(module_exports_listed_with_kinds),
        TEST(module_misuse_null_arguments),
        TEST(module_compile_all_translates_every_function),
        TEST(engine_config_defaults),
        TEST(module_relaxed_simd_needs_its_feature_bit),
    };
    return harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
