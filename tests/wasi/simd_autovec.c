/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* simd_autovec.c — loops the compiler vectorises with -O3 -msimd128 (integer
 * and float lanes of every width, widening, narrowing, saturation, compares
 * and selects, reversal and interleaving shuffles, reductions); each prints
 * a checksum. The output equals the scalar build's (and a native build's). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 1003 /* not a multiple of any vector width: the loops have tails */

static int8_t s8[N], t8[N];
static uint8_t u8[N], v8[N];
static int16_t s16[N], t16[N];
static uint16_t u16[N];
static int32_t s32[N], t32[N];
static uint32_t u32[N];
static int64_t s64[N], t64[N];
static float f32[N], g32[N];
static double f64[N], g64[N];

static uint32_t seed = 12345;
static uint32_t next(void)
{
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
}

static uint64_t hash_bytes(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ull;
    return h;
}
#define SHOW(name, arr) printf("%-14s %016llx\n", name, (unsigned long long)hash_bytes(arr, sizeof arr))

static void fill(void)
{
    for (int i = 0; i < N; i++) {
        uint32_t r = next();
        s8[i] = (int8_t)r; u8[i] = (uint8_t)(r >> 8);
        s16[i] = (int16_t)(r * 7); u16[i] = (uint16_t)(r >> 3);
        s32[i] = (int32_t)(r * 2654435761u); u32[i] = r ^ 0x5a5a5a5a;
        s64[i] = (int64_t)r * (int64_t)(r | 1) - (1ll << 40);
        f32[i] = (float)(int32_t)(r - (1u << 23)) / 1024.0f;
        f64[i] = (double)(int32_t)(r * 3u) / 3.0;
    }
}

int main(void)
{
    fill();

    /* integer arithmetic on every lane width */
    for (int i = 0; i < N; i++) t8[i] = (int8_t)(s8[i] + (int8_t)u8[i] * 3);
    SHOW("i8 mul-add", t8);
    for (int i = 0; i < N; i++) t16[i] = (int16_t)((s16[i] >> 3) ^ (int16_t)(u16[i] << 2));
    SHOW("i16 shifts", t16);
    for (int i = 0; i < N; i++) t32[i] = s32[i] * 31 - (int32_t)(u32[i] >> 5);
    SHOW("i32 mul", t32);
    for (int i = 0; i < N; i++) t64[i] = s64[i] * 3 + (s64[i] >> 7);
    SHOW("i64 mul", t64);

    /* saturating and averaging byte ops (image code) */
    for (int i = 0; i < N; i++) {
        int x = u8[i] + v8[i] + (s8[i] & 0x7f);
        v8[i] = (uint8_t)(x > 255 ? 255 : x);
    }
    SHOW("u8 add sat", v8);
    for (int i = 0; i < N; i++) v8[i] = (uint8_t)((u8[i] + v8[i] + 1) >> 1);
    SHOW("u8 avgr", v8);
    for (int i = 0; i < N; i++) {
        int x = s16[i] - (int)t16[i];
        t16[i] = (int16_t)(x < -32768 ? -32768 : x > 32767 ? 32767 : x);
    }
    SHOW("i16 sub sat", t16);

    /* min/max/abs and compare-select */
    for (int i = 0; i < N; i++) t32[i] = s32[i] < t32[i] ? s32[i] : t32[i];
    SHOW("i32 min", t32);
    for (int i = 0; i < N; i++) u32[i] = u32[i] > (uint32_t)t32[i] ? u32[i] : (uint32_t)t32[i];
    SHOW("u32 max", u32);
    for (int i = 0; i < N; i++) t8[i] = (int8_t)(s8[i] < 0 ? -s8[i] : s8[i]);
    SHOW("i8 abs", t8);
    for (int i = 0; i < N; i++) t16[i] = s16[i] > 100 ? (int16_t)u16[i] : s16[i];
    SHOW("i16 select", t16);

    /* widening and narrowing */
    for (int i = 0; i < N; i++) t32[i] = (int32_t)s16[i] * u16[i];
    SHOW("i16->i32 mul", t32);
    for (int i = 0; i < N; i++) t64[i] = (int64_t)s32[i] * s32[i];
    SHOW("i32->i64 mul", t64);
    for (int i = 0; i < N; i++) t16[i] = (int16_t)(u8[i] * 5 - s8[i]);
    SHOW("u8->i16", t16);
    for (int i = 0; i < N; i++) v8[i] = (uint8_t)(t32[i] >> 12);
    SHOW("i32->u8 trunc", v8);

    /* reductions */
    int32_t isum = 0;
    int64_t lsum = 0;
    uint32_t bits = 0;
    for (int i = 0; i < N; i++) isum += s16[i] * s16[i];
    for (int i = 0; i < N; i++) lsum += s32[i];
    for (int i = 0; i < N; i++) bits |= u32[i] & (uint32_t)s32[i];
    printf("%-14s %d %lld %08x\n", "reductions", isum, (long long)lsum, bits);
    int cnt = 0;
    for (int i = 0; i < N; i++) cnt += u8[i] > 128;
    printf("%-14s %d\n", "count", cnt);

    /* floats: element-wise (bit-exact with scalar), conversions */
    for (int i = 0; i < N; i++) g32[i] = f32[i] * 1.5f + 0.25f;
    SHOW("f32 mul-add", g32);
    for (int i = 0; i < N; i++) g32[i] = g32[i] / (f32[i] + 3.0f);
    SHOW("f32 div", g32);
    for (int i = 0; i < N; i++) g64[i] = f64[i] * f64[i] - 2.0 * f64[i];
    SHOW("f64 arith", g64);
    for (int i = 0; i < N; i++) g64[i] = g64[i] < 0 ? -g64[i] : g64[i];
    SHOW("f64 abs", g64);
    for (int i = 0; i < N; i++) t32[i] = (int32_t)(f32[i] * 0.5f);
    SHOW("f32->i32", t32);
    for (int i = 0; i < N; i++) g32[i] = (float)s32[i];
    SHOW("i32->f32", g32);
    for (int i = 0; i < N; i++) g32[i] = (float)u32[i];
    SHOW("u32->f32", g32);
    for (int i = 0; i < N; i++) g64[i] = (double)f32[i];
    SHOW("f32->f64", g64);
    for (int i = 0; i < N; i++) g32[i] = (float)f64[i];
    SHOW("f64->f32", g32);
    float fsum = 0;
    for (int i = 0; i < N; i++) fsum += f32[i];
    printf("%-14s %.9g\n", "f32 sum", (double)fsum);

    /* shuffles: reversal, interleaving, de-interleaving */
    for (int i = 0; i < N; i++) t8[i] = s8[N - 1 - i];
    SHOW("i8 reverse", t8);
    for (int i = 0; i < N / 2; i++) {
        t16[2 * i] = s16[i];
        t16[2 * i + 1] = (int16_t)u16[i];
    }
    SHOW("i16 interleave", t16);
    for (int i = 0; i < N / 2; i++) t32[i] = s32[2 * i] + s32[2 * i + 1];
    SHOW("i32 pairs", t32);

    /* memory functions on vectorised paths */
    memset(u8, 0x3c, N / 2);
    memmove(u8 + 7, u8, N - 7);
    SHOW("memmove", u8);
    return 0;
}
