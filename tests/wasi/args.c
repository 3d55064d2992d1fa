/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* args: argc/argv as given on the command line, argv[0] = the file name. */
#include <string.h>
#include "check.h"

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d]=[%s] len=%zu\n", i, argv[i], strlen(argv[i]));
    CHECK(argv[argc] == NULL);
    return 0;
}
