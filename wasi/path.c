/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
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
    if (len > WASI_PATH_MAX) return WASI_ENAMETOOLONG;
    if (memchr(src, 0, len)) return WASI_EINVAL;
    char *s = wasi_strndup((const char *)src, len);
    if (!s) return WASI_ENOMEM;
    *out = s;
    return WASI_ESUCCESS;
}

/* ---- string helpers ----------------------------------------------------------- */

static char *concat3(const char *a, size_t alen, const char *b, size_t blen, const char *c)
{
    size_t clen = strlen(c);
    char *s = wasi_malloc(alen + blen + clen + 1);
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
    wasi_free(s->fds);
}

static bool stack_push(fd_stack_t *s, int fd)
{
    if (s->len == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        int *fds = wasi_realloc(s->fds, cap * sizeof *fds);
        if (!fds) return false;
        s->fds = fds;
        s->cap = cap;
    }
    s->fds[s->len++] = fd;
    return true;
}

typedef struct walk {
    int base_fd;
    fd_stack_t stack;   /* directories opened so far; empty = at base_fd */
    char *pending;      /* owned: the path still to walk is pending + pos */
    size_t pos;
    int budget;         /* symlink expansions left */
} walk_t;

static int walk_cur(const walk_t *w)
{
    return w->stack.len ? w->stack.fds[w->stack.len - 1] : w->base_fd;
}

/* The component [pos, end) was a symlink to `target`: pending := target "/"
 * rest. An absolute target leaves every sandbox. */
static uint32_t walk_splice(walk_t *w, size_t end, const char *target, size_t len)
{
    if (--w->budget < 0) return WASI_ELOOP;
    if (target[0] == '/') return WASI_ENOTCAPABLE;
    char *next = concat3(target, len, "/", 1, w->pending + end);
    if (!next) return WASI_ENOMEM;
    wasi_free(w->pending);
    w->pending = next;
    w->pos = 0;
    return WASI_ESUCCESS;
}

/* Walks one component `comp` (NUL-terminated in place; the rest of the path
 * starts at `end`). */
static uint32_t walk_component(walk_t *w, const char *comp, size_t end, char saved)
{
    char linkbuf[PATH_MAX];
    if (strcmp(comp, ".") == 0) {
        w->pending[end] = saved;
        w->pos = end;
        return WASI_ESUCCESS;
    }
    if (strcmp(comp, "..") == 0) {
        if (w->stack.len == 0) return WASI_ENOTCAPABLE; /* above base_fd */
        close(w->stack.fds[--w->stack.len]);
        w->pending[end] = saved;
        w->pos = end;
        return WASI_ESUCCESS;
    }
    int fd = openat(walk_cur(w), comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        w->pending[end] = saved;
        w->pos = end;
        if (stack_push(&w->stack, fd)) return WASI_ESUCCESS;
        close(fd);
        return WASI_ENOMEM;
    }
    int e = errno;
    long n = (e == ENOTDIR || e == ELOOP) ? read_link(walk_cur(w), comp, linkbuf, sizeof linkbuf) : 0;
    if (n < 0) return (uint32_t)-n;
    if (n == 0) return wasi_errno_from_host(e);
    w->pending[end] = saved;
    return walk_splice(w, end, linkbuf, (size_t)n);
}

/* Opens directory `rel` beneath `base_fd` one component at a time. `..` pops
 * the stack of opened directories and fails at the bottom, so it can never
 * climb above base_fd; every open uses O_NOFOLLOW, and symlinks are
 * expanded here by splicing their (relative) target into the pending path. */
static uint32_t walk_beneath(int base_fd, const char *rel, int *out_fd)
{
    walk_t w = { .base_fd = base_fd, .budget = SYMLINK_BUDGET };
    uint32_t err = WASI_ESUCCESS;
    w.pending = wasi_strndup(rel, strlen(rel));
    if (!w.pending) return WASI_ENOMEM;
    while (err == WASI_ESUCCESS && w.pending[w.pos]) {
        if (w.pending[w.pos] == '/') {
            w.pos++;
            continue;
        }
        size_t end = w.pos;
        while (w.pending[end] && w.pending[end] != '/') end++;
        char saved = w.pending[end];
        w.pending[end] = '\0';
        err = walk_component(&w, w.pending + w.pos, end, saved);
    }
    wasi_free(w.pending);
    if (err == WASI_ESUCCESS) {
        if (w.stack.len) {
            *out_fd = w.stack.fds[--w.stack.len]; /* the result stays open */
        } else {
            *out_fd = fcntl(base_fd, F_DUPFD_CLOEXEC, 0);
            if (*out_fd < 0) err = wasi_errno_from_host(errno);
        }
    }
    stack_fini(&w.stack);
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
    wasi_free(r->name);
    wasi_free(r->name_slash);
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
    out->name = wasi_strndup(name, len);
    out->name_slash = concat3(name, len, trailing ? "/" : "", trailing ? 1 : 0, "");
    out->trailing_slash = trailing;
    return out->name && out->name_slash ? WASI_ESUCCESS : WASI_ENOMEM;
}

/* One round of resolution of `cur` (modified in place). Done: names set in
 * *out, *next NULL. Final component is a symlink to follow: *next is the
 * owned path to resolve instead, *out's directory closed. */
static uint32_t resolve_once(int base_fd, char *cur, unsigned flags, wasi_resolved_t *out,
                             char **next)
{
    char linkbuf[PATH_MAX];
    *next = NULL;
    if (cur[0] == '\0') return WASI_ENOENT;
    if (cur[0] == '/') return WASI_ENOTCAPABLE; /* absolute paths name the host's root */
    size_t dir_len, last_pos, last_end;
    bool trailing;
    split_last(cur, &dir_len, &last_pos, &last_end, &trailing);
    size_t last_len = last_end - last_pos;
    const char *last = cur + last_pos;
    if ((last_len == 1 && last[0] == '.') || (last_len == 2 && last[0] == '.' && last[1] == '.')) {
        /* "x/." and "x/..": open the whole path as a directory so that ".."
         * is judged by the resolver, then operate on ".". */
        cur[last_end] = '\0';
        uint32_t err = open_dir_beneath(base_fd, cur, &out->dir_fd);
        if (err) return err;
        out->dir_fd_owned = true;
        return set_names(out, ".", 1, false);
    }
    if (dir_len == 0) {
        out->dir_fd = base_fd;
        out->dir_fd_owned = false;
    } else {
        char saved = cur[dir_len];
        cur[dir_len] = '\0';
        uint32_t err = open_dir_beneath(base_fd, cur, &out->dir_fd);
        cur[dir_len] = saved;
        if (err) return err;
        out->dir_fd_owned = true;
    }
    cur[last_end] = '\0'; /* `last` as a string; the rest is not needed */
    long n = 0;
    if ((flags & WASI_RESOLVE_FOLLOW) || (trailing && (flags & WASI_RESOLVE_SLASH_FOLLOWS)))
        n = read_link(out->dir_fd, last, linkbuf, sizeof linkbuf);
    if (n < 0) return (uint32_t)-n;
    if (n == 0) return set_names(out, last, last_len, trailing);
    /* A symlink to follow: its target is relative to the directory holding
     * it; a trailing slash stays. */
    if (linkbuf[0] == '/') return WASI_ENOTCAPABLE;
    *next = concat3(cur, dir_len, linkbuf, (size_t)n, trailing ? "/" : "");
    if (!*next) return WASI_ENOMEM;
    if (out->dir_fd_owned) close(out->dir_fd);
    out->dir_fd = -1;
    out->dir_fd_owned = false;
    return WASI_ESUCCESS;
}

uint32_t wasi_path_resolve(int base_fd, const char *path, unsigned flags, wasi_resolved_t *out)
{
    *out = (wasi_resolved_t){ .dir_fd = -1 };
    char *cur = wasi_strndup(path, strlen(path));
    uint32_t err = cur ? WASI_ESUCCESS : WASI_ENOMEM;
    for (int budget = SYMLINK_BUDGET; err == WASI_ESUCCESS; budget--) {
        char *next;
        err = resolve_once(base_fd, cur, flags, out, &next);
        if (err || !next) break;
        wasi_free(cur);
        cur = next;
        if (budget <= 0) err = WASI_ELOOP;
    }
    wasi_free(cur);
    if (err != WASI_ESUCCESS) wasi_resolved_fini(out);
    return err;
}
