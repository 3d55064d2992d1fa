/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* intmath: i32/i64 division and remainder (signs), shifts, rotates, bit
 * counts, wrapping, widening and narrowing conversions. Inputs are volatile
 * so the engine, not the compiler, computes the answers. */
#include <limits.h>
#include <stdint.h>
#include "check.h"

static volatile int32_t vi[] = {7, -7, 2, -2, INT32_MAX, INT32_MIN, 0, 1, 1000000007};
static volatile int64_t vl[] = {7, -7, 2, -2, INT64_MAX, INT64_MIN, 0, 1, 1000000000000000003LL};

int main(void) {
    int32_t a = vi[0], b = vi[1], c = vi[2], d = vi[3];
    printf("div32 %d %d %d %d\n", a / c, b / c, a / d, b / d);
    printf("rem32 %d %d %d %d\n", a % c, b % c, a % d, b % d);
    uint32_t ua = (uint32_t)vi[5], ub = (uint32_t)vi[1];
    printf("divu32 %u %u %u\n", ua / 3u, ub / 10u, ub % 10u);
    int64_t la = vl[0], lb = vl[1], lc = vl[2], ld = vl[3];
    printf("div64 %lld %lld %lld %lld\n", (long long)(la / lc), (long long)(lb / lc),
           (long long)(la / ld), (long long)(lb / ld));
    printf("rem64 %lld %lld\n", (long long)(lb % lc), (long long)(vl[8] % 1000003));
    printf("divu64 %llu\n", (unsigned long long)((uint64_t)vl[5] / 3u));

    int32_t neg = vi[5];
    printf("shr32 %d %u\n", neg >> 4, (uint32_t)neg >> 4);
    printf("shl32 %d %d\n", vi[7] << 31, vi[0] << 3);
    int32_t amt = vi[0] + 25;   /* 32: shift counts are taken mod 32 by wasm, use & */
    printf("shmask %u\n", (uint32_t)vi[7] << (amt & 31));
    int64_t nl = vl[5];
    printf("shr64 %lld %llu\n", (long long)(nl >> 60), (unsigned long long)((uint64_t)nl >> 60));
    uint32_t r = (uint32_t)vi[8];
    printf("rotl %u rotr %u\n", (r << 7) | (r >> 25), (r >> 7) | (r << 25));
    uint64_t rl = (uint64_t)vl[8];
    printf("rotl64 %llu\n", (unsigned long long)((rl << 13) | (rl >> 51)));
    printf("clz %d ctz %d popcnt %d\n", __builtin_clz((unsigned)vi[8]), __builtin_ctz((unsigned)vi[8] << 4),
           __builtin_popcount((unsigned)vi[8]));
    printf("clz64 %d ctz64 %d popcnt64 %d\n", __builtin_clzll((uint64_t)vl[8]),
           __builtin_ctzll((uint64_t)vl[8] << 20), __builtin_popcountll((uint64_t)vl[8]));

    uint32_t wrap = (uint32_t)vi[4];
    printf("wrap32 %u %u\n", wrap + 1u, 0u - (uint32_t)vi[7]);
    uint64_t wrap64 = (uint64_t)vl[4];
    printf("wrap64 %llu\n", (unsigned long long)(wrap64 * 3u));
    printf("mul64 %lld\n", (long long)((int64_t)vi[8] * (int64_t)vi[8]));
    printf("mulhi %llu\n", (unsigned long long)(((unsigned __int128)(uint64_t)vl[8] * (uint64_t)vl[8]) >> 64));

    int64_t big = vl[8];
    printf("narrow %d %u %d %d\n", (int32_t)big, (uint32_t)big, (int8_t)vi[8], (int16_t)vi[8]);
    printf("extend %lld %llu\n", (long long)(int64_t)vi[1], (unsigned long long)(uint64_t)(uint32_t)vi[1]);
    int8_t s8 = (int8_t)vi[8];
    printf("sext %d %d\n", (int32_t)s8, (int32_t)(int16_t)(vi[8] >> 3));

    /* a loop of mixed operations: a little hash */
    uint64_t h = 1469598103934665603ull;
    for (int32_t i = 0; i < 100000; i++) {
        h ^= (uint64_t)(i * vi[0]);
        h *= 1099511628211ull;
        h += h >> 29;
    }
    printf("hash %llu\n", (unsigned long long)h);
    CHECK(INT_MIN / vi[7] == INT_MIN);
    return 0;
}
