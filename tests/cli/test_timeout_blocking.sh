# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# --timeout stops a guest blocked inside a WASI call, not only one looping
# in wasm: a 30 s sleep (poll_oneoff), a read of a pipe that never gets data
# (fd_read), poll_oneoff on such a pipe without a clock, a blocking
# sock_accept and a sock_recv from a silent client must all end with exit 124
# well within 5 s. The same guest with no deadline reached behaves as before.
. "$(dirname "$0")/lib.sh"
CLANG=${WASI_CLANG:-clang-19}
command -v "$CLANG" >/dev/null 2>&1 || { echo "SKIP: $CLANG not installed"; exit 77; }
cat >"$TMP/block.c" <<'EOF'
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

#define IMPORT(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(name)))
IMPORT("sock_accept") int32_t raw_sock_accept(int32_t fd, int32_t flags, int32_t fd_out);
IMPORT("sock_recv") int32_t raw_sock_recv(int32_t fd, int32_t iovs, int32_t iovs_len,
                                          int32_t ri_flags, int32_t len_out, int32_t ro_flags_out);
#define ADDR(p) ((int32_t)(uintptr_t)(p))

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    char buf[64];
    if (!strcmp(mode, "sleep")) {
        struct timespec ts = { atoi(argv[2]), (long)atoi(argv[3]) * 1000000 };
        if (nanosleep(&ts, NULL) != 0) return 3;
        puts("slept");
    } else if (!strcmp(mode, "read")) {
        ssize_t n = read(0, buf, sizeof buf);
        printf("read %d\n", (int)n);
    } else if (!strcmp(mode, "poll")) { /* poll_oneoff on stdin, no clock */
        __wasi_subscription_t sub = { .userdata = 7, .u.tag = __WASI_EVENTTYPE_FD_READ };
        sub.u.u.fd_read.file_descriptor = 0;
        __wasi_event_t ev;
        __wasi_size_t nev = 0;
        __wasi_errno_t err = __wasi_poll_oneoff(&sub, &ev, 1, &nev);
        printf("poll %d %d %d\n", (int)err, (int)nev, (int)ev.userdata);
    } else if (!strcmp(mode, "accept") || !strcmp(mode, "recv")) {
        uint32_t conn = 0;
        int32_t err = raw_sock_accept(3, 0, ADDR(&conn));
        printf("accept %d\n", (int)err);
        fflush(stdout);
        if (err || !strcmp(mode, "accept")) return 0;
        __wasi_iovec_t iov = { (uint8_t *)buf, sizeof buf };
        uint32_t len = 0;
        uint16_t ro = 0;
        err = raw_sock_recv((int32_t)conn, ADDR(&iov), 1, 0, ADDR(&len), ADDR(&ro));
        printf("recv %d %u\n", (int)err, (unsigned)len);
    } else {
        return 2;
    }
    return 0;
}
EOF
"$CLANG" --target=wasm32-wasi -O2 -Wall -Werror "$TMP/block.c" -o "$TMP/block.wasm" 2>"$TMP/cc.err" ||
    { cat "$TMP/cc.err"; echo "SKIP: $CLANG cannot build wasm32-wasi programs"; exit 77; }
B=$TMP/block.wasm

ms_now() { echo $(($(date +%s%N) / 1000000)); }
# timed CMD...: run() and set $ms to the wall time in milliseconds.
timed() {
    t0=$(ms_now)
    run "$@"
    ms=$(($(ms_now) - t0))
}
expect_timeout() { # WHAT: exit 124 with the timeout message, in at most 5 s
    expect_rc 124 "$1"
    expect_stderr_has "^error: timed out after 1 seconds (interrupted)"
    [ "$ms" -le 5000 ] || fail "$1: --timeout 1 took $ms ms"
    [ "$ms" -ge 900 ] || fail "$1: ended after $ms ms, before the deadline"
    echo "ok: $1: exit 124 after $ms ms"
}

# -- sleeping: nanosleep -> poll_oneoff with a 30 s clock ------------------------
timed "$WASMCELL" run --timeout 1 "$B" sleep 30 0
expect_timeout "sleep 30 s"
[ -s "$TMP/out" ] && fail "sleep: the guest must not get past its sleep"
# a short sleep under a far deadline is untouched
timed "$WASMCELL" run --timeout 20 "$B" sleep 0 300
expect_rc 0 "sleep 0.3 s under --timeout 20"
expect_stdout 'slept\n'
[ "$ms" -ge 290 ] || fail "sleep 0.3 s returned after $ms ms"

# -- a pipe that never gets data: fd_read and poll_oneoff ---------------------------
mkfifo "$TMP/fifo" || fail "mkfifo"
for mode in read poll; do
    sleep 30 >"$TMP/fifo" &
    writer=$!
    timed "$WASMCELL" run --timeout 1 "$B" "$mode" <"$TMP/fifo"
    kill "$writer" 2>/dev/null
    wait "$writer" 2>/dev/null
    expect_timeout "$mode on an idle pipe"
done
# data that arrives late (after several 50 ms slices) is still read
(sleep 0.4; printf 'xy') | "$WASMCELL" run --timeout 20 "$B" read >"$TMP/out" 2>"$TMP/err"
rc=$?
expect_rc 0 "late data on a pipe under --timeout 20"
expect_stdout 'read 2\n'
(sleep 0.4; printf 'xy') | "$WASMCELL" run --timeout 20 "$B" poll >"$TMP/out" 2>"$TMP/err"
rc=$?
expect_rc 0 "poll_oneoff on a pipe with late data"
expect_stdout 'poll 0 1 7\n'

# -- sockets: sock_accept with no client; sock_recv from a silent client ------------
timed "$WASMCELL" run --timeout 1 --listen 127.0.0.1:0 "$B" accept
expect_timeout "sock_accept without a client"
command -v python3 >/dev/null 2>&1 || { echo "note: python3 missing, sock_recv not checked"; exit 0; }
python3 - "$WASMCELL" "$B" <<'EOF' || fail "sock_recv from a silent client"
import re, socket, subprocess, sys, time
proc = subprocess.Popen([sys.argv[1], "run", "--timeout", "1", "--listen", "127.0.0.1:0",
                         sys.argv[2], "recv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
t0 = time.monotonic()
line = proc.stderr.readline().decode()
m = re.fullmatch(r"wasmcell: listening on 127\.0\.0\.1:(\d+)\n", line)
if not m:
    proc.kill()
    sys.exit(f"no 'listening on' line: {line!r}")
s = socket.create_connection(("127.0.0.1", int(m.group(1))), timeout=10)  # sends nothing
try:
    out, err = proc.communicate(timeout=10)
except subprocess.TimeoutExpired:
    proc.kill()
    sys.exit("sock_recv was not interrupted within 10 s")
ms = (time.monotonic() - t0) * 1000
s.close()
if proc.returncode != 124 or out != b"accept 0\n" or b"timed out" not in err or ms > 5000:
    sys.exit(f"exit {proc.returncode} after {ms:.0f} ms, stdout {out!r}, stderr {err!r}")
print(f"ok: sock_recv from a silent client: exit 124 after {ms:.0f} ms")
EOF
exit 0
