/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* exit_code: exit(N), return from main and _Exit give the status; stdout is
 * flushed by exit() but not by _Exit(). */
#include <string.h>
#include <unistd.h>
#include "check.h"

int main(int argc, char **argv) {
    CHECK(argc == 2);
    printf("mode %s\n", argv[1]);
    if (strcmp(argv[1], "exit0") == 0) exit(0);
    if (strcmp(argv[1], "exit3") == 0) exit(3);
    if (strcmp(argv[1], "exit255") == 0) exit(255);
    if (strcmp(argv[1], "return7") == 0) return 7;
    if (strcmp(argv[1], "return0") == 0) return 0;
    if (strcmp(argv[1], "_exit4") == 0) { fflush(stdout); printf("lost\n"); _Exit(4); }
    printf("unknown mode\n");
    return 100;
}
