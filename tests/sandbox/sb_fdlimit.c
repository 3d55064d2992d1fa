/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sb_fdlimit: opens inside.txt until the runtime refuses (the host fd limit
 * is low), checks the error is mfile or nfile and that every fd handed out
 * works, then closes them all and opens again. */
#include <stdio.h>
#include <string.h>
#include "raw_wasi.h"

int main(void) {
    static int32_t fds[100000];
    int n = 0;
    int32_t err = 0;
    while (n < 100000) {
        err = raw_path_open(3, 0, G("inside.txt"), 10, 0, 0x2 | 0x4, 0, 0, G(&fds[n]));
        if (err != 0) break;
        n++;
    }
    printf("opened %s, then %s\n", n > 10 ? "many" : "few", errno_name(err));
    if (strcmp(errno_name(err), "mfile") != 0 && strcmp(errno_name(err), "nfile") != 0) {
        printf("FAIL want mfile or nfile\n");
        return 1;
    }
    if (n < 10) { printf("FAIL only %d opened\n", n); return 1; }
    for (int i = 0; i < n; i++) {
        char buf[16];
        struct { gptr buf; uint32_t len; } iov = {G(buf), sizeof buf};
        uint32_t got = 0;
        if (raw_fd_pread(fds[i], G(&iov), 1, 0, G(&got)) != 0 || got != 7 || memcmp(buf, "inside\n", 7) != 0) {
            printf("FAIL fd %d does not read inside.txt\n", fds[i]);
            return 1;
        }
        for (int j = 0; j < i; j++)
            if (fds[j] == fds[i]) { printf("FAIL fd %d handed out twice\n", fds[i]); return 1; }
    }
    for (int i = 0; i < n; i++)
        if (raw_fd_close(fds[i]) != 0) { printf("FAIL close %d\n", fds[i]); return 1; }
    int32_t fd;
    if (raw_path_open(3, 0, G("inside.txt"), 10, 0, 0x2, 0, 0, G(&fd)) != 0) {
        printf("FAIL cannot open after closing\n");
        return 1;
    }
    printf("sb_fdlimit: ok\n");
    return 0;
}
