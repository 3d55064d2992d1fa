/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* fd.c — the fd_* functions of WASI preview1: reading, writing, seeking,
 * stat and flags of open fds, readdir, prestat, close and renumber. Every
 * function checks the fd's rights first, then every guest pointer, then acts. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include "wasi_int.h"

#define IOV_CAP 1024 /* Linux's IOV_MAX; more iovecs make a short read/write */

#define A32(i) wasi_arg32(args, (i))
#define A64(i) wasi_arg64(args, (i))
#define FDS (&call->wasi->fds)

uint32_t wasi_iovecs_load(const wasi_call_t *call, uint32_t iovs, uint32_t iovs_len,
                          struct iovec *out, size_t cap, size_t *n_out)
{
    const uint8_t *raw = wasi_mem_at(&call->mem, iovs, (uint64_t)iovs_len * WASI_IOVEC_SIZE);
    if (!raw) return WASI_EFAULT;
    uint64_t total = 0;
    size_t n = 0;
    for (uint32_t i = 0; i < iovs_len && n < cap; i++) {
        uint32_t ptr = wasi_ld32(raw + (size_t)i * WASI_IOVEC_SIZE);
        uint32_t len = wasi_ld32(raw + (size_t)i * WASI_IOVEC_SIZE + 4);
        uint8_t *buf = wasi_mem_at(&call->mem, ptr, len);
        if (!buf) return WASI_EFAULT;
        /* The result count is a u32: stop before the total could overflow it
         * (possible with overlapping iovecs). */
        if (len > UINT32_MAX - total) len = (uint32_t)(UINT32_MAX - total);
        total += len;
        out[n].iov_base = buf;
        out[n].iov_len = len;
        n++;
    }
    *n_out = n;
    return WASI_ESUCCESS;
}

static uint64_t ns_of(struct timespec ts)
{
    if (ts.tv_sec < 0) return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void wasi_write_filestat(uint8_t *dst, const struct stat *st, int version)
{
    uint8_t type = wasi_filetype_from_mode(st->st_mode);
    if (version == WASI_VERSION_UNSTABLE) {
        /* wasi_unstable: nlink is u32 @20, then size/atim/mtim/ctim from 24. */
        memset(dst, 0, 56);
        wasi_st64(dst + 0, (uint64_t)st->st_dev);
        wasi_st64(dst + 8, (uint64_t)st->st_ino);
        wasi_st8(dst + 16, type);
        wasi_st32(dst + 20, (uint32_t)st->st_nlink);
        wasi_st64(dst + 24, (uint64_t)st->st_size);
        wasi_st64(dst + 32, ns_of(st->st_atim));
        wasi_st64(dst + 40, ns_of(st->st_mtim));
        wasi_st64(dst + 48, ns_of(st->st_ctim));
        return;
    }
    memset(dst, 0, WASI_FILESTAT_SIZE);
    wasi_st64(dst + 0, (uint64_t)st->st_dev);
    wasi_st64(dst + 8, (uint64_t)st->st_ino);
    wasi_st8(dst + 16, type);
    wasi_st64(dst + 24, (uint64_t)st->st_nlink);
    wasi_st64(dst + 32, (uint64_t)st->st_size);
    wasi_st64(dst + 40, ns_of(st->st_atim));
    wasi_st64(dst + 48, ns_of(st->st_mtim));
    wasi_st64(dst + 56, ns_of(st->st_ctim));
}

uint32_t wasi_timespec_set(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2])
{
    if (fst & ~(uint32_t)(WASI_FSTFLAG_ATIM | WASI_FSTFLAG_ATIM_NOW | WASI_FSTFLAG_MTIM |
                          WASI_FSTFLAG_MTIM_NOW))
        return WASI_EINVAL;
    if ((fst & WASI_FSTFLAG_ATIM) && (fst & WASI_FSTFLAG_ATIM_NOW)) return WASI_EINVAL;
    if ((fst & WASI_FSTFLAG_MTIM) && (fst & WASI_FSTFLAG_MTIM_NOW)) return WASI_EINVAL;
    uint64_t ns[2] = { atim, mtim };
    uint32_t set[2] = { WASI_FSTFLAG_ATIM, WASI_FSTFLAG_MTIM };
    uint32_t now[2] = { WASI_FSTFLAG_ATIM_NOW, WASI_FSTFLAG_MTIM_NOW };
    for (int i = 0; i < 2; i++) {
        ts[i].tv_sec = 0;
        if (fst & now[i]) {
            ts[i].tv_nsec = UTIME_NOW;
        } else if (fst & set[i]) {
            ts[i].tv_sec = (time_t)(ns[i] / 1000000000u);
            ts[i].tv_nsec = (long)(ns[i] % 1000000000u);
        } else {
            ts[i].tv_nsec = UTIME_OMIT;
        }
    }
    return WASI_ESUCCESS;
}

static uint32_t host_err(void) { return wasi_errno_from_host(errno); }

/* ---- read / write ---------------------------------------------------------- */

typedef enum { IO_READ, IO_WRITE } io_dir_t;

/* writev to a pipe or socket whose reader is gone raises SIGPIPE, which
 * would kill the host: block it for the call and swallow a pending one.
 * Only pipes (filetype unknown) and sockets can raise it: files, terminals
 * and other devices skip the two sigmask system calls. */
static ssize_t write_nosigpipe(wasi_fd_t *e, const struct iovec *iov, size_t n, int64_t offset)
{
    if (e->filetype == WASI_FILETYPE_SOCKET_STREAM || e->filetype == WASI_FILETYPE_SOCKET_DGRAM) {
        if (offset < 0) {
            struct msghdr msg = { .msg_iov = (struct iovec *)iov, .msg_iovlen = n };
            return sendmsg(e->host_fd, &msg, MSG_NOSIGNAL);
        }
    }
    bool guard = e->filetype == WASI_FILETYPE_UNKNOWN ||
                 e->filetype == WASI_FILETYPE_SOCKET_STREAM ||
                 e->filetype == WASI_FILETYPE_SOCKET_DGRAM;
    sigset_t pipe_set, old;
    if (guard) {
        sigemptyset(&pipe_set);
        sigaddset(&pipe_set, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    }
    ssize_t r = offset < 0 ? writev(e->host_fd, iov, (int)n)
                           : pwritev(e->host_fd, iov, (int)n, (off_t)offset);
    int saved = errno;
    if (guard) {
        if (r < 0 && saved == EPIPE && !sigismember(&old, SIGPIPE)) {
            struct timespec zero = { 0, 0 };
            sigtimedwait(&pipe_set, NULL, &zero);
        }
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    errno = saved;
    return r;
}

size_t wasi_iovecs_total(const struct iovec *iov, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += iov[i].iov_len;
    return total;
}

/* fd_read/fd_write/fd_pread/fd_pwrite: offset < 0 means "at the cursor". */
static uint32_t do_io(wasi_call_t *call, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                      int64_t offset, uint32_t result_ptr, io_dir_t dir)
{
    uint64_t need = dir == IO_READ ? WASI_RIGHT_FD_READ : WASI_RIGHT_FD_WRITE;
    if (offset >= 0) need |= WASI_RIGHT_FD_SEEK;
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, fd, need, 0, &e);
    if (err) return err;
    uint8_t *result = wasi_mem_at(&call->mem, result_ptr, 4);
    if (!result) return WASI_EFAULT;
    struct iovec iov[IOV_CAP];
    size_t n;
    err = wasi_iovecs_load(call, iovs, iovs_len, iov, IOV_CAP, &n);
    if (err) return err;
    /* A read at the cursor of a pipe, tty or socket may block: wait for data
     * in interruptible slices first (an empty read returns at once). */
    if (dir == IO_READ && offset < 0 && wasi_iovecs_total(iov, n) > 0 &&
        wasi_wait_readable(call, e) != WASI_ESUCCESS)
        return WASI_EINTR;
    ssize_t r;
    do {
        if (dir == IO_WRITE) r = write_nosigpipe(e, iov, n, offset);
        else if (offset < 0) r = readv(e->host_fd, iov, (int)n);
        else r = preadv(e->host_fd, iov, (int)n, (off_t)offset);
    } while (r < 0 && errno == EINTR);
    if (r < 0) return host_err();
    wasi_st32(result, (uint32_t)r);
    return WASI_ESUCCESS;
}

uint32_t wasi_fn_fd_read(wasi_call_t *call, const uint64_t *args)
{
    return do_io(call, A32(0), A32(1), A32(2), -1, A32(3), IO_READ);
}

uint32_t wasi_fn_fd_write(wasi_call_t *call, const uint64_t *args)
{
    return do_io(call, A32(0), A32(1), A32(2), -1, A32(3), IO_WRITE);
}

uint32_t wasi_fn_fd_pread(wasi_call_t *call, const uint64_t *args)
{
    if (A64(3) > INT64_MAX) return WASI_EINVAL;
    return do_io(call, A32(0), A32(1), A32(2), (int64_t)A64(3), A32(4), IO_READ);
}

uint32_t wasi_fn_fd_pwrite(wasi_call_t *call, const uint64_t *args)
{
    if (A64(3) > INT64_MAX) return WASI_EINVAL;
    return do_io(call, A32(0), A32(1), A32(2), (int64_t)A64(3), A32(4), IO_WRITE);
}

/* ---- seek / tell ----------------------------------------------------------- */

uint32_t wasi_fd_seek_v(wasi_call_t *call, const uint64_t *args, int version)
{
    int64_t offset = (int64_t)A64(1);
    uint32_t whence = A32(2);
    int host_whence;
    /* preview1: set 0, cur 1, end 2; wasi_unstable: cur 0, end 1, set 2. */
    static const int preview1_map[3] = { SEEK_SET, SEEK_CUR, SEEK_END };
    static const int unstable_map[3] = { SEEK_CUR, SEEK_END, SEEK_SET };
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, A32(0), 0, 0, &e);
    if (err) return err;
    if (whence > 2) return WASI_EINVAL;
    host_whence = version == WASI_VERSION_UNSTABLE ? unstable_map[whence] : preview1_map[whence];
    /* seek(0, cur) only reports the position: fd_tell suffices for it. */
    uint64_t need = WASI_RIGHT_FD_SEEK;
    if (offset == 0 && host_whence == SEEK_CUR && (e->rights_base & WASI_RIGHT_FD_TELL))
        need = WASI_RIGHT_FD_TELL;
    if ((e->rights_base & need) != need) return WASI_ENOTCAPABLE;
    uint8_t *out = wasi_mem_at(&call->mem, A32(3), 8);
    if (!out) return WASI_EFAULT;
    off_t pos = lseek(e->host_fd, (off_t)offset, host_whence);
    if (pos < 0) return host_err();
    wasi_st64(out, (uint64_t)pos);
    return WASI_ESUCCESS;
}

uint32_t wasi_fn_fd_seek(wasi_call_t *call, const uint64_t *args)
{
    return wasi_fd_seek_v(call, args, WASI_VERSION_PREVIEW1);
}

uint32_t wasi_fn_fd_tell(wasi_call_t *call, const uint64_t *args)
{
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, A32(0), WASI_RIGHT_FD_TELL, 0, &e);
    if (err) return err;
    uint8_t *out = wasi_mem_at(&call->mem, A32(1), 8);
    if (!out) return WASI_EFAULT;
    off_t pos = lseek(e->host_fd, 0, SEEK_CUR);
    if (pos < 0) return host_err();
    wasi_st64(out, (uint64_t)pos);
    return WASI_ESUCCESS;
}

/* ---- fdstat ------------------------------------------------------------------ */

uint32_t wasi_fn_fd_fdstat_get(wasi_call_t *call, const uint64_t *args)
{
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, A32(0), 0, 0, &e);
    if (err) return err;
    uint8_t *out = wasi_mem_at(&call->mem, A32(1), WASI_FDSTAT_SIZE);
    if (!out) return WASI_EFAULT;
    memset(out, 0, WASI_FDSTAT_SIZE);
    wasi_st8(out + WASI_FDSTAT_FILETYPE, e->filetype);
    wasi_st16(out + WASI_FDSTAT_FLAGS, e->fdflags);
    wasi_st64(out + WASI_FDSTAT_RIGHTS_BASE, e->rights_base);
    wasi_st64(out + WASI_FDSTAT_RIGHTS_INHERITING, e->rights_inheriting);
    return WASI_ESUCCESS;
}

uint32_t wasi_fn_fd_fdstat_set_flags(wasi_call_t *call, const uint64_t *args)
{
    uint32_t flags = A32(1);
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, A32(0), WASI_RIGHT_FD_FDSTAT_SET_FLAGS, 0, &e);
    if (err) return err;
    if (flags & ~(uint32_t)WASI_FDFLAGS_ALL) return WASI_EINVAL;
    /* Linux cannot change O_SYNC/O_DSYNC on an open fd. */
    uint32_t sync_bits = WASI_FDFLAG_DSYNC | WASI_FDFLAG_RSYNC | WASI_FDFLAG_SYNC;
    if ((flags ^ e->fdflags) & sync_bits) return WASI_ENOTSUP;
    int fl = fcntl(e->host_fd, F_GETFL);
    if (fl < 0) return host_err();
    fl &= ~(O_APPEND | O_NONBLOCK);
    if (flags & WASI_FDFLAG_APPEND) fl |= O_APPEND;
    if (flags & WASI_FDFLAG_NONBLOCK) fl |= O_NONBLOCK;
    if (fcntl(e->host_fd, F_SETFL, fl) != 0) return host_err();
    e->fdflags = (uint16_t)flags;
    return WASI_ESUCCESS;
}

uint32_t wasi_fn_fd_fdstat_set_rights(wasi_call_t *call, const uint64_t *args)
{
    uint64_t base = A64(1), inheriting = A64(2);
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, A32(0), 0, 0, &e);
    if (err) return err;
    /* Rights can only be dropped. */
    if ((base & ~e->rights_base) || (inheriting & ~e->rights_inheriting))
        return WASI_ENOTCAPABLE;
    e->rights_base = base;
    e->rights_inheriting = inheriting;
    return WASI_ESUCCESS;
}

/* ---- filestat ---------------------------------------------------------------- */

uint32_t wasi_fd_filestat_get_v(wasi_call_t *call, const uint64_t *args, int version)
{
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, A32(0), WASI_RIGHT_FD_FILESTAT_GET, 0, &e);
    if (err) return err;
    uint8_t *out = wasi_mem_at(&call->mem, A32(1),
                               version == WASI_VERSION_UNSTABLE ? 56 : WASI_FILESTAT_SIZE);
    if (!out) return WASI_EFAULT;
    struct stat st;
    if (fstat(e->host_fd, &st) != 0) return host_err();
    wasi_write_filestat(out, &st, version);
    return WASI_ESUCCESS;
}

uint32_t wasi_fn_fd_filestat_get(wasi_call_t *call, const uint64_t *args)
{
    return wasi_fd_filestat_get_v(call, args, WASI_VERSION_PREVIEW1);
}

uint32_t wasi_fn_fd_filestat_set_size(wasi_call_t *call, const uint64_t *args)
{
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, A32(0), WASI_RIGHT_FD_FILESTAT_SET_SIZE, 0, &e);
    if (err) return err;
    if (A64(1) > INT64_MAX) return WASI_EINVAL;
    int r;
    do r = ftruncate(e->host_fd, (off_t)A64(1));
    while (r != 0 && errno == EINTR);
    return r == 0 ? WASI_ESUCCESS : host_err();
}

uint32_t wasi_fn_fd_filestat_set_times(wasi_call_t *call, const uint64_t *args)
{
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, A32(0), WASI_RIGHT_FD_FILESTAT_SET_TIMES, 0, &e);
    if (err) return err;
    struct timespec ts[2];
    err = wasi_timespec_set(A64(1), A64(2), A32(3), ts);
    if (err) return err;
    return futimens(e->host_fd, ts) == 0 ? WASI_ESUCCESS : host_err();
}

/* ---- advise, allocate, sync ------------------------------------------------- */

uint32_t wasi_fn_fd_advise(wasi_call_t *call, const uint64_t *args)
{
    static const int advice_map[6] = { POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL,
                                       POSIX_FADV_RANDOM, POSIX_FADV_WILLNEED,
                                       POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE };
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, A32(0), WASI_RIGHT_FD_ADVISE, 0, &e);
    if (err) return err;
    uint32_t advice = A32(3);
    if (advice > WASI_ADVICE_NOREUSE) return WASI_EINVAL;
    if (A64(1) > INT64_MAX || A64(2) > INT64_MAX) return WASI_EINVAL;
    if (e->filetype == WASI_FILETYPE_DIRECTORY) return WASI_ESUCCESS; /* advice is a hint */
    int r = posix_fadvise(e->host_fd, (off_t)A64(1), (off_t)A64(2), advice_map[advice]);
    return wasi_errno_from_host(r);
}

uint32_t wasi_fn_fd_allocate(wasi_call_t *call, const uint64_t *args)
{
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, A32(0), WASI_RIGHT_FD_ALLOCATE, 0, &e);
    if (err) return err;
    uint64_t offset = A64(1), len = A64(2);
    if (offset > INT64_MAX || len > (uint64_t)INT64_MAX - offset) return WASI_EINVAL;
    int r = posix_fallocate(e->host_fd, (off_t)offset, (off_t)len);
    return wasi_errno_from_host(r);
}

uint32_t wasi_fn_fd_datasync(wasi_call_t *call, const uint64_t *args)
{
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, A32(0), WASI_RIGHT_FD_DATASYNC, 0, &e);
    if (err) return err;
    return fdatasync(e->host_fd) == 0 ? WASI_ESUCCESS : host_err();
}

uint32_t wasi_fn_fd_sync(wasi_call_t *call, const uint64_t *args)
{
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, A32(0), WASI_RIGHT_FD_SYNC, 0, &e);
    if (err) return err;
    return fsync(e->host_fd) == 0 ? WASI_ESUCCESS : host_err();
}

/* ---- close, renumber, prestat ---------------------------------------------- */

uint32_t wasi_fn_fd_close(wasi_call_t *call, const uint64_t *args)
{
    return wasi_fd_close(FDS, A32(0));
}

uint32_t wasi_fn_fd_renumber(wasi_call_t *call, const uint64_t *args)
{
    return wasi_fd_renumber(FDS, A32(0), A32(1));
}

uint32_t wasi_fn_fd_prestat_get(wasi_call_t *call, const uint64_t *args)
{
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, A32(0), 0, 0, &e);
    if (err) return err;
    if (!e->preopen_name) return WASI_EBADF;
    uint8_t *out = wasi_mem_at(&call->mem, A32(1), WASI_PRESTAT_SIZE);
    if (!out) return WASI_EFAULT;
    memset(out, 0, WASI_PRESTAT_SIZE);
    wasi_st8(out + WASI_PRESTAT_TAG, WASI_PREOPENTYPE_DIR);
    wasi_st32(out + WASI_PRESTAT_NAME_LEN, (uint32_t)e->preopen_name_len);
    return WASI_ESUCCESS;
}

uint32_t wasi_fn_fd_prestat_dir_name(wasi_call_t *call, const uint64_t *args)
{
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, A32(0), 0, 0, &e);
    if (err) return err;
    if (!e->preopen_name) return WASI_EBADF;
    uint8_t *out = wasi_mem_at(&call->mem, A32(1), A32(2));
    if (!out) return WASI_EFAULT;
    if (A32(2) < e->preopen_name_len) return WASI_ENAMETOOLONG;
    memcpy(out, e->preopen_name, e->preopen_name_len); /* no NUL: the length says it */
    return WASI_ESUCCESS;
}

/* ---- readdir ------------------------------------------------------------------- */

static uint8_t dirent_type(DIR *dir, const struct dirent *de)
{
    switch (de->d_type) {
    case DT_REG: return WASI_FILETYPE_REGULAR_FILE;
    case DT_DIR: return WASI_FILETYPE_DIRECTORY;
    case DT_LNK: return WASI_FILETYPE_SYMBOLIC_LINK;
    case DT_CHR: return WASI_FILETYPE_CHARACTER_DEVICE;
    case DT_BLK: return WASI_FILETYPE_BLOCK_DEVICE;
    case DT_SOCK: return WASI_FILETYPE_SOCKET_STREAM;
    case DT_FIFO: return WASI_FILETYPE_UNKNOWN;
    default: break;
    }
    struct stat st;
    if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return WASI_FILETYPE_UNKNOWN;
    return wasi_filetype_from_mode(st.st_mode);
}

/* Positions e->dir so that the next entry read is number `cookie` (cookies
 * are entry indexes: d_next of entry i is i + 1). Cookie 0 always rewinds so
 * a new listing sees the directory's current contents. */
static uint32_t dir_seek(wasi_fd_t *e, uint64_t cookie)
{
    if (!e->dir) {
        int dup_fd = fcntl(e->host_fd, F_DUPFD_CLOEXEC, 0);
        if (dup_fd < 0) return host_err();
        e->dir = fdopendir(dup_fd);
        if (!e->dir) {
            uint32_t err = host_err();
            close(dup_fd);
            return err;
        }
        e->dir_index = 0;
    }
    if (cookie == 0 || cookie < e->dir_index) {
        rewinddir(e->dir);
        e->dir_index = 0;
    }
    while (e->dir_index < cookie) {
        errno = 0;
        if (!readdir(e->dir)) return errno ? host_err() : WASI_ESUCCESS;
        e->dir_index++;
    }
    return WASI_ESUCCESS;
}

uint32_t wasi_fn_fd_readdir(wasi_call_t *call, const uint64_t *args)
{
    uint32_t buf_len = A32(2);
    uint64_t cookie = A64(3);
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, A32(0), WASI_RIGHT_FD_READDIR, 0, &e);
    if (err) return err;
    uint8_t *buf = wasi_mem_at(&call->mem, A32(1), buf_len);
    uint8_t *used_out = wasi_mem_at(&call->mem, A32(4), 4);
    if (!buf || !used_out) return WASI_EFAULT;
    if (e->filetype != WASI_FILETYPE_DIRECTORY) return WASI_ENOTDIR;
    err = dir_seek(e, cookie);
    if (err) return err;
    uint32_t used = 0;
    while (used < buf_len) {
        long pos = telldir(e->dir);
        errno = 0;
        struct dirent *de = readdir(e->dir);
        if (!de) {
            if (errno) return host_err();
            break;
        }
        size_t namlen = strlen(de->d_name);
        uint8_t head[WASI_DIRENT_SIZE] = { 0 };
        wasi_st64(head + WASI_DIRENT_NEXT, e->dir_index + 1);
        wasi_st64(head + WASI_DIRENT_INO, (uint64_t)de->d_ino);
        wasi_st32(head + WASI_DIRENT_NAMLEN, (uint32_t)namlen);
        wasi_st8(head + WASI_DIRENT_TYPE, dirent_type(e->dir, de));
        uint64_t room = buf_len - used;
        uint64_t want = WASI_DIRENT_SIZE + namlen;
        /* An entry that does not fit is written truncated (the guest sees a
         * full buffer and asks again from the last complete cookie); the
         * stream is put back so that cookie continues without rescanning. */
        if (want > room) {
            memcpy(buf + used, head, room < WASI_DIRENT_SIZE ? room : WASI_DIRENT_SIZE);
            if (room > WASI_DIRENT_SIZE)
                memcpy(buf + used + WASI_DIRENT_SIZE, de->d_name, room - WASI_DIRENT_SIZE);
            used = buf_len;
            seekdir(e->dir, pos);
            break;
        }
        memcpy(buf + used, head, WASI_DIRENT_SIZE);
        memcpy(buf + used + WASI_DIRENT_SIZE, de->d_name, namlen);
        used += (uint32_t)want;
        e->dir_index++;
    }
    wasi_st32(used_out, used);
    return WASI_ESUCCESS;
}
