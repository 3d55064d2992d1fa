# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Tier auto fills the code cache with the whole module: a run whose module
# got hot ends by starting a detached `wasmcell compile --cache` (ctest sets
# WASMCELL_CACHE_FILL_WAIT=1, so the run waits for it here); the entry then
# holds every function (artifact flag FULL = 4) and the next auto run starts
# native, with no background compile. A run that trapped, one with
# --no-cache, and a module that never got hot leave the cache alone.
# `compile --cache` fills it by hand. One process at a time fills an
# entry: while another holds the lock on KEY.filling (here flock(1) holds
# it), a hot run starts no filler and `compile --cache` compiles nothing.
# Checked by files, never by timing.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
[ -x "$EDIT" ] || fail "$EDIT not built"
cd "$TMP" || fail "cd"
wat hot
export WASMCELL_CACHE_FILL_WAIT=1

count() {
    if [ -d "$1" ]; then find "$1" -type f | wc -l; else echo 0; fi
}
full_entry() {
    entry=$(find "$1" -type f | head -1)
    [ -n "$entry" ] || fail "$2: no cache entry"
    "$EDIT" "$entry" info > info.txt || fail "$2: the cache entry is not an artifact"
    flags=$(sed -n 's/^flags //p' info.txt)
    [ $((flags & 4)) -eq 4 ] || fail "$2: the entry is not the whole module (flags $flags)"
}

# a hot run fills the cache with the whole module
D=$TMP/cache
WASMCELL_NATIVE_DEBUG=1 run "$WASMCELL" run --tier auto --cache-dir "$D" hot.wasm
expect_no_crash "first run"
expect_rc 7 "first run"
[ "$(count "$D")" -eq 1 ] || fail "first run: $(count "$D") cache entries, want 1"
full_entry "$D" "first run"
# the next run starts native: no background compile
WASMCELL_NATIVE_DEBUG=1 run "$WASMCELL" run --tier auto --cache-dir "$D" hot.wasm
expect_rc 7 "second run"
grep -q "background compile" "$TMP/err" && fail "second run compiled again: $(cat "$TMP/err")"

# --no-cache writes nothing (and spawns nothing that could)
X=$TMP/xdg
XDG_CACHE_HOME=$X run "$WASMCELL" run --tier auto --no-cache hot.wasm
expect_rc 7 "--no-cache"
[ "$(count "$X")" -eq 0 ] || fail "--no-cache: $(count "$X") cache entries"

# a module that never gets hot: hello world leaves no entry
H=$TMP/hello-cache
run "$WASMCELL" run --tier auto --cache-dir "$H" "$SRC/examples/hello.wasm"
expect_rc 0 "hello"
[ "$(count "$H")" -eq 0 ] || fail "hello: $(count "$H") cache entries, want 0"

# compile --cache fills it by hand; auto then uses it
C=$TMP/by-hand
run "$WASMCELL" compile --cache --cache-dir "$C" hot.wasm
expect_rc 0 "compile --cache"
full_entry "$C" "compile --cache"
WASMCELL_NATIVE_DEBUG=1 run "$WASMCELL" run --tier auto --cache-dir "$C" hot.wasm
expect_rc 7 "after compile --cache"
grep -q "background compile" "$TMP/err" && fail "after compile --cache: compiled again"

# one filler per entry
command -v flock >/dev/null || fail "flock (util-linux) is missing"
key=$(basename "$(find "$C" -type f | head -1)")
case $key in *.*|"") fail "unexpected cache entry name '$key'" ;; esac
[ -e "$C/$key.filling" ] && fail "compile --cache left its lock file behind"
L=$TMP/locked
mkdir -p "$L"
run flock "$L/$key.filling" "$WASMCELL" compile --cache --cache-dir "$L" hot.wasm
expect_rc 0 "compile --cache while another fills"
[ -e "$L/$key" ] && fail "compile --cache filled an entry another process was filling"
run flock "$L/$key.filling" "$WASMCELL" run --tier auto --cache-dir "$L" hot.wasm
expect_rc 7 "hot run while another fills"
if [ -e "$L/$key" ]; then
    "$EDIT" "$L/$key" info > info.txt || fail "locked run: the entry is not an artifact"
    flags=$(sed -n 's/^flags //p' info.txt)
    [ $((flags & 4)) -eq 0 ] || fail "a hot run started a filler while another process was filling"
fi
# the lock released (the file stays, as flock(1) left it): filled
run "$WASMCELL" compile --cache --cache-dir "$L" hot.wasm
expect_rc 0 "compile --cache after the lock"
[ -e "$L/$key" ] || fail "compile --cache did not fill once the lock was free"
[ -e "$L/$key.filling" ] && fail "the filler left its lock file behind"
exit 0
