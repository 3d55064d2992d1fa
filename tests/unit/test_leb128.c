/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_leb128.c — strict LEB128 decoding: every length limit, overflow of
 * the final byte, signed edge cases, and where the reader stops. */
#include <stdint.h>
#include "base/reader.h"
#include "check.h"

#define BYTES(...) ((const uint8_t[]){__VA_ARGS__}), sizeof((const uint8_t[]){__VA_ARGS__})

static base_rd_status_t u32_of(const uint8_t *b, size_t n, uint32_t *v, size_t *used)
{
    base_reader_t r;
    base_reader_init(&r, b, n);
    base_rd_status_t s = base_read_u32(&r, v);
    *used = base_reader_offset(&r);
    return s;
}

static base_rd_status_t u64_of(const uint8_t *b, size_t n, uint64_t *v, size_t *used)
{
    base_reader_t r;
    base_reader_init(&r, b, n);
    base_rd_status_t s = base_read_u64(&r, v);
    *used = base_reader_offset(&r);
    return s;
}

static base_rd_status_t s32_of(const uint8_t *b, size_t n, int32_t *v)
{
    base_reader_t r;
    base_reader_init(&r, b, n);
    return base_read_s32(&r, v);
}

static base_rd_status_t s33_of(const uint8_t *b, size_t n, int64_t *v)
{
    base_reader_t r;
    base_reader_init(&r, b, n);
    return base_read_s33(&r, v);
}

static base_rd_status_t s64_of(const uint8_t *b, size_t n, int64_t *v)
{
    base_reader_t r;
    base_reader_init(&r, b, n);
    return base_read_s64(&r, v);
}

static void test_leb128_u32_values(void)
{
    uint32_t v;
    size_t used;
    CHECK(u32_of(BYTES(0x00), &v, &used) == RD_OK && v == 0 && used == 1);
    CHECK(u32_of(BYTES(0x7F), &v, &used) == RD_OK && v == 127);
    CHECK(u32_of(BYTES(0x80, 0x01), &v, &used) == RD_OK && v == 128 && used == 2);
    CHECK(u32_of(BYTES(0xE5, 0x8E, 0x26), &v, &used) == RD_OK && v == 624485);
    CHECK(u32_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0x0F), &v, &used) == RD_OK && v == UINT32_MAX && used == 5);
    /* Padded (non-minimal) encodings are allowed up to the length limit. */
    CHECK(u32_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x00), &v, &used) == RD_OK && v == 0 && used == 5);
    CHECK(u32_of(BYTES(0x83, 0x80, 0x80, 0x80, 0x00), &v, &used) == RD_OK && v == 3);
    /* Trailing bytes are not consumed. */
    CHECK(u32_of(BYTES(0x05, 0xFF), &v, &used) == RD_OK && v == 5 && used == 1);
}

static void test_leb128_u32_overlong(void)
{
    uint32_t v;
    size_t used;
    /* Six bytes: the fifth still has its continuation bit. */
    CHECK(u32_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x80, 0x00), &v, &used) == RD_TOO_LONG);
    CHECK(used == 5); /* reported where the sixth byte starts */
    CHECK(u32_of(BYTES(0x82, 0x80, 0x80, 0x80, 0x80, 0x00), &v, &used) == RD_TOO_LONG);
    CHECK(u32_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0x8F, 0x00), &v, &used) == RD_TOO_LONG);
    /* Even when the input ends there, the length error wins. */
    CHECK(u32_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x80), &v, &used) == RD_TOO_LONG);
}

static void test_leb128_u32_too_large(void)
{
    uint32_t v;
    size_t used;
    /* Unused bits 4..6 of the fifth byte must be zero. */
    for (unsigned b = 0x10; b < 0x80; b += 0x10) {
        uint8_t enc[5] = {0xFF, 0xFF, 0xFF, 0xFF, (uint8_t)b};
        CHECK_MSG(u32_of(enc, 5, &v, &used) == RD_TOO_LARGE, "byte 0x%02x", b);
        CHECK(used == 4); /* reported at the offending byte */
    }
    CHECK(u32_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x1F), &v, &used) == RD_TOO_LARGE);
    /* Too large is detected before the continuation bit is looked at. */
    CHECK(u32_of(BYTES(0x80, 0x80, 0x80, 0x80, 0xF0, 0x00), &v, &used) == RD_TOO_LARGE);
}

static void test_leb128_u32_eof(void)
{
    uint32_t v;
    size_t used;
    CHECK(u32_of(NULL, 0, &v, &used) == RD_EOF && used == 0);
    CHECK(u32_of(BYTES(0x80), &v, &used) == RD_EOF && used == 1);
    CHECK(u32_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF), &v, &used) == RD_EOF && used == 4);
}

static void test_leb128_u64(void)
{
    uint64_t v;
    size_t used;
    CHECK(u64_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01), &v, &used) == RD_OK &&
          v == UINT64_MAX && used == 10);
    CHECK(u64_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00), &v, &used) == RD_OK && v == 0);
    CHECK(u64_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02), &v, &used) == RD_TOO_LARGE);
    CHECK(u64_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E), &v, &used) == RD_TOO_LARGE);
    CHECK(u64_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x81, 0x00), &v, &used) == RD_TOO_LONG);
    CHECK(used == 10);
    CHECK(u64_of(BYTES(0x80, 0x80, 0x80), &v, &used) == RD_EOF);
}

static void test_leb128_s32(void)
{
    int32_t v;
    CHECK(s32_of(BYTES(0x00), &v) == RD_OK && v == 0);
    CHECK(s32_of(BYTES(0x7F), &v) == RD_OK && v == -1);
    CHECK(s32_of(BYTES(0x3F), &v) == RD_OK && v == 63);
    CHECK(s32_of(BYTES(0x40), &v) == RD_OK && v == -64);
    CHECK(s32_of(BYTES(0xC0, 0x00), &v) == RD_OK && v == 64);
    CHECK(s32_of(BYTES(0xBF, 0x7F), &v) == RD_OK && v == -65);
    CHECK(s32_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0x07), &v) == RD_OK && v == INT32_MAX);
    CHECK(s32_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x78), &v) == RD_OK && v == INT32_MIN);
    /* Padded -1 and 0. */
    CHECK(s32_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0x7F), &v) == RD_OK && v == -1);
    CHECK(s32_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x00), &v) == RD_OK && v == 0);
    /* Bits 4..6 of the fifth byte must equal bit 3 (the sign). */
    CHECK(s32_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0x0F), &v) == RD_TOO_LARGE);
    CHECK(s32_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x70), &v) == RD_TOO_LARGE);
    CHECK(s32_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x10), &v) == RD_TOO_LARGE);
    CHECK(s32_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0x77), &v) == RD_TOO_LARGE);
    CHECK(s32_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x80, 0x00), &v) == RD_TOO_LONG);
    /* A fifth byte whose payload is a valid sign extension but which
     * continues is too long, even at the end of the input. */
    CHECK(s32_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F), &v) == RD_TOO_LONG);
    CHECK(s32_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0xFF), &v) == RD_TOO_LONG);
    CHECK(s32_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0x8F, 0x00), &v) == RD_TOO_LARGE);
    CHECK(s32_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0x87, 0x00), &v) == RD_TOO_LONG);
    CHECK(s32_of(BYTES(0xFF), &v) == RD_EOF);
}

static void test_leb128_s33(void)
{
    int64_t v;
    CHECK(s33_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0x0F), &v) == RD_OK && v == 4294967295LL);
    CHECK(s33_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x70), &v) == RD_OK && v == -4294967296LL);
    CHECK(s33_of(BYTES(0x40), &v) == RD_OK && v == -64);
    CHECK(s33_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x10), &v) == RD_TOO_LARGE);
    CHECK(s33_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x60), &v) == RD_TOO_LARGE);
    CHECK(s33_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x80, 0x00), &v) == RD_TOO_LONG);
}

static void test_leb128_s64(void)
{
    int64_t v;
    CHECK(s64_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00), &v) == RD_OK && v == INT64_MAX);
    CHECK(s64_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F), &v) == RD_OK && v == INT64_MIN);
    CHECK(s64_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F), &v) == RD_OK && v == -1);
    CHECK(s64_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01), &v) == RD_TOO_LARGE);
    CHECK(s64_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7E), &v) == RD_TOO_LARGE);
    CHECK(s64_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F), &v) == RD_TOO_LONG);
    CHECK(s64_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00), &v) == RD_TOO_LONG);
    CHECK(s64_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80), &v) == RD_TOO_LONG);
    CHECK(s64_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF), &v) == RD_TOO_LONG);
    /* The tenth byte's payload must be 0x00 or 0x7F, continuing or not. */
    CHECK(s64_of(BYTES(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x81, 0x00), &v) == RD_TOO_LARGE);
    CHECK(s64_of(BYTES(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40), &v) == RD_TOO_LARGE);
}

/* Encodes v in exactly `len` bytes (padded), as a producer may. */
static size_t enc_u(uint64_t v, uint8_t *out, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        out[i] = (uint8_t)(v & 0x7F) | (i + 1 < len ? 0x80 : 0);
        v >>= 7;
    }
    return len;
}

static size_t enc_s(int64_t v, uint8_t *out, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        out[i] = (uint8_t)(v & 0x7F) | (i + 1 < len ? 0x80 : 0);
        v >>= 7; /* arithmetic shift on the compilers we support */
    }
    return len;
}

static size_t min_len_u(uint64_t v)
{
    size_t n = 1;
    while (v >>= 7) n++;
    return n;
}

static size_t min_len_s(int64_t v)
{
    size_t n = 1;
    while (!((v >= -64 && v < 64))) {
        v >>= 7;
        n++;
    }
    return n;
}

static uint64_t next_rand(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

/* Every length from the minimal one to the limit decodes to the value. */
static void test_leb128_roundtrip_every_length(void)
{
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    uint8_t buf[16];
    for (int i = 0; i < 20000; i++) {
        uint64_t x = next_rand(&seed) >> (next_rand(&seed) % 64);
        uint32_t x32 = (uint32_t)x;
        for (size_t len = min_len_u(x32); len <= 5; len++) {
            uint32_t v;
            size_t used;
            CHECK(u32_of(buf, enc_u(x32, buf, len), &v, &used) == RD_OK && v == x32 && used == len);
        }
        for (size_t len = min_len_u(x); len <= 10; len++) {
            uint64_t v;
            size_t used;
            CHECK(u64_of(buf, enc_u(x, buf, len), &v, &used) == RD_OK && v == x && used == len);
        }
        int32_t s32 = (int32_t)x32;
        for (size_t len = min_len_s(s32); len <= 5; len++) {
            int32_t v;
            CHECK(s32_of(buf, enc_s(s32, buf, len), &v) == RD_OK && v == s32);
        }
        int64_t s64 = (int64_t)x;
        for (size_t len = min_len_s(s64); len <= 10; len++) {
            int64_t v;
            CHECK(s64_of(buf, enc_s(s64, buf, len), &v) == RD_OK && v == s64);
        }
        int64_t s33 = (int64_t)(x & 0x1FFFFFFFFull) - (int64_t)((x & 0x100000000ull) << 1);
        for (size_t len = min_len_s(s33); len <= 5; len++) {
            int64_t v;
            CHECK(s33_of(buf, enc_s(s33, buf, len), &v) == RD_OK && v == s33);
        }
    }
}

/* Values one past each type's range never decode. */
static void test_leb128_out_of_range(void)
{
    uint8_t buf[16];
    uint32_t u;
    size_t used;
    int32_t s;
    int64_t s33v;
    CHECK(u32_of(buf, enc_u((uint64_t)UINT32_MAX + 1, buf, 5), &u, &used) == RD_TOO_LARGE);
    CHECK(s32_of(buf, enc_s((int64_t)INT32_MAX + 1, buf, 5), &s) == RD_TOO_LARGE);
    CHECK(s32_of(buf, enc_s((int64_t)INT32_MIN - 1, buf, 5), &s) == RD_TOO_LARGE);
    CHECK(s33_of(buf, enc_s(4294967296LL, buf, 5), &s33v) == RD_TOO_LARGE);
    CHECK(s33_of(buf, enc_s(-4294967297LL, buf, 5), &s33v) == RD_TOO_LARGE);
}

static void test_reader_fixed_width(void)
{
    base_reader_t r;
    uint32_t f32;
    uint64_t f64;
    const uint8_t b[] = {0x00, 0x00, 0x80, 0x3F, 0x18, 0x2D, 0x44, 0x54, 0xFB, 0x21, 0x09, 0x40};
    base_reader_init(&r, b, sizeof b);
    CHECK(base_read_f32(&r, &f32) == RD_OK && f32 == 0x3F800000u);
    CHECK(base_read_f64(&r, &f64) == RD_OK && f64 == 0x400921FB54442D18ull);
    CHECK(base_reader_done(&r));
    CHECK(base_read_f32(&r, &f32) == RD_EOF);
    base_reader_init(&r, b, 7);
    CHECK(base_read_f64(&r, &f64) == RD_EOF);
    const uint8_t *p;
    base_reader_init(&r, b, 3);
    CHECK(base_read_bytes(&r, 4, &p) == RD_EOF);
    base_reader_init(&r, b, 3);
    CHECK(base_read_bytes(&r, 3, &p) == RD_OK && p == b && base_reader_left(&r) == 0);
    CHECK(base_read_bytes(&r, 0, &p) == RD_OK);
    CHECK(base_read_bytes(&r, SIZE_MAX, &p) == RD_EOF);
}

static void test_rd_status_messages(void)
{
    CHECK_STR(base_rd_status_message(RD_EOF), "unexpected end");
    CHECK_STR(base_rd_status_message(RD_TOO_LONG), "integer representation too long");
    CHECK_STR(base_rd_status_message(RD_TOO_LARGE), "integer too large");
}

int main(void)
{
    RUN(test_leb128_u32_values);
    RUN(test_leb128_u32_overlong);
    RUN(test_leb128_u32_too_large);
    RUN(test_leb128_u32_eof);
    RUN(test_leb128_u64);
    RUN(test_leb128_s32);
    RUN(test_leb128_s33);
    RUN(test_leb128_s64);
    RUN(test_leb128_roundtrip_every_length);
    RUN(test_leb128_out_of_range);
    RUN(test_reader_fixed_width);
    RUN(test_rd_status_messages);
    return 0;
}
