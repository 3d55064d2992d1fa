/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* reader.c — bounded byte reader with strict LEB128 decoding.
 * Every read checks `end` first; on failure `pos` is left at the byte the
 * error is reported at, so base_reader_offset() gives the diagnostic offset. */
#include "reader.h"
#include <string.h>

void base_reader_init(base_reader_t *r, const uint8_t *bytes, size_t size)
{
    r->start = bytes;
    r->pos = bytes;
    r->end = size ? bytes + size : bytes; /* NULL + 0 is undefined in C */
}

base_rd_status_t base_read_u8(base_reader_t *r, uint8_t *out)
{
    if (r->pos >= r->end) return RD_EOF;
    *out = *r->pos++;
    return RD_OK;
}

/* Unsigned LEB128 of at most `bits` bits (Binary Format, Integers): at most
 * ceil(bits/7) bytes, and the unused high bits of the last byte must be 0.
 * "too large" is checked on a byte before "too long" is (the reference
 * interpreter's order). */
static base_rd_status_t read_uleb(base_reader_t *r, int bits, uint64_t *out)
{
    uint64_t result = 0;
    unsigned shift = 0;
    for (int n = bits;; n -= 7, shift += 7) {
        if (n <= 0) return RD_TOO_LONG;
        if (r->pos >= r->end) return RD_EOF;
        uint8_t b = *r->pos;
        if (n < 7 && (b & 0x7Fu) >= (1u << n)) return RD_TOO_LARGE;
        r->pos++;
        result |= (uint64_t)(b & 0x7Fu) << shift;
        if (!(b & 0x80u)) break;
    }
    *out = result;
    return RD_OK;
}

/* Signed LEB128 of at most `bits` bits: the unused bits of the last byte
 * must all equal its sign bit. */
static base_rd_status_t read_sleb(base_reader_t *r, int bits, int64_t *out)
{
    uint64_t result = 0;
    unsigned shift = 0;
    uint8_t b;
    for (int n = bits;; n -= 7) {
        if (n <= 0) return RD_TOO_LONG;
        if (r->pos >= r->end) return RD_EOF;
        b = *r->pos;
        if (n < 7) {
            uint8_t mask = (uint8_t)((0xFFu << (n - 1)) & 0x7Fu);
            if ((b & mask) != 0 && (b & mask) != mask) return RD_TOO_LARGE;
        }
        r->pos++;
        result |= (uint64_t)(b & 0x7Fu) << shift;
        shift += 7;
        if (!(b & 0x80u)) break;
    }
    if (shift < 64 && (b & 0x40u)) result |= ~(uint64_t)0 << shift;
    *out = (int64_t)result;
    return RD_OK;
}

base_rd_status_t base_read_u32(base_reader_t *r, uint32_t *out)
{
    uint64_t v;
    base_rd_status_t s = read_uleb(r, 32, &v);
    if (s == RD_OK) *out = (uint32_t)v;
    return s;
}

base_rd_status_t base_read_u64(base_reader_t *r, uint64_t *out)
{
    return read_uleb(r, 64, out);
}

base_rd_status_t base_read_s32(base_reader_t *r, int32_t *out)
{
    int64_t v;
    base_rd_status_t s = read_sleb(r, 32, &v);
    if (s == RD_OK) *out = (int32_t)v;
    return s;
}

base_rd_status_t base_read_s33(base_reader_t *r, int64_t *out)
{
    return read_sleb(r, 33, out);
}

base_rd_status_t base_read_s64(base_reader_t *r, int64_t *out)
{
    return read_sleb(r, 64, out);
}

static base_rd_status_t read_le(base_reader_t *r, unsigned n, uint64_t *out)
{
    if (base_reader_left(r) < n) {
        r->pos = r->end;
        return RD_EOF;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) v |= (uint64_t)r->pos[i] << (8 * i);
    r->pos += n;
    *out = v;
    return RD_OK;
}

base_rd_status_t base_read_f32(base_reader_t *r, uint32_t *bits)
{
    uint64_t v;
    base_rd_status_t s = read_le(r, 4, &v);
    if (s == RD_OK) *bits = (uint32_t)v;
    return s;
}

base_rd_status_t base_read_f64(base_reader_t *r, uint64_t *bits)
{
    return read_le(r, 8, bits);
}

base_rd_status_t base_read_bytes(base_reader_t *r, size_t n, const uint8_t **out)
{
    if (base_reader_left(r) < n) {
        r->pos = r->end;
        return RD_EOF;
    }
    *out = r->pos;
    r->pos += n;
    return RD_OK;
}

const char *base_rd_status_message(base_rd_status_t s)
{
    switch (s) {
    case RD_OK: return "ok";
    case RD_EOF: return "unexpected end";
    case RD_TOO_LONG: return "integer representation too long";
    case RD_TOO_LARGE: return "integer too large";
    }
    return "malformed";
}
