# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# --listen HOST:PORT hands the guest a listening TCP socket (fd after the
# --dir preopens): tests/wasi/sock_echo.c accepts one client, echoes a line
# uppercased, shuts down. Also: bad --listen values and unbindable addresses
# are usage errors (125) and the guest does not run.
. "$(dirname "$0")/lib.sh"
hello=$SRC/examples/hello.wasm

stderr_has_text() { # fixed text, not a pattern (the values hold '[' and '.')
    grep -qF -- "$1" "$TMP/err" || fail "stderr lacks '$1'"
}

# -- usage errors ---------------------------------------------------------------
for bad in 127.0.0.1:notaport 127.0.0.1 :80 127.0.0.1:65536 127.0.0.1:-1 \
           127.0.0.1: 999.1.1.1:80 example.invalid:80 '::1:80' '[::1:80'; do
    run "$WASMCELL" run --listen "$bad" "$hello"
    expect_rc 125 "--listen $bad"
    stderr_has_text "run: --listen '$bad': expected HOST:PORT"
    [ -s "$TMP/out" ] && fail "--listen $bad: the guest must not run"
done
run "$WASMCELL" run --listen
expect_rc 125 "--listen without a value"
expect_stderr_has "needs a value"
# 192.0.2.1 (TEST-NET-1) is not an address of this host: bind fails
run "$WASMCELL" run --listen 192.0.2.1:0 "$hello"
expect_rc 125 "--listen on a foreign address"
stderr_has_text "run: --listen 192.0.2.1:0: cannot bind: "
[ -s "$TMP/out" ] && fail "unbindable --listen: the guest must not run"

# -- valid forms: hello.wasm ignores the sockets; port 0 reports its choice -------
run "$WASMCELL" run --listen 127.0.0.1:0 --listen=localhost:0 "$hello"
expect_rc 0 "two --listen, port 0"
expect_stdout 'hello world\n'
[ "$(grep -c '^wasmcell: listening on 127\.0\.0\.1:[1-9][0-9]*$' "$TMP/err")" -eq 2 ] ||
    fail "port 0: expected two 'listening on 127.0.0.1:PORT' lines"

# -- the echo guest -----------------------------------------------------------------
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 missing"; exit 77; }
CLANG=${WASI_CLANG:-clang-19}
"$CLANG" --target=wasm32-wasi -O2 -Wall -Wextra -Werror -Wno-unused-parameter \
    -I"$SRC/tests/wasi" "$SRC/tests/wasi/sock_echo.c" -o "$TMP/sock_echo.wasm" 2>"$TMP/cc.err" ||
    { cat "$TMP/cc.err"; echo "SKIP: $CLANG cannot build wasm32-wasi programs"; exit 77; }

# echo_case PORT GUEST_FD [run options...]: runs sock_echo.wasm with a
# --listen on 127.0.0.1:PORT (0: read the chosen port from stderr), waits for
# its "waiting" line, connects (retrying up to 5 s), sends "hello\n", expects
# "HELLO\n" then EOF (sock_shutdown), and exit status 0.
echo_case() {
    python3 - "$WASMCELL" "$TMP/sock_echo.wasm" "$@" <<'EOF' || fail "echo case: $*"
import re, socket, subprocess, sys, threading, time
wasmcell, wasm, port, guest_fd = sys.argv[1:5]
extra = sys.argv[5:]
cmd = [wasmcell, "run", *extra, "--listen", "127.0.0.1:" + port, wasm, guest_fd]
proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
timer = threading.Timer(120, proc.kill)  # never hang the test suite (a native run under ASan compiles for a while first)
timer.start()
def bail(msg):
    proc.kill()
    out, err = proc.communicate()
    sys.exit(f"{msg}\ncommand: {cmd}\nstdout: {out!r}\nstderr: {err!r}")
if port == "0":
    line = proc.stderr.readline().decode()
    m = re.fullmatch(r"wasmcell: listening on 127\.0\.0\.1:(\d+)\n", line)
    if not m:
        bail(f"no 'listening on' line for port 0: {line!r}")
    port = m.group(1)
first = proc.stdout.readline()
if first != b"waiting\n":
    bail(f"the guest did not print 'waiting' but {first!r}")
deadline = time.monotonic() + 5
while True:
    try:
        s = socket.create_connection(("127.0.0.1", int(port)), timeout=10)
        break
    except OSError as e:
        if time.monotonic() > deadline:
            bail(f"cannot connect to port {port}: {e}")
        time.sleep(0.05)
s.sendall(b"hello\n")
got = b""
while True:
    chunk = s.recv(100)
    if not chunk:  # EOF: the guest shut down its side
        break
    got += chunk
s.close()
out, err = proc.communicate()
timer.cancel()
if got != b"HELLO\n":
    bail(f"client received {got!r}, want b'HELLO\\n'")
if proc.returncode != 0 or out != b"echoed 6 bytes\n":
    sys.exit(f"exit {proc.returncode} (want 0), rest of stdout {out!r}\nstderr: {err!r}")
EOF
}

rm -f "$TMP/out" "$TMP/err" # fail() would show the last run()'s output
echo_case 0 3
# an explicit port (chosen free by python) behind a --dir preopen: socket is fd 4
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir "$TMP/d"
echo_case "$port" 4 --dir "$TMP/d"
exit 0
