/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* A preopened file read twice through stdio (node: read_file, read_file_twice). */
#include <stdio.h>
#include "check.h"

int main(void)
{
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen("/sandbox/input.txt", "r");
        CHECK(f != NULL);
        for (int c; (c = fgetc(f)) != EOF;) CHECK(putchar(c) != EOF);
        CHECK(fclose(f) == 0);
    }
    return 0;
}
