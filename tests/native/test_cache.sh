# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# The native code cache, checked by its files and never by timing:
# `run --tier native --cache-dir D` creates one entry in D; a second run
# reuses it (the entry is not rewritten: same inode, size and mtime); the
# default directory is $XDG_CACHE_HOME/wasmcell, else ~/.cache/wasmcell;
# --no-cache and --tier interp write nothing; each --opt level has its own
# entry; a corrupt, truncated or foreign entry is ignored (the program still
# runs correctly); an unusable cache directory is not an error.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
[ -x "$EDIT" ] || fail "$EDIT not built"
cd "$TMP" || fail "cd"
wat compute
cp compute.wasm prog.wasm
run "$WASMCELL" run --tier interp --no-cache prog.wasm
expect_rc 0 "compute.wat interpreted"
cp "$TMP/out" want.out

# count DIR: number of entries in DIR (0 when it does not exist)
count() {
    if [ -d "$1" ]; then find "$1" -mindepth 1 | wc -l; else echo 0; fi
}
# stamp FILE: what changes when the file is written again
stamp() {
    stat -c '%i %s %y' "$1"
}
# runs_ok WHAT ARGS...: `run ARGS` prints what the interpreter printed.
runs_ok() {
    what=$1; shift
    run "$WASMCELL" run "$@"
    expect_no_crash "$what"
    expect_rc 0 "$what"
    cmp -s want.out "$TMP/out" || fail "$what: stdout differs from the interpreter's"
}

# -- first run fills, second run reuses -------------------------------------------
D=$TMP/cache
runs_ok "first run" --tier native --cache-dir "$D" prog.wasm
[ "$(count "$D")" -eq 1 ] || fail "first run: $(count "$D") entries in the cache, want 1: $(ls -la "$D")"
entry=$(find "$D" -mindepth 1)
"$EDIT" "$entry" info > info.txt || fail "the cache entry is not an artifact"
before=$(stamp "$entry")
sleep 1 # so that a rewrite would show in the mtime even on coarse clocks
runs_ok "second run" --tier native --cache-dir "$D" prog.wasm
[ "$(count "$D")" -eq 1 ] || fail "second run: $(count "$D") entries, want 1"
[ "$(stamp "$entry")" = "$before" ] || fail "second run rewrote the entry: it did not use it"
# WASMCELL_NATIVE_DEBUG reports failed compiles (none here) and the hit
WASMCELL_NATIVE_DEBUG=1 runs_ok "third run" --tier native --cache-dir "$D" prog.wasm
[ "$(cat "$TMP/err")" = "wasmcell: code cache hit: module not validated again" ] ||
    fail "third run: unexpected stderr: $(cat "$TMP/err")"
# auto finds the entry too, and does not rewrite it
runs_ok "auto with a warm cache" --tier auto --cache-dir "$D" prog.wasm
[ "$(stamp "$entry")" = "$before" ] || fail "--tier auto rewrote the entry"

# -- another opt level is another entry --------------------------------------------
runs_ok "--opt 1" --tier native --opt 1 --cache-dir "$D" prog.wasm
[ "$(count "$D")" -eq 2 ] || fail "--opt 1: $(count "$D") entries, want 2"
[ "$(stamp "$entry")" = "$before" ] || fail "--opt 1 rewrote the --opt 2 entry"

# -- where the default cache lives --------------------------------------------------
X=$TMP/xdg
runs_ok "XDG_CACHE_HOME" --tier native prog.wasm
[ "$(count "$XDG_CACHE_HOME/wasmcell")" -eq 1 ] || fail "no entry in \$XDG_CACHE_HOME/wasmcell"
mkdir -p "$TMP/home"
run env -u XDG_CACHE_HOME HOME="$TMP/home" "$WASMCELL" run --tier native prog.wasm
expect_rc 0 "HOME"
[ "$(count "$TMP/home/.cache/wasmcell")" -eq 1 ] || fail "no entry in ~/.cache/wasmcell"
run env XDG_CACHE_HOME="$X" "$WASMCELL" run --tier native --no-cache prog.wasm
expect_rc 0 "--no-cache"
[ "$(count "$X")" -eq 0 ] || fail "--no-cache wrote $(find "$X")"
run env XDG_CACHE_HOME="$X" "$WASMCELL" run --tier interp prog.wasm
expect_rc 0 "--tier interp"
[ "$(count "$X")" -eq 0 ] || fail "--tier interp wrote $(find "$X")"
E=$TMP/empty-cache
runs_ok "--no-cache after --cache-dir" --tier native --cache-dir "$E" --no-cache prog.wasm
[ "$(count "$E")" -eq 0 ] || fail "--no-cache after --cache-dir wrote $(find "$E")"

# -- corrupt entries are ignored ---------------------------------------------------
size=$(wc -c < "$entry")
cp "$entry" good.entry
for damage in flip truncate empty garbage other-module; do
    case $damage in
        flip) "$EDIT" good.entry "$entry" flip $((size / 2)) || fail "artifact_edit" ;;
        truncate) head -c $((size / 3)) good.entry > "$entry" ;;
        empty) : > "$entry" ;;
        garbage) head -c "$size" /dev/urandom > "$entry" ;;
        # a valid artifact of another module under this module's key
        other-module) "$WASMCELL" compile "$SRC/examples/hello.wasm" -o "$entry" >/dev/null 2>&1 || fail "compile hello" ;;
    esac
    runs_ok "cache entry damaged ($damage)" --tier native --cache-dir "$D" prog.wasm
    runs_ok "cache entry damaged ($damage), auto" --tier auto --cache-dir "$D" prog.wasm
done

# -- an unusable cache directory is not an error -----------------------------------
: > "$TMP/a-file"
runs_ok "cache dir is a file" --tier native --cache-dir "$TMP/a-file" prog.wasm
runs_ok "cache dir below a file" --tier native --cache-dir "$TMP/a-file/sub" prog.wasm
mkdir "$TMP/ro" && chmod 555 "$TMP/ro"
runs_ok "read-only cache dir" --tier native --cache-dir "$TMP/ro" prog.wasm
chmod 755 "$TMP/ro"

# A hit makes the module without validating it again (its entry was
# written after it passed): only for the wasm features it passed under.
# tail.wasm needs tail calls (3.0); the default fill validated it as 3.0.
cat > tail.wat <<'EOF'
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $seven (result i32) (i32.const 7))
  (func $f (result i32) (return_call $seven))
  (func (export "_start") (call $exit (call $f))))
EOF
wat2wasm --enable-tail-call tail.wat -o tail.wasm || fail "wat2wasm tail.wat"
T=$TMP/tail-cache
run "$WASMCELL" compile --cache --cache-dir "$T" tail.wasm
expect_rc 0 "compile --cache tail.wasm"
WASMCELL_NATIVE_DEBUG=1 run "$WASMCELL" run --tier auto --cache-dir "$T" tail.wasm
expect_rc 7 "warm run of tail.wasm"
grep -q "code cache hit: module not validated again" "$TMP/err" ||
    fail "a warm run validated the module again: $(cat "$TMP/err")"
run "$WASMCELL" run --wasm 2.0 --tier auto --no-cache tail.wasm
want_rc=$rc
want_err=$(cat "$TMP/err")
[ "$want_rc" -ne 7 ] || fail "--wasm 2.0 ran a module with tail calls"
run "$WASMCELL" run --wasm 2.0 --tier auto --cache-dir "$T" tail.wasm
expect_no_crash "--wasm 2.0 with a 3.0 cache entry"
[ "$rc" -eq "$want_rc" ] || fail "--wasm 2.0 with a 3.0 cache entry: exit $rc, want $want_rc"
[ "$(cat "$TMP/err")" = "$want_err" ] ||
    fail "--wasm 2.0 with a 3.0 cache entry: '$(cat "$TMP/err")', want '$want_err'"
exit 0
