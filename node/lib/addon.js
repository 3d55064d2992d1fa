// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
'use strict';
// addon.js — finds and loads the native half (wasmcell_wasi.node, a Node-API
// addon: one binary for every Node.js >= 18). Looked for, in order: the file
// named by WASMCELL_WASI_ADDON, then beside package.json, then build/.

const fs = require('node:fs');
const path = require('node:path');

function loadAddon() {
  const root = path.join(__dirname, '..');
  const candidates = [
    process.env.WASMCELL_WASI_ADDON && path.resolve(process.env.WASMCELL_WASI_ADDON),
    path.join(root, 'wasmcell_wasi.node'),
    path.join(root, 'build', 'wasmcell_wasi.node'),
  ].filter(Boolean);
  for (const file of candidates) {
    if (fs.existsSync(file)) return require(file);
  }
  const err = new Error(
    'wasmcell-wasi: the native addon wasmcell_wasi.node was not found (looked in ' +
    `${candidates.join(', ')}). Build it in a wasmcell checkout with ` +
    '`cmake -S . -B build && cmake --build build --target wasmcell_wasi_node`; ' +
    'build/node/package is then the installable package (docs/node.md).');
  err.code = 'ERR_WASMCELL_WASI_ADDON_MISSING';
  throw err;
}

module.exports = { loadAddon };
