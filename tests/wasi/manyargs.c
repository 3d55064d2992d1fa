/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* manyargs: 1000 arguments and a 16 KiB environment arrive intact. */
#include <string.h>
#include "check.h"

int main(int argc, char **argv) {
    CHECK(argc == 1001);
    for (int i = 1; i < argc; i++) {
        char want[16];
        snprintf(want, sizeof want, "a%d", i);
        CHECK(strcmp(argv[i], want) == 0);
    }
    const char *big = getenv("BIG");
    CHECK(big && strlen(big) == 16384);
    for (int i = 0; i < 16384; i++) CHECK(big[i] == 'x');
    printf("argc=%d big=%zu\n", argc, strlen(big));
    return 0;
}
