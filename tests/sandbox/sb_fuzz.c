/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sb_fuzz: random paths built from components that include `..`, `.`,
 * empty ones, symlinks that point outside (set up by path_fuzz.sh) and loops,
 * tried with open (follow and not), opendir + readdir, stat, create and mkdir.
 * The oracle is the host's: nothing outside may be read, listed or created.
 * Here: any data or name holding TOP-SECRET is a leak. Deterministic per seed.
 *   sb_fuzz SEED COUNT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "raw_wasi.h"

static uint32_t rng;
static uint32_t next(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

static const char *const parts[] = {
    "..", "..", "..", ".", "", "sub", "sub", "deeper", "inside.txt", "x", "up", "outdir", "absdir",
    "parent", "self", "loop1", "dangle", "dirlink", "swapdir", "abs", "root", "outside", "secret.txt",
    "secret2.txt", "dir", "TOP-SECRET-name",
};
enum { NPARTS = sizeof parts / sizeof parts[0] };

static int has_secret(const char *data, uint32_t len) {
    for (uint32_t i = 0; i + 10 <= len; i++)
        if (memcmp(data + i, "TOP-SECRET", 10) == 0) return 1;
    return 0;
}

int main(int argc, char **argv) {
    rng = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) | 1u : 12345u;
    long count = argc > 2 ? strtol(argv[2], NULL, 10) : 10000;
    static char path[512], buf[8192];
    long ok = 0, errs = 0, leaks = 0, made = 0;
    const int64_t file_rights = 0x2 | 0x4 | 0x20 | 0x40 | 0x200000;
    const int64_t dir_rights = 0x4000 | 0x2000 | 0x40000;
    for (long i = 0; i < count; i++) {
        size_t len = 0;
        if (next() % 16 == 0) path[len++] = '/';
        else if (next() % 2 == 0) {   /* start below the root, so `..` stays inside longer */
            memcpy(path + len, "sub/deeper/", 11);
            len += 11;
        }
        int n = 1 + (int)(next() % 6);
        for (int k = 0; k < n; k++) {
            const char *p = parts[next() % NPARTS];
            size_t pl = strlen(p);
            memcpy(path + len, p, pl);
            len += pl;
            if (k + 1 < n) path[len++] = '/';
        }
        if (next() % 8 == 0) path[len++] = '/';
        int op = (int)(next() % 6);
        if (op >= 4) {   /* create / mkdir a fresh name below the random path */
            len += (size_t)snprintf(path + len, sizeof path - len, "%sfz%ld", len && path[len - 1] != '/' ? "/" : "", i);
        }
        path[len] = 0;
        int32_t fd, e;
        uint32_t got = 0;
        switch (op) {
        case 0: case 1:
            e = raw_path_open(3, op == 0 ? 1 : 0, G(path), (uint32_t)len, 0, file_rights, 0, 0, G(&fd));
            if (e == 0) {
                struct { gptr buf; uint32_t len; } iov = {G(buf), sizeof buf};
                raw_fd_read(fd, G(&iov), 1, G(&got));
                raw_fd_close(fd);
            }
            break;
        case 2:
            e = raw_path_open(3, 1, G(path), (uint32_t)len, 2, dir_rights, file_rights, 0, G(&fd));
            if (e == 0) {
                raw_fd_readdir(fd, G(buf), sizeof buf, 0, G(&got));
                raw_fd_close(fd);
            }
            break;
        case 3: {
            uint8_t st[64];
            e = raw_path_filestat_get(3, (int32_t)(next() & 1), G(path), (uint32_t)len, G(st));
            break;
        }
        case 4:
            e = raw_path_open(3, 1, G(path), (uint32_t)len, O_CREAT_ | O_EXCL_, file_rights, 0, 0, G(&fd));
            if (e == 0) { raw_fd_close(fd); made++; }
            break;
        default:
            e = raw_path_create_directory(3, G(path), (uint32_t)len);
            if (e == 0) made++;
            break;
        }
        if (e == 0) ok++; else errs++;
        if (got && has_secret(buf, got)) {
            leaks++;
            if (leaks <= 10) printf("LEAK op %d path '%s'\n", op, path);
        }
    }
    printf("sb_fuzz: %ld paths, %ld ok, %ld errors, %ld created inside, %ld leaks\n", count, ok, errs, made, leaks);
    return leaks ? 1 : 0;
}
