/* path.c — the sandbox: resolves a guest path beneath a directory fd and
 * nowhere else. Directories are opened with openat2(RESOLVE_BENEATH |
 * RESOLVE_NO_MAGICLINKS) when the kernel has it, otherwise by a walk that
 * opens one component at a time with O_NOFOLLOW and expands symlinks itself.
 * The final component is never handed to the kernel in a way that follows a
 * symlink: callers use it with *at() calls and O_NOFOLLOW / AT_SYMLINK_NOFOLLOW.
 * docs/sandbox.md explains the argument. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "wasi_int.h"

#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

/* POSIX's SYMLOOP_MAX is at least 8; Linux uses 40. */
#define SYMLINK_BUDGET 40

enum { OPENAT2_UNKNOWN = 0, OPENAT2_YES, OPENAT2_NO };
static _Atomic int openat2_state = OPENAT2_UNKNOWN; /* shared by all WASI objects */

void wasi_path_use_openat2(bool enable)
{
    openat2_state = enable ? OPENAT2_UNKNOWN : OPENAT2_NO;
}

uint32_t wasi_path_copy(const wasi_call_t *call, uint32_t ptr, uint32_t len, char **out)
{
    const uint8_t *src = wasi_mem_at(&call->mem, ptr, len);
    if (!src) return WASI_EFAULT;
    if (len >= WASI_PATH_MAX) return WASI_ENAMETOOLONG;
    if (memchr(src, 0, len)) return WASI_EINVAL;
    char *s = base_strndup((const char *)src, len);
    if (!s) return WASI_ENOMEM;
    *out = s;
    return WASI_ESUCCESS;
}

/* ---- string helpers ----------------------------------------------------------- */

static char *concat3(const char *a, size_t alen, const char *b, size_t blen, const char *c)
{
    size_t clen = strlen(c);
    char *s = base_malloc(alen + blen + clen + 1);
    if (!s) return NULL;
    memcpy(s, a, alen);
    memcpy(s + alen, b, blen);
    memcpy(s + alen + blen, c, clen + 1);
    return s;
}

/* Reads the symlink `name` in `dir_fd`: >0 its length (target in buf, NUL
 * terminated), 0 when `name` is not a symlink or does not exist, or
 * -(WASI errno). */
static long read_link(int dir_fd, const char *name, char *buf, size_t size)
{
    ssize_t n = readlinkat(dir_fd, name, buf, size);
    if (n < 0) {
        if (errno == EINVAL || errno == ENOENT || errno == ENOTDIR) return 0;
        return -(long)wasi_errno_from_host(errno);
    }
    if ((size_t)n >= size) return -(long)WASI_ENAMETOOLONG;
    if (n == 0) return -(long)WASI_ENOENT;
    buf[n] = '\0';
    return (long)n;
}

/* ---- the walk (no openat2) ---------------------------------------------------- */

typedef struct fd_stack {
    int *fds;
    size_t len, cap;
} fd_stack_t;

static void stack_fini(fd_stack_t *s)
{
    for (size_t i = 0; i < s->len; i++) close(s->fds[i]);
    base_free(s->fds);
}

static bool stack_push(fd_stack_t *s, int fd)
{
    if (s->len == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        int *fds = base_realloc(s->fds, cap * sizeof *fds);
        if (!fds) return false;
        s->fds = fds;
        s->cap = cap;
    }
    s->fds[s->len++] = fd;
    return true;
}

/* Opens directory `rel` beneath `base_fd` one component at a time. `..` pops
 * the stack of opened directories and fails at the bottom, so it can never
 * climb above base_fd; every open uses O_NOFOLLOW, and symlinks are
 * expanded here by splicing their (relative) target into the pending path. */
static uint32_t walk_beneath(int base_fd, const char *rel, int *out_fd)
{
    fd_stack_t stack = { 0 };
    char *pending = base_strndup(rel, strlen(rel));
    char linkbuf[PATH_MAX];
    int budget = SYMLINK_BUDGET;
    uint32_t err = WASI_ESUCCESS;
    size_t pos = 0;
    if (!pending) return WASI_ENOMEM;
    while (pending[pos]) {
        if (pending[pos] == '/') {
            pos++;
            continue;
        }
        size_t end = pos;
        while (pending[end] && pending[end] != '/') end++;
        char saved = pending[end];
        pending[end] = '\0';
        const char *comp = pending + pos;
        int cur = stack.len ? stack.fds[stack.len - 1] : base_fd;
        if (strcmp(comp, ".") == 0) {
            /* nothing */
        } else if (strcmp(comp, "..") == 0) {
            if (stack.len == 0) {
                err = WASI_ENOTCAPABLE;
                break;
            }
            close(stack.fds[--stack.len]);
        } else {
            int fd = openat(cur, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd >= 0) {
                if (!stack_push(&stack, fd)) {
                    close(fd);
                    err = WASI_ENOMEM;
                    break;
                }
            } else {
                int e = errno;
                long n = (e == ENOTDIR || e == ELOOP) ? read_link(cur, comp, linkbuf, sizeof linkbuf)
                                                      : 0;
                if (n < 0) {
                    err = (uint32_t)-n;
                    break;
                }
                if (n == 0) {
                    err = wasi_errno_from_host(e);
                    break;
                }
                if (--budget < 0) {
                    err = WASI_ELOOP;
                    break;
                }
                if (linkbuf[0] == '/') {
                    err = WASI_ENOTCAPABLE; /* absolute symlink: outside any sandbox */
                    break;
                }
                /* pending := target "/" rest */
                pending[end] = saved;
                char *next = concat3(linkbuf, (size_t)n, "/", 1, pending + end);
                if (!next) {
                    err = WASI_ENOMEM;
                    break;
                }
                base_free(pending);
                pending = next;
                pos = 0;
                continue;
            }
        }
        pending[end] = saved;
        pos = end;
    }
    base_free(pending);
    if (err == WASI_ESUCCESS) {
        int top = stack.len ? stack.fds[stack.len - 1] : -1;
        if (top >= 0) {
            stack.len--; /* keep it open: it is the result */
            *out_fd = top;
        } else {
            *out_fd = fcntl(base_fd, F_DUPFD_CLOEXEC, 0);
            if (*out_fd < 0) err = wasi_errno_from_host(errno);
        }
    }
    stack_fini(&stack);
    return err;
}

/* ---- openat2 -------------------------------------------------------------------------- */

/* 1 = done (result in *out_fd / *err), 0 = not available: use the walk. */
static int try_openat2(int base_fd, const char *rel, int *out_fd, uint32_t *err)
{
#ifdef SYS_openat2
    if (openat2_state == OPENAT2_NO) return 0;
    if (openat2_state == OPENAT2_UNKNOWN) {
        const char *env = getenv("WASMCELL_WASI_NO_OPENAT2");
        if (env && env[0] == '1') {
            openat2_state = OPENAT2_NO;
            return 0;
        }
    }
    struct open_how how = { 0 };
    how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    for (int attempt = 0; attempt < 4; attempt++) {
        long fd = syscall(SYS_openat2, base_fd, rel, &how, sizeof how);
        if (fd >= 0) {
            openat2_state = OPENAT2_YES;
            *out_fd = (int)fd;
            *err = WASI_ESUCCESS;
            return 1;
        }
        int e = errno;
        if (e == EAGAIN) continue; /* a concurrent rename: the kernel asks to retry */
        if (e == ENOSYS || e == E2BIG || (e == EPERM && openat2_state == OPENAT2_UNKNOWN)) {
            openat2_state = OPENAT2_NO; /* old kernel or a seccomp filter */
            return 0;
        }
        openat2_state = OPENAT2_YES;
        /* EXDEV: the path (or a symlink in it) would leave base_fd. */
        *err = e == EXDEV ? WASI_ENOTCAPABLE : wasi_errno_from_host(e);
        return 1;
    }
    return 0; /* persistent EAGAIN: the walk holds no such race window */
#else
    (void)base_fd, (void)rel, (void)out_fd, (void)err;
    return 0;
#endif
}

/* Opens directory `rel` (relative, may be empty) beneath base_fd. */
static uint32_t open_dir_beneath(int base_fd, const char *rel, int *out_fd)
{
    uint32_t err;
    if (rel[0] == '\0') rel = ".";
    if (try_openat2(base_fd, rel, out_fd, &err)) return err;
    return walk_beneath(base_fd, rel, out_fd);
}

/* ---- the resolver ------------------------------------------------------------- */

void wasi_resolved_fini(wasi_resolved_t *r)
{
    if (r->dir_fd_owned && r->dir_fd >= 0) close(r->dir_fd);
    base_free(r->name);
    base_free(r->name_slash);
    *r = (wasi_resolved_t){ .dir_fd = -1 };
}

/* Splits `path` (no leading '/', not empty) into its directory part
 * [0, *dir_len) and last component [*last_pos, *last_end); trailing slashes
 * are reported, not included. */
static void split_last(const char *path, size_t *dir_len, size_t *last_pos, size_t *last_end,
                       bool *trailing)
{
    size_t end = strlen(path);
    *trailing = false;
    while (end > 0 && path[end - 1] == '/') {
        end--;
        *trailing = true;
    }
    size_t pos = end;
    while (pos > 0 && path[pos - 1] != '/') pos--;
    *last_pos = pos;
    *last_end = end;
    *dir_len = pos;
}

static uint32_t set_names(wasi_resolved_t *out, const char *name, size_t len, bool trailing)
{
    out->name = base_strndup(name, len);
    out->name_slash = concat3(name, len, trailing ? "/" : "", trailing ? 1 : 0, "");
    out->trailing_slash = trailing;
    return out->name && out->name_slash ? WASI_ESUCCESS : WASI_ENOMEM;
}

uint32_t wasi_path_resolve(int base_fd, const char *path, unsigned flags, wasi_resolved_t *out)
{
    *out = (wasi_resolved_t){ .dir_fd = -1 };
    char *cur = base_strndup(path, strlen(path));
    char linkbuf[PATH_MAX];
    uint32_t err = WASI_ESUCCESS;
    if (!cur) return WASI_ENOMEM;
    for (int budget = SYMLINK_BUDGET;; budget--) {
        if (cur[0] == '\0') {
            err = WASI_ENOENT;
            break;
        }
        if (cur[0] == '/') {
            err = WASI_ENOTCAPABLE; /* absolute paths name the host's root */
            break;
        }
        size_t dir_len, last_pos, last_end;
        bool trailing;
        split_last(cur, &dir_len, &last_pos, &last_end, &trailing);
        size_t last_len = last_end - last_pos;
        const char *last = cur + last_pos;
        if ((last_len == 1 && last[0] == '.') || (last_len == 2 && last[0] == '.' && last[1] == '.')) {
            /* "x/." and "x/..": open the whole path as a directory so that
             * ".." is judged by the resolver, then operate on ".". */
            cur[last_end] = '\0';
            err = open_dir_beneath(base_fd, cur, &out->dir_fd);
            if (err == WASI_ESUCCESS) {
                out->dir_fd_owned = true;
                err = set_names(out, ".", 1, false);
            }
            break;
        }
        char saved = cur[dir_len];
        cur[dir_len] = '\0';
        if (dir_len == 0) {
            out->dir_fd = base_fd;
            out->dir_fd_owned = false;
        } else {
            err = open_dir_beneath(base_fd, cur, &out->dir_fd);
            if (err != WASI_ESUCCESS) break;
            out->dir_fd_owned = true;
        }
        cur[dir_len] = saved;
        cur[last_end] = '\0'; /* `last` as a string; the rest is not needed */
        long n = 0;
        if ((flags & WASI_RESOLVE_FOLLOW) || (trailing && (flags & WASI_RESOLVE_SLASH_FOLLOWS)))
            n = read_link(out->dir_fd, last, linkbuf, sizeof linkbuf);
        if (n < 0) {
            err = (uint32_t)-n;
            break;
        }
        if (n == 0) {
            err = set_names(out, last, last_len, trailing);
            break;
        }
        /* The final component is a symlink to follow: resolve its target
         * relative to the directory holding it, keeping a trailing slash. */
        if (budget <= 0) {
            err = WASI_ELOOP;
            break;
        }
        if (linkbuf[0] == '/') {
            err = WASI_ENOTCAPABLE;
            break;
        }
        char *next = concat3(cur, dir_len, linkbuf, (size_t)n, trailing ? "/" : "");
        if (!next) {
            err = WASI_ENOMEM;
            break;
        }
        base_free(cur);
        cur = next;
        if (out->dir_fd_owned) close(out->dir_fd);
        out->dir_fd = -1;
        out->dir_fd_owned = false;
    }
    base_free(cur);
    if (err != WASI_ESUCCESS) wasi_resolved_fini(out);
    return err;
}
