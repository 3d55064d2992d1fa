/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* abi.h — WASI preview1 guest ABI: constants, guest struct layouts and the
 * bounds-checked accessors through which every guest pointer passes.
 * Layouts are written with explicit little-endian stores, never by casting
 * linear memory to a C struct. (wasi_unstable's differences live in
 * unstable.c.) */
#ifndef WASI_ABI_H
#define WASI_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- errno (witx `errno`, u16) ------------------------------------------- */
enum {
    WASI_ESUCCESS = 0, WASI_E2BIG = 1, WASI_EACCES = 2, WASI_EADDRINUSE = 3,
    WASI_EADDRNOTAVAIL = 4, WASI_EAFNOSUPPORT = 5, WASI_EAGAIN = 6, WASI_EALREADY = 7,
    WASI_EBADF = 8, WASI_EBADMSG = 9, WASI_EBUSY = 10, WASI_ECANCELED = 11,
    WASI_ECHILD = 12, WASI_ECONNABORTED = 13, WASI_ECONNREFUSED = 14, WASI_ECONNRESET = 15,
    WASI_EDEADLK = 16, WASI_EDESTADDRREQ = 17, WASI_EDOM = 18, WASI_EDQUOT = 19,
    WASI_EEXIST = 20, WASI_EFAULT = 21, WASI_EFBIG = 22, WASI_EHOSTUNREACH = 23,
    WASI_EIDRM = 24, WASI_EILSEQ = 25, WASI_EINPROGRESS = 26, WASI_EINTR = 27,
    WASI_EINVAL = 28, WASI_EIO = 29, WASI_EISCONN = 30, WASI_EISDIR = 31,
    WASI_ELOOP = 32, WASI_EMFILE = 33, WASI_EMLINK = 34, WASI_EMSGSIZE = 35,
    WASI_EMULTIHOP = 36, WASI_ENAMETOOLONG = 37, WASI_ENETDOWN = 38, WASI_ENETRESET = 39,
    WASI_ENETUNREACH = 40, WASI_ENFILE = 41, WASI_ENOBUFS = 42, WASI_ENODEV = 43,
    WASI_ENOENT = 44, WASI_ENOEXEC = 45, WASI_ENOLCK = 46, WASI_ENOLINK = 47,
    WASI_ENOMEM = 48, WASI_ENOMSG = 49, WASI_ENOPROTOOPT = 50, WASI_ENOSPC = 51,
    WASI_ENOSYS = 52, WASI_ENOTCONN = 53, WASI_ENOTDIR = 54, WASI_ENOTEMPTY = 55,
    WASI_ENOTRECOVERABLE = 56, WASI_ENOTSOCK = 57, WASI_ENOTSUP = 58, WASI_ENOTTY = 59,
    WASI_ENXIO = 60, WASI_EOVERFLOW = 61, WASI_EOWNERDEAD = 62, WASI_EPERM = 63,
    WASI_EPIPE = 64, WASI_EPROTO = 65, WASI_EPROTONOSUPPORT = 66, WASI_EPROTOTYPE = 67,
    WASI_ERANGE = 68, WASI_EROFS = 69, WASI_ESPIPE = 70, WASI_ESRCH = 71,
    WASI_ESTALE = 72, WASI_ETIMEDOUT = 73, WASI_ETXTBSY = 74, WASI_EXDEV = 75,
    WASI_ENOTCAPABLE = 76,
};

/* ---- rights (u64 bit set) -------------------------------------------------- */
#define WASI_RIGHT_FD_DATASYNC            (UINT64_C(1) << 0)
#define WASI_RIGHT_FD_READ                (UINT64_C(1) << 1)
#define WASI_RIGHT_FD_SEEK                (UINT64_C(1) << 2)
#define WASI_RIGHT_FD_FDSTAT_SET_FLAGS    (UINT64_C(1) << 3)
#define WASI_RIGHT_FD_SYNC                (UINT64_C(1) << 4)
#define WASI_RIGHT_FD_TELL                (UINT64_C(1) << 5)
#define WASI_RIGHT_FD_WRITE               (UINT64_C(1) << 6)
#define WASI_RIGHT_FD_ADVISE              (UINT64_C(1) << 7)
#define WASI_RIGHT_FD_ALLOCATE            (UINT64_C(1) << 8)
#define WASI_RIGHT_PATH_CREATE_DIRECTORY  (UINT64_C(1) << 9)
#define WASI_RIGHT_PATH_CREATE_FILE       (UINT64_C(1) << 10)
#define WASI_RIGHT_PATH_LINK_SOURCE       (UINT64_C(1) << 11)
#define WASI_RIGHT_PATH_LINK_TARGET       (UINT64_C(1) << 12)
#define WASI_RIGHT_PATH_OPEN              (UINT64_C(1) << 13)
#define WASI_RIGHT_FD_READDIR             (UINT64_C(1) << 14)
#define WASI_RIGHT_PATH_READLINK          (UINT64_C(1) << 15)
#define WASI_RIGHT_PATH_RENAME_SOURCE     (UINT64_C(1) << 16)
#define WASI_RIGHT_PATH_RENAME_TARGET     (UINT64_C(1) << 17)
#define WASI_RIGHT_PATH_FILESTAT_GET      (UINT64_C(1) << 18)
#define WASI_RIGHT_PATH_FILESTAT_SET_SIZE (UINT64_C(1) << 19)
#define WASI_RIGHT_PATH_FILESTAT_SET_TIMES (UINT64_C(1) << 20)
#define WASI_RIGHT_FD_FILESTAT_GET        (UINT64_C(1) << 21)
#define WASI_RIGHT_FD_FILESTAT_SET_SIZE   (UINT64_C(1) << 22)
#define WASI_RIGHT_FD_FILESTAT_SET_TIMES  (UINT64_C(1) << 23)
#define WASI_RIGHT_PATH_SYMLINK           (UINT64_C(1) << 24)
#define WASI_RIGHT_PATH_REMOVE_DIRECTORY  (UINT64_C(1) << 25)
#define WASI_RIGHT_PATH_UNLINK_FILE       (UINT64_C(1) << 26)
#define WASI_RIGHT_POLL_FD_READWRITE      (UINT64_C(1) << 27)
#define WASI_RIGHT_SOCK_SHUTDOWN          (UINT64_C(1) << 28)
#define WASI_RIGHT_SOCK_ACCEPT            (UINT64_C(1) << 29)
#define WASI_RIGHTS_ALL                   ((UINT64_C(1) << 30) - 1)

/* ---- small enums and flag sets --------------------------------------------- */
enum {
    WASI_FILETYPE_UNKNOWN = 0, WASI_FILETYPE_BLOCK_DEVICE = 1,
    WASI_FILETYPE_CHARACTER_DEVICE = 2, WASI_FILETYPE_DIRECTORY = 3,
    WASI_FILETYPE_REGULAR_FILE = 4, WASI_FILETYPE_SOCKET_DGRAM = 5,
    WASI_FILETYPE_SOCKET_STREAM = 6, WASI_FILETYPE_SYMBOLIC_LINK = 7,
};
#define WASI_FDFLAG_APPEND   0x01
#define WASI_FDFLAG_DSYNC    0x02
#define WASI_FDFLAG_NONBLOCK 0x04
#define WASI_FDFLAG_RSYNC    0x08
#define WASI_FDFLAG_SYNC     0x10
#define WASI_FDFLAGS_ALL     0x1f
#define WASI_OFLAG_CREAT     0x01
#define WASI_OFLAG_DIRECTORY 0x02
#define WASI_OFLAG_EXCL      0x04
#define WASI_OFLAG_TRUNC     0x08
#define WASI_OFLAGS_ALL      0x0f
#define WASI_LOOKUP_SYMLINK_FOLLOW 0x01
#define WASI_FSTFLAG_ATIM     0x01
#define WASI_FSTFLAG_ATIM_NOW 0x02
#define WASI_FSTFLAG_MTIM     0x04
#define WASI_FSTFLAG_MTIM_NOW 0x08
enum { WASI_WHENCE_SET = 0, WASI_WHENCE_CUR = 1, WASI_WHENCE_END = 2 };
enum { WASI_CLOCK_REALTIME = 0, WASI_CLOCK_MONOTONIC = 1, WASI_CLOCK_PROCESS_CPUTIME = 2,
       WASI_CLOCK_THREAD_CPUTIME = 3 };
enum { WASI_EVENTTYPE_CLOCK = 0, WASI_EVENTTYPE_FD_READ = 1, WASI_EVENTTYPE_FD_WRITE = 2 };
#define WASI_SUBCLOCK_ABSTIME 0x01
#define WASI_EVENT_FD_READWRITE_HANGUP 0x01
enum { WASI_ADVICE_NORMAL = 0, WASI_ADVICE_SEQUENTIAL = 1, WASI_ADVICE_RANDOM = 2,
       WASI_ADVICE_WILLNEED = 3, WASI_ADVICE_DONTNEED = 4, WASI_ADVICE_NOREUSE = 5 };
#define WASI_PREOPENTYPE_DIR 0
#define WASI_RIFLAG_RECV_PEEK    0x01
#define WASI_RIFLAG_RECV_WAITALL 0x02
#define WASI_ROFLAG_RECV_DATA_TRUNCATED 0x01
#define WASI_SDFLAG_RD 0x01
#define WASI_SDFLAG_WR 0x02

/* ---- guest struct layouts (byte offsets; witx preview1) --------------------- */
/* iovec / ciovec: buf u32 @0, buf_len u32 @4 */
#define WASI_IOVEC_SIZE 8
/* fdstat: fs_filetype u8 @0, fs_flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16 */
#define WASI_FDSTAT_FILETYPE 0
#define WASI_FDSTAT_FLAGS 2
#define WASI_FDSTAT_RIGHTS_BASE 8
#define WASI_FDSTAT_RIGHTS_INHERITING 16
#define WASI_FDSTAT_SIZE 24
/* filestat: dev u64 @0, ino u64 @8, filetype u8 @16, nlink u64 @24, size @32,
 * atim @40, mtim @48, ctim @56 */
#define WASI_FILESTAT_SIZE 64
/* dirent: d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20; name follows */
#define WASI_DIRENT_NEXT 0
#define WASI_DIRENT_INO 8
#define WASI_DIRENT_NAMLEN 16
#define WASI_DIRENT_TYPE 20
#define WASI_DIRENT_SIZE 24
/* prestat: tag u8 @0, u.dir.pr_name_len u32 @4 */
#define WASI_PRESTAT_TAG 0
#define WASI_PRESTAT_NAME_LEN 4
#define WASI_PRESTAT_SIZE 8
/* subscription: userdata u64 @0, tag u8 @8, union @16:
 *   clock: id u32 @16, timeout u64 @24, precision u64 @32, flags u16 @40
 *   fd_readwrite: fd u32 @16 */
#define WASI_SUB_USERDATA 0
#define WASI_SUB_TAG 8
#define WASI_SUB_CLOCK_ID 16
#define WASI_SUB_CLOCK_TIMEOUT 24
#define WASI_SUB_CLOCK_PRECISION 32
#define WASI_SUB_CLOCK_FLAGS 40
#define WASI_SUB_FD 16
#define WASI_SUBSCRIPTION_SIZE 48
/* event: userdata u64 @0, error u16 @8, type u8 @10,
 *        fd_readwrite: nbytes u64 @16, flags u16 @24 */
#define WASI_EVENT_USERDATA 0
#define WASI_EVENT_ERROR 8
#define WASI_EVENT_TYPE 10
#define WASI_EVENT_NBYTES 16
#define WASI_EVENT_FLAGS 24
#define WASI_EVENT_SIZE 32

/* The layouts follow from C's alignment rules for the witx records; these
 * asserts pin each record's size to the end of its last field, rounded up to
 * the record's alignment. */
_Static_assert(WASI_FDSTAT_RIGHTS_INHERITING + 8 == WASI_FDSTAT_SIZE, "fdstat is 24 bytes");
_Static_assert(56 + 8 == WASI_FILESTAT_SIZE, "filestat is 64 bytes");
_Static_assert(WASI_DIRENT_TYPE + 1 <= WASI_DIRENT_SIZE && WASI_DIRENT_SIZE % 8 == 0,
               "dirent is 24 bytes");
_Static_assert(WASI_PRESTAT_NAME_LEN + 4 == WASI_PRESTAT_SIZE, "prestat is 8 bytes");
_Static_assert(WASI_SUB_CLOCK_FLAGS + 2 <= WASI_SUBSCRIPTION_SIZE &&
               WASI_SUBSCRIPTION_SIZE - (WASI_SUB_CLOCK_FLAGS + 2) < 8,
               "subscription is 48 bytes");
_Static_assert(WASI_EVENT_FLAGS + 2 <= WASI_EVENT_SIZE &&
               WASI_EVENT_SIZE - (WASI_EVENT_FLAGS + 2) < 8, "event is 32 bytes");
_Static_assert(WASI_IOVEC_SIZE == 2 * sizeof(uint32_t), "iovec is 8 bytes");

/* ---- little-endian stores and loads into host byte buffers ------------------ */
static inline void wasi_st8(uint8_t *p, uint8_t v) { p[0] = v; }
static inline void wasi_st16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}
static inline void wasi_st32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static inline void wasi_st64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static inline uint16_t wasi_ld16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static inline uint32_t wasi_ld32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}
static inline uint64_t wasi_ld64(const uint8_t *p)
{
    return (uint64_t)wasi_ld32(p) | ((uint64_t)wasi_ld32(p + 4) << 32);
}

/* ---- guest memory --------------------------------------------------------- */
/* A guest address: an offset into linear memory, never a C pointer. */
typedef uint32_t wasi_gptr_t;

/* The calling instance's memory 0, fetched once per WASI call (no WASI
 * function runs guest code or grows memory, so it stays valid for the call). */
typedef struct wasi_mem {
    uint8_t *base;
    uint64_t size;
} wasi_mem_t;

/* [ptr, ptr+len) lies inside memory; overflow-safe (64-bit arithmetic on
 * 32-bit inputs, compared without addition overflow). */
static inline bool wasi_mem_ok(const wasi_mem_t *m, uint64_t ptr, uint64_t len)
{
    return ptr <= m->size && len <= m->size - ptr;
}

/* The host address of guest range [ptr, ptr+len), or NULL when it is out of
 * bounds (the caller returns WASI_EFAULT). A zero-length range in bounds
 * yields a valid, non-NULL pointer even for an empty memory. */
static inline uint8_t *wasi_mem_at(const wasi_mem_t *m, uint64_t ptr, uint64_t len)
{
    static uint8_t empty_range[1];
    if (!wasi_mem_ok(m, ptr, len)) return NULL;
    if (!m->base) return empty_range;
    return m->base + ptr;
}

#endif /* WASI_ABI_H */
