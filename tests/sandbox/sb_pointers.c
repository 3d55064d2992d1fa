/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sb_pointers: WASI calls given guest pointers and lengths that leave linear
 * memory (past the end, straddling it, near 4 GiB, or wrapping past it by
 * length overflow) return errno fault (21) and do nothing; the runtime keeps
 * running. Run with --dir ROOT::/sandbox (fd 3, holding inside.txt) and one
 * --env. Prints one line per call; exit 0 when all returned fault. */
#include <stdio.h>
#include <string.h>
#include "raw_wasi.h"

static int failures, checks;
static uint32_t M;   /* memory size in bytes */

static void expect_fault(const char *what, int32_t err, int also_inval) {
    checks++;
    int pass = err == E_FAULT || (also_inval && err == E_INVAL);
    if (!pass) failures++;
    printf("%s %s -> %s\n", pass ? "PASS" : "FAIL", what, err ? errno_name(err) : "ok");
}

static int32_t open_file(const char *path, int32_t oflags, int32_t *fd) {
    return raw_path_open(3, 1, G(path), (uint32_t)strlen(path), oflags, 0x1fffffff & ~(1 << 24),
                         0x1fffffff & ~(1 << 24), 0, G(fd));
}

static int32_t file_size(const char *path, uint64_t *size) {
    uint8_t st[64];
    int32_t e = raw_path_filestat_get(3, 1, G(path), (uint32_t)strlen(path), G(st));
    if (e == 0) memcpy(size, st + 32, 8);
    return e;
}

int main(void) {
    M = (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
    printf("memory %u pages\n", M / 65536u);
    static char text[] = "SHOULD-NOT-APPEAR\n";
    struct { gptr buf; uint32_t len; } iov = {G(text), sizeof text - 1}, bad_iov;
    uint32_t n, n2;
    int32_t fd;

    /* iovec arrays out of memory */
    expect_fault("fd_write iovs straddling end", raw_fd_write(1, M - 4, 1, G(&n)), 0);
    expect_fault("fd_write iovs at end", raw_fd_write(1, M, 1, G(&n)), 0);
    expect_fault("fd_write iovs near 4GiB", raw_fd_write(1, 0xfffffff8u, 1, G(&n)), 0);
    expect_fault("fd_write iovs_len overflow", raw_fd_write(1, G(&iov), 0x20000000u, G(&n)), 1);
    expect_fault("fd_write iovs_len huge", raw_fd_write(1, G(&iov), 0x7fffffffu, G(&n)), 1);
    /* iovec buffers out of memory */
    bad_iov.buf = M - 2; bad_iov.len = 10;
    expect_fault("fd_write buf straddling end", raw_fd_write(1, G(&bad_iov), 1, G(&n)), 0);
    bad_iov.buf = 0xfffffff0u; bad_iov.len = 0x20;
    expect_fault("fd_write buf wrapping 4GiB", raw_fd_write(1, G(&bad_iov), 1, G(&n)), 0);
    bad_iov.buf = 16; bad_iov.len = 0xffffffffu;
    expect_fault("fd_write len 4GiB-1", raw_fd_write(1, G(&bad_iov), 1, G(&n)), 0);
    struct { gptr buf; uint32_t len; } two[2] = {{G(text), 4}, {M - 1, 2}};
    expect_fault("fd_write second iov bad", raw_fd_write(1, G(two), 2, G(&n)), 0);
    /* result pointer out of memory: nothing may be written first */
    int32_t e = open_file("w.txt", O_CREAT_ | O_TRUNC_, &fd);
    if (e != 0) { printf("FAIL cannot create w.txt: %s\n", errno_name(e)); return 1; }
    expect_fault("fd_write nwritten out", raw_fd_write(fd, G(&iov), 1, M - 2), 0);
    expect_fault("fd_pwrite iovs out", raw_fd_pwrite(fd, M - 4, 1, 0, G(&n)), 0);
    expect_fault("fd_pwrite nwritten out", raw_fd_pwrite(fd, G(&iov), 1, 0, 0xfffffffcu), 0);
    uint64_t size = 99;
    checks++;
    if (file_size("w.txt", &size) != 0 || size != 0) {
        failures++;
        printf("FAIL a failed fd_write still wrote %llu bytes\n", (unsigned long long)size);
    } else {
        printf("PASS failed writes wrote nothing\n");
    }
    raw_fd_close(fd);

    /* reads into memory out of range */
    e = open_file("inside.txt", 0, &fd);
    if (e != 0) { printf("FAIL cannot open inside.txt: %s\n", errno_name(e)); return 1; }
    bad_iov.buf = M - 1; bad_iov.len = 100;
    expect_fault("fd_read buf straddling end", raw_fd_read(fd, G(&bad_iov), 1, G(&n)), 0);
    expect_fault("fd_read iovs out", raw_fd_read(fd, M + 8, 1, G(&n)), 0);
    expect_fault("fd_read nread out", raw_fd_read(fd, G(&iov), 1, M), 0);
    expect_fault("fd_pread buf out", raw_fd_pread(fd, G(&bad_iov), 1, 0, G(&n)), 0);
    expect_fault("fd_seek newoffset out", raw_fd_seek(fd, 0, 0, M - 4), 0);
    expect_fault("fd_filestat_get out", raw_fd_filestat_get(fd, M - 32), 0);
    expect_fault("fd_fdstat_get out", raw_fd_fdstat_get(fd, 0xffffffffu), 0);
    raw_fd_close(fd);

    /* paths out of range */
    expect_fault("path_open path straddling", raw_path_open(3, 0, M - 3, 10, 0, 0, 0, 0, G(&fd)), 0);
    expect_fault("path_open path near 4GiB", raw_path_open(3, 0, 0xffffffffu, 2, 0, 0, 0, 0, G(&fd)), 0);
    expect_fault("path_open path_len huge", raw_path_open(3, 0, G(text), 0xffffffffu, 0, 0, 0, 0, G(&fd)), 1);
    static const char created[] = "created_by_bad_ptr";
    expect_fault("path_open fd_out out (O_CREAT)",
                 raw_path_open(3, 0, G(created), sizeof created - 1, O_CREAT_, 0x1fffffff & ~(1 << 24),
                               0, 0, M - 2), 0);
    checks++;
    if (file_size(created, &size) == 0) {
        failures++;
        printf("FAIL path_open with a bad fd_out pointer still created the file\n");
    } else {
        printf("PASS bad fd_out created nothing\n");
    }
    expect_fault("path_create_directory path out", raw_path_create_directory(3, M - 1, 5), 0);
    expect_fault("path_unlink_file path out", raw_path_unlink_file(3, 0xfffffff0u, 0x20), 0);
    expect_fault("path_filestat_get buf out",
                 raw_path_filestat_get(3, 0, G("inside.txt"), 10, M - 8), 0);
    expect_fault("path_symlink old out", raw_path_symlink(M - 2, 8, 3, G("lnk"), 3), 0);
    expect_fault("path_rename new out", raw_path_rename(3, G("inside.txt"), 10, 3, M, 4), 0);
    expect_fault("path_readlink buf out", raw_path_readlink(3, G("lnk"), 3, M - 1, 100, G(&n)), 0);
    expect_fault("fd_readdir buf out", raw_fd_readdir(3, M - 100, 4096, 0, G(&n)), 0);
    expect_fault("fd_readdir used out", raw_fd_readdir(3, G(text), sizeof text, 0, M), 0);
    expect_fault("fd_prestat_get out", raw_fd_prestat_get(3, M), 0);
    expect_fault("fd_prestat_dir_name out", raw_fd_prestat_dir_name(3, M - 2, 8), 0);

    /* args, environment, clocks, random, poll */
    expect_fault("args_sizes_get out", raw_args_sizes_get(M, G(&n2)), 0);
    expect_fault("args_get argv out", raw_args_get(M - 2, G(text)), 0);   /* argc is 1: 4 bytes */
    static char argbuf[4096];
    static gptr argv_[64];
    expect_fault("args_get buf out", raw_args_get(G(argv_), M - 2), 0);
    expect_fault("environ_sizes_get out", raw_environ_sizes_get(G(&n), 0xfffffffcu), 0);
    expect_fault("environ_get buf out", raw_environ_get(G(argv_), M - 1), 0);
    expect_fault("environ_get environ out", raw_environ_get(M - 2, G(argbuf)), 0);
    expect_fault("clock_time_get out", raw_clock_time_get(1, 0, M - 4), 0);
    expect_fault("clock_time_get near 4GiB", raw_clock_time_get(0, 0, 0xfffffffcu), 0);
    expect_fault("clock_res_get out", raw_clock_res_get(1, M), 0);
    expect_fault("random_get straddling", raw_random_get(M - 10, 100), 0);
    expect_fault("random_get wrapping", raw_random_get(0xfffffff0u, 0x20), 0);
    expect_fault("random_get len huge", raw_random_get(G(argbuf), 0xffffffffu), 0);
    expect_fault("poll_oneoff in out", raw_poll_oneoff(M - 10, G(argbuf), 1, G(&n)), 0);
    expect_fault("poll_oneoff out out", raw_poll_oneoff(G(argbuf), M - 8, 1, G(&n)), 0);
    expect_fault("poll_oneoff nsubs overflow", raw_poll_oneoff(G(argbuf), G(argbuf), 0x10000000u, G(&n)), 1);

    /* memory is still intact and usable */
    fflush(stdout);   /* keep our raw write after the buffered lines */
    static const char alive[] = "alive\n";
    iov.buf = G(alive);
    iov.len = sizeof alive - 1;
    checks++;
    if (raw_random_get(G(argbuf), 16) != 0 || raw_fd_write(1, G(&iov), 1, G(&n)) != 0) {
        failures++;
        printf("FAIL valid calls fail after the bad ones\n");
    }
    printf("sb_pointers: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
