/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* poll.c — poll_oneoff: clock subscriptions (relative and absolute) and fd
 * read/write readiness through ppoll(2), waiting in slices so that an
 * interrupt of the instance is noticed; wasi_wait_readable and
 * wasi_wait_acceptable do the same before blocking reads and accepts. Reads
 * every subscription before writing any event (the guest may pass
 * overlapping buffers). Both subscription layouts (preview1: 48 bytes,
 * wasi_unstable: 56) are read here. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "wasi_int.h"

#define A32(i) wasi_arg32(args, (i))

typedef struct sub {
    uint64_t userdata;
    uint8_t type;          /* WASI_EVENTTYPE_* */
    uint16_t error;        /* set: an immediate event with this error */
    bool ready;            /* fd immediately ready (regular files) */
    uint64_t nbytes;
    uint64_t deadline_ns;  /* clocks: on CLOCK_MONOTONIC */
    int pollfd_index;      /* fds: index in the pollfd array, or -1 */
} sub_t;

static uint64_t now_ns(clockid_t clk)
{
    struct timespec ts;
    if (clock_gettime(clk, &ts) != 0) return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static bool host_clock(uint32_t id, clockid_t *out)
{
    switch (id) {
    case WASI_CLOCK_REALTIME: *out = CLOCK_REALTIME; return true;
    case WASI_CLOCK_MONOTONIC: *out = CLOCK_MONOTONIC; return true;
    case WASI_CLOCK_PROCESS_CPUTIME: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case WASI_CLOCK_THREAD_CPUTIME: *out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
    }
}

static void parse_clock(sub_t *s, const uint8_t *raw, int version)
{
    uint32_t id;
    uint64_t timeout;
    uint16_t flags;
    if (version == WASI_VERSION_UNSTABLE) {
        /* identifier u64 @16, clock_id u32 @24, timeout @32, precision @40, flags u16 @48 */
        id = wasi_ld32(raw + 24);
        timeout = wasi_ld64(raw + 32);
        flags = wasi_ld16(raw + 48);
    } else {
        id = wasi_ld32(raw + WASI_SUB_CLOCK_ID);
        timeout = wasi_ld64(raw + WASI_SUB_CLOCK_TIMEOUT);
        flags = wasi_ld16(raw + WASI_SUB_CLOCK_FLAGS);
    }
    clockid_t clk;
    if (!host_clock(id, &clk)) {
        s->error = WASI_EINVAL;
        return;
    }
    uint64_t remaining = timeout;
    if (flags & WASI_SUBCLOCK_ABSTIME) {
        uint64_t now = now_ns(clk);
        remaining = timeout > now ? timeout - now : 0;
    }
    uint64_t mono = now_ns(CLOCK_MONOTONIC);
    s->deadline_ns = remaining > UINT64_MAX - mono ? UINT64_MAX : mono + remaining;
}

static void parse_fd(wasi_call_t *call, sub_t *s, uint32_t fd, struct pollfd *pfds, int *npfds)
{
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(&call->wasi->fds, fd, WASI_RIGHT_POLL_FD_READWRITE, 0, &e);
    if (err) {
        s->error = (uint16_t)err;
        return;
    }
    if (e->filetype == WASI_FILETYPE_REGULAR_FILE || e->filetype == WASI_FILETYPE_DIRECTORY) {
        /* Always ready; a read reports the bytes left before end of file. */
        s->ready = true;
        if (s->type == WASI_EVENTTYPE_FD_READ && e->filetype == WASI_FILETYPE_REGULAR_FILE) {
            struct stat st;
            off_t pos = lseek(e->host_fd, 0, SEEK_CUR);
            if (fstat(e->host_fd, &st) == 0 && pos >= 0 && st.st_size > pos)
                s->nbytes = (uint64_t)(st.st_size - pos);
        }
        return;
    }
    s->pollfd_index = *npfds;
    pfds[*npfds].fd = e->host_fd;
    /* POLLRDHUP: a stream socket whose peer shut down its writing half (as
     * libuv/node leave a child's stdin socketpair) is a hangup for readers. */
    pfds[*npfds].events = s->type == WASI_EVENTTYPE_FD_READ ? POLLIN | POLLRDHUP : POLLOUT;
    pfds[*npfds].revents = 0;
    (*npfds)++;
}

static void write_event(uint8_t *dst, const sub_t *s, uint16_t error, uint64_t nbytes,
                        uint16_t flags)
{
    memset(dst, 0, WASI_EVENT_SIZE);
    wasi_st64(dst + WASI_EVENT_USERDATA, s->userdata);
    wasi_st16(dst + WASI_EVENT_ERROR, error);
    wasi_st8(dst + WASI_EVENT_TYPE, s->type);
    if (s->type != WASI_EVENTTYPE_CLOCK) {
        wasi_st64(dst + WASI_EVENT_NBYTES, nbytes);
        wasi_st16(dst + WASI_EVENT_FLAGS, flags);
    }
}

/* Writes the events that are due; returns how many. */
static uint32_t collect(wasi_call_t *call, const sub_t *subs, uint32_t nsubs,
                        const struct pollfd *pfds, uint8_t *out)
{
    uint32_t n = 0;
    uint64_t mono = now_ns(CLOCK_MONOTONIC);
    for (uint32_t i = 0; i < nsubs; i++) {
        const sub_t *s = &subs[i];
        uint8_t *dst = out + (size_t)n * WASI_EVENT_SIZE;
        if (s->error) {
            write_event(dst, s, s->error, 0, 0);
        } else if (s->type == WASI_EVENTTYPE_CLOCK) {
            if (s->deadline_ns > mono) continue;
            write_event(dst, s, WASI_ESUCCESS, 0, 0);
        } else if (s->ready) {
            write_event(dst, s, WASI_ESUCCESS, s->nbytes, 0);
        } else {
            const struct pollfd *p = &pfds[s->pollfd_index];
            if (!p->revents) continue;
            uint16_t error = WASI_ESUCCESS, flags = 0;
            uint64_t nbytes = 0;
            if (p->revents & POLLNVAL) error = WASI_EBADF;
            else if ((p->revents & POLLERR) && !(p->revents & (POLLIN | POLLOUT))) error = WASI_EIO;
            if (p->revents & (POLLHUP | POLLRDHUP)) flags = WASI_EVENT_FD_READWRITE_HANGUP;
            int avail = 0;
            if (s->type == WASI_EVENTTYPE_FD_READ && ioctl(p->fd, FIONREAD, &avail) == 0 && avail > 0)
                nbytes = (uint64_t)avail;
            write_event(dst, s, error, nbytes, flags);
        }
        n++;
    }
    (void)call;
    return n;
}

typedef struct poll_set {
    sub_t *subs;
    uint32_t nsubs;
    struct pollfd *pfds;
    int npfds;
    bool immediate;           /* some event is due now: do not block */
    bool have_clock;
    uint64_t first_deadline;  /* earliest clock deadline, CLOCK_MONOTONIC ns */
} poll_set_t;

/* Reads every subscription (before any event is written). */
static void parse_subs(wasi_call_t *call, poll_set_t *p, const uint8_t *in, uint32_t sub_size,
                       int version)
{
    for (uint32_t i = 0; i < p->nsubs; i++) {
        const uint8_t *raw = in + (size_t)i * sub_size;
        sub_t *s = &p->subs[i];
        *s = (sub_t){ .userdata = wasi_ld64(raw + WASI_SUB_USERDATA),
                      .type = raw[WASI_SUB_TAG], .pollfd_index = -1 };
        if (s->type == WASI_EVENTTYPE_CLOCK) {
            parse_clock(s, raw, version);
            if (!s->error) {
                p->have_clock = true;
                if (s->deadline_ns < p->first_deadline) p->first_deadline = s->deadline_ns;
            }
        } else if (s->type == WASI_EVENTTYPE_FD_READ || s->type == WASI_EVENTTYPE_FD_WRITE) {
            parse_fd(call, s, wasi_ld32(raw + WASI_SUB_FD), p->pfds, &p->npfds);
        } else {
            s->error = WASI_EINVAL;
        }
        if (s->error || s->ready) p->immediate = true;
    }
}

#define SLICE_NS ((uint64_t)WASI_WAIT_SLICE_MS * 1000000u)

/* Blocks until at least one event is due (or none can be, when immediate);
 * writes the events and their count. The wait goes in slices of at most
 * WASI_WAIT_SLICE_MS so an interrupt of the instance is noticed; a slice
 * that ends with nothing due just goes round again. */
static uint32_t wait_events(wasi_call_t *call, poll_set_t *p, uint8_t *out, uint32_t *n)
{
    for (;;) {
        uint64_t wait = SLICE_NS;
        if (p->immediate) {
            wait = 0;
        } else if (p->have_clock) {
            uint64_t now = now_ns(CLOCK_MONOTONIC);
            uint64_t left = p->first_deadline > now ? p->first_deadline - now : 0;
            if (left < wait) wait = left;
        }
        struct timespec ts = { (time_t)(wait / 1000000000u), (long)(wait % 1000000000u) };
        int r = ppoll(p->npfds ? p->pfds : NULL, (nfds_t)p->npfds, &ts, NULL);
        if (r < 0 && errno != EINTR) return wasi_errno_from_host(errno);
        if (r >= 0) {
            *n = collect(call, p->subs, p->nsubs, p->pfds, out);
            if (*n > 0 || p->immediate) return WASI_ESUCCESS;
        }
        if (wasi_check_interrupt(call)) return WASI_EINTR;
    }
}

bool wasi_check_interrupt(wasi_call_t *call)
{
    if (call->caller && wasmcell_caller_interrupted(call->caller)) call->interrupted = true;
    return call->interrupted;
}

/* Waits in slices until poll(2) reports `events` on host_fd (or an error or
 * hangup, which the following call reports). */
static uint32_t wait_poll(wasi_call_t *call, int host_fd, short events)
{
    for (;;) {
        struct pollfd pfd = { .fd = host_fd, .events = events };
        int r = poll(&pfd, 1, WASI_WAIT_SLICE_MS);
        if (r > 0 || (r < 0 && errno != EINTR)) return WASI_ESUCCESS;
        if (wasi_check_interrupt(call)) return WASI_EINTR;
    }
}

/* Would a read on this host fd wait? Not in non-blocking mode, and not on a
 * write-only fd (the read fails at once). */
static bool blocking_readable(int host_fd)
{
    int fl = fcntl(host_fd, F_GETFL);
    return fl >= 0 && !(fl & O_NONBLOCK) && (fl & O_ACCMODE) != O_WRONLY;
}

static bool listening_socket(int host_fd)
{
    int listening = 0;
    socklen_t len = sizeof listening;
    return getsockopt(host_fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 && listening;
}

uint32_t wasi_wait_readable(wasi_call_t *call, const wasi_fd_t *e)
{
    if (e->filetype == WASI_FILETYPE_REGULAR_FILE || e->filetype == WASI_FILETYPE_DIRECTORY)
        return WASI_ESUCCESS;
    if (!blocking_readable(e->host_fd)) return WASI_ESUCCESS;
    /* A receive on a listening socket fails at once (ENOTCONN) although poll
     * would wait for a connection; an unconnected stream socket polls as
     * hung up, so the receive reports its error. */
    bool socket = e->filetype == WASI_FILETYPE_SOCKET_STREAM ||
                  e->filetype == WASI_FILETYPE_SOCKET_DGRAM;
    if (socket && listening_socket(e->host_fd)) return WASI_ESUCCESS;
    return wait_poll(call, e->host_fd, POLLIN);
}

uint32_t wasi_wait_acceptable(wasi_call_t *call, int host_fd)
{
    if (!listening_socket(host_fd)) return WASI_ESUCCESS; /* accept fails at once */
    if (!blocking_readable(host_fd)) return WASI_ESUCCESS;
    return wait_poll(call, host_fd, POLLIN);
}

uint32_t wasi_poll_oneoff_v(wasi_call_t *call, const uint64_t *args, int version)
{
    uint32_t nsubs = A32(2);
    uint32_t sub_size = version == WASI_VERSION_UNSTABLE ? 56 : WASI_SUBSCRIPTION_SIZE;
    if (nsubs == 0) return WASI_EINVAL;
    const uint8_t *in = wasi_mem_at(&call->mem, A32(0), (uint64_t)nsubs * sub_size);
    uint8_t *out = wasi_mem_at(&call->mem, A32(1), (uint64_t)nsubs * WASI_EVENT_SIZE);
    uint8_t *nevents = wasi_mem_at(&call->mem, A32(3), 4);
    if (!in || !out || !nevents) return WASI_EFAULT;
    poll_set_t p = { .nsubs = nsubs, .first_deadline = UINT64_MAX,
                     .subs = wasi_alloc_array(nsubs, sizeof(sub_t)),
                     .pfds = wasi_alloc_array(nsubs, sizeof(struct pollfd)) };
    uint32_t err = WASI_ENOMEM, n = 0;
    if (p.subs && p.pfds) {
        parse_subs(call, &p, in, sub_size, version);
        err = wait_events(call, &p, out, &n);
        if (err == WASI_ESUCCESS) wasi_st32(nevents, n);
    }
    wasi_free(p.subs);
    wasi_free(p.pfds);
    return err;
}

uint32_t wasi_fn_poll_oneoff(wasi_call_t *call, const uint64_t *args)
{
    return wasi_poll_oneoff_v(call, args, WASI_VERSION_PREVIEW1);
}
