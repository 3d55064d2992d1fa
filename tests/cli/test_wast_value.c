/* test_wast_value.c — the value rules of `wasmcell wast` (cli/wast_value.c)
 * and its JSON reader (cli/json.c), fed with wast2json-shaped text:
 * NaN patterns, v128 lanes, references, escapes.
 */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "wast.h"

static int failures;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                          \
        }                                                                        \
    } while (0)

static json_t *parse(const char *text)
{
    char err[128];
    json_t *j = json_parse(text, strlen(text), err, sizeof err);
    if (!j)
        fprintf(stderr, "parse error: %s in %s\n", err, text);
    return j;
}

/* Does the actual value (an argument in JSON) match the expected one? */
static int matches(const char *expected_json, const char *actual_json)
{
    char why[128];
    wast_expected_t e;
    wasmcell_val_t v;
    json_t *je = parse(expected_json), *ja = parse(actual_json);
    int ok = je && ja && wast_parse_expected(je, &e, why, sizeof why) &&
                     wast_parse_arg(ja, &v, why, sizeof why)
                 ? wast_value_matches(&e, &v)
                 : -1;
    json_free(je);
    json_free(ja);
    return ok;
}

static void test_f32_nan_patterns(void)
{
    const char *canon = "{\"type\": \"f32\", \"value\": \"nan:canonical\"}";
    const char *arith = "{\"type\": \"f32\", \"value\": \"nan:arithmetic\"}";
    CHECK(matches(canon, "{\"type\": \"f32\", \"value\": \"2143289344\"}") == 1);  /* 0x7fc00000 */
    CHECK(matches(canon, "{\"type\": \"f32\", \"value\": \"4290772992\"}") == 1);  /* 0xffc00000 */
    CHECK(matches(canon, "{\"type\": \"f32\", \"value\": \"2145386496\"}") == 0);  /* 0x7fe00000 */
    CHECK(matches(arith, "{\"type\": \"f32\", \"value\": \"2145386496\"}") == 1);  /* quiet, payload */
    CHECK(matches(arith, "{\"type\": \"f32\", \"value\": \"2141192192\"}") == 0);  /* 0x7fa00000 signalling */
    CHECK(matches(arith, "{\"type\": \"f32\", \"value\": \"2139095040\"}") == 0);  /* +inf */
    CHECK(matches("{\"type\": \"f32\", \"value\": \"2147483648\"}",              /* -0 vs +0 */
                  "{\"type\": \"f32\", \"value\": \"0\"}") == 0);
}

static void test_f64_nan_patterns(void)
{
    const char *canon = "{\"type\": \"f64\", \"value\": \"nan:canonical\"}";
    const char *arith = "{\"type\": \"f64\", \"value\": \"nan:arithmetic\"}";
    CHECK(matches(canon, "{\"type\": \"f64\", \"value\": \"9221120237041090560\"}") == 1);  /* 0x7ff8.. */
    CHECK(matches(canon, "{\"type\": \"f64\", \"value\": \"18444492273895866368\"}") == 1); /* 0xfff8.. */
    CHECK(matches(canon, "{\"type\": \"f64\", \"value\": \"9221120237041090561\"}") == 0);
    CHECK(matches(arith, "{\"type\": \"f64\", \"value\": \"9221120237041090561\"}") == 1);
    CHECK(matches(arith, "{\"type\": \"f64\", \"value\": \"9219994337134247936\"}") == 0);  /* 0x7ff4.. */
}

static void test_integers_and_types(void)
{
    CHECK(matches("{\"type\": \"i32\", \"value\": \"4294967295\"}",
                  "{\"type\": \"i32\", \"value\": \"-1\"}") == 1);
    CHECK(matches("{\"type\": \"i64\", \"value\": \"18446744073709551615\"}",
                  "{\"type\": \"i64\", \"value\": \"18446744073709551615\"}") == 1);
    CHECK(matches("{\"type\": \"i32\", \"value\": \"1\"}", "{\"type\": \"i64\", \"value\": \"1\"}") == 0);
    CHECK(matches("{\"type\": \"i32\", \"value\": \"x\"}", "{\"type\": \"i32\", \"value\": \"1\"}") == -1);
}

static void test_v128_lanes(void)
{
    const char *i32s = "{\"type\": \"v128\", \"lane_type\": \"i32\", \"value\": [\"1\", \"2\", \"3\", \"4294967295\"]}";
    const char *i16s = "{\"type\": \"v128\", \"lane_type\": \"i16\", "
                       "\"value\": [\"1\", \"0\", \"2\", \"0\", \"3\", \"0\", \"65535\", \"65535\"]}";
    CHECK(matches(i16s, i32s) == 1); /* the same 16 bytes, other lanes */
    CHECK(matches(i32s, "{\"type\": \"v128\", \"lane_type\": \"i32\", \"value\": [\"1\", \"2\", \"3\", \"4\"]}") == 0);
    const char *nans = "{\"type\": \"v128\", \"lane_type\": \"f32\", "
                       "\"value\": [\"nan:canonical\", \"nan:arithmetic\", \"0\", \"1065353216\"]}";
    CHECK(matches(nans, "{\"type\": \"v128\", \"lane_type\": \"f32\", "
                        "\"value\": [\"4290772992\", \"2145386496\", \"0\", \"1065353216\"]}") == 1);
    CHECK(matches(nans, "{\"type\": \"v128\", \"lane_type\": \"f32\", "
                        "\"value\": [\"2145386496\", \"2145386496\", \"0\", \"1065353216\"]}") == 0);
    CHECK(matches("{\"type\": \"v128\", \"lane_type\": \"i32\", \"value\": [\"1\"]}", i32s) == -1);
}

static void test_references(void)
{
    CHECK(matches("{\"type\": \"externref\", \"value\": \"0\"}",
                  "{\"type\": \"externref\", \"value\": \"0\"}") == 1);
    CHECK(matches("{\"type\": \"externref\", \"value\": \"null\"}",
                  "{\"type\": \"externref\", \"value\": \"0\"}") == 0); /* ref.extern 0 is not null */
    CHECK(matches("{\"type\": \"externref\", \"value\": \"null\"}",
                  "{\"type\": \"externref\", \"value\": \"null\"}") == 1);
    CHECK(matches("{\"type\": \"funcref\", \"value\": \"null\"}",
                  "{\"type\": \"funcref\", \"value\": \"null\"}") == 1);
    char why[128];
    wasmcell_val_t v;
    json_t *j = parse("{\"type\": \"externref\", \"value\": \"41\"}");
    CHECK(j && wast_parse_arg(j, &v, why, sizeof why) && v.of.externref == (void *)(uintptr_t)42);
    json_free(j);
}

static void test_json_escapes(void)
{
    json_t *j = parse("{\"field\": \"a\\u0000b\\n\\u00e9\\ud83d\\ude00\\\"\", \"n\": [1, 2.5, -3e2, true, null]}");
    const json_t *f = json_get(j, "field");
    CHECK(f && f->kind == JSON_STRING && f->str_len == 11 &&
          memcmp(f->str, "a\0b\n\xc3\xa9\xf0\x9f\x98\x80\"", 11) == 0);
    CHECK(json_len(json_get(j, "n")) == 5 && json_at(json_get(j, "n"), 2)->number == -300);
    json_free(j);
    char err[64];
    CHECK(json_parse("{\"a\": }", 7, err, sizeof err) == NULL && strstr(err, "line 1"));
    CHECK(json_parse("[1, 2", 5, err, sizeof err) == NULL);
    CHECK(json_parse("\"abc", 4, err, sizeof err) == NULL);
    CHECK(json_parse("[1] x", 5, err, sizeof err) == NULL);
}

int main(void)
{
    test_f32_nan_patterns();
    test_f64_nan_patterns();
    test_integers_and_types();
    test_v128_lanes();
    test_references();
    test_json_escapes();
    if (failures)
        fprintf(stderr, "%d checks failed\n", failures);
    else
        printf("all checks passed\n");
    return failures != 0;
}
