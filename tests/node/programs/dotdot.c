/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* `..` out of a preopen is refused with ENOTCAPABLE (node: cant_dotdot). */
#include <stdio.h>
#include "check.h"

int main(void)
{
    errno = 0;
    CHECK(fopen("/sandbox/../outside.txt", "r") == NULL);
    CHECK(errno == ENOTCAPABLE);
    return 0;
}
