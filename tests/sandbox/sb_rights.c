/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sb_rights: an fd opened with read rights only cannot write, truncate,
 * allocate or set times, and cannot gain rights with fd_fdstat_set_rights;
 * a directory fd whose inheriting rights lack write hands out no writable
 * file. Prints one line per failure; exit 0 when all held. */
#include <stdio.h>
#include <string.h>
#include "raw_wasi.h"

#define R_FD_READ (1 << 1)
#define R_FD_SEEK (1 << 2)
#define R_FD_WRITE (1 << 6)
#define R_PATH_OPEN (1 << 13)
#define R_FD_READDIR (1 << 14)
#define R_FD_FILESTAT_GET (1 << 21)

static int failures;

static void must_fail(const char *what, int32_t err) {
    if (err == 0) { failures++; printf("FAIL %s succeeded\n", what); }
    else printf("ok %s -> %s\n", what, errno_name(err));
}

int main(void) {
    int32_t fd;
    int32_t e = raw_path_open(3, 0, G("inside.txt"), 10, 0, R_FD_READ | R_FD_SEEK, 0, 0, G(&fd));
    if (e != 0) { printf("FAIL open read-only: %s\n", errno_name(e)); return 1; }
    static const char x[] = "PWNED";
    struct { gptr buf; uint32_t len; } iov = {G(x), 5};
    uint32_t n;
    must_fail("fd_write on a read-only fd", raw_fd_write(fd, G(&iov), 1, G(&n)));
    must_fail("fd_pwrite on a read-only fd", raw_fd_pwrite(fd, G(&iov), 1, 0, G(&n)));
    must_fail("fd_filestat_set_size on a read-only fd", raw_fd_filestat_set_size(fd, 0));
    must_fail("fd_allocate on a read-only fd", raw_fd_allocate(fd, 0, 4096));
    must_fail("fd_fdstat_set_rights adding write",
              raw_fd_fdstat_set_rights(fd, R_FD_READ | R_FD_SEEK | R_FD_WRITE, 0));
    must_fail("fd_write after the refused rights change", raw_fd_write(fd, G(&iov), 1, G(&n)));
    /* dropping rights is allowed, and then reading is refused too */
    if (raw_fd_fdstat_set_rights(fd, R_FD_SEEK, 0) == 0) {
        char buf[8];
        struct { gptr buf; uint32_t len; } riov = {G(buf), sizeof buf};
        must_fail("fd_read after dropping the read right", raw_fd_read(fd, G(&riov), 1, G(&n)));
    }
    raw_fd_close(fd);

    /* a directory fd that may only hand out read rights */
    int32_t dir;
    e = raw_path_open(3, 0, G("sub"), 3, 2, R_PATH_OPEN | R_FD_READDIR | R_FD_FILESTAT_GET,
                      R_FD_READ | R_FD_SEEK, 0, G(&dir));
    if (e != 0) { printf("FAIL open sub: %s\n", errno_name(e)); return 1; }
    int32_t f2;
    e = raw_path_open(dir, 0, G("inside.txt"), 10, 0, R_FD_READ | R_FD_WRITE, 0, 0, G(&f2));
    if (e == 0) {   /* some runtimes drop the extra right instead of refusing */
        must_fail("fd_write on a file from a read-only-inheriting dir", raw_fd_write(f2, G(&iov), 1, G(&n)));
        raw_fd_close(f2);
    } else {
        printf("ok open for write under a read-only-inheriting dir -> %s\n", errno_name(e));
    }
    must_fail("path_create_directory without the right", raw_path_create_directory(dir, G("newdir"), 6));
    must_fail("create a file without the right",
              raw_path_open(dir, 0, G("new.txt"), 7, O_CREAT_, R_FD_READ, 0, 0, G(&f2)));
    printf("sb_rights: %d failed\n", failures);
    return failures ? 1 : 0;
}
