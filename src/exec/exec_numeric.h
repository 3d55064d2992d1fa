/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* exec_numeric.h — WebAssembly numeric semantics shared by the interpreter
 * (interp.c) and the baseline JIT's helpers (jit_runtime.c): float bit
 * casts, min/max, rotations, saturating truncations. */
#ifndef EXEC_NUMERIC_H
#define EXEC_NUMERIC_H
#include <math.h>
#include <stdint.h>
#include <string.h>
static inline float f32_of(uint64_t v)
{
    uint32_t u = (uint32_t)v;
    float f;
    memcpy(&f, &u, 4);
    return f;
}
static inline double f64_of(uint64_t v)
{
    double d;
    memcpy(&d, &v, 8);
    return d;
}
static inline uint64_t bits_f32(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}
static inline uint64_t bits_f64(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

/* min/max: NaN if either is NaN; -0 < +0 (WebAssembly numerics, fmin/fmax). */
static inline float min_f32(float a, float b)
{
    if (a != a || b != b) return a + b;
    if (a == b) return signbit(a) ? a : b;
    return a < b ? a : b;
}
static inline float max_f32(float a, float b)
{
    if (a != a || b != b) return a + b;
    if (a == b) return signbit(a) ? b : a;
    return a > b ? a : b;
}
static inline double min_f64(double a, double b)
{
    if (a != a || b != b) return a + b;
    if (a == b) return signbit(a) ? a : b;
    return a < b ? a : b;
}
static inline double max_f64(double a, double b)
{
    if (a != a || b != b) return a + b;
    if (a == b) return signbit(a) ? b : a;
    return a > b ? a : b;
}

static inline uint32_t rotl32(uint32_t a, uint32_t b) { b &= 31; return (a << b) | (a >> ((32 - b) & 31)); }
static inline uint32_t rotr32(uint32_t a, uint32_t b) { b &= 31; return (a >> b) | (a << ((32 - b) & 31)); }
static inline uint64_t rotl64(uint64_t a, uint64_t b) { b &= 63; return (a << b) | (a >> ((64 - b) & 63)); }
static inline uint64_t rotr64(uint64_t a, uint64_t b) { b &= 63; return (a >> b) | (a << ((64 - b) & 63)); }

/* Saturating truncations (non-trapping float-to-int). */
static inline int32_t sat_i32_f64(double x)
{
    if (x != x) return 0;
    if (x <= -2147483649.0) return INT32_MIN;
    if (x >= 2147483648.0) return INT32_MAX;
    return (int32_t)x;
}
static inline uint32_t sat_u32_f64(double x)
{
    if (x != x || x <= -1.0) return 0;
    if (x >= 4294967296.0) return UINT32_MAX;
    return (uint32_t)x;
}
static inline int64_t sat_i64_f64(double x)
{
    if (x != x) return 0;
    if (x < -9223372036854775808.0) return INT64_MIN;
    if (x >= 9223372036854775808.0) return INT64_MAX;
    return (int64_t)x;
}
static inline uint64_t sat_u64_f64(double x)
{
    if (x != x || x <= -1.0) return 0;
    if (x >= 18446744073709551616.0) return UINT64_MAX;
    return (uint64_t)x;
}

#endif
