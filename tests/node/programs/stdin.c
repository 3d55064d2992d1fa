/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* A line from stdin echoed to stdout (node: stdin). */
#include <stdio.h>
#include "check.h"

int main(void)
{
    char line[32];
    CHECK(fgets(line, sizeof line, stdin) != NULL);
    CHECK(fputs(line, stdout) != EOF);
    return 0;
}
