// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
'use strict';
// wasmcell-wasi — node:wasi's WASI class, backed by wasmcell's sandboxed WASI
// (C, through Node-API). Same options, checks, error codes and life cycle as
// node:wasi (Node 20); the differences are listed in docs/node.md.
//   const { WASI } = require('wasmcell-wasi');   // instead of require('node:wasi')

const { loadAddon } = require('./lib/addon.js');
const {
  ERR_INVALID_ARG_TYPE,
  ERR_INVALID_ARG_VALUE,
  ERR_WASI_ALREADY_STARTED,
  validateArray,
  validateBoolean,
  validateFunction,
  validateInt32,
  validateObject,
  validateString,
  validateUndefined,
} = require('./lib/errors.js');

const addon = loadAddon();

// proc_exit with returnOnExit throws kExitCode out of the guest up to
// start(); without, the process ends as process.exit(code) ends it.
const kExitCode = Symbol('kExitCode');
addon.configure(kExitCode, (code) => process.exit(code));

const kStarted = Symbol('kStarted');
const kHandle = Symbol('kHandle');
const kModuleName = Symbol('kModuleName');

const MODULE_NAMES = { preview1: 'wasi_snapshot_preview1', unstable: 'wasi_unstable' };

// A preopen value is a host path (as in node:wasi) or, a wasmcell addition,
// { path, readonly } for a preopen beneath which nothing can be written,
// created, renamed or deleted.
function preopenEntry(guest, value) {
  if (value !== null && typeof value === 'object') {
    validateString(value.path, `options.preopens['${guest}'].path`);
    if (value.readonly !== undefined)
      validateBoolean(value.readonly, `options.preopens['${guest}'].readonly`);
    return [String(guest), value.path, value.readonly === true];
  }
  return [String(guest), String(value), false];
}

// `trace`: false/undefined (off), true (stderr), or a host fd: one line per
// WASI call, "[wasi] fd_write(1, 1024, 1, 1020) -> 0 (success)".
function traceFd(trace) {
  if (trace === undefined || trace === false) return 0;
  if (trace === true) return 2;
  validateInt32(trace, 'options.trace', 1);
  return trace;
}

class WASI {
  constructor(options = {}) {
    validateObject(options, 'options');
    validateString(options.version, 'options.version');
    const moduleName = MODULE_NAMES[options.version];
    if (moduleName === undefined || !Object.hasOwn(MODULE_NAMES, options.version)) {
      throw new ERR_INVALID_ARG_VALUE('options.version', options.version,
                                      'unsupported WASI version');
    }

    if (options.args !== undefined) validateArray(options.args, 'options.args');
    const args = (options.args || []).map(String);

    const env = [];
    if (options.env !== undefined) {
      validateObject(options.env, 'options.env');
      for (const [key, value] of Object.entries(options.env)) {
        if (value !== undefined) env.push(`${key}=${value}`);
      }
    }

    const preopens = [];
    if (options.preopens !== undefined) {
      validateObject(options.preopens, 'options.preopens');
      for (const [guest, value] of Object.entries(options.preopens))
        preopens.push(preopenEntry(guest, value));
    }

    const { stdin = 0, stdout = 1, stderr = 2 } = options;
    validateInt32(stdin, 'options.stdin', 0);
    validateInt32(stdout, 'options.stdout', 0);
    validateInt32(stderr, 'options.stderr', 0);

    let returnOnExit = true;
    if (options.returnOnExit !== undefined) {
      validateBoolean(options.returnOnExit, 'options.returnOnExit');
      returnOnExit = options.returnOnExit;
    }
    const trace = traceFd(options.trace);

    // node:wasi reports a preopen it cannot open as a UVWASI_<errno> error.
    for (const [, host] of preopens) checkPreopen(host);

    const [handle, imports] = addon.create(options.version, args, env, preopens,
                                           [stdin, stdout, stderr], trace, returnOnExit);
    this[kHandle] = handle;
    this[kModuleName] = moduleName;
    this[kStarted] = false;
    this.wasiImport = imports;
  }

  // A command: must export _start and memory, must not export _initialize.
  start(instance) {
    const exports = this.#setup(instance);
    const { _start, _initialize } = exports;
    validateFunction(_start, 'instance.exports._start');
    validateUndefined(_initialize, 'instance.exports._initialize');
    try {
      _start();
    } catch (err) {
      if (err !== kExitCode) throw err;
      return addon.exitCode(this[kHandle]);
    }
    return 0;
  }

  // A reactor: must export memory, must not export _start, may export _initialize.
  initialize(instance) {
    const exports = this.#setup(instance);
    const { _start, _initialize } = exports;
    validateUndefined(_start, 'instance.exports._start');
    if (_initialize !== undefined) {
      validateFunction(_initialize, 'instance.exports._initialize');
      _initialize();
    }
  }

  getImportObject() {
    return { [this[kModuleName]]: this.wasiImport };
  }

  // node's order: already started, then instance, exports and memory; the
  // object counts as started even when a later check throws.
  #setup(instance) {
    if (this[kStarted]) throw new ERR_WASI_ALREADY_STARTED();
    this[kStarted] = true;
    validateObject(instance, 'instance');
    const exports = instance.exports;
    validateObject(exports, 'instance.exports');
    const { memory } = exports;
    if (memory === null || typeof memory !== 'object' ||
        !(memory.buffer instanceof ArrayBuffer ||
          Object.prototype.toString.call(memory.buffer) === '[object ArrayBuffer]')) {
      throw new ERR_INVALID_ARG_TYPE(null, null, null,
        '"instance.exports.memory" property must be a WebAssembly.Memory object');
    }
    addon.setMemory(this[kHandle], memory, memory instanceof WebAssembly.Memory);
    return exports;
  }
}

function checkPreopen(host) {
  const fs = require('node:fs');
  let st;
  try {
    st = fs.statSync(host);
  } catch (e) {
    throw uvwasiError(e.code || 'EIO');
  }
  if (!st.isDirectory()) throw uvwasiError('ENOTDIR');
}

function uvwasiError(errnoName) {
  const err = new Error(`UVWASI_${errnoName}, uvwasi_init`);
  err.code = `UVWASI_${errnoName}`;
  return err;
}

module.exports = { WASI };
