#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# install_test.sh BUILD_DIR SOURCE_DIR WASM_DIR [CC [FLAGS]] — installs the build
# into a temporary prefix (cmake --install --prefix, and a DESTDIR staging),
# then builds tests/install/prog.c OUTSIDE the source tree against the
# installed files only: with pkg-config (shared and static) and with a
# five-line CMakeLists.txt using find_package(wasmcell). Each program must
# run a WASI command with a preopen and a reactor's export (prog.expected).
# FLAGS go to every compile and link of the consumer (e.g. -fsanitize=...
# when the library was built with sanitizers).
set -u
build=$1 src=$2 wasm=$3 cc=${4:-cc} flags=${5:-}
here=$src/tests/install
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wasmcell-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

for f in hello_files.wasm reactor.wasm; do
  [ -f "$wasm/$f" ] || { echo "SKIPPED: $wasm/$f missing (wat2wasm not installed?)"; exit 77; }
done
command -v pkg-config >/dev/null || { echo "SKIPPED: pkg-config missing"; exit 77; }

prefix=$tmp/prefix
if ! cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log"; echo "FAIL: cmake --install"; exit 1
fi
pcfile=$(find "$prefix" -name wasmcell.pc | head -n 1)
[ -n "$pcfile" ] || { echo "FAIL: no wasmcell.pc installed"; find "$prefix"; exit 1; }
libdir=$(dirname "$(dirname "$pcfile")")
version=$(PKG_CONFIG_PATH=$libdir/pkgconfig pkg-config --modversion wasmcell)
major=${version%%.*}

# 1. The installed files.
for f in "$prefix/bin/wasmcell" "$prefix/include/wasmcell.h" "$prefix/include/wasmcell_wasi.h" \
         "$prefix/include/wasm.h" \
         "$libdir/libwasmcell.a" "$libdir/libwasmcell.so" "$libdir/libwasmcell.so.$major" \
         "$libdir/libwasmcell.so.$version" "$libdir/cmake/wasmcell/wasmcellConfig.cmake" \
         "$libdir/cmake/wasmcell/wasmcellConfigVersion.cmake" \
         "$libdir/cmake/wasmcell/wasmcellTargets.cmake" "$prefix/share/man/man1/wasmcell.1"; do
  [ -e "$f" ] || fail "not installed: ${f#"$prefix"/}"
done
soname=$(objdump -p "$libdir/libwasmcell.so" 2>/dev/null | awk '$1 == "SONAME" {print $2}')
[ "$soname" = "libwasmcell.so.$major" ] && ok "soname $soname" || fail "soname is '$soname'"
bad=$(nm -D --defined-only "$libdir/libwasmcell.so" | awk '{print $3}' | grep -v -E '^(wasmcell|wasm)_' | grep -v '^$')
[ -z "$bad" ] && ok "only wasmcell_* / wasm_* symbols exported" || fail "exported non-API symbols: $bad"
if sh "$here/archive_symbols_test.sh" "$libdir/libwasmcell.a" >"$tmp/archive.log" 2>&1; then
  ok "libwasmcell.a defines only API symbols"
else
  fail "libwasmcell.a symbols"; cat "$tmp/archive.log"
fi
out=$("$prefix/bin/wasmcell" run --dir "$src/examples/data" "$wasm/hello_files.wasm" 2>&1)
[ "$out" = "$(printf 'hello world\ngreetings from a preopened directory')" ] \
  && ok "installed CLI runs a WASI program" || fail "installed CLI: $out"

# 2. A program outside the tree.
work=$tmp/consumer
mkdir -p "$work"
cp "$here/prog.c" "$work/prog.c"
cp "$here/consumer.cmake" "$work/CMakeLists.txt"
printf 'wasmcell %s\n' "$version" >"$work/expected"
cat "$here/prog.expected" >>"$work/expected"

check_run() { # NAME PROGRAM [ENV...]
  name=$1 prog=$2
  shift 2
  (cd "$work" && env "$@" "$prog" "$wasm/hello_files.wasm" "$src/examples/data" \
     "$wasm/reactor.wasm") >"$work/$name.out" 2>"$work/$name.err"
  rc=$?
  if [ $rc -ne 0 ] || ! diff -u "$work/expected" "$work/$name.out" >"$work/$name.diff"; then
    fail "$name: exit $rc"; cat "$work/$name.diff" "$work/$name.err"
  else
    ok "$name runs the command and the reactor"
  fi
}

export PKG_CONFIG_PATH="$libdir/pkgconfig"
# shared library (the default when both exist): needs LD_LIBRARY_PATH to run
# shellcheck disable=SC2046
if (cd "$work" && $cc $flags -std=c11 -Wall -Wextra -Werror prog.c $(pkg-config --cflags --libs wasmcell) \
      -o prog_shared) 2>"$work/cc.err"; then
  LD_LIBRARY_PATH=$libdir ldd "$work/prog_shared" | grep -q "libwasmcell.so.$major => $libdir" \
    && ok "pkg-config build loads the installed libwasmcell.so.$major" \
    || fail "prog_shared does not load the installed libwasmcell.so.$major"
  check_run pkgconfig_shared "$work/prog_shared" LD_LIBRARY_PATH="$libdir"
else
  fail "cc prog.c \$(pkg-config --cflags --libs wasmcell)"; cat "$work/cc.err"
fi
# static library: pkg-config --static adds the private libraries
# shellcheck disable=SC2046
if (cd "$work" && $cc $flags -std=c11 prog.c $(pkg-config --cflags wasmcell) \
      -L"$libdir" -Wl,-Bstatic -lwasmcell -Wl,-Bdynamic \
      $(pkg-config --static --libs wasmcell | sed 's/-lwasmcell//; s/-L[^ ]*//') \
      -o prog_static) 2>"$work/cc.err"; then
  if ldd "$work/prog_static" | grep -q libwasmcell; then
    fail "prog_static depends on libwasmcell.so"
  fi
  check_run pkgconfig_static "$work/prog_static"
else
  fail "static build with pkg-config --static"; cat "$work/cc.err"
fi

# 2b. A wasm.h program, static and shared; statically linked, its own
# functions named like wasmcell internals must not clash with them.
cp "$here/capi_prog.c" "$work/capi_prog.c"
capi_expected='add(40, 2) = 42; own bin_decode 3'
# shellcheck disable=SC2046
if (cd "$work" && $cc $flags -std=c11 -Wall -Wextra -Werror capi_prog.c $(pkg-config --cflags wasmcell) \
      -L"$libdir" -Wl,-Bstatic -lwasmcell -Wl,-Bdynamic \
      $(pkg-config --static --libs wasmcell | sed 's/-lwasmcell//; s/-L[^ ]*//') \
      -o capi_static) 2>"$work/cc.err"; then
  out=$("$work/capi_static" 2>&1)
  [ "$out" = "$capi_expected" ] && ok "wasm.h program, static" || fail "capi_static: $out"
else
  fail "static build of a wasm.h program"; cat "$work/cc.err"
fi
# shellcheck disable=SC2046
if (cd "$work" && $cc $flags -std=c11 -Wall -Wextra -Werror capi_prog.c \
      $(pkg-config --cflags --libs wasmcell) -o capi_shared) 2>"$work/cc.err"; then
  out=$(LD_LIBRARY_PATH=$libdir "$work/capi_shared" 2>&1)
  [ "$out" = "$capi_expected" ] && ok "wasm.h program, shared" || fail "capi_shared: $out"
else
  fail "shared build of a wasm.h program"; cat "$work/cc.err"
fi

# 3. find_package(wasmcell): shared (the default) and static.
for variant in shared static; do
  bdir=$tmp/cmake-$variant
  extra=""
  [ $variant = static ] && extra=-Dwasmcell_USE_STATIC_LIBS=ON
  if cmake -S "$work" -B "$bdir" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" $extra \
       -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" \
       >"$tmp/cmake.log" 2>&1 && cmake --build "$bdir" >>"$tmp/cmake.log" 2>&1; then
    if [ $variant = static ] && ldd "$bdir/prog" | grep -q libwasmcell; then
      fail "find_package static variant depends on libwasmcell.so"
    fi
    # no LD_LIBRARY_PATH: CMake puts the installed lib dir in the build RPATH
    check_run "find_package_$variant" "$bdir/prog"
  else
    fail "find_package(wasmcell) $variant build"; cat "$tmp/cmake.log"
  fi
done

# 4. DESTDIR staging installs beneath DESTDIR, and the .pc file relocates.
stage=$tmp/stage
if DESTDIR=$stage cmake --install "$build" --prefix /opt/wasmcell >"$tmp/install.log" 2>&1 \
   && [ -f "$stage/opt/wasmcell/include/wasmcell.h" ] && [ ! -e /opt/wasmcell/include/wasmcell.h ]; then
  spc=$(find "$stage" -name wasmcell.pc | head -n 1)
  cflags=$(PKG_CONFIG_PATH=$(dirname "$spc") pkg-config --cflags wasmcell)
  case "$cflags" in
    *"$stage"*) ok "DESTDIR staging (pkg-config: $cflags)" ;;
    *) fail "staged wasmcell.pc points elsewhere: $cflags" ;;
  esac
else
  fail "DESTDIR=... cmake --install"; cat "$tmp/install.log"
fi

[ $failures -eq 0 ] && { echo "install test passed"; exit 0; }
echo "$failures failure(s)"
exit 1
