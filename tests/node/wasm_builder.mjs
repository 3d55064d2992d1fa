// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
// wasm_builder.mjs — a tiny WebAssembly binary writer for the drop-in's API
// tests: imported functions, defined functions with raw body bytes, one
// memory, exports. Enough to build commands and reactors without a toolchain.

function uleb(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}

export function sleb(n) {
  const out = [];
  let v = BigInt(n);
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && !(byte & 0x40)) || (v === -1n && (byte & 0x40))) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const VALTYPE = { i32: 0x7f, i64: 0x7e };

function str(s) {
  const bytes = [...Buffer.from(s, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

function vec(items) {
  return [...uleb(items.length), ...items.flat()];
}

function section(id, payload) {
  return payload.length || id === 10 ? [id, ...uleb(payload.length), ...payload] : [];
}

function functype(params, results) {
  return [0x60, ...vec(params.map((t) => [VALTYPE[t]])), ...vec(results.map((t) => [VALTYPE[t]]))];
}

// Instructions used by the tests.
export const op = {
  i32: (n) => [0x41, ...sleb(n)],
  i64: (n) => [0x42, ...sleb(n)],
  call: (f) => [0x10, ...uleb(f)],
  drop: [0x1a],
  unreachable: [0x00],
  grow: [0x40, 0x00],
  store32: [0x36, 0x02, 0x00],
  load32: [0x28, 0x02, 0x00],
  end: [0x0b],
};

// spec: { imports: [{ module, name, params, results }],
//         funcs: [{ params, results, body: [bytes...], export }],
//         memory: { min, max, export } }
// Function indices: imports first, then funcs in order.
export function buildModule(spec) {
  const imports = spec.imports || [];
  const funcs = spec.funcs || [];
  const types = [...imports, ...funcs].map((f) => functype(f.params || [], f.results || []));
  const importEntries = imports.map((imp, i) => [...str(imp.module), ...str(imp.name), 0x00, ...uleb(i)]);
  const funcEntries = funcs.map((_, i) => uleb(imports.length + i));
  const exports = [];
  funcs.forEach((f, i) => {
    if (f.export) exports.push([...str(f.export), 0x00, ...uleb(imports.length + i)]);
  });
  let memory = [];
  if (spec.memory) {
    const m = spec.memory;
    memory = vec([m.max === undefined ? [0x00, ...uleb(m.min)] : [0x01, ...uleb(m.min), ...uleb(m.max)]]);
    if (m.export) exports.push([...str(m.export), 0x02, 0x00]);
  }
  const code = funcs.map((f) => {
    const body = [0x00, ...f.body.flat(), 0x0b]; // no locals; body, end
    return [...uleb(body.length), ...body];
  });
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec(importEntries)),
    ...section(3, vec(funcEntries)),
    ...section(5, memory),
    ...section(7, vec(exports)),
    ...(funcs.length ? section(10, vec(code)) : []),
  ];
  return new Uint8Array(bytes);
}
