/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* stdio: fd_write with several iovecs, stdout and stderr kept apart, unbuffered
 * writes interleaved with stdio, fd_fdstat_get on the stdio fds. */
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
#include <wasi/api.h>
#include "check.h"

int main(void) {
    struct iovec iov[3] = {{"one ", 4}, {"", 0}, {"two\n", 4}};
    CHECK(writev(1, iov, 3) == 8);
    CHECK(write(2, "to stderr\n", 10) == 10);
    printf("buffered %d\n", 1);
    fflush(stdout);
    CHECK(write(1, "raw\n", 4) == 4);
    fprintf(stderr, "more stderr %d\n", 2);
    __wasi_fdstat_t st;
    for (int fd = 0; fd <= 2; fd++) {
        CHECK(__wasi_fd_fdstat_get((__wasi_fd_t)fd, &st) == 0);
        CHECK(st.fs_filetype != __WASI_FILETYPE_DIRECTORY);
    }
    CHECK(__wasi_fd_fdstat_get(1, &st) == 0 && (st.fs_rights_base & __WASI_RIGHTS_FD_WRITE));
    /* a write of 256 KiB in one call */
    static char big[1 << 18];
    memset(big, '.', sizeof big);
    size_t done = 0;
    while (done < sizeof big) {
        ssize_t n = write(1, big + done, sizeof big - done);
        CHECK(n > 0);
        done += (size_t)n;
    }
    printf("\nend\n");
    return 0;
}
