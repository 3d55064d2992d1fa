/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* A preopen's listing with entry types (node: readdir). wasmcell also lists
 * "." and ".." (wasi-testsuite requires them; node's uvwasi omits them). */
#include <dirent.h>
#include <string.h>
#include "check.h"

int main(void)
{
    DIR *dir = opendir("/sandbox");
    CHECK(dir != NULL);
    int named = 0, dots = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(dir)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
            CHECK(e->d_type == DT_DIR);
            dots++;
        } else if (!strcmp(e->d_name, "subdir")) {
            CHECK(e->d_type == DT_DIR);
            named++;
        } else {
            CHECK(!strcmp(e->d_name, "input.txt") || !strcmp(e->d_name, "input2.txt") ||
                  !strcmp(e->d_name, "notadir"));
            CHECK(e->d_type == DT_REG);
            named++;
        }
    }
    CHECK(errno == 0);
    CHECK(named == 4 && dots == 2);
    CHECK(closedir(dir) == 0);
    return 0;
}
