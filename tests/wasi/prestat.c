/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* prestat: the preopens are fds 3, 4, ... in --dir order, each a directory
 * with the guest name given; enumeration ends with EBADF; files created under
 * each land in the right host directory. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>
#include "check.h"

int main(int argc, char **argv) {
    __wasi_fd_t fd;
    for (fd = 3;; fd++) {
        __wasi_prestat_t ps;
        __wasi_errno_t err = __wasi_fd_prestat_get(fd, &ps);
        if (err == __WASI_ERRNO_BADF) break;
        CHECK(err == 0);
        CHECK(ps.tag == __WASI_PREOPENTYPE_DIR);
        char name[256];
        size_t len = ps.u.dir.pr_name_len;
        CHECK(len < sizeof name);
        memset(name, '#', sizeof name);
        CHECK(__wasi_fd_prestat_dir_name(fd, (uint8_t *)name, len) == 0);
        CHECK(name[len] == '#');   /* no terminator written past the length */
        name[len] = 0;
        __wasi_fdstat_t st;
        CHECK(__wasi_fd_fdstat_get(fd, &st) == 0 && st.fs_filetype == __WASI_FILETYPE_DIRECTORY);
        printf("fd %u: %s\n", (unsigned)fd, name);
    }
    printf("preopens: %u\n", (unsigned)(fd - 3));
    __wasi_prestat_t ps;
    for (__wasi_fd_t not_preopen = 0; not_preopen < 3; not_preopen++)
        CHECK(__wasi_fd_prestat_get(not_preopen, &ps) != 0);   /* stdio: EBADF (node: EINVAL) */
    CHECK(__wasi_fd_prestat_get(fd + 100, &ps) == __WASI_ERRNO_BADF);
    if (argc > 1) return 0;   /* "count-only" */
    char small[2];
    CHECK(__wasi_fd_prestat_dir_name(3, (uint8_t *)small, 1) != 0);   /* buffer too small */

    const char *files[] = {"/first/one.txt", "/second/nested/two.txt", "/third/three.txt"};
    for (int i = 0; i < 3; i++) {
        int f = open(files[i], O_CREAT | O_WRONLY, 0644);
        CHECK(f >= 0 && write(f, files[i], strlen(files[i])) > 0 && close(f) == 0);
    }
    return 0;
}
