/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* A new file written through stdio (node: write_file); the host checks it. */
#include <stdio.h>
#include <string.h>
#include "check.h"

int main(void)
{
    FILE *f = fopen("/tmp/output.txt", "w");
    CHECK(f != NULL);
    CHECK(fprintf(f, "%s", "hello, file!") == (int)strlen("hello, file!"));
    CHECK(fclose(f) == 0);
    return 0;
}
