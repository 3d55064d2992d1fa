/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* argv is exactly options.args (node: main_args). */
#include <string.h>
#include "check.h"

int main(int argc, char **argv)
{
    CHECK(argc == 3);
    CHECK(strcmp(argv[0], "foo") == 0);
    CHECK(strcmp(argv[1], "-bar") == 0);
    CHECK(strcmp(argv[2], "--baz=value") == 0);
    return 0;
}
