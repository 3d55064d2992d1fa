/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_utf8.c — UTF-8 well-formedness as WebAssembly names require it:
 * boundaries of every sequence length, overlong forms, surrogates, values
 * above U+10FFFF, truncation, and an exhaustive comparison against an
 * independent decode-then-reencode check over all 1..3 byte strings. */
#include <stdint.h>
#include "base/utf8.h"
#include "check.h"

#define VALID(...) base_utf8_valid((const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

/* Encodes code point cp (shortest form); returns the length. */
static size_t encode(uint32_t cp, uint8_t *out)
{
    if (cp < 0x80) { out[0] = (uint8_t)cp; return 1; }
    if (cp < 0x800) { out[0] = (uint8_t)(0xC0 | cp >> 6); out[1] = (uint8_t)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        out[0] = (uint8_t)(0xE0 | cp >> 12);
        out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | cp >> 18);
    out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

/* Reference check: decode greedily by the lead byte's declared length
 * (accepting anything), then require each decoded scalar to re-encode to
 * exactly the same bytes and to be a Unicode scalar value. */
static int ref_valid(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t b = s[i];
        size_t n = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0 || i + n > len) return 0;
        uint32_t cp = n == 1 ? b : (uint32_t)(b & (0x7F >> n));
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        uint8_t again[4];
        if (encode(cp, again) != n || memcmp(again, s + i, n) != 0) return 0;
        i += n;
    }
    return 1;
}

static void test_utf8_ascii_and_empty(void)
{
    CHECK(base_utf8_valid((const uint8_t *)"", 0));
    CHECK(base_utf8_valid(NULL, 0));
    CHECK(VALID('a', 'b', 'c'));
    CHECK(VALID(0x00)); /* NUL is a valid character in names */
    CHECK(VALID(0x7F));
}

static void test_utf8_boundaries(void)
{
    static const uint32_t ok[] = {0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        uint8_t b[4];
        size_t n = encode(ok[i], b);
        CHECK_MSG(base_utf8_valid(b, n), "U+%04X", ok[i]);
    }
}

static void test_utf8_overlong(void)
{
    CHECK(!VALID(0xC0, 0x80));
    CHECK(!VALID(0xC1, 0xBF));
    CHECK(!VALID(0xE0, 0x80, 0x80));
    CHECK(!VALID(0xE0, 0x9F, 0xBF));
    CHECK(!VALID(0xF0, 0x80, 0x80, 0x80));
    CHECK(!VALID(0xF0, 0x8F, 0xBF, 0xBF));
}

static void test_utf8_surrogates_and_range(void)
{
    CHECK(!VALID(0xED, 0xA0, 0x80)); /* U+D800 */
    CHECK(!VALID(0xED, 0xBF, 0xBF)); /* U+DFFF */
    CHECK(!VALID(0xF4, 0x90, 0x80, 0x80)); /* U+110000 */
    CHECK(!VALID(0xF5, 0x80, 0x80, 0x80));
    CHECK(!VALID(0xF8, 0x88, 0x80, 0x80, 0x80));
    CHECK(!VALID(0xFF));
    CHECK(!VALID(0xFE));
}

static void test_utf8_truncated_and_stray(void)
{
    CHECK(!VALID(0xC2));
    CHECK(!VALID(0xE2, 0x82));
    CHECK(!VALID(0xF0, 0x9F, 0x98));
    CHECK(!VALID(0x80));
    CHECK(!VALID('a', 0xBF));
    CHECK(!VALID(0xC2, 0x41));
    CHECK(!VALID(0xE2, 0x28, 0xA1));
    CHECK(VALID(0xF0, 0x9F, 0x98, 0x80, 'x'));
}

static void test_utf8_exhaustive_short(void)
{
    uint8_t b[3];
    for (unsigned a = 0; a < 256; a++) {
        b[0] = (uint8_t)a;
        CHECK_MSG(base_utf8_valid(b, 1) == (ref_valid(b, 1) != 0), "%02x", a);
        for (unsigned c = 0; c < 256; c++) {
            b[1] = (uint8_t)c;
            CHECK_MSG(base_utf8_valid(b, 2) == (ref_valid(b, 2) != 0), "%02x %02x", a, c);
            for (unsigned e = 0; e < 256; e++) {
                b[2] = (uint8_t)e;
                CHECK_MSG(base_utf8_valid(b, 3) == (ref_valid(b, 3) != 0), "%02x %02x %02x", a, c, e);
            }
        }
    }
}

static void test_utf8_every_scalar(void)
{
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        uint8_t b[4];
        size_t n = encode(cp, b);
        int surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        CHECK_MSG(base_utf8_valid(b, n) == !surrogate, "U+%04X", cp);
    }
}

int main(void)
{
    RUN(test_utf8_ascii_and_empty);
    RUN(test_utf8_boundaries);
    RUN(test_utf8_overlong);
    RUN(test_utf8_surrogates_and_range);
    RUN(test_utf8_truncated_and_stray);
    RUN(test_utf8_exhaustive_short);
    RUN(test_utf8_every_scalar);
    return 0;
}
