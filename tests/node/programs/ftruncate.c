/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* ftruncate grows and shrinks a file without moving the offset (node: ftruncate). */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

static off_t size_of(int fd)
{
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    return st.st_size;
}

int main(void)
{
    CHECK(mkdir("/tmp/testdir", 0755) == 0);
    int fd = open("/tmp/testdir/output.txt", O_CREAT | O_WRONLY, 0666);
    CHECK(fd >= 0);
    CHECK(size_of(fd) == 0);
    const off_t sizes[] = { 500, 300 };
    for (int i = 0; i < 2; i++) {
        CHECK(ftruncate(fd, sizes[i]) == 0);
        CHECK(size_of(fd) == sizes[i]);
        CHECK(lseek(fd, 0, SEEK_CUR) == 0);
    }
    CHECK(close(fd) == 0);
    return 0;
}
