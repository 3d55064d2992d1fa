// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
// api_test.mjs — the wasmcell-wasi drop-in's API against node:wasi's rules:
// option checks, start/initialize (command/reactor rules, start twice,
// missing memory), calls before start, returnOnExit both ways, memory.grow,
// bad guest pointers, stdio fds, read-only preopens, trace, unstable, and
// imports that outlive their WASI object. Run: node --expose-gc api_test.mjs
// (the package: $WASMCELL_WASI_PACKAGE, else node/ of this tree).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import test from 'node:test';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildModule, op } from './wasm_builder.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(process.env.WASMCELL_WASI_PACKAGE || path.join(here, '..', '..', 'node'));
const { WASI } = require(pkg);

const P1 = 'wasi_snapshot_preview1';
const ERRNO = { success: 0, badf: 8, fault: 21, inval: 28, notcapable: 76 };
const imp = (name, params, results = ['i32']) => ({ module: P1, name, params, results });
const PROC_EXIT = imp('proc_exit', ['i32'], []);
const FD_WRITE = imp('fd_write', ['i32', 'i32', 'i32', 'i32']);

function tmpdir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'wasmcell-node-'));
}

function instantiate(wasi, spec) {
  const module = new WebAssembly.Module(buildModule(spec));
  return new WebAssembly.Instance(module, wasi.getImportObject());
}

// _start: proc_exit(code), then unreachable (a trap if proc_exit returned).
function exitModule(code) {
  return {
    imports: [PROC_EXIT],
    funcs: [{ export: '_start', body: [op.i32(code), op.call(0), op.unreachable] }],
    memory: { min: 1, export: 'memory' },
  };
}

// A memory whose guest reads/writes the tests do from JS (a reactor).
function reactorWithMemory(wasi, pages = 1) {
  const instance = instantiate(wasi, { memory: { min: pages, export: 'memory' } });
  wasi.initialize(instance);
  return instance.exports.memory;
}

// Child-process modes (returnOnExit: false ends the process).
if (process.argv[2] === 'child-exit') {
  const wasi = new WASI({ version: 'preview1', returnOnExit: false });
  wasi.start(instantiate(wasi, exitModule(9)));
  process.stdout.write('not reached\n');
  process.exit(0);
}

test('constructor: options must be an object', () => {
  for (const value of [null, 'foo', '', 0, NaN, Symbol('s'), true, false, () => {}]) {
    assert.throws(() => new WASI(value), { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' });
  }
});

test('constructor: version is required and checked', () => {
  assert.throws(() => new WASI(), {
    code: 'ERR_INVALID_ARG_TYPE',
    message: 'The "options.version" property must be of type string. Received undefined',
  });
  assert.throws(() => new WASI({}), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => new WASI({ version: 'x' }), {
    code: 'ERR_INVALID_ARG_VALUE',
    message: "The property 'options.version' unsupported WASI version. Received 'x'",
  });
  assert.throws(() => new WASI({ version: 'toString' }), { code: 'ERR_INVALID_ARG_VALUE' });
  new WASI({ version: 'preview1' });
  new WASI({ version: 'unstable' });
});

test('constructor: bad option types', () => {
  const v = { version: 'preview1' };
  const bad = [
    [{ args: 'fhqwhgads' }, 'ERR_INVALID_ARG_TYPE',
     'The "options.args" property must be an instance of Array. Received type string (\'fhqwhgads\')'],
    [{ env: 'fhqwhgads' }, 'ERR_INVALID_ARG_TYPE',
     'The "options.env" property must be of type object. Received type string (\'fhqwhgads\')'],
    [{ preopens: 'fhqwhgads' }, 'ERR_INVALID_ARG_TYPE', undefined],
    [{ returnOnExit: 'fhqwhgads' }, 'ERR_INVALID_ARG_TYPE',
     'The "options.returnOnExit" property must be of type boolean. Received type string (\'fhqwhgads\')'],
    [{ stdin: 'fhqwhgads' }, 'ERR_INVALID_ARG_TYPE', undefined],
    [{ stdout: 'fhqwhgads' }, 'ERR_INVALID_ARG_TYPE', undefined],
    [{ stderr: 'fhqwhgads' }, 'ERR_INVALID_ARG_TYPE', undefined],
    [{ stdin: -1 }, 'ERR_OUT_OF_RANGE',
     'The value of "options.stdin" is out of range. It must be >= 0 && <= 2147483647. Received -1'],
    [{ stdout: 1.5 }, 'ERR_OUT_OF_RANGE',
     'The value of "options.stdout" is out of range. It must be an integer. Received 1.5'],
    [{ trace: 'yes' }, 'ERR_INVALID_ARG_TYPE', undefined],
    [{ preopens: { '/a': { path: 5 } } }, 'ERR_INVALID_ARG_TYPE', undefined],
  ];
  for (const [opts, code, message] of bad) {
    assert.throws(() => new WASI({ ...v, ...opts }), message ? { code, message } : { code },
                  JSON.stringify(opts));
  }
});

test('constructor: defaults and coercions like node:wasi', () => {
  // args are String()ed; env values that are undefined are dropped.
  const wasi = new WASI({ version: 'preview1', args: [1, 'b'], env: { A: 1, B: undefined } });
  const memory = reactorWithMemory(wasi);
  assert.equal(wasi.wasiImport.args_sizes_get(0, 4), ERRNO.success);
  assert.equal(wasi.wasiImport.environ_sizes_get(8, 12), ERRNO.success);
  const dv = new DataView(memory.buffer);
  assert.deepEqual([dv.getUint32(0, true), dv.getUint32(4, true)], [2, 4]); // "1\0b\0"
  assert.deepEqual([dv.getUint32(8, true), dv.getUint32(12, true)], [1, 4]); // "A=1\0"
});

test('constructor: a preopen that cannot be opened is a UVWASI_ error', () => {
  assert.throws(() => new WASI({ version: 'preview1', preopens: { '/sandbox': '__/not/real/path' } }),
                { code: 'UVWASI_ENOENT' });
  const file = path.join(tmpdir(), 'f');
  fs.writeFileSync(file, 'x');
  assert.throws(() => new WASI({ version: 'preview1', preopens: { '/f': file } }),
                { code: 'UVWASI_ENOTDIR' });
});

test('getImportObject and wasiImport', () => {
  const p1 = new WASI({ version: 'preview1' });
  assert.deepEqual(Object.keys(p1.getImportObject()), [P1]);
  assert.equal(p1.getImportObject()[P1], p1.wasiImport);
  assert.equal(Object.keys(p1.wasiImport).length, 46);
  for (const f of Object.values(p1.wasiImport)) assert.equal(typeof f, 'function');
  const un = new WASI({ version: 'unstable' });
  assert.deepEqual(Object.keys(un.getImportObject()), ['wasi_unstable']);
  assert.equal(un.wasiImport.fd_write.name, 'fd_write');
});

test('start: a command returns its exit code (returnOnExit default true)', () => {
  const wasi = new WASI({ version: 'preview1' });
  assert.equal(wasi.start(instantiate(wasi, exitModule(7))), 7);
});

test('start: _start returning gives 0', () => {
  const wasi = new WASI({ version: 'preview1' });
  const instance = instantiate(wasi, {
    funcs: [{ export: '_start', body: [] }], memory: { min: 1, export: 'memory' },
  });
  assert.equal(wasi.start(instance), 0);
});

test('start twice throws ERR_WASI_ALREADY_STARTED', () => {
  const wasi = new WASI({ version: 'preview1' });
  const instance = instantiate(wasi, exitModule(0));
  wasi.start(instance);
  assert.throws(() => wasi.start(instance), {
    code: 'ERR_WASI_ALREADY_STARTED', message: 'WASI instance has already started',
  });
  assert.throws(() => wasi.initialize(instance), { code: 'ERR_WASI_ALREADY_STARTED' });
});

test('start: instance and exports checks', () => {
  assert.throws(() => new WASI({ version: 'preview1' }).start(), {
    code: 'ERR_INVALID_ARG_TYPE',
    message: 'The "instance" argument must be of type object. Received undefined',
  });
  for (const exports of [undefined, null, 'foo', 42, true]) {
    assert.throws(() => new WASI({ version: 'preview1' }).start({ exports }),
                  { code: 'ERR_INVALID_ARG_TYPE', message: /\binstance\.exports\b/ });
  }
});

test('start: missing memory throws, and the object counts as started', () => {
  const wasi = new WASI({ version: 'preview1' });
  const instance = instantiate(wasi, { imports: [PROC_EXIT],
                                       funcs: [{ export: '_start', body: [] }] });
  assert.throws(() => wasi.start(instance), {
    code: 'ERR_INVALID_ARG_TYPE',
    message: '"instance.exports.memory" property must be a WebAssembly.Memory object',
  });
  assert.throws(() => wasi.start(instance), { code: 'ERR_WASI_ALREADY_STARTED' });
  assert.throws(() => new WASI({ version: 'preview1' }).start({ exports: { memory: {} } }),
                { code: 'ERR_INVALID_ARG_TYPE', message: /WebAssembly\.Memory/ });
});

test('start: a reactor (no _start, or with _initialize) is refused', () => {
  const noStart = new WASI({ version: 'preview1' });
  assert.throws(() => noStart.start({ exports: { memory: new WebAssembly.Memory({ initial: 1 }) } }), {
    code: 'ERR_INVALID_ARG_TYPE',
    message: 'The "instance.exports._start" property must be of type function. Received undefined',
  });
  const both = new WASI({ version: 'preview1' });
  assert.throws(() => both.start({ exports: { memory: new WebAssembly.Memory({ initial: 1 }),
                                              _start() {}, _initialize() {} } }), {
    code: 'ERR_INVALID_ARG_TYPE',
    message: 'The "instance.exports._initialize" property must be undefined. Received function _initialize',
  });
});

test('initialize: reactor rules', () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  assert.throws(() => new WASI({ version: 'preview1' }).initialize(),
                { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => new WASI({ version: 'preview1' }).initialize({ exports: null }),
                { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => new WASI({ version: 'preview1' }).initialize(
    { exports: { memory, _start() {}, _initialize() {} } }), {
    code: 'ERR_INVALID_ARG_TYPE',
    message: 'The "instance.exports._start" property must be undefined. Received function _start',
  });
  assert.throws(() => new WASI({ version: 'preview1' }).initialize(
    { exports: { memory, _initialize: 5 } }), {
    code: 'ERR_INVALID_ARG_TYPE',
    message: 'The "instance.exports._initialize" property must be of type function. Received type number (5)',
  });
  assert.throws(() => new WASI({ version: 'preview1' }).initialize(
    { exports: { _initialize() {} } }), { code: 'ERR_INVALID_ARG_TYPE' });
  // _initialize runs once; no _initialize is fine; a duck-typed memory is accepted.
  let calls = 0;
  const wasi = new WASI({ version: 'preview1' });
  wasi.initialize({ exports: { memory, _initialize() { calls++; } } });
  assert.equal(calls, 1);
  assert.throws(() => wasi.initialize({ exports: { memory } }), { code: 'ERR_WASI_ALREADY_STARTED' });
  new WASI({ version: 'preview1' }).initialize({ exports: { memory } });
  new WASI({ version: 'preview1' }).initialize({ exports: { memory: { buffer: new ArrayBuffer(0) } } });
});

test('a WASI call before start/initialize throws ERR_WASI_NOT_STARTED', () => {
  const wasi = new WASI({ version: 'preview1', args: ['foo'] });
  assert.throws(() => wasi.wasiImport.args_sizes_get(0, 4), {
    code: 'ERR_WASI_NOT_STARTED', message: 'wasi.start() has not been called',
  });
  const instance = instantiate(wasi, {
    imports: [imp('args_sizes_get', ['i32', 'i32'])],
    funcs: [{ export: '_start', body: [op.i32(0), op.i32(4), op.call(0), op.drop] }],
    memory: { min: 1, export: 'memory' },
  });
  assert.throws(() => instance.exports._start(), { code: 'ERR_WASI_NOT_STARTED' });
});

test('returnOnExit: false ends the process with the code', () => {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'child-exit'],
                          { encoding: 'utf8', env: process.env });
  assert.equal(child.signal, null);
  assert.equal(child.status, 9);
  assert.equal(child.stdout, '');
});

test('returnOnExit: false in a worker ends that worker only', async () => {
  const { Worker } = await import('node:worker_threads');
  const code = await new Promise((resolve, reject) => {
    const worker = new Worker(`
      const { WASI } = require(${JSON.stringify(pkg)});
      const wasi = new WASI({ version: 'preview1', returnOnExit: false });
      wasi.initialize({ exports: { memory: new WebAssembly.Memory({ initial: 1 }) } });
      wasi.wasiImport.proc_exit(4);
      throw new Error('not reached');
    `, { eval: true });
    worker.on('error', reject);
    worker.on('exit', resolve);
  });
  assert.equal(code, 4);
});

test('memory.grow: calls see the new ArrayBuffer', () => {
  const dir = tmpdir();
  const out = path.join(dir, 'out.txt');
  const fd = fs.openSync(out, 'w');
  const wasi = new WASI({ version: 'preview1', stdout: fd });
  // grow 1 -> 2 pages, put "hi\n" and its iovec in the new page, fd_write, exit(errno).
  const base = 65536;
  const instance = instantiate(wasi, {
    imports: [FD_WRITE, PROC_EXIT],
    funcs: [{ export: '_start', body: [
      op.i32(1), op.grow, op.drop,
      op.i32(base + 16), op.i32(0x0a6968), op.store32,
      op.i32(base), op.i32(base + 16), op.store32,
      op.i32(base + 4), op.i32(3), op.store32,
      op.i32(1), op.i32(base), op.i32(1), op.i32(base + 8), op.call(0), op.call(1),
    ] }],
    memory: { min: 1, export: 'memory' },
  });
  assert.equal(wasi.start(instance), ERRNO.success);
  fs.closeSync(fd);
  assert.equal(fs.readFileSync(out, 'utf8'), 'hi\n');
});

test('bad guest pointers are errno fault, never a crash', () => {
  const wasi = new WASI({ version: 'preview1' });
  const memory = reactorWithMemory(wasi);
  const w = wasi.wasiImport;
  const end = memory.buffer.byteLength;
  assert.equal(w.fd_write(1, end - 4, 1, 0), ERRNO.fault);          // iovec straddles the end
  assert.equal(w.fd_write(1, 0xfffffff8, 1, 0), ERRNO.fault);       // near 4 GiB
  assert.equal(w.fd_write(1, -8, 1, 0), ERRNO.fault);               // i32 -8 from wasm
  assert.equal(w.args_sizes_get(end, 0), ERRNO.fault);
  assert.equal(w.random_get(end - 8, 16), ERRNO.fault);
  assert.equal(w.clock_time_get(0, 1n, end - 4), ERRNO.fault);
  assert.equal(w.path_open(3, 0, 0, 1, 0, 0n, 0n, 0, 0), ERRNO.badf);
  // Missing or mistyped arguments: inval, as node's binding.
  assert.equal(w.fd_write(1, 0), ERRNO.inval);
  assert.equal(w.fd_write('x', 0, 0, 0), ERRNO.inval);
});

test('stdin/stdout/stderr options map guest fds 0-2', () => {
  const dir = tmpdir();
  fs.writeFileSync(path.join(dir, 'in.txt'), 'ping');
  const fds = ['in.txt', 'out.txt', 'err.txt'].map((f, i) => fs.openSync(path.join(dir, f), i ? 'w' : 'r'));
  const wasi = new WASI({ version: 'preview1', stdin: fds[0], stdout: fds[1], stderr: fds[2] });
  const memory = reactorWithMemory(wasi);
  const dv = new DataView(memory.buffer);
  dv.setUint32(0, 64, true);   // iovec: buf 64, len 16
  dv.setUint32(4, 16, true);
  assert.equal(wasi.wasiImport.fd_read(0, 0, 1, 8), ERRNO.success);
  assert.equal(dv.getUint32(8, true), 4);
  dv.setUint32(4, 4, true);
  assert.equal(wasi.wasiImport.fd_write(1, 0, 1, 8), ERRNO.success);
  assert.equal(wasi.wasiImport.fd_write(2, 0, 1, 8), ERRNO.success);
  fds.forEach((fd) => fs.closeSync(fd));
  assert.equal(fs.readFileSync(path.join(dir, 'out.txt'), 'utf8'), 'ping');
  assert.equal(fs.readFileSync(path.join(dir, 'err.txt'), 'utf8'), 'ping');
});

// path_open(dirfd, lookupflags, path, path_len, oflags, rights_base,
// rights_inheriting, fdflags, fd_out) with the path at 100 and fd_out at 200.
function pathOpen(wasi, memory, dirfd, name, oflags, rights) {
  new Uint8Array(memory.buffer).set(Buffer.from(name), 100);
  return wasi.wasiImport.path_open(dirfd, 0, 100, name.length, oflags, rights, rights, 0, 200);
}

test('preopens: fds from 3 in order; read-only preopens refuse writes', () => {
  const dir = tmpdir();
  fs.mkdirSync(path.join(dir, 'rw'));
  fs.mkdirSync(path.join(dir, 'ro'));
  fs.writeFileSync(path.join(dir, 'ro', 'f.txt'), 'data');
  const wasi = new WASI({ version: 'preview1', preopens: {
    '/rw': path.join(dir, 'rw'),
    '/ro': { path: path.join(dir, 'ro'), readonly: true },
  } });
  const memory = reactorWithMemory(wasi);
  const dv = new DataView(memory.buffer);
  assert.equal(wasi.wasiImport.fd_prestat_get(3, 0), ERRNO.success);
  assert.equal(dv.getUint32(4, true), 3);
  assert.equal(wasi.wasiImport.fd_prestat_dir_name(4, 16, 3), ERRNO.success);
  assert.equal(Buffer.from(memory.buffer, 16, 3).toString(), '/ro');
  const CREAT = 1;
  const WRITE = 1n << 6n;
  const READ = 1n << 1n;
  assert.equal(pathOpen(wasi, memory, 3, 'new.txt', CREAT, WRITE), ERRNO.success);
  assert.ok(fs.existsSync(path.join(dir, 'rw', 'new.txt')));
  assert.equal(pathOpen(wasi, memory, 4, 'new.txt', CREAT, WRITE), ERRNO.notcapable);
  assert.equal(pathOpen(wasi, memory, 4, 'f.txt', 0, WRITE), ERRNO.notcapable);
  assert.equal(pathOpen(wasi, memory, 4, 'f.txt', 0, READ), ERRNO.success);
  assert.equal(pathOpen(wasi, memory, 3, '../ro/f.txt', 0, READ), ERRNO.notcapable);
  assert.ok(!fs.existsSync(path.join(dir, 'ro', 'new.txt')));
});

test('trace: one line per WASI call to the given fd', () => {
  const dir = tmpdir();
  const log = path.join(dir, 'trace.txt');
  const fd = fs.openSync(log, 'w');
  const wasi = new WASI({ version: 'preview1', trace: fd });
  assert.equal(wasi.start(instantiate(wasi, exitModule(5))), 5);
  fs.closeSync(fd);
  assert.equal(fs.readFileSync(log, 'utf8'), '[wasi] proc_exit(5) -> exit(5)\n');
});

test('unstable: the wasi_unstable module name and layouts', () => {
  const wasi = new WASI({ version: 'unstable' });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(buildModule({
    imports: [{ module: 'wasi_unstable', name: 'proc_exit', params: ['i32'], results: [] }],
    funcs: [{ export: '_start', body: [op.i32(3), op.call(0), op.unreachable] }],
    memory: { min: 1, export: 'memory' },
  })), wasi.getImportObject());
  assert.equal(wasi.start(instance), 3);
});

test('a trap in the guest propagates out of start()', () => {
  const wasi = new WASI({ version: 'preview1' });
  const instance = instantiate(wasi, {
    funcs: [{ export: '_start', body: [op.unreachable] }], memory: { min: 1, export: 'memory' },
  });
  assert.throws(() => wasi.start(instance), WebAssembly.RuntimeError);
});

test('an exception thrown by a patched import propagates (node test-return-on-exit)', () => {
  const wasi = new WASI({ version: 'preview1', returnOnExit: true });
  wasi.wasiImport.proc_exit = () => { throw new Error('test error'); };
  assert.throws(() => wasi.start(instantiate(wasi, exitModule(1))), /^Error: test error$/);
});

test('imports outlive their WASI object (garbage collection)', { skip: !global.gc }, async () => {
  let wasi = new WASI({ version: 'preview1', args: ['a', 'bb'] });
  const memory = reactorWithMemory(wasi);
  const argsSizes = wasi.wasiImport.args_sizes_get;
  wasi = null;
  for (let i = 0; i < 3; i++) {
    global.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal(argsSizes(0, 4), ERRNO.success);
  assert.equal(new DataView(memory.buffer).getUint32(0, true), 2);
  // Many short-lived objects: their C state is freed (no fd leak).
  const before = fs.readdirSync('/proc/self/fd').length;
  const dir = tmpdir();
  for (let i = 0; i < 200; i++) new WASI({ version: 'preview1', preopens: { '/d': dir } });
  for (let i = 0; i < 3; i++) {
    global.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.ok(fs.readdirSync('/proc/self/fd').length < before + 100, 'fds of dead WASI objects were closed');
});
