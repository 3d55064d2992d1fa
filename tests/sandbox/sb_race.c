/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sb_race: for SECONDS, keeps opening, listing and creating through
 * "swap/..." while the host exchanges the directory `swap` (inside the
 * preopen) with a symlink to a directory outside. Every outcome must be
 * either the inside content or an error; anything holding TOP-SECRET is a
 * leak. Runs at least SECONDS, and on (up to 10 s) until it has met both
 * states. Prints the counts; exit 1 on a leak. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "raw_wasi.h"

static uint64_t now_ns(void) {
    uint64_t t = 0;
    raw_clock_time_get(1, 1, G(&t));
    return t;
}

static int has_secret(const char *data, uint32_t len) {
    for (uint32_t i = 0; i + 10 <= len; i++)
        if (memcmp(data + i, "TOP-SECRET", 10) == 0) return 1;
    return 0;
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    uint64_t start = now_ns();
    uint64_t end = start + (uint64_t)(seconds * 1e9), hard_end = start + 10000000000ull;
    const int64_t file_rights = 0x2 | 0x4 | 0x20 | 0x200000, dir_rights = 0x4000 | 0x2000;
    long attempts = 0, inside = 0, refused = 0, leaks = 0, created = 0, listed = 0;
    static char buf[4096];
    char name[64];
    for (long i = 0; ; i++) {
        if ((i & 63) == 0) {
            uint64_t t = now_ns();
            if (t >= hard_end || (t >= end && inside > 0 && refused > 0)) break;
        }
        int32_t fd;
        attempts++;
        int32_t e = raw_path_open(3, 1, G("swap/secret.txt"), 15, 0, file_rights, 0, 0, G(&fd));
        if (e == 0) {
            struct { gptr buf; uint32_t len; } iov = {G(buf), sizeof buf};
            uint32_t n = 0;
            raw_fd_read(fd, G(&iov), 1, G(&n));
            raw_fd_close(fd);
            if (has_secret(buf, n)) {
                leaks++;
                if (leaks <= 5) printf("LEAK read: %.*s", (int)n, buf);
            } else {
                inside++;
            }
        } else {
            refused++;
        }
        if (i % 8 == 4) {   /* physically swap/.. is the outside's parent when swap is the link */
            e = raw_path_open(3, 1, G("swap/../secret.txt"), 18, 0, file_rights, 0, 0, G(&fd));
            if (e == 0) {
                struct { gptr buf; uint32_t len; } iov = {G(buf), sizeof buf};
                uint32_t n = 0;
                raw_fd_read(fd, G(&iov), 1, G(&n));
                raw_fd_close(fd);
                if (has_secret(buf, n)) { leaks++; printf("LEAK via swap/..: %.*s", (int)n, buf); }
            }
        }
        if (i % 8 == 0) {
            e = raw_path_open(3, 1, G("swap"), 4, 2, dir_rights, file_rights, 0, G(&fd));
            if (e == 0) {
                uint32_t used = 0;
                raw_fd_readdir(fd, G(buf), sizeof buf, 0, G(&used));
                if (has_secret(buf, used)) { leaks++; printf("LEAK listing\n"); }
                /* through the fd just opened: still the inside directory */
                int32_t f2;
                if (raw_path_open(fd, 0, G("secret.txt"), 10, 0, file_rights, 0, 0, G(&f2)) == 0) {
                    struct { gptr buf; uint32_t len; } iov = {G(buf), sizeof buf};
                    uint32_t n = 0;
                    raw_fd_read(f2, G(&iov), 1, G(&n));
                    raw_fd_close(f2);
                    if (has_secret(buf, n)) { leaks++; printf("LEAK via dir fd: %.*s\n", (int)n, buf); }
                }
                raw_fd_close(fd);
                listed++;
            }
        }
        if (created < 200 && i % 4 == 1) {
            int len = snprintf(name, sizeof name, "swap/made-%ld", i);
            e = raw_path_open(3, 1, G(name), (uint32_t)len, O_CREAT_ | O_EXCL_, 0x40, 0, 0, G(&fd));
            if (e == 0) { raw_fd_close(fd); created++; }
            len = snprintf(name, sizeof name, "swap/dir-%ld", i);
            raw_path_create_directory(3, G(name), (uint32_t)len);
        }
    }
    printf("attempts=%ld inside=%ld refused=%ld listed=%ld created=%ld leaks=%ld\n",
           attempts, inside, refused, listed, created, leaks);
    return leaks ? 1 : 0;
}
