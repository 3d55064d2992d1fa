/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* simd_intrin.c — explicit <wasm_simd128.h> intrinsics, each checked lane by
 * lane against a scalar reference of the instruction's semantics, over
 * inputs at the edges (lane minima and maxima, NaN, ±0, ±inf, halfway
 * values). Prints one checksum per instruction (NaN lanes hashed as one
 * value, their payload being free); a SIMD build that disagrees with the
 * reference prints MISMATCH. Built without -msimd128 it prints the
 * reference, so both builds give the same output. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

typedef union vec {
#ifdef __wasm_simd128__
    v128_t v;
#endif
    int8_t i8[16];
    uint8_t u8[16];
    int16_t i16[8];
    uint16_t u16[8];
    int32_t i32[4];
    uint32_t u32[4];
    int64_t i64[2];
    uint64_t u64[2];
    float f32[4];
    double f64[2];
} vec;

#define NIN 12
static vec in[NIN];
static int mismatches;

static void make_inputs(void)
{
    static const uint8_t edge8[16] = {0, 1, 0x7f, 0x80, 0xff, 0xfe, 0x81, 0x40,
                                      0x3f, 0x55, 0xaa, 0x10, 0x01, 0x7e, 0xc0, 0x20};
    static const float fv[12] = {0.0f, -0.0f, 1.5f, -2.5f, 2.5f, INFINITY, -INFINITY, NAN,
                                 3e9f, -3e9f, 0.49999997f, 16777217.0f};
    static const double dv[8] = {0.0, -0.0, 2.5, -3.5, 1e300, -INFINITY, NAN, 4294967295.5};
    uint32_t s = 2024;
    for (int k = 0; k < NIN; k++) {
        for (int i = 0; i < 16; i++) {
            s = s * 1664525u + 1013904223u;
            in[k].u8[i] = k < 4 ? edge8[(i + 5 * k) & 15] : (uint8_t)(s >> 24);
        }
    }
    for (int i = 0; i < 4; i++) {
        in[8].f32[i] = fv[i];
        in[9].f32[i] = fv[4 + i];
        in[10].f32[i] = fv[8 + i];
    }
    in[11].f64[0] = dv[(0 + 1) & 7];
    in[11].f64[1] = dv[6];
    memcpy(&in[7].f64[0], &dv[2], 16);
    memcpy(&in[6].f64[0], &dv[4], 16);
    in[5].f64[0] = dv[7];
}

/* FNV-1a over the result; `fl` 4/8: NaN lanes of that width hash alike */
static uint64_t hash(const vec *r, int fl)
{
    vec c = *r;
    for (int i = 0; fl == 4 && i < 4; i++)
        if (c.f32[i] != c.f32[i]) c.u32[i] = 0x7fc00000u;
    for (int i = 0; fl == 8 && i < 2; i++)
        if (c.f64[i] != c.f64[i]) c.u64[i] = 0x7ff8000000000000ull;
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < 16; i++) h = (h ^ c.u8[i]) * 1099511628211ull;
    return h;
}

static void report(const char *name, uint64_t h, int bad)
{
    printf("%-28s %016llx%s\n", name, (unsigned long long)h, bad ? " MISMATCH" : "");
    mismatches += bad;
}

/* TEST(name, float_width, simd_expr, reference statement filling `ref`):
 * runs over every pair (a, b) of inputs, with c the next input. */
#ifdef __wasm_simd128__
#define COMPUTE(simd) r.v = (simd)
#else
#define COMPUTE(simd) r = ref
#endif
#define TEST(name, fl, simd, refstmt)                                        \
    do {                                                                     \
        uint64_t h_ = 0;                                                     \
        int bad_ = 0;                                                        \
        for (int x_ = 0; x_ < NIN; x_++)                                     \
            for (int y_ = 0; y_ < NIN; y_++) {                               \
                vec a = in[x_], b = in[y_], c = in[(x_ + y_ + 1) % NIN];     \
                vec ref, r;                                                  \
                memset(&ref, 0, sizeof ref);                                 \
                (void)a; (void)b; (void)c;                                   \
                refstmt;                                                     \
                COMPUTE(simd);                                               \
                bad_ |= hash(&r, fl) != hash(&ref, fl);                      \
                h_ = h_ * 31 + hash(&r, fl);                                 \
            }                                                                \
        report(name, h_, bad_);                                              \
    } while (0)
#define L(n) for (int i = 0; i < (n); i++)

static int8_t sat8(int x) { return (int8_t)(x < -128 ? -128 : x > 127 ? 127 : x); }
static uint8_t satu8(int x) { return (uint8_t)(x < 0 ? 0 : x > 255 ? 255 : x); }
static int16_t sat16(int x) { return (int16_t)(x < -32768 ? -32768 : x > 32767 ? 32767 : x); }
static uint16_t satu16(int x) { return (uint16_t)(x < 0 ? 0 : x > 65535 ? 65535 : x); }
static float wmin(float x, float y)
{
    if (x != x || y != y) return NAN;
    if (x == y) return signbit(x) ? x : y;
    return x < y ? x : y;
}
static double wmax(double x, double y)
{
    if (x != x || y != y) return NAN;
    if (x == y) return signbit(x) ? y : x;
    return x > y ? x : y;
}
static int32_t trunc_sat_s(double x)
{
    return x != x ? 0 : x <= -2147483649.0 ? INT32_MIN : x >= 2147483648.0 ? INT32_MAX : (int32_t)x;
}
static uint32_t trunc_sat_u(double x)
{
    return x != x || x <= -1.0 ? 0 : x >= 4294967296.0 ? UINT32_MAX : (uint32_t)x;
}

int main(void)
{
    make_inputs();
    /* integer arithmetic */
    TEST("i8x16.add_sat_s", 0, wasm_i8x16_add_sat(a.v, b.v), L(16) ref.i8[i] = sat8(a.i8[i] + b.i8[i]));
    TEST("i8x16.sub_sat_u", 0, wasm_u8x16_sub_sat(a.v, b.v), L(16) ref.u8[i] = satu8(a.u8[i] - b.u8[i]));
    TEST("i16x8.add_sat_u", 0, wasm_u16x8_add_sat(a.v, b.v), L(8) ref.u16[i] = satu16(a.u16[i] + b.u16[i]));
    TEST("i16x8.sub_sat_s", 0, wasm_i16x8_sub_sat(a.v, b.v), L(8) ref.i16[i] = sat16(a.i16[i] - b.i16[i]));
    TEST("i8x16.avgr_u", 0, wasm_u8x16_avgr(a.v, b.v), L(16) ref.u8[i] = (uint8_t)((a.u8[i] + b.u8[i] + 1) >> 1));
    TEST("i16x8.mul", 0, wasm_i16x8_mul(a.v, b.v), L(8) ref.u16[i] = (uint16_t)(a.u16[i] * b.u16[i]));
    TEST("i64x2.mul", 0, wasm_i64x2_mul(a.v, b.v), L(2) ref.u64[i] = a.u64[i] * b.u64[i]);
    TEST("i8x16.min_s", 0, wasm_i8x16_min(a.v, b.v), L(16) ref.i8[i] = a.i8[i] < b.i8[i] ? a.i8[i] : b.i8[i]);
    TEST("i32x4.max_u", 0, wasm_u32x4_max(a.v, b.v), L(4) ref.u32[i] = a.u32[i] > b.u32[i] ? a.u32[i] : b.u32[i]);
    TEST("i16x8.abs", 0, wasm_i16x8_abs(a.v), L(8) ref.u16[i] = (uint16_t)(a.i16[i] < 0 ? -a.u16[i] : a.u16[i]));
    TEST("i8x16.popcnt", 0, wasm_i8x16_popcnt(a.v), L(16) ref.u8[i] = (uint8_t)__builtin_popcount(a.u8[i]));
    TEST("i16x8.q15mulr_sat_s", 0, wasm_i16x8_q15mulr_sat(a.v, b.v),
         L(8) ref.i16[i] = sat16((a.i16[i] * b.i16[i] + 0x4000) >> 15));
    TEST("i32x4.dot_i16x8_s", 0, wasm_i32x4_dot_i16x8(a.v, b.v),
         L(4) ref.u32[i] = (uint32_t)(a.i16[2 * i] * b.i16[2 * i]) + (uint32_t)(a.i16[2 * i + 1] * b.i16[2 * i + 1]));
    TEST("i16x8.extmul_high_i8x16_u", 0, wasm_u16x8_extmul_high_u8x16(a.v, b.v),
         L(8) ref.u16[i] = (uint16_t)(a.u8[8 + i] * b.u8[8 + i]));
    TEST("i64x2.extmul_low_i32x4_s", 0, wasm_i64x2_extmul_low_i32x4(a.v, b.v),
         L(2) ref.i64[i] = (int64_t)a.i32[i] * b.i32[i]);
    TEST("i32x4.extadd_pairwise_i16x8_s", 0, wasm_i32x4_extadd_pairwise_i16x8(a.v),
         L(4) ref.i32[i] = a.i16[2 * i] + a.i16[2 * i + 1]);
    TEST("i16x8.extadd_pairwise_i8x16_u", 0, wasm_u16x8_extadd_pairwise_u8x16(a.v),
         L(8) ref.u16[i] = (uint16_t)(a.u8[2 * i] + a.u8[2 * i + 1]));
    /* shifts: the count is taken modulo the lane width */
    TEST("i8x16.shl", 0, wasm_i8x16_shl(a.v, (uint32_t)b.u8[0]), L(16) ref.u8[i] = (uint8_t)(a.u8[i] << (b.u8[0] & 7)));
    TEST("i16x8.shr_s", 0, wasm_i16x8_shr(a.v, (uint32_t)b.u8[1]), L(8) ref.i16[i] = (int16_t)(a.i16[i] >> (b.u8[1] & 15)));
    TEST("i32x4.shr_u", 0, wasm_u32x4_shr(a.v, (uint32_t)b.u8[2]), L(4) ref.u32[i] = a.u32[i] >> (b.u8[2] & 31));
    TEST("i64x2.shr_s", 0, wasm_i64x2_shr(a.v, (uint32_t)b.u8[3]), L(2) ref.i64[i] = a.i64[i] >> (b.u8[3] & 63));
    /* compares, bitwise, tests */
    TEST("i8x16.gt_u", 0, wasm_u8x16_gt(a.v, b.v), L(16) ref.u8[i] = a.u8[i] > b.u8[i] ? 0xff : 0);
    TEST("i64x2.le_s", 0, wasm_i64x2_le(a.v, b.v), L(2) ref.u64[i] = a.i64[i] <= b.i64[i] ? ~0ull : 0);
    TEST("f32x4.lt", 4, wasm_f32x4_lt(a.v, b.v), L(4) ref.u32[i] = a.f32[i] < b.f32[i] ? ~0u : 0);
    TEST("f64x2.ne", 8, wasm_f64x2_ne(a.v, b.v), L(2) ref.u64[i] = a.f64[i] != b.f64[i] ? ~0ull : 0);
    TEST("v128.bitselect", 0, wasm_v128_bitselect(a.v, b.v, c.v),
         L(2) ref.u64[i] = (a.u64[i] & c.u64[i]) | (b.u64[i] & ~c.u64[i]));
    TEST("v128.andnot", 0, wasm_v128_andnot(a.v, b.v), L(2) ref.u64[i] = a.u64[i] & ~b.u64[i]);
    TEST("tests", 0, wasm_i32x4_make(wasm_i8x16_bitmask(a.v), wasm_i16x8_all_true(a.v),
                                     wasm_v128_any_true(b.v), wasm_i32x4_bitmask(b.v)), ({
             L(16) ref.i32[0] |= (a.u8[i] >> 7) << i;
             ref.i32[1] = 1;
             L(8) ref.i32[1] &= a.u16[i] != 0;
             ref.i32[2] = (b.u64[0] | b.u64[1]) != 0;
             L(4) ref.i32[3] |= (int32_t)(b.u32[i] >> 31) << i;
         }));
    /* lanes, swizzle, shuffle, narrow, extend */
    TEST("i8x16.swizzle", 0, wasm_i8x16_swizzle(a.v, b.v), L(16) ref.u8[i] = b.u8[i] < 16 ? a.u8[b.u8[i]] : 0);
    TEST("i8x16.shuffle", 0, wasm_i8x16_shuffle(a.v, b.v, 31, 0, 17, 2, 3, 16, 8, 9, 30, 1, 15, 14, 20, 21, 6, 7),
         ({
             static const int s[16] = {31, 0, 17, 2, 3, 16, 8, 9, 30, 1, 15, 14, 20, 21, 6, 7};
             L(16) ref.u8[i] = s[i] < 16 ? a.u8[s[i]] : b.u8[s[i] - 16];
         }));
    TEST("i8x16.narrow_i16x8_u", 0, wasm_u8x16_narrow_i16x8(a.v, b.v),
         L(16) ref.u8[i] = satu8(i < 8 ? a.i16[i] : b.i16[i - 8]));
    TEST("i16x8.narrow_i32x4_s", 0, wasm_i16x8_narrow_i32x4(a.v, b.v),
         L(8) ref.i16[i] = sat16(i < 4 ? a.i32[i] : b.i32[i - 4]));
    TEST("i32x4.extend_high_i16x8_s", 0, wasm_i32x4_extend_high_i16x8(a.v), L(4) ref.i32[i] = a.i16[4 + i]);
    TEST("i64x2.extend_low_i32x4_u", 0, wasm_u64x2_extend_low_u32x4(a.v), L(2) ref.u64[i] = a.u32[i]);
    TEST("lanes", 0, wasm_i16x8_replace_lane(wasm_i8x16_splat(wasm_i8x16_extract_lane(a.v, 13)), 5,
                                             wasm_u16x8_extract_lane(b.v, 6)),
         ({ L(16) ref.i8[i] = a.i8[13]; ref.u16[5] = b.u16[6]; }));
    /* floats: NaN rules lane by lane */
    TEST("f32x4.min", 4, wasm_f32x4_min(a.v, b.v), L(4) ref.f32[i] = wmin(a.f32[i], b.f32[i]));
    TEST("f64x2.max", 8, wasm_f64x2_max(a.v, b.v), L(2) ref.f64[i] = wmax(a.f64[i], b.f64[i]));
    TEST("f32x4.pmax", 4, wasm_f32x4_pmax(a.v, b.v), L(4) ref.f32[i] = a.f32[i] < b.f32[i] ? b.f32[i] : a.f32[i]);
    TEST("f32x4.add", 4, wasm_f32x4_add(a.v, b.v), L(4) ref.f32[i] = a.f32[i] + b.f32[i]);
    TEST("f64x2.div", 8, wasm_f64x2_div(a.v, b.v), L(2) ref.f64[i] = a.f64[i] / b.f64[i]);
    TEST("f32x4.sqrt", 4, wasm_f32x4_sqrt(a.v), L(4) ref.f32[i] = sqrtf(a.f32[i]));
    TEST("f32x4.nearest", 4, wasm_f32x4_nearest(a.v), L(4) ref.f32[i] = nearbyintf(a.f32[i]));
    TEST("f64x2.floor", 8, wasm_f64x2_floor(a.v), L(2) ref.f64[i] = floor(a.f64[i]));
    TEST("f32x4.ceil", 4, wasm_f32x4_ceil(a.v), L(4) ref.f32[i] = ceilf(a.f32[i]));
    TEST("f64x2.trunc", 8, wasm_f64x2_trunc(a.v), L(2) ref.f64[i] = trunc(a.f64[i]));
    TEST("f32x4.abs", 4, wasm_f32x4_abs(a.v), L(4) ref.u32[i] = a.u32[i] & 0x7fffffffu);
    /* conversions */
    TEST("i32x4.trunc_sat_f32x4_s", 0, wasm_i32x4_trunc_sat_f32x4(a.v), L(4) ref.i32[i] = trunc_sat_s(a.f32[i]));
    TEST("i32x4.trunc_sat_f32x4_u", 0, wasm_u32x4_trunc_sat_f32x4(a.v), L(4) ref.u32[i] = trunc_sat_u(a.f32[i]));
    TEST("i32x4.trunc_sat_f64x2_s_zero", 0, wasm_i32x4_trunc_sat_f64x2_zero(a.v),
         L(2) ref.i32[i] = trunc_sat_s(a.f64[i]));
    TEST("i32x4.trunc_sat_f64x2_u_zero", 0, wasm_u32x4_trunc_sat_f64x2_zero(a.v),
         L(2) ref.u32[i] = trunc_sat_u(a.f64[i]));
    TEST("f32x4.convert_i32x4_u", 4, wasm_f32x4_convert_u32x4(a.v), L(4) ref.f32[i] = (float)a.u32[i]);
    TEST("f64x2.convert_low_i32x4_s", 8, wasm_f64x2_convert_low_i32x4(a.v), L(2) ref.f64[i] = a.i32[i]);
    TEST("f32x4.demote_f64x2_zero", 4, wasm_f32x4_demote_f64x2_zero(a.v), L(2) ref.f32[i] = (float)a.f64[i]);
    TEST("f64x2.promote_low_f32x4", 8, wasm_f64x2_promote_low_f32x4(a.v), L(2) ref.f64[i] = a.f32[i]);
    /* memory: loads and stores of every form */
    static uint8_t buf[64];
    TEST("loads", 0, ({
             memcpy(buf, &a, 16);
             memcpy(buf + 16, &b, 16);
             v128_t x = wasm_v128_load(buf + 3);
             x = wasm_i16x8_add(x, wasm_i16x8_load8x8(buf + 9));
             x = wasm_i32x4_add(x, wasm_u32x4_load16x4(buf + 1));
             x = wasm_i64x2_add(x, wasm_i64x2_load32x2(buf + 5));
             x = wasm_i32x4_add(x, wasm_v128_load32_splat(buf + 7));
             x = wasm_i64x2_add(x, wasm_v128_load64_zero(buf + 11));
             x = wasm_v128_load8_lane(buf + 20, x, 9);
             wasm_v128_load32_lane(buf + 2, x, 3);
         }),
         ({
             memcpy(buf, &a, 16);
             memcpy(buf + 16, &b, 16);
             vec t;
             memcpy(&ref, buf + 3, 16);
             L(8) ref.u16[i] = (uint16_t)(ref.u16[i] + (int8_t)buf[9 + i]);
             L(4) {
                 uint16_t h;
                 memcpy(&h, buf + 1 + 2 * i, 2);
                 ref.u32[i] += h;
             }
             L(2) {
                 int32_t w;
                 memcpy(&w, buf + 5 + 4 * i, 4);
                 ref.u64[i] += (uint64_t)(int64_t)w;
             }
             memcpy(&t.u32[0], buf + 7, 4);
             L(4) ref.u32[i] += t.u32[0];
             memcpy(&t.u64[0], buf + 11, 8);
             ref.u64[0] += t.u64[0];
             ref.u8[9] = buf[20];
             memcpy(&ref.u32[3], buf + 2, 4);
         }));
    TEST("stores", 0, ({
             memset(buf, 0, sizeof buf);
             wasm_v128_store(buf + 1, a.v);
             wasm_v128_store16_lane(buf + 20, b.v, 5);
             wasm_v128_store64_lane(buf + 23, b.v, 1);
             wasm_v128_load(buf + 17);
         }),
         ({
             memset(buf, 0, sizeof buf);
             memcpy(buf + 1, &a, 16);
             memcpy(buf + 20, &b.u16[5], 2);
             memcpy(buf + 23, &b.u64[1], 8);
             memcpy(&ref, buf + 17, 16);
         }));
    printf("%s\n", mismatches ? "FAILED" : "all lanes agree");
    return mismatches != 0;
}
