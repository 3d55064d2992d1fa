// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
// nodewasi_test.mjs — the behaviours node's own test/wasi checks, through
// the wasmcell-wasi drop-in: each program of tests/node/programs (our own
// equivalents of node's C programs) runs in a child process set up as
// node's test-wasi.js sets it up (args foo -bar --baz=value, the
// environment, /sandbox and /tmp preopens, stdin), and must give node's
// exit status and stdout. Where wasmcell deliberately differs, the program
// says so (readdir, sock, symlinks) and docs/node.md lists it.
//   node nodewasi_test.mjs WASM_DIR   (package: $WASMCELL_WASI_PACKAGE;
//   WASI_IMPL=node runs node:wasi instead, to see where it differs)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import test from 'node:test';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const self = fileURLToPath(import.meta.url);

if (process.argv[2] === 'child') {
  const [wasmFile, sandbox, tmp] = process.argv.slice(3);
  let WASI;
  if (process.env.WASI_IMPL === 'node') {
    process.removeAllListeners('warning');
    ({ WASI } = require('node:wasi'));
  } else {
    ({ WASI } = require(path.resolve(process.env.WASMCELL_WASI_PACKAGE ||
                                     path.join(here, '..', '..', 'node'))));
  }
  const wasi = new WASI({
    version: 'preview1',
    args: ['foo', '-bar', '--baz=value'],
    env: { ...process.env, NODE_PLATFORM: process.platform },
    preopens: { '/sandbox': sandbox, '/tmp': tmp },
  });
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmFile),
                                                     wasi.getImportObject());
  process.exitCode = wasi.start(instance);
} else {
  const wasmDir = process.argv[2] || process.env.NODE_WASI_PROGRAMS;
  assert.ok(wasmDir, 'usage: nodewasi_test.mjs WASM_DIR');

  // node's fixtures: /sandbox holds input.txt, input2.txt, notadir and
  // subdir; outside.txt lies next to it. The symlink cases get node's
  // test-wasi-symlinks.js tree instead.
  const fixtures = (links) => {
    const top = fs.mkdtempSync(path.join(os.tmpdir(), 'wasmcell-nodewasi-'));
    const sandbox = path.join(top, 'sandbox');
    const tmp = path.join(top, 'tmp');
    fs.mkdirSync(path.join(sandbox, 'subdir'), { recursive: true });
    fs.mkdirSync(tmp);
    fs.writeFileSync(path.join(top, 'outside.txt'), 'this should be inaccessible');
    fs.writeFileSync(path.join(sandbox, 'input.txt'), 'hello from input.txt\n');
    fs.writeFileSync(path.join(sandbox, 'input2.txt'), 'hello from input2.txt\n');
    if (!links) {
      fs.writeFileSync(path.join(sandbox, 'notadir'), '');
    } else {
      const sub = (...p) => path.join(sandbox, ...p);
      fs.writeFileSync(sub('subdir', 'input-in-subdir.txt'), 'hello from input in subdir\n');
      fs.symlinkSync('../../outside.txt', sub('subdir', 'outside.txt'));
      fs.mkdirSync(sub('subdir1'));
      fs.mkdirSync(sub('subdir2'));
      fs.symlinkSync('../subdir2/loop2', sub('subdir1', 'loop1'));
      fs.symlinkSync('../subdir1/loop1', sub('subdir2', 'loop2'));
      fs.symlinkSync('../input.txt', sub('subdir2', 'input_link.txt'));
    }
    return { top, sandbox, tmp };
  };

  const cases = [
    { program: 'dotdot' },
    { program: 'clock_res' },
    { program: 'exit120', status: 120 },
    { program: 'grow_isatty' },
    { program: 'freopen', stdout: 'hello from input2.txt\n' },
    { program: 'ftruncate',
      check: (d) => assert.equal(fs.statSync(path.join(d.tmp, 'testdir', 'output.txt')).size, 300) },
    { program: 'entropy' },
    { program: 'times' },
    { program: 'args' },
    { program: 'notdir' },
    { program: 'poll' },
    { program: 'readdir' },
    { program: 'read_file', stdout: 'hello from input.txt\nhello from input.txt\n' },
    { program: 'stat', check: (d) => assert.ok(!fs.existsSync(path.join(d.tmp, 'testdir'))) },
    { program: 'sock' },
    { program: 'write_file',
      check: (d) => assert.equal(fs.readFileSync(path.join(d.tmp, 'output.txt'), 'utf8'), 'hello, file!') },
    { program: 'link',
      check: (d) => assert.equal(fs.statSync(path.join(d.tmp, 'output.txt')).ino,
                                 fs.statSync(path.join(d.sandbox, 'input.txt')).ino) },
    { program: 'stdin', stdin: 'hello world', stdout: 'hello world' },
    { program: 'symlinks', links: true,
      stdout: 'hello from input.txt\nhello from input in subdir\n' },
  ];

  for (const c of cases) {
    test(c.program, () => {
      const wasm = path.join(wasmDir, `${c.program}.wasm`);
      assert.ok(fs.existsSync(wasm), `${wasm} was not built`);
      const d = fixtures(c.links);
      try {
        const child = spawnSync(process.execPath, [self, 'child', wasm, d.sandbox, d.tmp],
                                { input: c.stdin ?? '', encoding: 'utf8', timeout: 60000 });
        const detail = `stdout: ${child.stdout}\nstderr: ${child.stderr}`;
        assert.equal(child.signal, null, detail);
        assert.equal(child.status, c.status || 0, detail);
        assert.equal(child.stdout, c.stdout || '', detail);
        if (c.check) c.check(d);
      } finally {
        fs.rmSync(d.top, { recursive: true, force: true });
      }
    });
  }
}
