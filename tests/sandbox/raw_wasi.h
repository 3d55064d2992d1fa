/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* raw_wasi.h — WASI preview1 imports declared by hand with plain integer
 * parameters, so the sandbox tests can pass any address, length, fd or path
 * bytes (NULs included) that wasi-libc would never pass. */
#ifndef RAW_WASI_H
#define RAW_WASI_H
#include <stdint.h>

#define RAW(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
typedef uint32_t gptr;   /* a guest address */

RAW(path_open) int32_t raw_path_open(int32_t fd, int32_t lookupflags, gptr path, uint32_t path_len,
                                     int32_t oflags, int64_t rights_base, int64_t rights_inheriting,
                                     int32_t fdflags, gptr fd_out);
RAW(fd_read) int32_t raw_fd_read(int32_t fd, gptr iovs, uint32_t iovs_len, gptr nread);
RAW(fd_write) int32_t raw_fd_write(int32_t fd, gptr iovs, uint32_t iovs_len, gptr nwritten);
RAW(fd_pread) int32_t raw_fd_pread(int32_t fd, gptr iovs, uint32_t iovs_len, int64_t offset, gptr nread);
RAW(fd_pwrite) int32_t raw_fd_pwrite(int32_t fd, gptr iovs, uint32_t iovs_len, int64_t offset, gptr nwritten);
RAW(fd_close) int32_t raw_fd_close(int32_t fd);
RAW(fd_seek) int32_t raw_fd_seek(int32_t fd, int64_t offset, int32_t whence, gptr newoffset);
RAW(fd_fdstat_get) int32_t raw_fd_fdstat_get(int32_t fd, gptr stat);
RAW(fd_filestat_get) int32_t raw_fd_filestat_get(int32_t fd, gptr stat);
RAW(fd_filestat_set_size) int32_t raw_fd_filestat_set_size(int32_t fd, int64_t size);
RAW(fd_allocate) int32_t raw_fd_allocate(int32_t fd, int64_t offset, int64_t len);
RAW(fd_readdir) int32_t raw_fd_readdir(int32_t fd, gptr buf, uint32_t buf_len, int64_t cookie, gptr used);
RAW(fd_prestat_get) int32_t raw_fd_prestat_get(int32_t fd, gptr prestat);
RAW(fd_prestat_dir_name) int32_t raw_fd_prestat_dir_name(int32_t fd, gptr buf, uint32_t len);
RAW(fd_renumber) int32_t raw_fd_renumber(int32_t from, int32_t to);
RAW(fd_fdstat_set_rights) int32_t raw_fd_fdstat_set_rights(int32_t fd, int64_t rights_base,
                                                           int64_t rights_inheriting);
RAW(path_create_directory) int32_t raw_path_create_directory(int32_t fd, gptr path, uint32_t path_len);
RAW(path_remove_directory) int32_t raw_path_remove_directory(int32_t fd, gptr path, uint32_t path_len);
RAW(path_unlink_file) int32_t raw_path_unlink_file(int32_t fd, gptr path, uint32_t path_len);
RAW(path_rename) int32_t raw_path_rename(int32_t fd, gptr old_path, uint32_t old_len,
                                         int32_t new_fd, gptr new_path, uint32_t new_len);
RAW(path_link) int32_t raw_path_link(int32_t old_fd, int32_t lookupflags, gptr old_path, uint32_t old_len,
                                     int32_t new_fd, gptr new_path, uint32_t new_len);
RAW(path_symlink) int32_t raw_path_symlink(gptr old_path, uint32_t old_len, int32_t fd,
                                           gptr new_path, uint32_t new_len);
RAW(path_readlink) int32_t raw_path_readlink(int32_t fd, gptr path, uint32_t path_len, gptr buf,
                                             uint32_t buf_len, gptr used);
RAW(path_filestat_get) int32_t raw_path_filestat_get(int32_t fd, int32_t lookupflags, gptr path,
                                                     uint32_t path_len, gptr stat);
RAW(path_filestat_set_times) int32_t raw_path_filestat_set_times(int32_t fd, int32_t lookupflags, gptr path,
                                                                 uint32_t path_len, int64_t atim,
                                                                 int64_t mtim, int32_t fst_flags);
RAW(args_sizes_get) int32_t raw_args_sizes_get(gptr argc, gptr buf_size);
RAW(args_get) int32_t raw_args_get(gptr argv, gptr buf);
RAW(environ_sizes_get) int32_t raw_environ_sizes_get(gptr count, gptr buf_size);
RAW(environ_get) int32_t raw_environ_get(gptr environ, gptr buf);
RAW(clock_res_get) int32_t raw_clock_res_get(int32_t id, gptr res);
RAW(clock_time_get) int32_t raw_clock_time_get(int32_t id, int64_t precision, gptr time);
RAW(random_get) int32_t raw_random_get(gptr buf, uint32_t len);
RAW(poll_oneoff) int32_t raw_poll_oneoff(gptr in, gptr out, uint32_t nsubscriptions, gptr nevents);

#define G(p) ((gptr)(uintptr_t)(p))

/* WASI constants used by the tests */
enum {
    E_SUCCESS = 0, E_ACCES = 2, E_BADF = 8, E_EXIST = 20, E_FAULT = 21, E_ILSEQ = 25, E_INVAL = 28,
    E_ISDIR = 31, E_LOOP = 32, E_NAMETOOLONG = 37, E_NOENT = 44, E_NOTDIR = 54, E_NOTEMPTY = 55,
    E_PERM = 63, E_ROFS = 69, E_NOTCAPABLE = 76,
};
#define LOOKUP_FOLLOW 1
#define O_CREAT_ 1
#define O_DIRECTORY_ 2
#define O_EXCL_ 4
#define O_TRUNC_ 8
#define RIGHTS_ALL ((int64_t)0x1fffffff)

static const char *const wasi_errno_names[] = {
    "success", "2big", "acces", "addrinuse", "addrnotavail", "afnosupport", "again", "already",
    "badf", "badmsg", "busy", "canceled", "child", "connaborted", "connrefused", "connreset",
    "deadlk", "destaddrreq", "dom", "dquot", "exist", "fault", "fbig", "hostunreach", "idrm",
    "ilseq", "inprogress", "intr", "inval", "io", "isconn", "isdir", "loop", "mfile", "mlink",
    "msgsize", "multihop", "nametoolong", "netdown", "netreset", "netunreach", "nfile",
    "nobufs", "nodev", "noent", "noexec", "nolck", "nolink", "nomem", "nomsg", "noprotoopt",
    "nospc", "nosys", "notconn", "notdir", "notempty", "notrecoverable", "notsock", "notsup",
    "notty", "nxio", "overflow", "ownerdead", "perm", "pipe", "proto", "protonosupport",
    "prototype", "range", "rofs", "spipe", "srch", "stale", "timedout", "txtbsy", "xdev",
    "notcapable",
};

static inline const char *errno_name(int32_t e) {
    return e >= 0 && e < (int32_t)(sizeof wasi_errno_names / sizeof wasi_errno_names[0])
               ? wasi_errno_names[e] : "?";
}
#endif
