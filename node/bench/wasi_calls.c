/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* wasi_calls.c — a WASI-call-heavy guest for node/bench/bench.mjs:
 *   wasi_calls write N   N fd_write calls of one byte to stdout
 *   wasi_calls open N    N path_open + fd_close pairs on /sandbox/f.txt
 *   wasi_calls clock N   N clock_time_get calls (the cheapest round trip)
 * Raw WASI calls (no stdio buffering), so each loop iteration is one or two
 * host calls. Prints nothing else; exits 1 if a call fails. */
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

int main(int argc, char **argv)
{
    if (argc != 3) return 2;
    long n = atol(argv[2]);
    if (strcmp(argv[1], "write") == 0) {
        __wasi_ciovec_t iov = { .buf = (const uint8_t *)"x", .buf_len = 1 };
        for (long i = 0; i < n; i++) {
            __wasi_size_t written;
            if (__wasi_fd_write(1, &iov, 1, &written) != 0) return 1;
        }
    } else if (strcmp(argv[1], "open") == 0) {
        for (long i = 0; i < n; i++) {
            __wasi_fd_t fd;
            if (__wasi_path_open(3, 0, "f.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd) != 0) return 1;
            if (__wasi_fd_close(fd) != 0) return 1;
        }
    } else if (strcmp(argv[1], "clock") == 0) {
        for (long i = 0; i < n; i++) {
            __wasi_timestamp_t t;
            if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t) != 0) return 1;
        }
    } else {
        return 2;
    }
    return 0;
}
