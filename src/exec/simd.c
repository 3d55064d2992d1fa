/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* simd.c — the out-of-line SIMD handlers: the XUN/XBIN/XTEST rows of
 * simd_ops.inc (per-lane loops, libm rounding, saturating conversions) and
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
#define VUN(name, expr)
#define VBIN(name, expr)
#define VSHIFT(name, expr)
#define VTEST(name, expr)
#define VSPLAT(name, expr)
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
