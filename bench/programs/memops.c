/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* memops: memcpy/memmove/memset/memcmp over a few MiB with many sizes and
 * alignments — bulk memory paths of libc and the runtime. */
#include "bench.h"
#include <string.h>

int main(int argc, char **argv)
{
    long rounds = bench_arg(argc, argv, 60);
    size_t size = 4u << 20;
    unsigned char *a = malloc(size), *b = malloc(size);
    if (!a || !b)
        return 2;
    uint64_t seed = 7;
    for (size_t i = 0; i < size; i += 8) {
        uint64_t v = bench_rand(&seed);
        memcpy(a + i, &v, 8);
    }
    uint64_t check = 0;
    int ok = 1;
    for (long r = 0; r < rounds; r++) {
        /* whole-buffer copy and fill */
        memcpy(b, a, size);
        ok &= memcmp(a, b, size) == 0;
        memset(a + (r & 4095), (int)(r & 255), size / 2);
        /* many medium and small copies at odd offsets */
        size_t off = (size_t)(r * 977) % 4096;
        for (size_t len = 1; len < 65536; len = len * 3 + 1) {
            for (size_t pos = off; pos + len < size; pos += len * 16 + 4096)
                memcpy(a + pos, b + size - pos - len, len);
        }
        /* overlapping moves both directions */
        memmove(a + 1, a, size - 1);
        memmove(a, a + 3, size - 3);
        for (size_t i = 0; i < size; i += 4093)
            check = check * 31 + a[i];
        memcpy(a, b, size);   /* restore for the next round */
    }
    printf("%ld rounds, checksum %016llx\n", rounds, (unsigned long long)check);
    /* self-check: one round done with libc calls (into a) and with plain byte
       loops (into c) must give the same bytes */
    unsigned char *c = malloc(size);
    if (!c)
        return 2;
    uint64_t c1 = 0, c2 = 0;
    for (int pass = 0; pass < 2; pass++) {
        unsigned char *m = pass ? c : a;
        memcpy(a, b, size);
        memcpy(c, b, size);
        long r = 1;
        if (pass) {
            for (size_t i = 0; i < size / 2; i++)
                m[(r & 4095) + i] = (unsigned char)(r & 255);
            size_t off = (size_t)(r * 977) % 4096;
            for (size_t len = 1; len < 65536; len = len * 3 + 1)
                for (size_t pos = off; pos + len < size; pos += len * 16 + 4096)
                    for (size_t i = 0; i < len; i++)
                        m[pos + i] = b[size - pos - len + i];
            for (size_t i = size - 1; i >= 1; i--)
                m[i] = m[i - 1];
            for (size_t i = 0; i + 3 < size; i++)
                m[i] = m[i + 3];
        } else {
            memset(m + (r & 4095), (int)(r & 255), size / 2);
            size_t off = (size_t)(r * 977) % 4096;
            for (size_t len = 1; len < 65536; len = len * 3 + 1)
                for (size_t pos = off; pos + len < size; pos += len * 16 + 4096)
                    memcpy(m + pos, b + size - pos - len, len);
            memmove(m + 1, m, size - 1);
            memmove(m, m + 3, size - 3);
        }
        uint64_t h = 0;
        for (size_t i = 0; i < size; i++)
            h = h * 1099511628211ULL + m[i];
        if (pass)
            c2 = h;
        else
            c1 = h;
    }
    ok &= c1 == c2;
    free(a);
    free(b);
    free(c);
    return bench_check(ok, "libc memory routines disagree with byte loops");
}
