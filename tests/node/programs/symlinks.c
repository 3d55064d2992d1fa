/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* Symlinks inside the preopen are followed, one that climbs out is
 * ENOTCAPABLE, a loop is ELOOP, and a new one reads back (node:
 * follow_symlink, symlink_escape, symlink_loop, create_symlink; node's
 * create_symlink expects readlink to count a NUL, which wasmcell does not). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "check.h"

static void cat(const char *path)
{
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    for (int c; (c = fgetc(f)) != EOF;) CHECK(putchar(c) != EOF);
    CHECK(fclose(f) == 0);
}

int main(void)
{
    cat("/sandbox/subdir2/input_link.txt");
    errno = 0;
    CHECK(fopen("/sandbox/subdir/outside.txt", "r") == NULL && errno == ENOTCAPABLE);
    errno = 0;
    CHECK(fopen("/sandbox/subdir1/loop1", "r") == NULL && errno == ELOOP);
    const char *target = "./input-in-subdir.txt";
    char buf[128];
    CHECK(symlink(target, "/sandbox/subdir/test_link") == 0);
    CHECK(readlink("/sandbox/subdir/test_link", buf, sizeof buf) == (ssize_t)strlen(target));
    CHECK(memcmp(buf, target, strlen(target)) == 0);
    cat("/sandbox/subdir/test_link");
    return 0;
}
