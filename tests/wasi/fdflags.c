/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* fdflags: fcntl F_GETFL/F_SETFL (fd_fdstat_set_flags: O_APPEND on and off),
 * isatty on a pipe and a file, posix_fallocate (fd_allocate), posix_fadvise
 * (fd_advise), fd_fdstat_get rights of a read-only fd. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>
#include "check.h"

int main(void) {
    int fd = open("/sandbox/f.txt", O_CREAT | O_RDWR, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "abcdef", 6) == 6);
    int fl = fcntl(fd, F_GETFL);
    CHECK(fl >= 0 && (fl & O_ACCMODE) == O_RDWR && !(fl & O_APPEND));
    CHECK(fcntl(fd, F_SETFL, fl | O_APPEND) == 0);
    CHECK(fcntl(fd, F_GETFL) & O_APPEND);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(write(fd, "XY", 2) == 2);   /* appended, not at 0 */
    CHECK(fcntl(fd, F_SETFL, fl) == 0);
    CHECK(!(fcntl(fd, F_GETFL) & O_APPEND));
    CHECK(pwrite(fd, "Z", 1, 0) == 1);
    char buf[16] = {0};
    CHECK(pread(fd, buf, sizeof buf, 0) == 8 && memcmp(buf, "ZbcdefXY", 8) == 0);
    printf("append toggle ok\n");

    CHECK(posix_fallocate(fd, 0, 10000) == 0);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 10000);
    CHECK(posix_fadvise(fd, 0, 100, POSIX_FADV_SEQUENTIAL) == 0);
    CHECK(posix_fadvise(fd, 0, 100, 12345) == EINVAL);
    printf("allocate/advise ok\n");

    CHECK(!isatty(fd));
    CHECK(!isatty(0));   /* a pipe in the test */
    CHECK(close(fd) == 0);

    fd = open("/sandbox/f.txt", O_RDONLY);
    CHECK(fd >= 0);
    __wasi_fdstat_t fs;
    CHECK(__wasi_fd_fdstat_get((__wasi_fd_t)fd, &fs) == 0);
    CHECK(fs.fs_filetype == __WASI_FILETYPE_REGULAR_FILE);
    CHECK(fs.fs_rights_base & __WASI_RIGHTS_FD_READ);
    CHECK_ERR(write(fd, "no", 2), EBADF);
    CHECK(close(fd) == 0);
    printf("ok\n");
    return 0;
}
