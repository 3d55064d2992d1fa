/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* readdir_small: fd_readdir into buffers of every size from 1 to 120 bytes,
 * resuming from cookies, rebuilds exactly the listing a big buffer gives; the
 * runtime never writes past buf_len, reports used <= buf_len, and fills the
 * buffer completely whenever more entries remain (the WASI contract). */
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>
#include "check.h"

enum { HDR = 24 };

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Appends the complete entries of buf[0..used) to names; returns the cookie
 * of the last complete entry (or `cookie` when there is none). */
static uint64_t parse(const uint8_t *buf, uint32_t used, uint64_t cookie, char **names, int *n) {
    uint32_t off = 0;
    while (off + HDR <= used) {
        uint64_t next;
        uint32_t namlen;
        memcpy(&next, buf + off, 8);
        memcpy(&namlen, buf + off + 16, 4);
        if (off + HDR + namlen > used) break;
        CHECK(*n < 64);
        names[*n] = strndup((const char *)buf + off + HDR, namlen);
        (*n)++;
        cookie = next;
        off += HDR + namlen;
    }
    return cookie;
}

static void list(int fd, uint32_t bufsize, char **names, int *n) {
    static uint8_t buf[4096 + 64];
    uint64_t cookie = 0;
    *n = 0;
    for (int guard = 0; guard < 1000; guard++) {
        memset(buf, 0xAA, sizeof buf);
        __wasi_size_t used = 0;
        CHECK(__wasi_fd_readdir((__wasi_fd_t)fd, buf, bufsize, cookie, &used) == 0);
        CHECK(used <= bufsize);
        for (uint32_t i = used; i < bufsize + 64 && i < sizeof buf; i++) CHECK(buf[i] == 0xAA);
        int before = *n;
        uint64_t next = parse(buf, used, cookie, names, n);
        if (used < bufsize) return;   /* the end */
        if (*n == before) {           /* the next entry does not fit: read it with room */
            CHECK(__wasi_fd_readdir((__wasi_fd_t)fd, buf, sizeof buf - 64, cookie, &used) == 0);
            next = parse(buf, used, cookie, names, n);
            if (*n > before + 1) {    /* keep only the one entry we were missing */
                for (int k = before + 1; k < *n; k++) free(names[k]);
                *n = before + 1;
                memcpy(&next, buf, 8);
            }
            if (*n == before) return;  /* nothing left */
        }
        cookie = next;
    }
    CHECK(!"readdir did not end");
}

int main(void) {
    CHECK(mkdir("/sandbox/d", 0755) == 0);
    const char *files[] = {"a", "bb", "a-much-longer-name-than-the-buffer.txt", "ccc", "dddd", "e", "ünï"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char p[128];
        snprintf(p, sizeof p, "/sandbox/d/%s", files[i]);
        int fd = open(p, O_CREAT | O_WRONLY, 0644);
        CHECK(fd >= 0 && close(fd) == 0);
    }
    int dfd = open("/sandbox/d", O_RDONLY | O_DIRECTORY);
    CHECK(dfd >= 0);
    char *ref[64], *got[64];
    int nref, ngot;
    list(dfd, 4096, ref, &nref);
    qsort(ref, (size_t)nref, sizeof ref[0], cmp_str);
    printf("entries:");
    for (int i = 0; i < nref; i++) printf(" %s", ref[i]);
    printf("\n");
    for (uint32_t size = 1; size <= 120; size++) {
        list(dfd, size, got, &ngot);
        qsort(got, (size_t)ngot, sizeof got[0], cmp_str);
        if (ngot != nref) printf("buf %u: %d entries, want %d\n", size, ngot, nref);
        CHECK(ngot == nref);
        for (int i = 0; i < nref; i++) {
            CHECK(strcmp(got[i], ref[i]) == 0);
            free(got[i]);
        }
    }
    printf("ok\n");
    return 0;
}
