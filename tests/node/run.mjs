// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
// run.mjs — `wasmcell run` for the wasmcell-wasi drop-in: runs a WASI command
// in V8 with wasmcell-wasi's WASI class and the command line of `wasmcell
// run`, so tests/wasi (run_case.sh) and tests/sandbox run through Node.js:
//   node tests/node/run.mjs run [--dir HOST[::GUEST][:readonly]] [--env N=V|N]
//        [--wasi-version preview1|unstable] [--trace] FILE.wasm ARGS...
// The package: $WASMCELL_WASI_PACKAGE (the staged <build>/node/package), else
// node/ in this tree (its addon from $WASMCELL_WASI_ADDON). WASI_IMPL=node
// runs node:wasi instead, for comparison. Exit status: the guest's exit code;
// 134 with "error: ..." on stderr for a trap (as `wasmcell run`), 125 for a
// usage or load error.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

function usage(msg) {
  process.stderr.write(`error: ${msg}\nusage: run.mjs run [--dir HOST[::GUEST][:readonly]] ` +
                       '[--env N=V] [--wasi-version V] [--trace] FILE.wasm ARGS...\n');
  process.exit(125);
}

function loadWASI() {
  if (process.env.WASI_IMPL === 'node') {
    process.removeAllListeners('warning');
    return require('node:wasi').WASI;
  }
  const pkg = path.resolve(process.env.WASMCELL_WASI_PACKAGE || path.join(here, '..', '..', 'node'));
  return require(pkg).WASI;
}

const argv = process.argv.slice(2);
if (argv[0] === 'run') argv.shift();
const env = {};
const preopens = {};
let version = 'preview1';
let trace = false;
let i = 0;
for (; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--') { i++; break; }
  if (!a.startsWith('--')) break;
  if (a === '--trace') { trace = true; continue; }
  if (i + 1 >= argv.length) usage(`${a} needs a value`);
  const v = argv[++i];
  if (a === '--wasi-version') {
    version = v;
  } else if (a === '--env') {
    const eq = v.indexOf('=');
    if (eq < 0) {
      if (process.env[v] !== undefined) env[v] = process.env[v];
    } else {
      env[v.slice(0, eq)] = v.slice(eq + 1);
    }
  } else if (a === '--dir') {
    let spec = v;
    const readonly = spec.endsWith(':readonly');
    if (readonly) spec = spec.slice(0, -':readonly'.length);
    const sep = spec.indexOf('::');
    const host = sep < 0 ? spec : spec.slice(0, sep);
    const guest = sep < 0 ? spec : spec.slice(sep + 2);
    if (!host || !guest) usage(`--dir '${v}': expected HOST[::GUEST][:readonly]`);
    preopens[guest] = readonly ? { path: host, readonly: true } : host;
  } else {
    usage(`unknown option ${a}`);
  }
}
if (i >= argv.length) usage('no FILE.wasm');
const file = argv[i];
const args = argv.slice(i);

let wasi, instance;
try {
  const WASI = loadWASI();
  if (process.env.WASI_IMPL === 'node') {
    for (const k of Object.keys(preopens))
      if (typeof preopens[k] === 'object') preopens[k] = preopens[k].path;
  }
  wasi = new WASI({ version, args, env, preopens, returnOnExit: true,
                    ...(trace ? { trace: true } : {}) });
  const module = await WebAssembly.compile(fs.readFileSync(file));
  instance = await WebAssembly.instantiate(module, wasi.getImportObject());
} catch (e) {
  process.stderr.write(`error: ${e && e.message ? e.message : e}\n`);
  process.exit(125);
}
try {
  process.exitCode = wasi.start(instance);
} catch (e) {
  process.stderr.write(`error: ${e && e.message ? e.message : e}\n`);
  process.exitCode = 134;
}
