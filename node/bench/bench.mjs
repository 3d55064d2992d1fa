// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
// bench.mjs — the cost of one WASI call through wasmcell-wasi against
// node:wasi, same guest, same V8:
//   node bench.mjs WASI_CALLS.wasm [PACKAGE_DIR]
// (WASI_CALLS.wasm: clang-19 --target=wasm32-wasi -O2 wasi_calls.c). For each
// workload and implementation: the median of 7 interleaved runs of start()
// (a fresh instance each), as nanoseconds per WASI call. stdout goes to /dev/null;
// /sandbox is a temporary directory holding f.txt.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const [wasmFile, pkgArg = path.join(here, '..')] = process.argv.slice(2);
const pkg = path.resolve(pkgArg);
if (!wasmFile) {
  process.stderr.write('usage: node bench.mjs WASI_CALLS.wasm [PACKAGE_DIR]\n');
  process.exit(2);
}
process.removeAllListeners('warning');
const impls = { 'node:wasi': require('node:wasi').WASI, 'wasmcell-wasi': require(pkg).WASI };
const module = new WebAssembly.Module(fs.readFileSync(wasmFile));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasmcell-bench-'));
fs.writeFileSync(path.join(dir, 'f.txt'), 'x');
const devnull = fs.openSync('/dev/null', 'w');

const workloads = [
  { name: 'fd_write (1 byte)', mode: 'write', n: 200000, callsPerIter: 1 },
  { name: 'path_open + fd_close', mode: 'open', n: 50000, callsPerIter: 2 },
  { name: 'clock_time_get', mode: 'clock', n: 500000, callsPerIter: 1 },
];

function runOnce(WASI, w) {
  const wasi = new WASI({ version: 'preview1', args: ['wasi_calls', w.mode, String(w.n)],
                          preopens: { '/sandbox': dir }, stdout: devnull, returnOnExit: true });
  const instance = new WebAssembly.Instance(module, wasi.getImportObject());
  const t0 = process.hrtime.bigint();
  const code = wasi.start(instance);
  const ns = Number(process.hrtime.bigint() - t0);
  if (code !== 0) throw new Error(`${w.mode}: exit code ${code}`);
  return ns / (w.n * w.callsPerIter);
}

const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
console.log(`node ${process.version}, ${os.cpus()[0].model}`);
console.log('workload               | node:wasi ns/call | wasmcell-wasi ns/call | ratio');
for (const w of workloads) {
  // Warm-up (tier-up of the guest, inline caches), then 7 runs per
  // implementation, interleaved so that machine noise hits both alike.
  const times = {};
  for (const [name, WASI] of Object.entries(impls)) {
    runOnce(WASI, w);
    times[name] = [];
  }
  for (let r = 0; r < 7; r++)
    for (const [name, WASI] of Object.entries(impls)) times[name].push(runOnce(WASI, w));
  const res = {};
  for (const name of Object.keys(impls)) res[name] = median(times[name]);
  const a = res['node:wasi'];
  const b = res['wasmcell-wasi'];
  console.log(`${w.name.padEnd(22)} | ${a.toFixed(0).padStart(17)} | ${b.toFixed(0).padStart(21)} | ${(b / a).toFixed(2)}`);
}
fs.rmSync(dir, { recursive: true, force: true });
