/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sbtool: a guest that runs filesystem operations given on its command line
 * through raw WASI calls, relative to a directory fd (the first preopen, 3),
 * and checks each result against an expectation. One argument per step:
 *
 *     EXPECT|OP|ARG1[|ARG2]
 *
 * EXPECT: ok | deny (perm or notcapable) | fail (any error) | any |
 *         okdeny (ok or deny) | a list joined by ',' of errno names, "ok" and
 *         "deny" (e.g. loop,notdir or nametoolong,deny).
 * OP: read read_nofollow opendir create write trunc fdops mkdir rmdir unlink
 *     rename link linkf symlink readlink stat lstat settimes settimes_nofollow
 *     fdread fdwrite
 *     fdclose; base PATH (later steps are relative to that directory),
 *     reset (back to fd 3), usefd N (relative to fd N).
 * ARG escapes: %XX is a byte (so %00 puts a NUL inside a path); an ARG of
 * the form @rep:N:UNIT:TAIL is UNIT repeated N times followed by TAIL.
 * Anything read back (file bytes, directory names, link text) that holds
 * "TOP-SECRET" or "root:x:0:" is a leak: the step fails whatever EXPECT says.
 * Exit: 0 when every step met its expectation, 1 otherwise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "raw_wasi.h"

static int32_t base_fd = 3;
static int failures, steps;

typedef struct { char *bytes; uint32_t len; } path_t;

static path_t decode_arg(const char *arg) {
    path_t p;
    if (strncmp(arg, "@rep:", 5) == 0) {
        char *end;
        unsigned long n = strtoul(arg + 5, &end, 10);
        const char *unit = end + 1;
        const char *colon = strchr(unit, ':');
        size_t unit_len = colon ? (size_t)(colon - unit) : strlen(unit);
        const char *tail = colon ? colon + 1 : "";
        size_t total = n * unit_len + strlen(tail);
        p.bytes = malloc(total + 1);
        if (!p.bytes) { printf("out of memory\n"); exit(2); }
        for (unsigned long i = 0; i < n; i++) memcpy(p.bytes + i * unit_len, unit, unit_len);
        strcpy(p.bytes + n * unit_len, tail);
        p.len = (uint32_t)total;
        return p;
    }
    p.bytes = malloc(strlen(arg) + 1);
    if (!p.bytes) { printf("out of memory\n"); exit(2); }
    uint32_t n = 0;
    for (const char *s = arg; *s; s++) {
        if (s[0] == '%' && s[1] && s[2]) {
            char hex[3] = {s[1], s[2], 0};
            p.bytes[n++] = (char)strtoul(hex, NULL, 16);
            s += 2;
        } else {
            p.bytes[n++] = *s;
        }
    }
    p.bytes[n] = 0;
    p.len = n;
    return p;
}

static int leaked(const char *data, size_t len) {
    static const char *const marks[] = {"TOP-SECRET", "root:x:0:"};
    for (int m = 0; m < 2; m++) {
        size_t ml = strlen(marks[m]);
        for (size_t i = 0; i + ml <= len; i++)
            if (memcmp(data + i, marks[m], ml) == 0) return 1;
    }
    return 0;
}

/* Printable rendering of up to 80 bytes. */
static void show(const char *data, size_t len) {
    printf(" [");
    for (size_t i = 0; i < len && i < 80; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c >= 32 && c < 127) putchar(c); else printf("\\x%02x", c);
    }
    printf("%s]", len > 80 ? "..." : "");
}

/* Opens relative to base_fd with all the rights it may hand on (asking for
 * more is notcapable under node:wasi's rights checks). */
static int32_t open_at(const path_t *p, int32_t lookup, int32_t oflags, int32_t *fd) {
    uint8_t fdstat[24];
    int64_t rights = RIGHTS_ALL;
    if (raw_fd_fdstat_get(base_fd, G(fdstat)) == 0) memcpy(&rights, fdstat + 16, 8);
    if (oflags & O_DIRECTORY_)   /* no data rights on a directory (node: EISDIR) */
        rights &= ~(int64_t)((1 << 0) | (1 << 1) | (1 << 2) | (1 << 4) | (1 << 6) | (1 << 8) | (1 << 22));
    return raw_path_open(base_fd, lookup, G(p->bytes), p->len, oflags, rights, rights, 0, G(fd));
}

/* Reads up to 4 KiB from fd into out; returns errno. */
static int32_t read_some(int32_t fd, char *out, uint32_t *len) {
    struct { gptr buf; uint32_t len; } iov = {G(out), 4096};
    return raw_fd_read(fd, G(&iov), 1, G(len));
}

static int32_t write_str(int32_t fd, const char *s) {
    struct { gptr buf; uint32_t len; } iov = {G(s), (uint32_t)strlen(s)};
    uint32_t n;
    return raw_fd_write(fd, G(&iov), 1, G(&n));
}

static int expect_ok(const char *expect, int32_t err) {
    if (strcmp(expect, "any") == 0) return 1;
    if (strcmp(expect, "ok") == 0) return err == 0;
    if (strcmp(expect, "fail") == 0) return err != 0;
    int deny = err == E_PERM || err == E_NOTCAPABLE;
    if (strcmp(expect, "deny") == 0) return deny;
    if (strcmp(expect, "okdeny") == 0) return err == 0 || deny;
    char names[128];
    snprintf(names, sizeof names, "%s", expect);
    for (char *save, *n = strtok_r(names, ",", &save); n; n = strtok_r(NULL, ",", &save)) {
        if (strcmp(n, errno_name(err)) == 0) return 1;
        if (strcmp(n, "ok") == 0 && err == 0) return 1;
        if (strcmp(n, "deny") == 0 && deny) return 1;
    }
    return 0;
}

static void step(char *spec) {
    char *save = NULL;
    char *expect = strtok_r(spec, "|", &save);
    char *op = strtok_r(NULL, "|", &save);
    char *a1 = strtok_r(NULL, "|", &save);
    char *a2 = strtok_r(NULL, "|", &save);
    if (!expect || !op) { printf("bad step\n"); exit(2); }
    path_t p1 = decode_arg(a1 ? a1 : ""), p2 = decode_arg(a2 ? a2 : "");
    static char data[8192];
    uint32_t len = 0;
    int32_t fd = -1, err;
    int leak = 0;
    steps++;

    if (strcmp(op, "read") == 0 || strcmp(op, "read_nofollow") == 0) {
        err = open_at(&p1, op[4] ? 0 : LOOKUP_FOLLOW, 0, &fd);
        if (err == 0) { err = read_some(fd, data, &len); raw_fd_close(fd); }
    } else if (strcmp(op, "opendir") == 0 || strcmp(op, "base") == 0) {
        err = open_at(&p1, LOOKUP_FOLLOW, O_DIRECTORY_, &fd);
        if (err == 0) {
            uint32_t used = 0;
            static char buf[4096];
            int32_t e2 = raw_fd_readdir(fd, G(buf), sizeof buf, 0, G(&used));
            /* names follow 24-byte dirent headers; collect them */
            for (uint32_t off = 0; e2 == 0 && off + 24 <= used;) {
                uint32_t nlen;
                memcpy(&nlen, buf + off + 16, 4);
                if (off + 24 + nlen > used) break;
                if (len + nlen + 1 < sizeof data) {
                    memcpy(data + len, buf + off + 24, nlen);
                    len += nlen;
                    data[len++] = ' ';
                }
                off += 24 + nlen;
            }
            if (strcmp(op, "base") == 0) base_fd = fd; else raw_fd_close(fd);
        }
    } else if (strcmp(op, "reset") == 0) {
        base_fd = 3;
        err = 0;
    } else if (strcmp(op, "usefd") == 0) {
        base_fd = atoi(a1);
        err = 0;
    } else if (strcmp(op, "fdops") == 0) {
        /* opens PATH without O_TRUNC, then tries every write-like fd call;
         * ok when any of them succeeded */
        err = open_at(&p1, LOOKUP_FOLLOW, 0, &fd);
        if (err == 0) {
            static const char x[] = "PWNED";
            struct { gptr buf; uint32_t len; } iov = {G(x), 5};
            uint32_t n;
            int32_t e[5] = {
                write_str(fd, "PWNED\n"),
                raw_fd_pwrite(fd, G(&iov), 1, 0, G(&n)),
                raw_fd_filestat_set_size(fd, 0),
                raw_fd_allocate(fd, 0, 100000),
                0,
            };
            e[4] = e[0] && e[1] && e[2] && e[3] ? e[0] : 0;
            len = (uint32_t)snprintf(data, sizeof data, "write=%s pwrite=%s set_size=%s allocate=%s",
                                     errno_name(e[0]), errno_name(e[1]), errno_name(e[2]), errno_name(e[3]));
            err = e[4];
            raw_fd_close(fd);
        }
    } else if (strcmp(op, "create") == 0 || strcmp(op, "write") == 0 || strcmp(op, "trunc") == 0) {
        int32_t of = op[0] == 'c' ? O_CREAT_ | O_TRUNC_ : op[0] == 't' ? O_TRUNC_ : 0;
        err = open_at(&p1, LOOKUP_FOLLOW, of, &fd);
        if (err == 0) {
            if (op[0] != 't') err = write_str(fd, "PWNED\n");
            raw_fd_close(fd);
        }
    } else if (strcmp(op, "mkdir") == 0) {
        err = raw_path_create_directory(base_fd, G(p1.bytes), p1.len);
    } else if (strcmp(op, "rmdir") == 0) {
        err = raw_path_remove_directory(base_fd, G(p1.bytes), p1.len);
    } else if (strcmp(op, "unlink") == 0) {
        err = raw_path_unlink_file(base_fd, G(p1.bytes), p1.len);
    } else if (strcmp(op, "rename") == 0) {
        err = raw_path_rename(base_fd, G(p1.bytes), p1.len, base_fd, G(p2.bytes), p2.len);
    } else if (strcmp(op, "link") == 0 || strcmp(op, "linkf") == 0) {
        err = raw_path_link(base_fd, op[4] ? LOOKUP_FOLLOW : 0, G(p1.bytes), p1.len, base_fd,
                            G(p2.bytes), p2.len);
    } else if (strcmp(op, "symlink") == 0) {
        err = raw_path_symlink(G(p1.bytes), p1.len, base_fd, G(p2.bytes), p2.len);
    } else if (strcmp(op, "readlink") == 0) {
        err = raw_path_readlink(base_fd, G(p1.bytes), p1.len, G(data), sizeof data, G(&len));
        if (err != 0) len = 0;
    } else if (strcmp(op, "stat") == 0 || strcmp(op, "lstat") == 0) {
        uint8_t st[64];
        err = raw_path_filestat_get(base_fd, op[0] == 's' ? LOOKUP_FOLLOW : 0, G(p1.bytes), p1.len, G(st));
        if (err == 0) len = (uint32_t)snprintf(data, sizeof data, "type=%u size=%llu", st[16],
                                               (unsigned long long)*(uint64_t *)(st + 32));
    } else if (strcmp(op, "settimes") == 0 || strcmp(op, "settimes_nofollow") == 0) {
        err = raw_path_filestat_set_times(base_fd, op[8] ? 0 : LOOKUP_FOLLOW, G(p1.bytes), p1.len,
                                          1000000000LL, 1000000000LL, 1 | 4);
    } else if (strcmp(op, "fdread") == 0) {
        err = read_some(atoi(a1), data, &len);
        if (err != 0) len = 0;
    } else if (strcmp(op, "fdwrite") == 0) {
        err = write_str(atoi(a1), "PWNED\n");
    } else if (strcmp(op, "fdclose") == 0) {
        err = raw_fd_close(atoi(a1));
    } else {
        printf("unknown op %s\n", op);
        exit(2);
    }
    leak = leaked(data, len);
    int pass = expect_ok(expect, err) && !leak;
    if (!pass) failures++;
    printf("%s %s %s", pass ? "PASS" : "FAIL", op, a1 ? a1 : "");
    if (a2) printf(" %s", a2);
    printf(" -> %s", err ? errno_name(err) : "ok");
    if (len) show(data, len);
    if (!pass) printf(leak ? " LEAK" : " (want %s)", expect);
    printf("\n");
    free(p1.bytes);
    free(p2.bytes);
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) step(argv[i]);
    printf("sbtool: %d steps, %d failed\n", steps, failures);
    return failures ? 1 : 0;
}
