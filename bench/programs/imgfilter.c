/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* imgfilter: 8-bit grayscale image pipeline — 3x3 binomial blur, Sobel edge
 * magnitude, threshold count — with <wasm_simd128.h> intrinsics when built
 * with -msimd128 (widening adds, shifts, saturating narrow, abs, compare,
 * bitmask), plain C otherwise (the native and the scalar wasm builds). Both
 * paths compute the same integers, so every build prints the same result.
 * argv[1]: rounds over a 1024x768 image. */
#include <string.h>
#include "bench.h"
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define W 1024
#define H 768

static uint8_t img[H][W], blur[H][W], edge[H][W];
static uint16_t hrow[3][W];

/* horizontal 1-2-1 of row y into h (x in 1..W-2) */
static void hpass(const uint8_t *p, uint16_t *h)
{
    int x = 1;
#ifdef __wasm_simd128__
    for (; x + 16 <= W - 1; x += 16) {
        v128_t l = wasm_v128_load(p + x - 1), c = wasm_v128_load(p + x), r = wasm_v128_load(p + x + 1);
        v128_t lo = wasm_i16x8_add(wasm_i16x8_add(wasm_u16x8_extend_low_u8x16(l), wasm_u16x8_extend_low_u8x16(r)),
                                   wasm_i16x8_shl(wasm_u16x8_extend_low_u8x16(c), 1));
        v128_t hi = wasm_i16x8_add(wasm_i16x8_add(wasm_u16x8_extend_high_u8x16(l), wasm_u16x8_extend_high_u8x16(r)),
                                   wasm_i16x8_shl(wasm_u16x8_extend_high_u8x16(c), 1));
        wasm_v128_store(h + x, lo);
        wasm_v128_store(h + x + 8, hi);
    }
#endif
    for (; x < W - 1; x++) h[x] = (uint16_t)(p[x - 1] + 2 * p[x] + p[x + 1]);
}

/* vertical 1-2-1 of three horizontal rows, rounded: (sum + 8) >> 4 */
static void vpass(const uint16_t *a, const uint16_t *b, const uint16_t *c, uint8_t *out)
{
    int x = 1;
#ifdef __wasm_simd128__
    const v128_t eight = wasm_i16x8_splat(8);
    for (; x + 16 <= W - 1; x += 16) {
        v128_t s0 = wasm_i16x8_add(wasm_i16x8_add(wasm_v128_load(a + x), wasm_v128_load(c + x)),
                                   wasm_i16x8_shl(wasm_v128_load(b + x), 1));
        v128_t s1 = wasm_i16x8_add(wasm_i16x8_add(wasm_v128_load(a + x + 8), wasm_v128_load(c + x + 8)),
                                   wasm_i16x8_shl(wasm_v128_load(b + x + 8), 1));
        s0 = wasm_u16x8_shr(wasm_i16x8_add(s0, eight), 4);
        s1 = wasm_u16x8_shr(wasm_i16x8_add(s1, eight), 4);
        wasm_v128_store(out + x, wasm_u8x16_narrow_i16x8(s0, s1));
    }
#endif
    for (; x < W - 1; x++) out[x] = (uint8_t)((a[x] + 2 * b[x] + c[x] + 8) >> 4);
}

static void blur_image(void)
{
    hpass(img[0], hrow[0]);
    hpass(img[1], hrow[1]);
    for (int y = 1; y < H - 1; y++) {
        hpass(img[y + 1], hrow[(y + 1) % 3]);
        vpass(hrow[(y - 1) % 3], hrow[y % 3], hrow[(y + 1) % 3], blur[y]);
    }
}

/* Sobel |gx| + |gy| saturated to 255; returns the pixels above `thr` */
static long sobel(uint8_t thr)
{
    long count = 0;
    for (int y = 1; y < H - 1; y++) {
        const uint8_t *r0 = blur[y - 1], *r1 = blur[y], *r2 = blur[y + 1];
        uint8_t *out = edge[y];
        int x = 1;
#ifdef __wasm_simd128__
        const v128_t vthr = wasm_u8x16_splat(thr);
        for (; x + 8 <= W - 1; x += 8) {
#define LD(r, dx) wasm_u16x8_load8x8((r) + x + (dx))
            v128_t gx = wasm_i16x8_add(wasm_i16x8_add(wasm_i16x8_sub(LD(r0, 1), LD(r0, -1)),
                                                      wasm_i16x8_sub(LD(r2, 1), LD(r2, -1))),
                                       wasm_i16x8_shl(wasm_i16x8_sub(LD(r1, 1), LD(r1, -1)), 1));
            v128_t gy = wasm_i16x8_add(wasm_i16x8_add(wasm_i16x8_sub(LD(r2, -1), LD(r0, -1)),
                                                      wasm_i16x8_sub(LD(r2, 1), LD(r0, 1))),
                                       wasm_i16x8_shl(wasm_i16x8_sub(LD(r2, 0), LD(r0, 0)), 1));
#undef LD
            v128_t mag = wasm_i16x8_add_sat(wasm_i16x8_abs(gx), wasm_i16x8_abs(gy));
            v128_t m8 = wasm_u8x16_narrow_i16x8(mag, mag);
            wasm_v128_store64_lane(out + x, m8, 0);
            count += __builtin_popcount(wasm_i8x16_bitmask(wasm_u8x16_gt(m8, vthr)) & 0xff);
        }
#endif
        for (; x < W - 1; x++) {
            int gx = (r0[x + 1] - r0[x - 1]) + 2 * (r1[x + 1] - r1[x - 1]) + (r2[x + 1] - r2[x - 1]);
            int gy = (r2[x - 1] - r0[x - 1]) + 2 * (r2[x] - r0[x]) + (r2[x + 1] - r0[x + 1]);
            int m = (gx < 0 ? -gx : gx) + (gy < 0 ? -gy : gy);
            out[x] = (uint8_t)(m > 255 ? 255 : m);
            count += out[x] > thr;
        }
    }
    return count;
}

/* next input: the blurred image with the edges burnt in (keeps data moving) */
static void feedback(int round)
{
    for (int y = 1; y < H - 1; y++) {
        int x = 1;
#ifdef __wasm_simd128__
        const v128_t k = wasm_u8x16_splat((uint8_t)(round * 37));
        for (; x + 16 <= W - 1; x += 16)
            wasm_v128_store(&img[y][x], wasm_v128_xor(wasm_u8x16_sub_sat(wasm_v128_load(&blur[y][x]),
                                                                         wasm_v128_load(&edge[y][x])), k));
#endif
        for (; x < W - 1; x++) {
            int v = blur[y][x] - edge[y][x];
            img[y][x] = (uint8_t)((v < 0 ? 0 : v) ^ (uint8_t)(round * 37));
        }
    }
}

int main(int argc, char **argv)
{
    long rounds = bench_arg(argc, argv, 100);
    uint64_t s = 42;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            /* smooth gradients plus noise: both blur and edges matter */
            int v = ((x * 3 + y * 5) >> 2) + (int)(bench_rand(&s) & 63);
            img[y][x] = (uint8_t)(((x / 64 + y / 64) & 1) ? v : 255 - v);
        }
    static uint8_t prev[H][W];
    long edges = 0;
    uint64_t sum = 0;
    for (long r = 0; r < rounds; r++) {
        if (r == rounds - 1) memcpy(prev, img, sizeof img);
        blur_image();
        edges += sobel((uint8_t)(40 + r % 50));
        feedback((int)r);
    }
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) sum = sum * 31 + img[y][x];
    printf("edges %ld checksum %016llx\n", edges, (unsigned long long)sum);

    /* check the last round directly: the 3x3 blur of two rows from its
     * input, and their edge magnitudes from the blur */
    int ok = 1;
    static const int k[3] = {1, 2, 1};
    for (int y = H / 2; y <= H / 2 + 2; y++)
        for (int x = 1; x < W - 1; x++) {
            int acc = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) acc += k[dy + 1] * k[dx + 1] * prev[y + dy][x + dx];
            ok &= blur[y][x] == (acc + 8) >> 4;
        }
    for (int x = 1; x < W - 1; x++) {
        int y = H / 2 + 1, gx = 0, gy = 0;
        for (int d = -1; d <= 1; d++) {
            gx += k[d + 1] * (blur[y + d][x + 1] - blur[y + d][x - 1]);
            gy += k[d + 1] * (blur[y + 1][x + d] - blur[y - 1][x + d]);
        }
        int m = (gx < 0 ? -gx : gx) + (gy < 0 ? -gy : gy);
        ok &= edge[y][x] == (m > 255 ? 255 : m);
    }
    return bench_check(ok && edges > 0, "imgfilter: blur or edge pixels differ from the direct formula");
}
