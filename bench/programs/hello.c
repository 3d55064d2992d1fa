/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* hello: start-up cost — prints one line and exits. */
#include <stdio.h>

int main(void)
{
    printf("hello world\n");
    return 0;
}
