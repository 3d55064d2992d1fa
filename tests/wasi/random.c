/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* random: getentropy/random_get fill buffers with bytes that are not all
 * equal, differ between calls, and cover all byte values over 64 KiB. */
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>
#include "check.h"

int main(void) {
    uint8_t a[256], b[256];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    CHECK(getentropy(a, sizeof a) == 0);
    CHECK(getentropy(b, sizeof b) == 0);
    CHECK(memcmp(a, b, sizeof a) != 0);
    int same = 0;
    for (int i = 1; i < 256; i++) same += a[i] == a[0];
    CHECK(same < 32);
    CHECK_ERR(getentropy(a, 257), EIO);   /* wasi-libc's limit */

    static uint8_t big[65536];
    CHECK(__wasi_random_get(big, sizeof big) == 0);
    unsigned hist[256] = {0};
    for (size_t i = 0; i < sizeof big; i++) hist[big[i]]++;
    for (int v = 0; v < 256; v++) CHECK(hist[v] > 128 && hist[v] < 400);   /* mean 256 */
    CHECK(__wasi_random_get(big, 0) == 0);
    uint32_t r1 = arc4random(), r2 = arc4random();
    CHECK(r1 != r2 || arc4random() != r1);
    printf("ok\n");
    return 0;
}
