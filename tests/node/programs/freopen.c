/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* freopen switches a stream to another file (node: freopen). */
#include <stdio.h>
#include "check.h"

int main(void)
{
    FILE *f = fopen("/sandbox/input.txt", "r");
    CHECK(f != NULL);
    f = freopen("/sandbox/input2.txt", "r", f);
    CHECK(f != NULL);
    for (int c; (c = fgetc(f)) != EOF;) CHECK(putchar(c) != EOF);
    return 0;
}
