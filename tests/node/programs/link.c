/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* A hard link from one preopen into another shares the inode (node: link). */
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
    struct stat a, b;
    CHECK(stat("/sandbox/input.txt", &a) == 0);
    CHECK(link("/sandbox/input.txt", "/tmp/output.txt") == 0);
    CHECK(stat("/tmp/output.txt", &b) == 0);
    CHECK(a.st_ino == b.st_ino);
    return 0;
}
