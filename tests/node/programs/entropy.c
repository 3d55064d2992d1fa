/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* getentropy fills its buffer (node: getentropy). */
#include <unistd.h>
#include "check.h"

int main(void)
{
    unsigned char buf[256] = { 0 };
    CHECK(getentropy(buf, sizeof buf) == 0);
    int nonzero = 0;
    for (unsigned i = 0; i < sizeof buf; i++) nonzero |= buf[i];
    CHECK(nonzero);
    return 0;
}
