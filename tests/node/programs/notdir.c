/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* opendir on a file is ENOTDIR (node: notdir). */
#include <dirent.h>
#include "check.h"

int main(void)
{
    errno = 0;
    CHECK(opendir("/sandbox/notadir") == NULL);
    CHECK(errno == ENOTDIR);
    return 0;
}
