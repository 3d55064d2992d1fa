/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_text_literal.c — tokens and literals of the text format: integers
 * (ranges, underscores, hex), floats (hex floats, rounding, inf, nan
 * payloads, range errors), strings (escapes, UTF-8), comments, annotations,
 * line:column in lexical errors. */
#include <math.h>
#include <stdint.h>

#include "check.h"
#include "text/text.h"

/* Lexes `text` to exactly one token (besides EOF) and returns a copy. */
static txt_lexed_t lexed;
static const txt_tok_t *one(const char *text)
{
    char err[256];
    txt_lexed_fini(&lexed);
    CHECK_MSG(txt_lex(text, strlen(text), &lexed, err, sizeof err), "%s: %s", text, err);
    CHECK_MSG(lexed.count == 2, "%s: %zu tokens", text, lexed.count);
    return &lexed.toks[0];
}

static bool lex_error(const char *text, const char *want)
{
    char err[256] = "";
    txt_lexed_t lx;
    if (txt_lex(text, strlen(text), &lx, err, sizeof err)) {
        txt_lexed_fini(&lx);
        return false;
    }
    if (!strstr(err, want))
        fprintf(stderr, "lex error \"%s\" lacks \"%s\"\n", err, want);
    return strstr(err, want) != NULL;
}

static uint64_t int_of(const char *text, unsigned bits, bool *ok)
{
    uint64_t v = 0;
    *ok = txt_parse_int(one(text), bits, &v);
    return v;
}

static void test_int_ranges(void)
{
    bool ok;
    CHECK(int_of("0xffffffff", 32, &ok) == 0xffffffffu && ok);
    CHECK(int_of("-0x80000000", 32, &ok) == 0x80000000u && ok);
    int_of("0x100000000", 32, &ok);
    CHECK(!ok && strcmp(txt_number_error(NULL), "constant out of range") == 0);
    int_of("-2147483649", 32, &ok);
    CHECK(!ok);
    CHECK(int_of("18446744073709551615", 64, &ok) == UINT64_MAX && ok);
    int_of("18446744073709551616", 64, &ok);
    CHECK(!ok);
    CHECK(int_of("-9223372036854775808", 64, &ok) == 0x8000000000000000ull && ok);
    CHECK(int_of("-1", 32, &ok) == 0xffffffffu && ok);
}

static void test_int_underscores(void)
{
    bool ok;
    CHECK(int_of("1_000_000", 32, &ok) == 1000000 && ok);
    CHECK(int_of("0x0_9acf_fBDF", 32, &ok) == 0x9acffbdfu && ok);
    int_of("1__0", 32, &ok);
    CHECK(!ok);
    int_of("0x_1", 32, &ok);
    CHECK(!ok);
    CHECK(lex_error("1_", "") || (int_of("1_", 32, &ok), !ok));
    CHECK(lex_error("0xg", "") || (int_of("0xg", 32, &ok), !ok));
    uint64_t v;
    CHECK(!txt_parse_uint(one("-1"), 32, &v)); /* unsigned: no sign */
}

static uint32_t f32_of(const char *text, bool *ok)
{
    uint32_t bits = 0;
    *ok = txt_parse_f32(one(text), &bits);
    return bits;
}

static uint64_t f64_of(const char *text, bool *ok)
{
    uint64_t bits = 0;
    *ok = txt_parse_f64(one(text), &bits);
    return bits;
}

static void test_hex_floats(void)
{
    bool ok;
    CHECK(f32_of("0x1p-149", &ok) == 1 && ok);                 /* smallest subnormal */
    CHECK(f32_of("0x1.fffffep127", &ok) == 0x7f7fffffu && ok); /* largest finite */
    CHECK(f32_of("0x1.fffffefffffffffffp127", &ok) == 0x7f7fffffu && ok);
    f32_of("0x1.ffffffp127", &ok); /* rounds to infinity */
    CHECK(!ok && strcmp(txt_number_error(NULL), "constant out of range") == 0);
    /* ties to even at 2^-50 scale (spec const.wast) */
    CHECK(f32_of("+0x1.00000100000000000p-50", &ok) == f32_of("0x1.000000p-50", &ok));
    CHECK(f32_of("+0x1.00000100000000001p-50", &ok) == f32_of("0x1.000002p-50", &ok));
    CHECK(f64_of("0x1.fffffffffffffp1023", &ok) == 0x7fefffffffffffffull && ok);
    CHECK(f64_of("0x1p", &ok) == 0 && !ok);
    CHECK(f64_of("0x.p1", &ok) == 0 && !ok);
}

static void test_decimal_floats(void)
{
    bool ok;
    CHECK(f32_of("1.5", &ok) == 0x3fc00000u && ok);
    CHECK(f32_of("-0", &ok) == 0x80000000u && ok);
    CHECK(f32_of("1e10", &ok) == 0x501502f9u && ok);
    CHECK(f32_of("1_000.000_1", &ok) && ok);
    CHECK(f64_of("0.1", &ok) == 0x3fb999999999999aull && ok);
    CHECK(f64_of("1e309", &ok) == 0 && !ok);
    CHECK(f64_of("1.e", &ok) == 0 && !ok);
    CHECK(f32_of("1", &ok) == 0x3f800000u && ok); /* integer syntax is a float too */
}

static void test_inf_nan(void)
{
    bool ok;
    CHECK(f32_of("inf", &ok) == 0x7f800000u && ok);
    CHECK(f32_of("-inf", &ok) == 0xff800000u && ok);
    CHECK(f32_of("nan", &ok) == 0x7fc00000u && ok);
    CHECK(f32_of("-nan", &ok) == 0xffc00000u && ok);
    CHECK(f32_of("nan:0x200000", &ok) == 0x7fa00000u && ok);
    CHECK(f32_of("nan:0x7f_ffff", &ok) == 0x7fffffffu && ok);
    f32_of("nan:0x800000", &ok);
    CHECK(!ok);
    f32_of("nan:0x0", &ok);
    CHECK(!ok);
    CHECK(f64_of("-nan:0xf_ffff_ffff_ffff", &ok) == 0xffffffffffffffffull && ok);
    f64_of("nan:0x10000000000000", &ok);
    CHECK(!ok);
}

static void decoded(const char *text, const char *want, size_t want_len)
{
    txt_buf_t b = {0};
    txt_string_decode(one(text), &b);
    CHECK_MSG(b.len == want_len && memcmp(b.data, want, want_len) == 0, "%s: %zu bytes", text, b.len);
    txt_buf_fini(&b);
}

static void test_string_escapes(void)
{
    decoded("\"a\\tb\\n\\r\\\"\\'\\\\\"", "a\tb\n\r\"'\\", 8);
    decoded("\"\\00\\ff\\7F\"", "\0\xff\x7f", 3);
    decoded("\"\\u{0}\\u{e9}\\u{1F600}\"", "\0\xc3\xa9\xf0\x9f\x98\x80", 7);
    decoded("\"h\xc3\xa9\"", "h\xc3\xa9", 3); /* raw UTF-8 */
    CHECK(lex_error("\"\\u{D800}\"", "unicode"));
    CHECK(lex_error("\"\\u{110000}\"", "unicode"));
    CHECK(lex_error("\"\\x\"", "escape"));
    CHECK(lex_error("\"\\0\"", "escape"));
    CHECK(lex_error("\"abc", "unclosed string"));
    CHECK(lex_error("\"\xc3\"", "UTF-8"));
    CHECK(lex_error("\"\xed\xa0\x80\"", "UTF-8")); /* surrogate */
    CHECK(lex_error("\"a\x01\"", "control character"));
}

static void test_comments_and_annotations(void)
{
    CHECK(one("(; a (; nested ;) b ;) x ;; line")->kind == TK_KEYWORD);
    CHECK(one("(@a (b \"c)\" ;; )\n) d) x")->kind == TK_KEYWORD);
    CHECK(lex_error("(; never closed", "unclosed block comment"));
    CHECK(lex_error("(@ x)", "empty annotation id"));
    CHECK(lex_error("(@a \x01)", "illegal character"));
    CHECK(lex_error("x \x01", "illegal character"));
    CHECK(lex_error("x \xff", "malformed UTF-8"));
}

static void test_ids_and_separation(void)
{
    const txt_tok_t *t = one("$\"a b\"");
    CHECK(t->kind == TK_ID && t->name_len == 3 && memcmp(t->name, "a b", 3) == 0);
    t = one("$abc");
    CHECK(t->kind == TK_ID && t->name_len == 3);
    CHECK(lex_error("$\"\"", "empty identifier"));
    CHECK(lex_error("1x\"a\"", "separated"));
    CHECK(lex_error("\"a\"\"b\"", "separated"));
}

static void test_error_positions(void)
{
    CHECK(lex_error("(module\n  (func)\n   \"abc", "3:4:"));
    CHECK(lex_error("(module\n  )\n)", "3:1: unexpected ')'"));
    CHECK(lex_error("(module\n  (func", "2:3: unclosed '('"));
}

int main(void)
{
    RUN(test_int_ranges);
    RUN(test_int_underscores);
    RUN(test_hex_floats);
    RUN(test_decimal_floats);
    RUN(test_inf_nan);
    RUN(test_string_escapes);
    RUN(test_comments_and_annotations);
    RUN(test_ids_and_separation);
    RUN(test_error_positions);
    txt_lexed_fini(&lexed);
    return 0;
}
