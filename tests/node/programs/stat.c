/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* Sizes, times, access, unlink and rmdir through stat (node: stat). */
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define DIR_PATH "/tmp/testdir"
#define FILE_PATH DIR_PATH "/output.txt"

int main(void)
{
    struct stat st;
    CHECK(mkdir(DIR_PATH, 0755) == 0);
    int fd = open(FILE_PATH, O_CREAT | O_WRONLY, 0666);
    CHECK(fd >= 0);
    CHECK(lseek(fd, 499, SEEK_SET) == 499);
    CHECK(write(fd, "", 1) == 1);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 500);
    struct timespec times[2] = { { .tv_sec = 4 }, { .tv_sec = 9 } };
    CHECK(futimens(fd, times) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_atime == 4 && st.st_mtime == 9);
    CHECK(close(fd) == 0);
    CHECK(access(FILE_PATH, R_OK) == 0);
    CHECK(stat(FILE_PATH, &st) == 0 && st.st_size == 500);
    CHECK(unlink(FILE_PATH) == 0);
    CHECK(stat(FILE_PATH, &st) == -1);
    CHECK(stat(DIR_PATH, &st) == 0 && S_ISDIR(st.st_mode));
    CHECK(rmdir(DIR_PATH) == 0);
    CHECK(stat(DIR_PATH, &st) == -1);
    return 0;
}
