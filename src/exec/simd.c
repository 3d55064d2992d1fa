/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* simd.c — the out-of-line SIMD handlers: the XUN/XBIN/XTEST rows of
 * simd_ops.inc (per-lane loops, libm rounding, saturating conversions; the
 * relaxed SIMD rows that equal one of them share its helper here) and
 * i8x16.shuffle. Each reads its operands from the frame and writes its
 * result there; the dispatch loop calls it and moves on. Keeping them out
 * of exec_run keeps its handlers within 16-bit offsets (icode.h). */
#include <math.h>
#include "simd_ops.h"

/* Rounding and sqrt lane by lane; a NaN lane becomes quiet (as the scalar
 * ops do: libm may return a signalling NaN unchanged). */
static inline v128_t f32x4_map(v128_t a, float (*fn)(float))
{
    u32x4 r;
    for (int i = 0; i < 4; i++) {
        float x = F32(a)[i], y;
        uint32_t bits;
        if (x != x) {
            r[i] = U32(a)[i] | 0x00400000u;
            continue;
        }
        y = fn(x);
        memcpy(&bits, &y, 4);
        r[i] = bits;
    }
    return V(r);
}
static inline v128_t f64x2_map(v128_t a, double (*fn)(double))
{
    u64x2 r;
    for (int i = 0; i < 2; i++) {
        double x = F64(a)[i], y;
        if (x != x) {
            r[i] = U64(a)[i] | 0x0008000000000000ull;
            continue;
        }
        y = fn(x);
        uint64_t bits;
        memcpy(&bits, &y, 8);
        r[i] = bits;
    }
    return r;
}

/* Saturating truncation of one lane (f32 lanes are promoted exactly). */
static inline int32_t sat_i32(double x)
{
    if (x != x) return 0;
    if (x <= -2147483649.0) return INT32_MIN;
    if (x >= 2147483648.0) return INT32_MAX;
    return (int32_t)x;
}
static inline uint32_t sat_u32(double x)
{
    if (x != x || x <= -1.0) return 0;
    if (x >= 4294967296.0) return UINT32_MAX;
    return (uint32_t)x;
}

static inline v128_t trunc_sat_f32x4_s(v128_t a)
{
    i32x4 r;
    for (int i = 0; i < 4; i++) r[i] = sat_i32(F32(a)[i]);
    return V(r);
}
static inline v128_t trunc_sat_f32x4_u(v128_t a)
{
    u32x4 r;
    for (int i = 0; i < 4; i++) r[i] = sat_u32(F32(a)[i]);
    return V(r);
}
static inline v128_t trunc_sat_f64x2_s_zero(v128_t a)
{
    return V(((i32x4){sat_i32(F64(a)[0]), sat_i32(F64(a)[1]), 0, 0}));
}
static inline v128_t trunc_sat_f64x2_u_zero(v128_t a)
{
    return V(((u32x4){sat_u32(F64(a)[0]), sat_u32(F64(a)[1]), 0, 0}));
}

/* i8x16.swizzle: lane i is a[b[i]], 0 where b[i] >= 16. */
static inline v128_t swizzle8(v128_t a, v128_t b)
{
    u8x16 r;
    for (int i = 0; i < 16; i++) r[i] = U8(b)[i] < 16 ? U8(a)[U8(b)[i]] : 0;
    return V(r);
}

/* i16x8.q15mulr_sat_s: (a * b + 2^14) >> 15, saturated (only
 * -32768 * -32768 overflows). */
static inline v128_t q15mulr_sat(v128_t a, v128_t b)
{
    i16x8 r;
    for (int i = 0; i < 8; i++) {
        int32_t p = ((int32_t)I16(a)[i] * I16(b)[i] + 0x4000) >> 15;
        r[i] = (int16_t)(p > INT16_MAX ? INT16_MAX : p);
    }
    return V(r);
}

/* i16x8.relaxed_dot_i8x16_i7x16_s, deterministic profile: both operands
 * signed, each pair of i16 products added with signed saturation (only
 * -128 * -128 twice reaches 32768). */
static inline v128_t relaxed_dot16(v128_t a, v128_t b)
{
    i16x8 r;
    for (int i = 0; i < 8; i++) {
        int32_t s = (int32_t)I8(a)[2 * i] * I8(b)[2 * i] +
                    (int32_t)I8(a)[2 * i + 1] * I8(b)[2 * i + 1];
        r[i] = (int16_t)(s > INT16_MAX ? INT16_MAX : s);
    }
    return V(r);
}

#define F(k) icode_field(ip, (k))
#define XUN(name, expr)                                                      \
    void exec_simd_##name(uint64_t *fp, const uint64_t *ip)                  \
    {                                                                        \
        v128_t a = v128_get(&fp[F(1)]);                                      \
        v128_put(&fp[F(0)], (expr));                                         \
    }
#define XBIN(name, expr)                                                     \
    void exec_simd_##name(uint64_t *fp, const uint64_t *ip)                  \
    {                                                                        \
        v128_t a = v128_get(&fp[F(1)]), b = v128_get(&fp[F(2)]);             \
        v128_put(&fp[F(0)], (expr));                                         \
    }
#define XTEST(name, expr)                                                    \
    void exec_simd_##name(uint64_t *fp, const uint64_t *ip)                  \
    {                                                                        \
        v128_t a = v128_get(&fp[F(1)]);                                      \
        fp[F(0)] = (uint32_t)(expr);                                         \
    }
#define XTERN(name, expr)                                                    \
    void exec_simd_##name(uint64_t *fp, const uint64_t *ip)                  \
    {                                                                        \
        v128_t a = v128_get(&fp[F(1)]), b = v128_get(&fp[F(2)]);             \
        v128_t c = v128_get(&fp[F(3)]);                                      \
        v128_put(&fp[F(0)], (expr));                                         \
    }
#define VUN(name, expr)
#define VBIN(name, expr)
#define VSHIFT(name, expr)
#define VTEST(name, expr)
#define VSPLAT(name, expr)
#define VTERN(name, expr)
#include "simd_ops.inc"

/* d a b | c: lane i of the result is byte c[i] of a:b (indices < 32, checked
 * by the validator). */
void exec_simd_I8X16_SHUFFLE(uint64_t *fp, const uint64_t *ip)
{
    uint8_t ab[32], lanes[16], r[16];
    memcpy(ab, &fp[F(1)], 16);
    memcpy(ab + 16, &fp[F(2)], 16);
    memcpy(lanes, &fp[F(3)], 16);
    for (int i = 0; i < 16; i++) r[i] = ab[lanes[i] & 31];
    memcpy(&fp[F(0)], r, 16);
}
