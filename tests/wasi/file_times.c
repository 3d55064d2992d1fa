/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* file_times: utimensat/futimens set access and modification times with
 * nanosecond precision; UTIME_OMIT; fd_filestat_set_times "now" flags; the
 * host sees the times. */
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>
#include "check.h"

int main(void) {
    int fd = open("/sandbox/t.txt", O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0);
    struct timespec times[2] = {{1000000000, 5}, {1234567890, 123456789}};
    CHECK(utimensat(AT_FDCWD, "/sandbox/t.txt", times, 0) == 0);
    struct stat st;
    CHECK(stat("/sandbox/t.txt", &st) == 0);
    printf("atime %lld.%09ld\n", (long long)st.st_atim.tv_sec, (long)st.st_atim.tv_nsec);
    printf("mtime %lld.%09ld\n", (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);

    /* futimens: set mtime only, keep atime */
    struct timespec t2[2] = {{0, UTIME_OMIT}, {1500000000, 999999999}};
    CHECK(futimens(fd, t2) == 0);
    CHECK(fstat(fd, &st) == 0);
    printf("atime %lld.%09ld\n", (long long)st.st_atim.tv_sec, (long)st.st_atim.tv_nsec);
    printf("mtime %lld.%09ld\n", (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);

    /* "now" for both, by the raw call: this wasi-libc's UTIME_NOW handling
     * is broken (an explicit UTIME_NOW is EINVAL, NULL sends time 0) */
    struct timespec now;
    CHECK(clock_gettime(CLOCK_REALTIME, &now) == 0);
    CHECK(__wasi_fd_filestat_set_times((__wasi_fd_t)fd, 0, 0,
                                       __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW) == 0);
    CHECK(fstat(fd, &st) == 0);
    CHECK(st.st_mtim.tv_sec >= now.tv_sec - 5 && st.st_mtim.tv_sec <= now.tv_sec + 5);
    CHECK(st.st_atim.tv_sec >= now.tv_sec - 5 && st.st_atim.tv_sec <= now.tv_sec + 5);
    CHECK(close(fd) == 0);
    printf("now ok\n");
    return 0;
}
