/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* literal.c — numeric and string literals of the text format (spec "Text
 * Format: Values"): integers with range checks, floats (decimal and hex,
 * inf, nan, nan:0x payloads) correctly rounded, string escapes. */
#include "text.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void put_utf8(txt_buf_t *b, uint32_t cp)
{
    if (cp < 0x80) {
        txt_buf_byte(b, (uint8_t)cp);
    } else if (cp < 0x800) {
        txt_buf_byte(b, (uint8_t)(0xC0 | (cp >> 6)));
        txt_buf_byte(b, (uint8_t)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        txt_buf_byte(b, (uint8_t)(0xE0 | (cp >> 12)));
        txt_buf_byte(b, (uint8_t)(0x80 | ((cp >> 6) & 0x3F)));
        txt_buf_byte(b, (uint8_t)(0x80 | (cp & 0x3F)));
    } else {
        txt_buf_byte(b, (uint8_t)(0xF0 | (cp >> 18)));
        txt_buf_byte(b, (uint8_t)(0x80 | ((cp >> 12) & 0x3F)));
        txt_buf_byte(b, (uint8_t)(0x80 | ((cp >> 6) & 0x3F)));
        txt_buf_byte(b, (uint8_t)(0x80 | (cp & 0x3F)));
    }
}

/* The lexer checked the escapes already; this only decodes them. */
void txt_string_decode(const txt_tok_t *t, txt_buf_t *out)
{
    const char *p = t->text + 1, *end = t->text + t->len - 1;
    while (p < end) {
        if (*p != '\\') {
            txt_buf_byte(out, (uint8_t)*p++);
            continue;
        }
        p++;
        char e = *p++;
        switch (e) {
        case 't': txt_buf_byte(out, '\t'); break;
        case 'n': txt_buf_byte(out, '\n'); break;
        case 'r': txt_buf_byte(out, '\r'); break;
        case '"': case '\'': case '\\': txt_buf_byte(out, (uint8_t)e); break;
        case 'u': {
            uint32_t cp = 0;
            p++; /* '{' */
            while (p < end && *p != '}') {
                if (*p != '_')
                    cp = cp * 16 + (uint32_t)hexval(*p);
                p++;
            }
            p++;
            put_utf8(out, cp);
            break;
        }
        default:
            txt_buf_byte(out, (uint8_t)(hexval(e) * 16 + hexval(*p)));
            p++;
            break;
        }
    }
}

/* Digits with single underscores between them; base 10 or 16. Copies the
 * digits (no underscores) into buf. */
static bool digits(const char *p, const char *end, bool hex, char *buf, size_t *n, size_t cap)
{
    if (p >= end)
        return false;
    bool prev_digit = false;
    for (; p < end; p++) {
        if (*p == '_') {
            if (!prev_digit || p + 1 >= end)
                return false;
            prev_digit = false;
            continue;
        }
        if (hex ? hexval(*p) < 0 : !(*p >= '0' && *p <= '9'))
            return false;
        prev_digit = true;
        if (*n + 1 >= cap)
            return false;
        buf[(*n)++] = *p;
    }
    return prev_digit;
}

static _Thread_local const char *range_error; /* why the last parse failed */

const char *txt_number_error(const txt_tok_t *t)
{
    (void)t;
    return range_error ? range_error : "unknown operator";
}

/* Magnitude of an unsigned literal (no sign), saturating check at 64 bits. */
static bool magnitude(const char *p, const char *end, uint64_t *out, bool *overflow)
{
    bool hex = end - p > 2 && p[0] == '0' && p[1] == 'x';
    if (hex)
        p += 2;
    char buf[512];
    size_t n = 0;
    if (!digits(p, end, hex, buf, &n, sizeof buf))
        return false;
    uint64_t v = 0;
    *overflow = false;
    for (size_t i = 0; i < n; i++) {
        uint64_t d = (uint64_t)hexval(buf[i]), base = hex ? 16 : 10;
        if (v > (UINT64_MAX - d) / base)
            *overflow = true;
        v = v * base + d;
    }
    *out = v;
    return true;
}

bool txt_parse_uint(const txt_tok_t *t, unsigned bits, uint64_t *out)
{
    bool overflow;
    range_error = NULL;
    if (t->kind != TK_NUM || t->text[0] == '+' || t->text[0] == '-' ||
        !magnitude(t->text, t->text + t->len, out, &overflow))
        return false;
    if (overflow || (bits < 64 && *out >> bits)) {
        range_error = "constant out of range";
        return false;
    }
    return true;
}

bool txt_parse_int(const txt_tok_t *t, unsigned bits, uint64_t *out)
{
    const char *p = t->text, *end = t->text + t->len;
    bool neg = false, overflow;
    range_error = NULL;
    if (t->kind != TK_NUM)
        return false;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    uint64_t m;
    if (!magnitude(p, end, &m, &overflow))
        return false;
    uint64_t limit = neg ? (1ull << (bits - 1)) : bits == 64 ? UINT64_MAX : (1ull << bits) - 1;
    if (overflow || m > limit) {
        range_error = "constant out of range";
        return false;
    }
    uint64_t v = neg ? (uint64_t)0 - m : m;
    *out = bits == 64 ? v : v & ((1ull << bits) - 1);
    return true;
}

/* Float syntax check + a copy without underscores for strtod/strtof.
 * Returns 0 bad, 1 finite number text in buf, 2 inf, 3 nan, 4 nan:0x (payload). */
static int float_text(const txt_tok_t *t, char *buf, size_t cap, bool *neg, uint64_t *payload)
{
    const char *p = t->text, *end = t->text + t->len;
    size_t n = 0;
    *neg = false;
    if (t->kind != TK_NUM && t->kind != TK_KEYWORD)
        return 0;
    if (*p == '+' || *p == '-') {
        *neg = *p == '-';
        buf[n++] = *p++;
    }
    size_t rest = (size_t)(end - p);
    if (rest == 3 && memcmp(p, "inf", 3) == 0)
        return 2;
    if (rest == 3 && memcmp(p, "nan", 3) == 0)
        return 3;
    if (rest > 6 && memcmp(p, "nan:0x", 6) == 0) {
        bool overflow;
        if (!magnitude(p + 4, end, payload, &overflow) || overflow)
            return 0;
        return 4;
    }
    bool hex = rest > 2 && p[0] == '0' && p[1] == 'x';
    if (hex) {
        buf[n++] = '0';
        buf[n++] = 'x';
        p += 2;
    }
    const char *q = p;
    while (q < end && *q != '.' && *q != (hex ? 'p' : 'e') && *q != (hex ? 'P' : 'E'))
        q++;
    if (!digits(p, q, hex, buf, &n, cap))
        return 0;
    if (q < end && *q == '.') {
        buf[n++] = '.';
        const char *f = ++q;
        while (q < end && *q != (hex ? 'p' : 'e') && *q != (hex ? 'P' : 'E'))
            q++;
        if (q > f && !digits(f, q, hex, buf, &n, cap))
            return 0;
    }
    if (q < end) {
        buf[n++] = hex ? 'p' : 'e';
        q++;
        if (q < end && (*q == '+' || *q == '-'))
            buf[n++] = *q++;
        if (!digits(q, end, false, buf, &n, cap))
            return 0;
    }
    buf[n] = '\0';
    return 1;
}

bool txt_parse_f32(const txt_tok_t *t, uint32_t *bits)
{
    char buf[1024];
    bool neg;
    uint64_t payload = 0;
    range_error = NULL;
    int kind = float_text(t, buf, sizeof buf, &neg, &payload);
    uint32_t sign = neg ? 0x80000000u : 0;
    switch (kind) {
    case 2: *bits = sign | 0x7F800000u; return true;
    case 3: *bits = sign | 0x7FC00000u; return true;
    case 4:
        if (payload == 0 || payload >= (1u << 23)) {
            range_error = "constant out of range";
            return false;
        }
        *bits = sign | 0x7F800000u | (uint32_t)payload;
        return true;
    case 1: {
        errno = 0;
        float f = strtof(buf, NULL);
        if (isinf(f)) {
            range_error = "constant out of range";
            return false;
        }
        memcpy(bits, &f, 4);
        return true;
    }
    default: return false;
    }
}

bool txt_parse_f64(const txt_tok_t *t, uint64_t *bits)
{
    char buf[1024];
    bool neg;
    uint64_t payload = 0;
    range_error = NULL;
    int kind = float_text(t, buf, sizeof buf, &neg, &payload);
    uint64_t sign = neg ? 1ull << 63 : 0;
    switch (kind) {
    case 2: *bits = sign | 0x7FF0000000000000ull; return true;
    case 3: *bits = sign | 0x7FF8000000000000ull; return true;
    case 4:
        if (payload == 0 || payload >= (1ull << 52)) {
            range_error = "constant out of range";
            return false;
        }
        *bits = sign | 0x7FF0000000000000ull | payload;
        return true;
    case 1: {
        double d = strtod(buf, NULL);
        if (isinf(d)) {
            range_error = "constant out of range";
            return false;
        }
        memcpy(bits, &d, 8);
        return true;
    }
    default: return false;
    }
}
