// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
// node-wasi-run.mjs — runs a WASI command under Node's node:wasi with the same
// command line as `wasmcell run`, so our tests and the wasi-testsuite can be
// run against node for comparison:
//   node scripts/node-wasi-run.mjs run [--env N=V] [--dir HOST[::GUEST][:readonly]]
//        [--wasi-version preview1|unstable] FILE.wasm ARGS...
// Exit status: the guest's exit code; 1 with "error: ..." on stderr for a trap.
// node:wasi has no sandbox and no read-only preopens (":readonly" is ignored).
import { WASI } from 'node:wasi';
import fs from 'node:fs';
import process from 'node:process';

process.removeAllListeners('warning');
process.on('warning', () => {});

function usage() {
  process.stderr.write('usage: node-wasi-run.mjs run [--env N=V] [--dir HOST[::GUEST]] FILE.wasm ARGS...\n');
  process.exit(2);
}

const argv = process.argv.slice(2);
if (argv[0] === '--version' || argv[0] === '-V') {
  process.stdout.write(`node-wasi-run ${process.version}\n`);
  process.exit(0);
}
if (argv[0] === 'run') argv.shift();
const env = {};
let version = 'preview1';
const preopens = {};
let i = 0;
for (; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--') { i++; break; }
  if (a === '--wasi-version') {
    if (i + 1 >= argv.length) usage();
    version = argv[++i];
  } else if (a === '--env' || a === '--dir') {
    if (i + 1 >= argv.length) usage();
    const v = argv[++i];
    if (a === '--env') {
      const eq = v.indexOf('=');
      if (eq < 0) usage();
      env[v.slice(0, eq)] = v.slice(eq + 1);
    } else {
      let spec = v.endsWith(':readonly') ? v.slice(0, -':readonly'.length) : v;
      const sep = spec.indexOf('::');
      const host = sep < 0 ? spec : spec.slice(0, sep);
      const guest = sep < 0 ? spec : spec.slice(sep + 2);
      preopens[guest] = host;
    }
  } else if (a.startsWith('--')) {
    usage();
  } else {
    break;
  }
}
if (i >= argv.length) usage();
const file = argv[i];
const args = argv.slice(i);

try {
  const wasi = new WASI({ version, args, env, preopens, returnOnExit: true });
  const module = await WebAssembly.compile(fs.readFileSync(file));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  process.exitCode = wasi.start(instance);
} catch (e) {
  process.stderr.write(`error: ${e && e.message ? e.message : e}\n`);
  process.exitCode = 1;
}
