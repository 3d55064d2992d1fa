/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sb_fds: guest fd numbers that were never opened (4..64, large and negative
 * ones) are EBADF for every fd call, even where the runtime process has host
 * fds of the same numbers; stdio fds are no directories; a closed preopen is
 * gone. Prints one line per failure; exit 0 when all behaved. */
#include <stdio.h>
#include <string.h>
#include "raw_wasi.h"

static int failures, checks;

static void expect(const char *what, int32_t fd, int32_t err, int ok1, int ok2) {
    checks++;
    if (err == ok1 || err == ok2) return;
    failures++;
    printf("FAIL %s(fd %d) -> %s\n", what, fd, err ? errno_name(err) : "ok");
}

int main(void) {
    static char buf[256];
    static const char msg[] = "PWNED\n";
    struct { gptr buf; uint32_t len; } wiov = {G(msg), 6}, riov = {G(buf), sizeof buf};
    uint32_t n;
    uint64_t off;
    uint8_t st[64];
    int32_t newfd;
    static const int32_t extra[] = {100, 1000, 65535, 65536, 0x7fffffff, -1, -2, (int32_t)0x80000000};
    for (int i = 0; i < 61 + 8; i++) {
        int32_t fd = i < 61 ? 4 + i : extra[i - 61];
        expect("fd_write", fd, raw_fd_write(fd, G(&wiov), 1, G(&n)), E_BADF, E_BADF);
        expect("fd_read", fd, raw_fd_read(fd, G(&riov), 1, G(&n)), E_BADF, E_BADF);
        expect("fd_pread", fd, raw_fd_pread(fd, G(&riov), 1, 0, G(&n)), E_BADF, E_BADF);
        expect("fd_seek", fd, raw_fd_seek(fd, 0, 0, G(&off)), E_BADF, E_BADF);
        expect("fd_fdstat_get", fd, raw_fd_fdstat_get(fd, G(st)), E_BADF, E_BADF);
        expect("fd_filestat_get", fd, raw_fd_filestat_get(fd, G(st)), E_BADF, E_BADF);
        expect("fd_prestat_get", fd, raw_fd_prestat_get(fd, G(st)), E_BADF, E_BADF);
        expect("fd_readdir", fd, raw_fd_readdir(fd, G(buf), sizeof buf, 0, G(&n)), E_BADF, E_BADF);
        expect("path_open", fd, raw_path_open(fd, 0, G("x"), 1, 0, 0, 0, 0, G(&newfd)), E_BADF, E_BADF);
        expect("path_open(creat)", fd,
               raw_path_open(fd, 0, G("pwned"), 5, O_CREAT_, 0x40, 0, 0, G(&newfd)), E_BADF, E_BADF);
        expect("path_create_directory", fd, raw_path_create_directory(fd, G("d"), 1), E_BADF, E_BADF);
        expect("fd_close", fd, raw_fd_close(fd), E_BADF, E_BADF);
        if (strlen(buf)) { printf("FAIL data read from fd %d\n", fd); failures++; buf[0] = 0; }
    }
    /* stdio fds carry no path rights */
    for (int32_t fd = 0; fd < 3; fd++) {
        int32_t e = raw_path_open(fd, 0, G("x"), 1, 0, 0, 0, 0, G(&newfd));
        checks++;
        if (e == 0) { failures++; printf("FAIL path_open on stdio fd %d succeeded\n", fd); }
        e = raw_path_create_directory(fd, G("d"), 1);
        checks++;
        if (e == 0) { failures++; printf("FAIL path_create_directory on stdio fd %d succeeded\n", fd); }
    }
    /* a file fd is no directory either */
    int32_t file;
    if (raw_path_open(3, 0, G("inside.txt"), 10, 0, 0x2 | 0x4, 0, 0, G(&file)) != 0) {
        printf("FAIL cannot open inside.txt\n");
        return 1;
    }
    int32_t e = raw_path_open(file, 0, G("x"), 1, 0, 0, 0, 0, G(&newfd));
    expect("path_open on a file fd", file, e, E_NOTDIR, E_NOTCAPABLE);
    raw_fd_close(file);
    /* renumbering onto a never-opened fd does not create it; closing the preopen removes it */
    e = raw_fd_renumber(3, 7);
    if (e == 0) {   /* allowed by some runtimes: then 3 is gone and 7 is the preopen */
        expect("fd_close(3) after renumber", 3, raw_fd_close(3), E_BADF, E_BADF);
        expect("fd_renumber back", 7, raw_fd_renumber(7, 3), 0, 0);
    }
    expect("fd_close(3)", 3, raw_fd_close(3), 0, 0);
    expect("path_open on closed preopen", 3, raw_path_open(3, 0, G("inside.txt"), 10, 0, 0, 0, 0, G(&newfd)),
           E_BADF, E_BADF);
    expect("fd_prestat_get on closed preopen", 3, raw_fd_prestat_get(3, G(st)), E_BADF, E_BADF);
    printf("sb_fds: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
