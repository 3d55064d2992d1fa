/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* simd_ops.h — lane types and helpers for the SIMD handlers (interp_simd.inc
 * inline, simd.c out of line): portable C over GCC/Clang vector extensions.
 * A v128 lives in two consecutive 64-bit frame slots, lane 0 first (the
 * little-endian byte order WebAssembly defines). */
#ifndef EXEC_SIMD_OPS_H
#define EXEC_SIMD_OPS_H
#include <stdint.h>
#include <string.h>
#include "../compile/icode.h"

typedef int8_t i8x16 __attribute__((vector_size(16)));
typedef uint8_t u8x16 __attribute__((vector_size(16)));
typedef int16_t i16x8 __attribute__((vector_size(16)));
typedef uint16_t u16x8 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef int64_t i64x2 __attribute__((vector_size(16)));
typedef uint64_t u64x2 __attribute__((vector_size(16)));
typedef float f32x4 __attribute__((vector_size(16)));
typedef double f64x2 __attribute__((vector_size(16)));
/* half vectors: the inputs of widening operations */
typedef int8_t i8x8 __attribute__((vector_size(8)));
typedef uint8_t u8x8 __attribute__((vector_size(8)));
typedef int16_t i16x4 __attribute__((vector_size(8)));
typedef uint16_t u16x4 __attribute__((vector_size(8)));
typedef int32_t i32x2 __attribute__((vector_size(8)));
typedef uint32_t u32x2 __attribute__((vector_size(8)));
typedef float f32x2 __attribute__((vector_size(8)));

typedef u64x2 v128_t;

/* Reinterpretations (vector casts between equal sizes keep the bits). */
#define V(x) ((v128_t)(x))
#define I8(x) ((i8x16)(x))
#define U8(x) ((u8x16)(x))
#define I16(x) ((i16x8)(x))
#define U16(x) ((u16x8)(x))
#define I32(x) ((i32x4)(x))
#define U32(x) ((u32x4)(x))
#define I64(x) ((i64x2)(x))
#define U64(x) ((u64x2)(x))
#define F32(x) ((f32x4)(x))
#define F64(x) ((f64x2)(x))

static inline v128_t v128_get(const uint64_t *slot)
{
    v128_t v;
    memcpy(&v, slot, 16);
    return v;
}
static inline void v128_put(uint64_t *slot, v128_t v) { memcpy(slot, &v, 16); }

/* Bitwise select: lanes of x where mask m is set, else y. */
static inline v128_t v128_sel(v128_t m, v128_t x, v128_t y) { return (m & x) | (~m & y); }

/* Saturating add/sub on one lane width, without widening: the wrapped
 * result is replaced where it overflowed (signed: by MIN or MAX after the
 * sign of a; unsigned: by the bound). */
#define SAT_OPS(bits, SV, UV, smax)                                                     \
    static inline v128_t add_sat_s##bits(v128_t a, v128_t b)                             \
    {                                                                                  \
        UV r = (UV)a + (UV)b;                                                          \
        SV ov = (SV)((r ^ (UV)a) & (r ^ (UV)b)) < 0;                                   \
        SV sat = ((SV)a >> (bits - 1)) ^ (SV)((SV){0} + smax);                         \
        return v128_sel(V(ov), V(sat), V(r));                                          \
    }                                                                                  \
    static inline v128_t sub_sat_s##bits(v128_t a, v128_t b)                             \
    {                                                                                  \
        UV r = (UV)a - (UV)b;                                                          \
        SV ov = (SV)(((UV)a ^ (UV)b) & ((UV)a ^ r)) < 0;                               \
        SV sat = ((SV)a >> (bits - 1)) ^ (SV)((SV){0} + smax);                         \
        return v128_sel(V(ov), V(sat), V(r));                                          \
    }                                                                                  \
    static inline v128_t add_sat_u##bits(v128_t a, v128_t b)                             \
    {                                                                                  \
        UV r = (UV)a + (UV)b;                                                          \
        return V(r) | V(r < (UV)a);                                                    \
    }                                                                                  \
    static inline v128_t sub_sat_u##bits(v128_t a, v128_t b)                             \
    {                                                                                  \
        UV r = (UV)a - (UV)b;                                                          \
        return V(r) & ~V((UV)a < (UV)b);                                               \
    }
SAT_OPS(8, i8x16, u8x16, INT8_MAX)
SAT_OPS(16, i16x8, u16x8, INT16_MAX)
#undef SAT_OPS

/* Lane-wise min/max with the scalar rules: NaN if either lane is NaN, and
 * -0 < +0 (equal lanes combine their sign bits). */
static inline v128_t f32x4_min(v128_t a, v128_t b)
{
    f32x4 x = F32(a), y = F32(b);
    v128_t r = v128_sel(V(x < y), a, b);
    r = v128_sel(V(x == y), a | b, r);
    return v128_sel(V((x != x) | (y != y)), V(x + y), r);
}
static inline v128_t f32x4_max(v128_t a, v128_t b)
{
    f32x4 x = F32(a), y = F32(b);
    v128_t r = v128_sel(V(x > y), a, b);
    r = v128_sel(V(x == y), a & b, r);
    return v128_sel(V((x != x) | (y != y)), V(x + y), r);
}
static inline v128_t f64x2_min(v128_t a, v128_t b)
{
    f64x2 x = F64(a), y = F64(b);
    v128_t r = v128_sel(V(x < y), a, b);
    r = v128_sel(V(x == y), a | b, r);
    return v128_sel(V((x != x) | (y != y)), V(x + y), r);
}
static inline v128_t f64x2_max(v128_t a, v128_t b)
{
    f64x2 x = F64(a), y = F64(b);
    v128_t r = v128_sel(V(x > y), a, b);
    r = v128_sel(V(x == y), a & b, r);
    return v128_sel(V((x != x) | (y != y)), V(x + y), r);
}

/* Narrowing with signed saturation to [lo, hi]: a's lanes then b's. */
#define NARROW(WV, NV, lo, hi, a, b)                                             \
    ({                                                                           \
        WV x_ = (WV)(a), y_ = (WV)(b), l_ = (WV){0} + (lo), h_ = (WV){0} + (hi);  \
        x_ = (WV)v128_sel(V(x_ < l_), V(l_), V(x_));                             \
        x_ = (WV)v128_sel(V(x_ > h_), V(h_), V(x_));                             \
        y_ = (WV)v128_sel(V(y_ < l_), V(l_), V(y_));                             \
        y_ = (WV)v128_sel(V(y_ > h_), V(h_), V(y_));                             \
        V(__builtin_shufflevector(__builtin_convertvector(x_, NV),               \
                                  __builtin_convertvector(y_, NV), NARROW_IDX_##NV)); \
    })
#define NARROW_IDX_i8x8 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
#define NARROW_IDX_u8x8 NARROW_IDX_i8x8
#define NARROW_IDX_i16x4 0, 1, 2, 3, 4, 5, 6, 7
#define NARROW_IDX_u16x4 NARROW_IDX_i16x4

/* i8x16.bitmask: each u64 half holds eight 0/1 bytes; one multiply gathers
 * byte i's bit into bit 56 + i (the partial products never overlap). */
static inline uint32_t bitmask8(v128_t a)
{
    u64x2 m = (V(U8(a) >> 7) * 0x0102040810204080ull) >> 56;
    return (uint32_t)(m[0] | m[1] << 8);
}

/* Widening: the low or high half of a, sign- or zero-extended. */
#define LO8(v) __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7)
#define HI8(v) __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15)
#define LO4(v) __builtin_shufflevector(v, v, 0, 1, 2, 3)
#define HI4(v) __builtin_shufflevector(v, v, 4, 5, 6, 7)
#define LO2(v) __builtin_shufflevector(v, v, 0, 1)
#define HI2(v) __builtin_shufflevector(v, v, 2, 3)
#define EXT8_S(half, a) V(__builtin_convertvector(half(I8(a)), i16x8))
#define EXT8_U(half, a) V(__builtin_convertvector(half(U8(a)), u16x8))
#define EXT16_S(half, a) V(__builtin_convertvector(half(I16(a)), i32x4))
#define EXT16_U(half, a) V(__builtin_convertvector(half(U16(a)), u32x4))
#define EXT32_S(half, a) V(__builtin_convertvector(half(I32(a)), i64x2))
#define EXT32_U(half, a) V(__builtin_convertvector(half(U32(a)), u64x2))

/* Splat: every lane = x (a slot's low bits). */
#define SPLAT(VT, T, x) V((VT){0} + (T)(x))

/* The out-of-line handlers (simd.c): one function per instruction,
 * reading its operands from the frame as the inline handlers do. */
#define XUN(name, expr) void exec_simd_##name(uint64_t *fp, const uint64_t *ip);
#define XBIN(name, expr) void exec_simd_##name(uint64_t *fp, const uint64_t *ip);
#define XTEST(name, expr) void exec_simd_##name(uint64_t *fp, const uint64_t *ip);
#define XTERN(name, expr) void exec_simd_##name(uint64_t *fp, const uint64_t *ip);
#define VUN(name, expr)
#define VBIN(name, expr)
#define VSHIFT(name, expr)
#define VTEST(name, expr)
#define VSPLAT(name, expr)
#define VTERN(name, expr)
#include "simd_ops.inc"
#undef XUN
#undef XBIN
#undef XTEST
#undef XTERN
#undef VTERN
#undef VUN
#undef VBIN
#undef VSHIFT
#undef VTEST
#undef VSPLAT
void exec_simd_I8X16_SHUFFLE(uint64_t *fp, const uint64_t *ip);

#endif
