// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
// node-run.mjs — run a WASI command module under node:wasi (V8):
//   node --no-warnings bench/node-run.mjs FILE.wasm [ARGS...]
// Exit status: the guest's exit code; 1 with "error: ..." on stderr for a trap
// or a load failure. No preopened directories, no environment (the benchmarks
// need neither).
import { WASI } from 'node:wasi';
import { readFileSync } from 'node:fs';
import process from 'node:process';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/node-run.mjs FILE.wasm [ARGS...]\n');
  process.exit(2);
}
try {
  const wasi = new WASI({ version: 'preview1', args: [file, ...rest], env: {}, returnOnExit: true });
  const module = await WebAssembly.compile(readFileSync(file));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  process.exitCode = wasi.start(instance);
} catch (e) {
  process.stderr.write(`error: ${e && e.message ? e.message : e}\n`);
  process.exitCode = 1;
}
