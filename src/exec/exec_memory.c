/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* exec_memory.c — MEM_ACCESS: a wasm load or store (scalar or SIMD) on any
 * memory, for what the fast handlers do not cover: memory indices other
 * than 0 (multi-memory) and 64-bit memories (memory64). Always
 * bounds-checked: a 64-bit address plus a 64-bit offset is beyond any
 * guard region, and such accesses are rare enough to pay a call. */
#include <string.h>
#include "../binary/instr.h"
#include "../compile/icode.h"
#include "exec_internal.h"

/* Bytes the access touches. */
static uint32_t access_width(bin_op_t op)
{
    switch (op) {
    case OP_I32_LOAD8_S: case OP_I32_LOAD8_U: case OP_I64_LOAD8_S: case OP_I64_LOAD8_U:
    case OP_I32_STORE8: case OP_I64_STORE8: case OP_V128_LOAD8_SPLAT: case OP_V128_LOAD8_LANE:
    case OP_V128_STORE8_LANE:
        return 1;
    case OP_I32_LOAD16_S: case OP_I32_LOAD16_U: case OP_I64_LOAD16_S: case OP_I64_LOAD16_U:
    case OP_I32_STORE16: case OP_I64_STORE16: case OP_V128_LOAD16_SPLAT: case OP_V128_LOAD16_LANE:
    case OP_V128_STORE16_LANE:
        return 2;
    case OP_I32_LOAD: case OP_F32_LOAD: case OP_I64_LOAD32_S: case OP_I64_LOAD32_U:
    case OP_I32_STORE: case OP_F32_STORE: case OP_I64_STORE32: case OP_V128_LOAD32_SPLAT:
    case OP_V128_LOAD32_ZERO: case OP_V128_LOAD32_LANE: case OP_V128_STORE32_LANE:
        return 4;
    case OP_V128_LOAD: case OP_V128_STORE: return 16;
    default: return 8; /* i64/f64, v128.loadNxM, 64-bit splat/zero/lane */
    }
}

static uint64_t le(const uint8_t *p, uint32_t n)
{
    uint64_t v = 0;
    memcpy(&v, p, n); /* little-endian host (interp.c) */
    return v;
}
static uint64_t sext(uint64_t v, uint32_t bits) { return (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits)); }

/* v128.loadNxM: n lanes of `bytes` bytes each, widened to twice that. */
static void load_extend(uint64_t *d, const uint8_t *p, uint32_t bytes, bool sign)
{
    uint8_t out[16];
    for (uint32_t i = 0; i < 8 / bytes; i++) {
        uint64_t v = le(p + i * bytes, bytes);
        if (sign) v = sext(v, bytes * 8);
        memcpy(out + i * 2 * bytes, &v, 2 * bytes);
    }
    memcpy(d, out, 16);
}

static void load_splat(uint64_t *d, const uint8_t *p, uint32_t bytes)
{
    uint8_t out[16];
    for (uint32_t i = 0; i < 16; i += bytes) memcpy(out + i, p, bytes);
    memcpy(d, out, 16);
}

static void access(bin_op_t op, uint8_t *p, uint64_t *fp, const uint64_t *ip, uint32_t width)
{
    uint64_t *v = &fp[icode_field(ip, 0)];
    uint32_t lane = icode_field(ip, 5);
    switch (op) {
    case OP_I32_LOAD8_S: *v = (uint32_t)sext(le(p, 1), 8); return;
    case OP_I32_LOAD16_S: *v = (uint32_t)sext(le(p, 2), 16); return;
    case OP_I64_LOAD8_S: *v = sext(le(p, 1), 8); return;
    case OP_I64_LOAD16_S: *v = sext(le(p, 2), 16); return;
    case OP_I64_LOAD32_S: *v = sext(le(p, 4), 32); return;
    case OP_I32_LOAD: case OP_F32_LOAD: case OP_I32_LOAD8_U: case OP_I32_LOAD16_U:
    case OP_I64_LOAD: case OP_F64_LOAD: case OP_I64_LOAD8_U: case OP_I64_LOAD16_U:
    case OP_I64_LOAD32_U:
        *v = le(p, width);
        return;
    case OP_I32_STORE: case OP_F32_STORE: case OP_I64_STORE32: case OP_I32_STORE8:
    case OP_I64_STORE8: case OP_I32_STORE16: case OP_I64_STORE16: case OP_I64_STORE: case OP_F64_STORE:
        memcpy(p, v, width);
        return;
    case OP_V128_LOAD: memcpy(v, p, 16); return;
    case OP_V128_STORE: memcpy(p, v, 16); return;
    case OP_V128_LOAD8X8_S: load_extend(v, p, 1, true); return;
    case OP_V128_LOAD8X8_U: load_extend(v, p, 1, false); return;
    case OP_V128_LOAD16X4_S: load_extend(v, p, 2, true); return;
    case OP_V128_LOAD16X4_U: load_extend(v, p, 2, false); return;
    case OP_V128_LOAD32X2_S: load_extend(v, p, 4, true); return;
    case OP_V128_LOAD32X2_U: load_extend(v, p, 4, false); return;
    case OP_V128_LOAD8_SPLAT: case OP_V128_LOAD16_SPLAT: case OP_V128_LOAD32_SPLAT:
    case OP_V128_LOAD64_SPLAT:
        load_splat(v, p, width);
        return;
    case OP_V128_LOAD32_ZERO: case OP_V128_LOAD64_ZERO:
        v[0] = le(p, width);
        v[1] = 0;
        return;
    case OP_V128_LOAD8_LANE: case OP_V128_LOAD16_LANE: case OP_V128_LOAD32_LANE:
    case OP_V128_LOAD64_LANE: {
        uint8_t vec[16];
        memcpy(vec, &fp[icode_field(ip, 2)], 16);
        memcpy(vec + lane * width, p, width);
        memcpy(v, vec, 16);
        return;
    }
    default: /* v128.storeN_lane */
        memcpy(p, (const uint8_t *)v + lane * width, width);
        return;
    }
}

wasmcell_trap_kind_t exec_mem_access(rt_instance_t *inst, uint64_t *fp, const uint64_t *ip)
{
    bin_op_t op = (bin_op_t)icode_field(ip, 3);
    const wasmcell_memory_t *m = inst->memories[icode_field(ip, 4)];
    uint64_t addr = fp[icode_field(ip, 1)], offset = ip[2];
    if (!m->is64) addr = (uint32_t)addr;
    uint32_t width = access_width(op);
    uint64_t size = m->pages * RT_PAGE_SIZE;
    /* addr + offset + width <= size, without overflow */
    if (offset > size || addr > size - offset || width > size - offset - addr)
        return WASMCELL_TRAP_MEMORY_OOB;
    access(op, m->base + addr + offset, fp, ip, width);
    return WASMCELL_TRAP_NONE;
}
