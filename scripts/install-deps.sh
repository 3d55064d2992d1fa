#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Installs what the tests need (Debian 12): the wasm32-wasi C toolchain and wabt.
# `install-deps.sh bench` also installs what `make bench` needs (tclsh for
# SQLite's amalgamation build; dpkg-dev for `apt-get source`).
set -e
PKGS="clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 wabt pkg-config llvm-19-dev binaryen"
# tests/platform: the aarch64 C library, to build the interpreter for aarch64
# (README's "Supported platforms"); qemu-user, if installed, also runs it.
PKGS="$PKGS libc6-dev-arm64-cross libgcc-12-dev-arm64-cross"
[ "${1:-}" = bench ] && PKGS="$PKGS tcl dpkg-dev"
# wasmcell-wasi (node/) builds against the installed node's Node-API headers:
# NodeSource's nodejs ships them, Debian's nodejs needs libnode-dev. Without
# node at all, its tests report SKIPPED.
if command -v node >/dev/null 2>&1; then
  node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  if [ ! -f "$node_prefix/include/node/node_api.h" ] && [ ! -f /usr/include/node/node_api.h ]; then
    PKGS="$PKGS libnode-dev"
  fi
fi
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
