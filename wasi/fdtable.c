/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* fdtable.c — the guest's fd table: guest fd → owned host fd, WASI type,
 * rights and flags, preopen name. A guest fd number is an index here and
 * never a host fd number, so host fds the process inherited are
 * unreachable. */
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "wasi_int.h"

#define RIGHTS_REGULAR_FILE                                                                   \
    (WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK |                       \
     WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_SYNC | WASI_RIGHT_FD_TELL |               \
     WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ADVISE | WASI_RIGHT_FD_ALLOCATE |                    \
     WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_FD_FILESTAT_SET_SIZE |                           \
     WASI_RIGHT_FD_FILESTAT_SET_TIMES | WASI_RIGHT_POLL_FD_READWRITE)

/* Directories: no read/write/seek/tell/allocate/set_size on the fd itself
 * (the wasi-testsuite checks e.g. that a directory lacks fd_seek and
 * fd_filestat_set_size); everything else is path rights. */
#define RIGHTS_DIRECTORY                                                                      \
    (WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_SYNC | WASI_RIGHT_FD_ADVISE |             \
     WASI_RIGHT_PATH_CREATE_DIRECTORY | WASI_RIGHT_PATH_CREATE_FILE |                         \
     WASI_RIGHT_PATH_LINK_SOURCE | WASI_RIGHT_PATH_LINK_TARGET | WASI_RIGHT_PATH_OPEN |       \
     WASI_RIGHT_FD_READDIR | WASI_RIGHT_PATH_READLINK | WASI_RIGHT_PATH_RENAME_SOURCE |        \
     WASI_RIGHT_PATH_RENAME_TARGET | WASI_RIGHT_PATH_FILESTAT_GET |                           \
     WASI_RIGHT_PATH_FILESTAT_SET_SIZE | WASI_RIGHT_PATH_FILESTAT_SET_TIMES |                 \
     WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_FD_FILESTAT_SET_TIMES | WASI_RIGHT_PATH_SYMLINK | \
     WASI_RIGHT_PATH_REMOVE_DIRECTORY | WASI_RIGHT_PATH_UNLINK_FILE |                         \
     WASI_RIGHT_POLL_FD_READWRITE)

/* Terminals: no seek/tell (wasi-libc's isatty() looks for exactly that). */
#define RIGHTS_CHARACTER_DEVICE                                                               \
    (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_WRITE |              \
     WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_POLL_FD_READWRITE)

#define RIGHTS_SOCKET (RIGHTS_CHARACTER_DEVICE | WASI_RIGHT_SOCK_SHUTDOWN | WASI_RIGHT_SOCK_ACCEPT)

void wasi_rights_for_type(uint8_t filetype, uint64_t *base, uint64_t *inheriting)
{
    *inheriting = 0;
    switch (filetype) {
    case WASI_FILETYPE_REGULAR_FILE:
    case WASI_FILETYPE_BLOCK_DEVICE: *base = RIGHTS_REGULAR_FILE; break;
    case WASI_FILETYPE_DIRECTORY:
        *base = RIGHTS_DIRECTORY;
        *inheriting = RIGHTS_DIRECTORY | RIGHTS_REGULAR_FILE | RIGHTS_SOCKET;
        break;
    case WASI_FILETYPE_SOCKET_STREAM:
    case WASI_FILETYPE_SOCKET_DGRAM: *base = RIGHTS_SOCKET; break;
    case WASI_FILETYPE_CHARACTER_DEVICE:
    default: *base = RIGHTS_CHARACTER_DEVICE; break; /* pipes and the rest */
    }
}

uint8_t wasi_filetype_from_mode(mode_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return WASI_FILETYPE_REGULAR_FILE;
    case S_IFDIR: return WASI_FILETYPE_DIRECTORY;
    case S_IFCHR: return WASI_FILETYPE_CHARACTER_DEVICE;
    case S_IFBLK: return WASI_FILETYPE_BLOCK_DEVICE;
    case S_IFLNK: return WASI_FILETYPE_SYMBOLIC_LINK;
    case S_IFSOCK: return WASI_FILETYPE_SOCKET_STREAM;
    default: return WASI_FILETYPE_UNKNOWN; /* FIFOs have no WASI type */
    }
}

uint8_t wasi_filetype_of_fd(int host_fd)
{
    struct stat st;
    if (fstat(host_fd, &st) != 0) return WASI_FILETYPE_UNKNOWN;
    if (S_ISSOCK(st.st_mode)) {
        int type = 0;
        socklen_t len = sizeof type;
        if (getsockopt(host_fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_DGRAM)
            return WASI_FILETYPE_SOCKET_DGRAM;
        return WASI_FILETYPE_SOCKET_STREAM;
    }
    return wasi_filetype_from_mode(st.st_mode);
}

void wasi_fdtable_init(wasi_fdtable_t *t)
{
    t->fds = NULL;
    t->cap = 0;
}

void wasi_fd_entry_release(wasi_fd_t *e)
{
    if (!e->used) return;
    if (e->dir) closedir(e->dir); /* closes its own dup of host_fd */
    if (e->host_fd >= 0) close(e->host_fd);
    wasi_free(e->preopen_name);
    *e = (wasi_fd_t){ .used = false, .host_fd = -1 };
}

void wasi_fdtable_fini(wasi_fdtable_t *t)
{
    for (uint32_t i = 0; i < t->cap; i++) wasi_fd_entry_release(&t->fds[i]);
    wasi_free(t->fds);
    t->fds = NULL;
    t->cap = 0;
}

uint32_t wasi_fd_lookup(wasi_fdtable_t *t, uint32_t fd, uint64_t need_base,
                        uint64_t need_inheriting, wasi_fd_t **out)
{
    if (fd >= t->cap || !t->fds[fd].used) return WASI_EBADF;
    wasi_fd_t *e = &t->fds[fd];
    if ((e->rights_base & need_base) != need_base) return WASI_ENOTCAPABLE;
    if ((e->rights_inheriting & need_inheriting) != need_inheriting) return WASI_ENOTCAPABLE;
    *out = e;
    return WASI_ESUCCESS;
}

static bool grow(wasi_fdtable_t *t, uint32_t min_cap)
{
    if (min_cap <= t->cap) return true;
    if (min_cap > WASI_MAX_FDS) return false;
    uint32_t cap = t->cap ? t->cap : 16;
    while (cap < min_cap) cap *= 2;
    if (cap > WASI_MAX_FDS) cap = WASI_MAX_FDS;
    wasi_fd_t *fds = wasi_realloc(t->fds, (size_t)cap * sizeof *fds);
    if (!fds) return false;
    for (uint32_t i = t->cap; i < cap; i++) fds[i] = (wasi_fd_t){ .used = false, .host_fd = -1 };
    t->fds = fds;
    t->cap = cap;
    return true;
}

static void drop_entry(const wasi_fd_t *entry)
{
    wasi_fd_t copy = *entry;
    copy.used = true;
    wasi_fd_entry_release(&copy);
}

uint32_t wasi_fd_insert_at(wasi_fdtable_t *t, const wasi_fd_t *entry, uint32_t fd)
{
    if (fd >= WASI_MAX_FDS || !grow(t, fd + 1)) {
        drop_entry(entry);
        return fd >= WASI_MAX_FDS ? WASI_EMFILE : WASI_ENOMEM;
    }
    if (t->fds[fd].used) {
        drop_entry(entry);
        return WASI_EBADF;
    }
    t->fds[fd] = *entry;
    t->fds[fd].used = true;
    return WASI_ESUCCESS;
}

uint32_t wasi_fd_insert(wasi_fdtable_t *t, const wasi_fd_t *entry, uint32_t min_fd,
                        uint32_t *out_fd)
{
    uint32_t fd = min_fd;
    while (fd < t->cap && t->fds[fd].used) fd++;
    if (fd >= WASI_MAX_FDS) {
        drop_entry(entry);
        return WASI_EMFILE;
    }
    uint32_t err = wasi_fd_insert_at(t, entry, fd);
    if (err == WASI_ESUCCESS) *out_fd = fd;
    return err;
}

uint32_t wasi_fd_close(wasi_fdtable_t *t, uint32_t fd)
{
    if (fd >= t->cap || !t->fds[fd].used) return WASI_EBADF;
    /* Like node:wasi (uvwasi), preopens may be closed too. */
    wasi_fd_entry_release(&t->fds[fd]);
    return WASI_ESUCCESS;
}

uint32_t wasi_fd_renumber(wasi_fdtable_t *t, uint32_t from, uint32_t to)
{
    /* Both must be open (the wasi-testsuite's renumber test expects badf for
     * a closed destination). */
    if (from >= t->cap || !t->fds[from].used) return WASI_EBADF;
    if (to >= t->cap || !t->fds[to].used) return WASI_EBADF;
    if (from == to) return WASI_ESUCCESS;
    wasi_fd_entry_release(&t->fds[to]);
    t->fds[to] = t->fds[from];
    t->fds[from] = (wasi_fd_t){ .used = false, .host_fd = -1 };
    return WASI_ESUCCESS;
}
