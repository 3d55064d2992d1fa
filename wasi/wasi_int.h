/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* wasi_int.h — what the files of wasi/ share: the WASI context, the fd
 * table, the sandboxed path resolver, the errno map and the per-call state.
 * Built only on the public headers (layer rule); nothing here is exported. */
#ifndef WASI_INT_H
#define WASI_INT_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include "wasmcell.h"
#include "wasmcell_wasi.h"
#include "abi.h"

/* Allocation through the embedder's allocator hook (wasmcell_malloc & co,
 * public API), so WASI's memory is counted and fault-injected like the
 * engine's. */
static inline void *wasi_malloc(size_t size) { return wasmcell_malloc(size); }
static inline void *wasi_realloc(void *ptr, size_t size) { return wasmcell_realloc(ptr, size); }
static inline void wasi_free(void *ptr) { wasmcell_free(ptr); }
static inline void *wasi_alloc_array(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    return wasmcell_malloc(n * size);
}
static inline void *wasi_calloc(size_t n, size_t size)
{
    void *p = wasi_alloc_array(n, size);
    if (p) memset(p, 0, n * size);
    return p;
}
static inline char *wasi_strndup(const char *s, size_t len)
{
    char *p = wasmcell_malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = 0;
    }
    return p;
}

enum { WASI_VERSION_PREVIEW1 = 1, WASI_VERSION_UNSTABLE = 2 };

/* ---- fd table (fdtable.c) ----------------------------------------------------- */

typedef struct wasi_fd {
    bool used;
    int host_fd;              /* owned: closed with the entry */
    uint8_t filetype;         /* WASI_FILETYPE_* */
    uint16_t fdflags;         /* WASI_FDFLAG_* as opened / last set */
    uint64_t rights_base;
    uint64_t rights_inheriting;
    bool readonly;            /* beneath a read-only preopen */
    char *preopen_name;       /* owned; NULL unless this fd is a preopen */
    size_t preopen_name_len;
    DIR *dir;                 /* readdir stream over a dup of host_fd, or NULL */
    uint64_t dir_index;       /* entries `dir` has already returned */
} wasi_fd_t;

typedef struct wasi_fdtable {
    wasi_fd_t *fds;           /* indexed by guest fd */
    uint32_t cap;
} wasi_fdtable_t;

#define WASI_MAX_FDS 65536u

/* Rights an fd of `filetype` may hold at most. */
void wasi_rights_for_type(uint8_t filetype, uint64_t *base, uint64_t *inheriting);
/* Rights that modify the filesystem: dropped beneath read-only preopens. */
#define WASI_RIGHTS_WRITE                                                                    \
    (WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ALLOCATE |                 \
     WASI_RIGHT_FD_FILESTAT_SET_SIZE | WASI_RIGHT_FD_FILESTAT_SET_TIMES |                    \
     WASI_RIGHT_PATH_CREATE_DIRECTORY | WASI_RIGHT_PATH_CREATE_FILE |                        \
     WASI_RIGHT_PATH_LINK_SOURCE | WASI_RIGHT_PATH_LINK_TARGET |                             \
     WASI_RIGHT_PATH_RENAME_SOURCE | WASI_RIGHT_PATH_RENAME_TARGET |                         \
     WASI_RIGHT_PATH_FILESTAT_SET_SIZE | WASI_RIGHT_PATH_FILESTAT_SET_TIMES |                \
     WASI_RIGHT_PATH_SYMLINK | WASI_RIGHT_PATH_REMOVE_DIRECTORY | WASI_RIGHT_PATH_UNLINK_FILE)
/* The WASI filetype of a host st_mode. */
uint8_t wasi_filetype_from_mode(mode_t mode);
/* The WASI filetype of an open host fd (sockets distinguished by SO_TYPE). */
uint8_t wasi_filetype_of_fd(int host_fd);

void wasi_fdtable_init(wasi_fdtable_t *t);
/* Closes every host fd the table owns. */
void wasi_fdtable_fini(wasi_fdtable_t *t);
/* Looks up guest `fd` holding at least the given rights: WASI_EBADF when it
 * is not open, WASI_ENOTCAPABLE when rights are missing. The pointer stays
 * valid until the next insert, close or renumber. */
uint32_t wasi_fd_lookup(wasi_fdtable_t *t, uint32_t fd, uint64_t need_base,
                        uint64_t need_inheriting, wasi_fd_t **out);
/* Takes ownership of entry->host_fd and preopen_name (even on failure, when
 * they are closed/freed); stores the new guest fd (lowest free >= min_fd). */
uint32_t wasi_fd_insert(wasi_fdtable_t *t, const wasi_fd_t *entry, uint32_t min_fd,
                        uint32_t *out_fd);
/* Inserts at exactly `fd` (which must be free); used while building. */
uint32_t wasi_fd_insert_at(wasi_fdtable_t *t, const wasi_fd_t *entry, uint32_t fd);
uint32_t wasi_fd_close(wasi_fdtable_t *t, uint32_t fd);
uint32_t wasi_fd_renumber(wasi_fdtable_t *t, uint32_t from, uint32_t to);
/* Frees what an entry owns (host fd, dir stream, name) and clears it. */
void wasi_fd_entry_release(wasi_fd_t *e);

/* ---- the context ------------------------------------------------------------------- */

struct wasi_call;
typedef uint32_t (*wasi_impl_t)(struct wasi_call *call, const uint64_t *args);

typedef struct wasi_fn_desc {
    const char *name;
    const char *signature;
    wasi_impl_t impl;
} wasi_fn_desc_t;

typedef struct wasi_binding {
    struct wasmcell_wasi *wasi;
    const wasi_fn_desc_t *desc;  /* name and signature */
    wasi_impl_t impl;            /* the version's implementation */
} wasi_binding_t;

struct wasmcell_wasi {
    int version;
    size_t argc, argv_buf_size;   /* sizes include each string's NUL */
    char **argv;                  /* owned strings */
    size_t envc, env_buf_size;
    char **env;
    bool return_on_exit;
    int trace_fd;
    bool started;
    wasi_fdtable_t fds;
    size_t nbindings;
    wasi_binding_t *bindings;     /* one per function of the version's table */
};

/* The state of one WASI call. */
typedef struct wasi_call {
    wasmcell_wasi_t *wasi;
    wasi_mem_t mem;
    bool exit_requested;
    int32_t exit_code;
    wasmcell_caller_t *caller;  /* borrowed: for wasmcell_caller_interrupted */
    bool interrupted;           /* a wait saw the interrupt: the call traps */
} wasi_call_t;

static inline uint32_t wasi_arg32(const uint64_t *args, int i) { return (uint32_t)args[i]; }
static inline uint64_t wasi_arg64(const uint64_t *args, int i) { return args[i]; }

/* The preview1 table (wasi.c), in functions.def order. */
extern const wasi_fn_desc_t wasi_preview1_fns[];
extern const size_t wasi_preview1_nfns;
/* wasi_unstable as an adapter (unstable.c): the implementation of preview1
 * function `desc` under wasi_unstable, or NULL when that version lacks it. */
wasi_impl_t wasi_unstable_impl(const wasi_fn_desc_t *desc);

#define WASI_FN(name, sig) uint32_t wasi_fn_##name(wasi_call_t *call, const uint64_t *args);
#include "functions.def"
#undef WASI_FN

/* ---- errno map (errno_map.c) ---------------------------------------------- */

/* The WASI errno for a host errno value (WASI_EIO for unknown ones). */
uint32_t wasi_errno_from_host(int host_errno);
/* "success", "badf", ... for traces. */
const char *wasi_errno_name(uint32_t wasi_errno);

/* ---- sandboxed path resolution (path.c) ---------------------------------------- */

/* Longest guest path accepted, in bytes without the NUL: Linux's PATH_MAX, so
 * both resolvers (openat2 and the walk) agree on what is too long. */
#define WASI_PATH_MAX 4095u

/* Copies the guest path [ptr, ptr+len) into an owned NUL-terminated string:
 * WASI_EFAULT out of bounds, WASI_EINVAL if it holds a NUL byte,
 * WASI_ENAMETOOLONG if too long. */
uint32_t wasi_path_copy(const wasi_call_t *call, uint32_t ptr, uint32_t len, char **out);

/* Where a guest path ends: a directory fd beneath the base directory and the
 * final component within it. */
typedef struct wasi_resolved {
    int dir_fd;            /* directory holding the final component */
    bool dir_fd_owned;     /* close it in wasi_resolved_fini */
    char *name;            /* owned: final component without trailing slashes
                              (never "..", never contains '/'; "." when the path
                              names a directory by "." or "..") */
    char *name_slash;      /* owned: the same with the guest's trailing slash kept */
    bool trailing_slash;
} wasi_resolved_t;

#define WASI_RESOLVE_FOLLOW 0x1       /* follow a symlink in the final component */
#define WASI_RESOLVE_SLASH_FOLLOWS 0x2 /* ... also when the path ends in '/' (open, stat,
                                          utimens, readlink, link source: POSIX lookup);
                                          without it a trailing slash stays on name_slash
                                          for the kernel (unlink, rmdir, rename, mkdir,
                                          symlink, link target never follow) */

/* Resolves `path` beneath host directory `base_fd`. Intermediate symlinks are
 * always followed; the final component as `flags` say. Nothing outside base_fd is reachable:
 * absolute paths, `..` above base_fd (even transiently), absolute symlinks
 * and symlinks climbing out give WASI_ENOTCAPABLE; more than 40 symlink
 * expansions give WASI_ELOOP. */
uint32_t wasi_path_resolve(int base_fd, const char *path, unsigned flags, wasi_resolved_t *out);
void wasi_resolved_fini(wasi_resolved_t *r);
/* Test hook: false forces the component-by-component walk instead of
 * openat2 (also: environment WASMCELL_WASI_NO_OPENAT2=1). */
void wasi_path_use_openat2(bool enable);

/* ---- shared helpers (fd.c) ------------------------------------------------------- */

/* Writes a 64-byte preview1 filestat (or the 56-byte unstable one). */
void wasi_write_filestat(uint8_t *dst, const struct stat *st, int version);
uint32_t wasi_timespec_set(uint64_t ns_atim, uint64_t ns_mtim, uint32_t fst_flags,
                           struct timespec ts[2]);
/* fd_filestat_get / path_filestat_get / fd_seek with a version's layout. */
uint32_t wasi_fd_filestat_get_v(wasi_call_t *call, const uint64_t *args, int version);
uint32_t wasi_path_filestat_get_v(wasi_call_t *call, const uint64_t *args, int version);
uint32_t wasi_fd_seek_v(wasi_call_t *call, const uint64_t *args, int version);
/* poll_oneoff with the version's subscription layout (poll.c). */
uint32_t wasi_poll_oneoff_v(wasi_call_t *call, const uint64_t *args, int version);

/* Interruptible waits (poll.c). Blocking host calls wait in slices of at
 * most WASI_WAIT_SLICE_MS and check wasmcell_caller_interrupted between
 * them; on an interrupt they set call->interrupted and return WASI_EINTR,
 * and the trampoline turns the call into an "interrupted" trap. */
#define WASI_WAIT_SLICE_MS 50
/* True (and call->interrupted set) when the calling instance was interrupted. */
bool wasi_check_interrupt(wasi_call_t *call);
/* Before a read at the cursor of `e` that may block (a pipe, tty, device or
 * socket in blocking mode): waits in slices until the read would not block.
 * Returns at once when the read would not wait or would fail anyway
 * (regular files, directories, non-blocking or write-only fds, a socket
 * that is listening or not connected). WASI_ESUCCESS or WASI_EINTR. */
uint32_t wasi_wait_readable(wasi_call_t *call, const wasi_fd_t *e);
/* The same before accept(2): waits only on a listening socket in blocking mode. */
uint32_t wasi_wait_acceptable(wasi_call_t *call, int host_fd);

/* Reads guest (c)iovecs into host iovecs, bounds-checking each and capping the
 * total at UINT32_MAX bytes: WASI_EFAULT or WASI_ESUCCESS; *n_out ≤ cap. */
struct iovec;
uint32_t wasi_iovecs_load(const wasi_call_t *call, uint32_t iovs, uint32_t iovs_len,
                          struct iovec *out, size_t cap, size_t *n_out);
/* The bytes host iovecs hold in all. */
size_t wasi_iovecs_total(const struct iovec *iov, size_t n);

#endif /* WASI_INT_H */
