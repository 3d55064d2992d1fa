/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* llvm_simd.c — the SIMD (0xFD) instructions -> LLVM vector IR. Between
 * instructions (locals, phis, calls, globals, slots) a v128 is <2 x i64>;
 * each operation bitcasts to its lane shape and back. Lane semantics follow
 * the interpreter's (src/exec/simd_ops.inc, interp_simd.inc) exactly; the
 * lowering of the rest of a function body is llvm_lower.c's. */
#include <stdio.h>
#include <string.h>
#include "llvm_lower.h"

typedef enum shape { SH_I8, SH_I16, SH_I32, SH_I64, SH_F32, SH_F64 } shape_t;

typedef struct simd {
    lower_module_t *M;
    LLVMBuilderRef b;
    LLVMValueRef mem;
} simd_t;

/* ---- shapes ---------------------------------------------------------------- */

/* The lane shape an instruction works on, from its mnemonic ("i16x8.add"). */
static shape_t shape_of(bin_op_t op)
{
    const char *n = bin_opinfo[op].name;
    if (n[0] == 'f') return n[1] == '3' ? SH_F32 : SH_F64;
    if (n[0] == 'i') return n[1] == '8' ? SH_I8 : n[1] == '1' ? SH_I16 : n[1] == '3' ? SH_I32 : SH_I64;
    return SH_I64; /* v128.* */
}

static unsigned lanes(shape_t s)
{
    static const unsigned n[] = {16, 8, 4, 2, 4, 2};
    return n[s];
}

static LLVMTypeRef elem(simd_t *S, shape_t s)
{
    lower_module_t *M = S->M;
    LLVMTypeRef t[] = {M->i8, M->i16, M->i32, M->i64, M->f32, M->f64};
    return t[s];
}

static LLVMTypeRef vty(simd_t *S, shape_t s) { return LLVMVectorType(elem(S, s), lanes(s)); }

/* The integer shape of the same lane width (comparison masks of floats). */
static shape_t int_shape(shape_t s) { return s == SH_F32 ? SH_I32 : s == SH_F64 ? SH_I64 : s; }

static LLVMValueRef as(simd_t *S, LLVMValueRef v, shape_t s)
{
    return LLVMBuildBitCast(S->b, v, vty(S, s), "");
}

static LLVMValueRef out(simd_t *S, LLVMValueRef v) { return LLVMBuildBitCast(S->b, v, S->M->v128, ""); }

static LLVMValueRef ci(LLVMTypeRef t, uint64_t v) { return LLVMConstInt(t, v, 0); }

/* A constant vector of n lanes of type t, all v. */
static LLVMValueRef csplat(LLVMTypeRef t, unsigned n, uint64_t v)
{
    LLVMValueRef e[16];
    for (unsigned i = 0; i < n; i++) e[i] = ci(t, v);
    return LLVMConstVector(e, n);
}

/* A shufflevector mask: n lane numbers from first, step apart. */
static LLVMValueRef mask(simd_t *S, unsigned n, unsigned first, unsigned step)
{
    LLVMValueRef e[32];
    for (unsigned i = 0; i < n; i++) e[i] = ci(S->M->i32, first + i * step);
    return LLVMConstVector(e, n);
}

static LLVMValueRef splat(simd_t *S, LLVMValueRef x, unsigned n)
{
    LLVMTypeRef vt = LLVMVectorType(LLVMTypeOf(x), n);
    LLVMValueRef v = LLVMBuildInsertElement(S->b, LLVMGetPoison(vt), x, ci(S->M->i32, 0), "");
    return LLVMBuildShuffleVector(S->b, v, LLVMGetPoison(vt), mask(S, n, 0, 0), "");
}

static LLVMValueRef intrinsic(simd_t *S, const char *name, LLVMTypeRef *tys, unsigned ntys,
                              LLVMValueRef *args, unsigned nargs)
{
    unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
    LLVMValueRef f = LLVMGetIntrinsicDeclaration(S->M->mod, id, tys, ntys);
    LLVMTypeRef fty = LLVMIntrinsicGetType(S->M->llctx, id, tys, ntys);
    return LLVMBuildCall2(S->b, fty, f, args, nargs, "");
}

static LLVMValueRef intr1(simd_t *S, const char *name, LLVMValueRef a)
{
    LLVMTypeRef t = LLVMTypeOf(a);
    return intrinsic(S, name, &t, 1, &a, 1);
}

static LLVMValueRef intr2(simd_t *S, const char *name, LLVMValueRef a, LLVMValueRef b)
{
    LLVMTypeRef t = LLVMTypeOf(a);
    LLVMValueRef args[2] = {a, b};
    return intrinsic(S, name, &t, 1, args, 2);
}

/* A float value LLVM may not look through (as llvm_lower.c's opaque):
 * keeps x*1, x-0, demote(promote(x)) from folding to x, which would pass a
 * signalling NaN through unquieted. */
static LLVMValueRef opaque(simd_t *S, LLVMValueRef v)
{
    LLVMTypeRef t = LLVMTypeOf(v);
    LLVMTypeRef fty = LLVMFunctionType(t, &t, 1, 0);
    LLVMValueRef asmv = LLVMGetInlineAsm(fty, "", 0, "=x,0", 4, 0, 0, LLVMInlineAsmDialectATT, 0);
    return LLVMBuildCall2(S->b, fty, asmv, &v, 1, "");
}

/* Half of v's lanes (low or high) sign- or zero-extended to twice the width. */
static LLVMValueRef widen(simd_t *S, LLVMValueRef v, shape_t s, bool high, bool sign)
{
    unsigned n = lanes(s) / 2;
    LLVMValueRef x = as(S, v, s);
    LLVMValueRef h = LLVMBuildShuffleVector(S->b, x, LLVMGetPoison(vty(S, s)), mask(S, n, high ? n : 0, 1), "");
    LLVMTypeRef wt = vty(S, (shape_t)(s + 1));
    return sign ? LLVMBuildSExt(S->b, h, wt, "") : LLVMBuildZExt(S->b, h, wt, "");
}

/* All of v's lanes extended to twice the width (a 256-bit vector). */
static LLVMValueRef widen_all(simd_t *S, LLVMValueRef v, shape_t s, bool sign)
{
    LLVMTypeRef wt = LLVMVectorType(elem(S, (shape_t)(s + 1)), lanes(s));
    LLVMValueRef x = as(S, v, s);
    return sign ? LLVMBuildSExt(S->b, x, wt, "") : LLVMBuildZExt(S->b, x, wt, "");
}

/* Even (odd = 0) or odd (odd = 1) lanes of a vector of n lanes. */
static LLVMValueRef pick(simd_t *S, LLVMValueRef v, unsigned n, unsigned odd)
{
    return LLVMBuildShuffleVector(S->b, v, LLVMGetPoison(LLVMTypeOf(v)), mask(S, n / 2, odd, 2), "");
}

/* ---- memory --------------------------------------------------------------- */

static LLVMValueRef address(simd_t *S, LLVMValueRef addr, uint64_t offset)
{
    LLVMValueRef a = LLVMBuildZExt(S->b, addr, S->M->i64, "");
    if (offset) a = LLVMBuildAdd(S->b, a, ci(S->M->i64, offset), "");
    return LLVMBuildGEP2(S->b, S->M->i8, S->mem, &a, 1, "");
}

/* A linear-memory load: volatile, so that it traps out of bounds before
 * anything after it runs (see llvm_lower.c's do_load). */
static LLVMValueRef mload(simd_t *S, LLVMTypeRef t, LLVMValueRef addr, const bin_instr_t *in)
{
    LLVMValueRef v = LLVMBuildLoad2(S->b, t, address(S, addr, in->imm.memarg.offset), "");
    LLVMSetAlignment(v, 1);
    LLVMSetMetadata(v, S->M->md_tbaa, S->M->tbaa_mem);
    LLVMSetVolatile(v, 1);
    return v;
}

static void mstore(simd_t *S, LLVMValueRef v, LLVMValueRef addr, const bin_instr_t *in)
{
    LLVMValueRef st = LLVMBuildStore(S->b, v, address(S, addr, in->imm.memarg.offset));
    LLVMSetAlignment(st, 1);
    LLVMSetMetadata(st, S->M->md_tbaa, S->M->tbaa_mem);
}

/* ---- operations with several steps ------------------------------------------- */

static LLVMValueRef icmp(simd_t *S, LLVMIntPredicate p, LLVMValueRef a, LLVMValueRef b, shape_t s)
{
    LLVMValueRef c = LLVMBuildICmp(S->b, p, as(S, a, s), as(S, b, s), "");
    return out(S, LLVMBuildSExt(S->b, c, vty(S, s), ""));
}

static LLVMValueRef fcmp(simd_t *S, LLVMRealPredicate p, LLVMValueRef a, LLVMValueRef b, shape_t s)
{
    LLVMValueRef c = LLVMBuildFCmp(S->b, p, as(S, a, s), as(S, b, s), "");
    return out(S, LLVMBuildSExt(S->b, c, vty(S, int_shape(s)), ""));
}

/* min/max with the scalar rules: NaN if either lane is NaN (quieted by
 * x + y), -0 < +0 (equal lanes combine their sign bits). */
static LLVMValueRef fminmax(simd_t *S, LLVMValueRef a, LLVMValueRef b, shape_t s, bool max)
{
    LLVMBuilderRef B = S->b;
    LLVMValueRef x = as(S, a, s), y = as(S, b, s);
    shape_t is = int_shape(s);
    LLVMValueRef xi = as(S, a, is), yi = as(S, b, is);
    LLVMValueRef r = LLVMBuildSelect(B, LLVMBuildFCmp(B, max ? LLVMRealOGT : LLVMRealOLT, x, y, ""), xi, yi, "");
    LLVMValueRef eq = LLVMBuildFCmp(B, LLVMRealOEQ, x, y, "");
    r = LLVMBuildSelect(B, eq, max ? LLVMBuildAnd(B, xi, yi, "") : LLVMBuildOr(B, xi, yi, ""), r, "");
    LLVMValueRef nan = LLVMBuildFCmp(B, LLVMRealUNO, x, y, "");
    LLVMValueRef sum = LLVMBuildBitCast(B, LLVMBuildFAdd(B, x, y, ""), vty(S, is), "");
    return out(S, LLVMBuildSelect(B, nan, sum, r, ""));
}

/* Narrowing with saturation: a's lanes then b's, clamped to [lo, hi]. */
static LLVMValueRef narrow(simd_t *S, LLVMValueRef a, LLVMValueRef b, shape_t s, int64_t lo, int64_t hi)
{
    unsigned n = lanes(s) * 2;
    LLVMValueRef cat = LLVMBuildShuffleVector(S->b, as(S, a, s), as(S, b, s), mask(S, n, 0, 1), "");
    LLVMTypeRef e = elem(S, s);
    cat = intr2(S, "llvm.smax", cat, csplat(e, n, (uint64_t)lo));
    cat = intr2(S, "llvm.smin", cat, csplat(e, n, (uint64_t)hi));
    return out(S, LLVMBuildTrunc(S->b, cat, vty(S, (shape_t)(s - 1)), ""));
}

static LLVMValueRef shift(simd_t *S, LLVMValueRef a, LLVMValueRef n, shape_t s, int kind)
{
    unsigned bits = 8u << s;
    LLVMTypeRef e = elem(S, s);
    LLVMValueRef m = LLVMBuildAnd(S->b, n, ci(S->M->i32, bits - 1), "");
    m = s == SH_I64 ? LLVMBuildZExt(S->b, m, e, "") : s == SH_I32 ? m : LLVMBuildTrunc(S->b, m, e, "");
    LLVMValueRef v = as(S, a, s), c = splat(S, m, lanes(s));
    LLVMValueRef r = kind == 0 ? LLVMBuildShl(S->b, v, c, "")
                     : kind == 1 ? LLVMBuildAShr(S->b, v, c, "")
                                 : LLVMBuildLShr(S->b, v, c, "");
    return out(S, r);
}

/* avgr_u: (a + b + 1) >> 1 without overflow, in lanes twice as wide. */
static LLVMValueRef avgr(simd_t *S, LLVMValueRef a, LLVMValueRef b, shape_t s)
{
    LLVMValueRef x = widen_all(S, a, s, false), y = widen_all(S, b, s, false);
    LLVMTypeRef we = elem(S, (shape_t)(s + 1));
    LLVMValueRef sum = LLVMBuildAdd(S->b, LLVMBuildAdd(S->b, x, y, ""), csplat(we, lanes(s), 1), "");
    sum = LLVMBuildLShr(S->b, sum, csplat(we, lanes(s), 1), "");
    return out(S, LLVMBuildTrunc(S->b, sum, vty(S, s), ""));
}

static LLVMValueRef extadd_pairwise(simd_t *S, LLVMValueRef a, shape_t from, bool sign)
{
    LLVMValueRef w = widen_all(S, a, from, sign);
    unsigned n = lanes(from);
    return out(S, LLVMBuildAdd(S->b, pick(S, w, n, 0), pick(S, w, n, 1), ""));
}

static LLVMValueRef q15mulr(simd_t *S, LLVMValueRef a, LLVMValueRef b)
{
    LLVMValueRef x = widen_all(S, a, SH_I16, true), y = widen_all(S, b, SH_I16, true);
    LLVMValueRef p = LLVMBuildMul(S->b, x, y, "");
    p = LLVMBuildAdd(S->b, p, csplat(S->M->i32, 8, 0x4000), "");
    p = LLVMBuildAShr(S->b, p, csplat(S->M->i32, 8, 15), "");
    p = intr2(S, "llvm.smin", p, csplat(S->M->i32, 8, 0x7fff));
    return out(S, LLVMBuildTrunc(S->b, p, vty(S, SH_I16), ""));
}

static LLVMValueRef dot(simd_t *S, LLVMValueRef a, LLVMValueRef b)
{
    LLVMValueRef x = widen_all(S, a, SH_I16, true), y = widen_all(S, b, SH_I16, true);
    LLVMValueRef p = LLVMBuildMul(S->b, x, y, "");
    return out(S, LLVMBuildAdd(S->b, pick(S, p, 8, 0), pick(S, p, 8, 1), ""));
}

static LLVMValueRef extmul(simd_t *S, LLVMValueRef a, LLVMValueRef b, shape_t from, bool high, bool sign)
{
    return out(S, LLVMBuildMul(S->b, widen(S, a, from, high, sign), widen(S, b, from, high, sign), ""));
}

static LLVMValueRef all_true(simd_t *S, LLVMValueRef a, shape_t s)
{
    unsigned n = lanes(s);
    LLVMValueRef nz = LLVMBuildICmp(S->b, LLVMIntNE, as(S, a, s), LLVMConstNull(vty(S, s)), "");
    LLVMTypeRef it = LLVMIntTypeInContext(S->M->llctx, n);
    LLVMValueRef bits = LLVMBuildBitCast(S->b, nz, it, "");
    return LLVMBuildZExt(S->b, LLVMBuildICmp(S->b, LLVMIntEQ, bits, LLVMConstAllOnes(it), ""), S->M->i32, "");
}

static LLVMValueRef bitmask(simd_t *S, LLVMValueRef a, shape_t s)
{
    unsigned n = lanes(s);
    LLVMValueRef neg = LLVMBuildICmp(S->b, LLVMIntSLT, as(S, a, s), LLVMConstNull(vty(S, s)), "");
    LLVMValueRef bits = LLVMBuildBitCast(S->b, neg, LLVMIntTypeInContext(S->M->llctx, n), "");
    return LLVMBuildZExt(S->b, bits, S->M->i32, "");
}

/* i8x16.swizzle: lane i is a[b[i]], or 0 when b[i] >= 16. With SSSE3,
 * pshufb after a saturating + 0x70 (indices >= 16 get bit 7: zero);
 * else lane by lane. */
static LLVMValueRef swizzle(simd_t *S, LLVMValueRef a, LLVMValueRef b)
{
    LLVMValueRef x = as(S, a, SH_I8), idx = as(S, b, SH_I8);
    if (S->M->ssse3) {
        idx = intr2(S, "llvm.uadd.sat", idx, csplat(S->M->i8, 16, 0x70));
        LLVMValueRef args[2] = {x, idx};
        return out(S, intrinsic(S, "llvm.x86.ssse3.pshuf.b.128", NULL, 0, args, 2));
    }
    LLVMValueRef r = LLVMConstNull(vty(S, SH_I8));
    for (unsigned i = 0; i < 16; i++) {
        LLVMValueRef k = LLVMBuildExtractElement(S->b, idx, ci(S->M->i32, i), "");
        LLVMValueRef in = LLVMBuildICmp(S->b, LLVMIntULT, k, ci(S->M->i8, 16), "");
        LLVMValueRef k15 = LLVMBuildAnd(S->b, k, ci(S->M->i8, 15), "");
        LLVMValueRef v = LLVMBuildExtractElement(S->b, x, k15, "");
        v = LLVMBuildSelect(S->b, in, v, ci(S->M->i8, 0), "");
        r = LLVMBuildInsertElement(S->b, r, v, ci(S->M->i32, i), "");
    }
    return out(S, r);
}

/* Saturating float -> i32 lanes; the f64x2 forms fill lanes 2, 3 with 0. */
static LLVMValueRef trunc_sat(simd_t *S, LLVMValueRef a, shape_t from, bool sign)
{
    unsigned n = lanes(from);
    LLVMTypeRef tys[2] = {LLVMVectorType(S->M->i32, n), vty(S, from)};
    LLVMValueRef x = as(S, a, from);
    LLVMValueRef r = intrinsic(S, sign ? "llvm.fptosi.sat" : "llvm.fptoui.sat", tys, 2, &x, 1);
    if (n == 2) r = LLVMBuildShuffleVector(S->b, r, LLVMConstNull(tys[0]), mask(S, 4, 0, 1), "");
    return out(S, r);
}

static LLVMValueRef fbin(simd_t *S, LLVMOpcode opc, LLVMValueRef a, LLVMValueRef b, shape_t s)
{
    LLVMValueRef x = as(S, a, s), y = as(S, b, s);
    if (LLVMIsConstant(x)) x = opaque(S, x);
    if (LLVMIsConstant(y)) y = opaque(S, y);
    return out(S, LLVMBuildBinOp(S->b, opc, x, y, ""));
}

/* ---- the instructions --------------------------------------------------- */

static LLVMValueRef v128_const(simd_t *S, const uint8_t *bytes)
{
    uint64_t w[2] = {0, 0};
    for (int i = 0; i < 16; i++) w[i / 8] |= (uint64_t)bytes[i] << (8 * (i % 8));
    LLVMValueRef e[2] = {ci(S->M->i64, w[0]), ci(S->M->i64, w[1])};
    return LLVMConstVector(e, 2);
}

static LLVMValueRef lower_memory(simd_t *S, const bin_instr_t *in, LLVMValueRef *args)
{
    lower_module_t *M = S->M;
    LLVMBuilderRef B = S->b;
    unsigned lane = in->imm.memarg.lane;
    switch (in->op) {
    case OP_V128_LOAD: return mload(S, M->v128, args[0], in);
    case OP_V128_LOAD8X8_S: case OP_V128_LOAD8X8_U:
    case OP_V128_LOAD16X4_S: case OP_V128_LOAD16X4_U:
    case OP_V128_LOAD32X2_S: case OP_V128_LOAD32X2_U: {
        unsigned k = (unsigned)(in->op - OP_V128_LOAD8X8_S);
        shape_t s = (shape_t)(SH_I8 + k / 2);
        LLVMValueRef v = mload(S, LLVMVectorType(elem(S, s), lanes(s) / 2), args[0], in);
        LLVMTypeRef wt = vty(S, (shape_t)(s + 1));
        return out(S, k % 2 == 0 ? LLVMBuildSExt(B, v, wt, "") : LLVMBuildZExt(B, v, wt, ""));
    }
    case OP_V128_LOAD8_SPLAT: case OP_V128_LOAD16_SPLAT:
    case OP_V128_LOAD32_SPLAT: case OP_V128_LOAD64_SPLAT: {
        shape_t s = (shape_t)(SH_I8 + (in->op - OP_V128_LOAD8_SPLAT));
        return out(S, splat(S, mload(S, elem(S, s), args[0], in), lanes(s)));
    }
    case OP_V128_LOAD32_ZERO: case OP_V128_LOAD64_ZERO: {
        shape_t s = in->op == OP_V128_LOAD32_ZERO ? SH_I32 : SH_I64;
        LLVMValueRef x = mload(S, elem(S, s), args[0], in);
        return out(S, LLVMBuildInsertElement(B, LLVMConstNull(vty(S, s)), x, ci(M->i32, 0), ""));
    }
    case OP_V128_LOAD8_LANE: case OP_V128_LOAD16_LANE:
    case OP_V128_LOAD32_LANE: case OP_V128_LOAD64_LANE: {
        shape_t s = (shape_t)(SH_I8 + (in->op - OP_V128_LOAD8_LANE));
        LLVMValueRef x = mload(S, elem(S, s), args[0], in);
        return out(S, LLVMBuildInsertElement(B, as(S, args[1], s), x, ci(M->i32, lane), ""));
    }
    case OP_V128_STORE: mstore(S, args[1], args[0], in); return NULL;
    case OP_V128_STORE8_LANE: case OP_V128_STORE16_LANE:
    case OP_V128_STORE32_LANE: case OP_V128_STORE64_LANE: {
        shape_t s = (shape_t)(SH_I8 + (in->op - OP_V128_STORE8_LANE));
        mstore(S, LLVMBuildExtractElement(B, as(S, args[1], s), ci(M->i32, lane), ""), args[0], in);
        return NULL;
    }
    default: return NULL;
    }
}

static bool is_memory(bin_op_t op)
{
    return (op >= OP_V128_LOAD && op <= OP_V128_STORE) ||
           (op >= OP_V128_LOAD8_LANE && op <= OP_V128_LOAD64_ZERO);
}

/* Lanes: splat, extract, replace, shuffle, swizzle. */
static LLVMValueRef lower_lanes(simd_t *S, const bin_instr_t *in, LLVMValueRef *args, bool *done)
{
    lower_module_t *M = S->M;
    LLVMBuilderRef B = S->b;
    shape_t s = shape_of(in->op);
    LLVMValueRef lane = ci(M->i32, in->imm.lane);
    *done = true;
    switch (in->op) {
    case OP_V128_CONST: return v128_const(S, in->imm.bytes16);
    case OP_I8X16_SHUFFLE: {
        LLVMValueRef e[16];
        for (int i = 0; i < 16; i++) e[i] = ci(M->i32, in->imm.bytes16[i] & 31);
        return out(S, LLVMBuildShuffleVector(B, as(S, args[0], SH_I8), as(S, args[1], SH_I8),
                                             LLVMConstVector(e, 16), ""));
    }
    case OP_I8X16_SWIZZLE: return swizzle(S, args[0], args[1]);
    case OP_I8X16_SPLAT: case OP_I16X8_SPLAT: {
        LLVMValueRef x = LLVMBuildTrunc(B, args[0], elem(S, s), "");
        return out(S, splat(S, x, lanes(s)));
    }
    case OP_I32X4_SPLAT: case OP_I64X2_SPLAT: case OP_F32X4_SPLAT: case OP_F64X2_SPLAT:
        return out(S, splat(S, args[0], lanes(s)));
    case OP_I8X16_EXTRACT_LANE_S: case OP_I16X8_EXTRACT_LANE_S:
        return LLVMBuildSExt(B, LLVMBuildExtractElement(B, as(S, args[0], s), lane, ""), M->i32, "");
    case OP_I8X16_EXTRACT_LANE_U: case OP_I16X8_EXTRACT_LANE_U:
        return LLVMBuildZExt(B, LLVMBuildExtractElement(B, as(S, args[0], s), lane, ""), M->i32, "");
    case OP_I32X4_EXTRACT_LANE: case OP_I64X2_EXTRACT_LANE:
    case OP_F32X4_EXTRACT_LANE: case OP_F64X2_EXTRACT_LANE:
        return LLVMBuildExtractElement(B, as(S, args[0], s), lane, "");
    case OP_I8X16_REPLACE_LANE: case OP_I16X8_REPLACE_LANE: {
        LLVMValueRef x = LLVMBuildTrunc(B, args[1], elem(S, s), "");
        return out(S, LLVMBuildInsertElement(B, as(S, args[0], s), x, lane, ""));
    }
    case OP_I32X4_REPLACE_LANE: case OP_I64X2_REPLACE_LANE:
    case OP_F32X4_REPLACE_LANE: case OP_F64X2_REPLACE_LANE:
        return out(S, LLVMBuildInsertElement(B, as(S, args[0], s), args[1], lane, ""));
    default: *done = false; return NULL;
    }
}

/* Bitwise operations, tests, comparisons. */
static LLVMValueRef lower_bits(simd_t *S, const bin_instr_t *in, LLVMValueRef *args, bool *done)
{
    LLVMBuilderRef B = S->b;
    shape_t s = shape_of(in->op);
    LLVMValueRef a = args[0], b = args[1];
    *done = true;
    switch (in->op) {
    case OP_V128_NOT: return LLVMBuildNot(B, a, "");
    case OP_V128_AND: return LLVMBuildAnd(B, a, b, "");
    case OP_V128_ANDNOT: return LLVMBuildAnd(B, a, LLVMBuildNot(B, b, ""), "");
    case OP_V128_OR: return LLVMBuildOr(B, a, b, "");
    case OP_V128_XOR: return LLVMBuildXor(B, a, b, "");
    case OP_V128_BITSELECT: {
        LLVMValueRef m = args[2];
        return LLVMBuildOr(B, LLVMBuildAnd(B, a, m, ""), LLVMBuildAnd(B, b, LLVMBuildNot(B, m, ""), ""), "");
    }
    case OP_V128_ANY_TRUE: {
        LLVMTypeRef i128 = LLVMIntTypeInContext(S->M->llctx, 128);
        LLVMValueRef w = LLVMBuildBitCast(B, a, i128, "");
        return LLVMBuildZExt(B, LLVMBuildICmp(B, LLVMIntNE, w, LLVMConstNull(i128), ""), S->M->i32, "");
    }
    case OP_I8X16_ALL_TRUE: case OP_I16X8_ALL_TRUE: case OP_I32X4_ALL_TRUE: case OP_I64X2_ALL_TRUE:
        return all_true(S, a, s);
    case OP_I8X16_BITMASK: case OP_I16X8_BITMASK: case OP_I32X4_BITMASK: case OP_I64X2_BITMASK:
        return bitmask(S, a, s);
    case OP_I8X16_EQ: case OP_I16X8_EQ: case OP_I32X4_EQ: case OP_I64X2_EQ: return icmp(S, LLVMIntEQ, a, b, s);
    case OP_I8X16_NE: case OP_I16X8_NE: case OP_I32X4_NE: case OP_I64X2_NE: return icmp(S, LLVMIntNE, a, b, s);
    case OP_I8X16_LT_S: case OP_I16X8_LT_S: case OP_I32X4_LT_S: case OP_I64X2_LT_S:
        return icmp(S, LLVMIntSLT, a, b, s);
    case OP_I8X16_GT_S: case OP_I16X8_GT_S: case OP_I32X4_GT_S: case OP_I64X2_GT_S:
        return icmp(S, LLVMIntSGT, a, b, s);
    case OP_I8X16_LE_S: case OP_I16X8_LE_S: case OP_I32X4_LE_S: case OP_I64X2_LE_S:
        return icmp(S, LLVMIntSLE, a, b, s);
    case OP_I8X16_GE_S: case OP_I16X8_GE_S: case OP_I32X4_GE_S: case OP_I64X2_GE_S:
        return icmp(S, LLVMIntSGE, a, b, s);
    case OP_I8X16_LT_U: case OP_I16X8_LT_U: case OP_I32X4_LT_U: return icmp(S, LLVMIntULT, a, b, s);
    case OP_I8X16_GT_U: case OP_I16X8_GT_U: case OP_I32X4_GT_U: return icmp(S, LLVMIntUGT, a, b, s);
    case OP_I8X16_LE_U: case OP_I16X8_LE_U: case OP_I32X4_LE_U: return icmp(S, LLVMIntULE, a, b, s);
    case OP_I8X16_GE_U: case OP_I16X8_GE_U: case OP_I32X4_GE_U: return icmp(S, LLVMIntUGE, a, b, s);
    case OP_F32X4_EQ: case OP_F64X2_EQ: return fcmp(S, LLVMRealOEQ, a, b, s);
    case OP_F32X4_NE: case OP_F64X2_NE: return fcmp(S, LLVMRealUNE, a, b, s);
    case OP_F32X4_LT: case OP_F64X2_LT: return fcmp(S, LLVMRealOLT, a, b, s);
    case OP_F32X4_GT: case OP_F64X2_GT: return fcmp(S, LLVMRealOGT, a, b, s);
    case OP_F32X4_LE: case OP_F64X2_LE: return fcmp(S, LLVMRealOLE, a, b, s);
    case OP_F32X4_GE: case OP_F64X2_GE: return fcmp(S, LLVMRealOGE, a, b, s);
    default: *done = false; return NULL;
    }
}

/* Integer lane arithmetic. */
static LLVMValueRef lower_int(simd_t *S, const bin_instr_t *in, LLVMValueRef *args, bool *done)
{
    LLVMBuilderRef B = S->b;
    shape_t s = shape_of(in->op);
    LLVMValueRef a = args[0], b = args[1];
    *done = true;
    switch (in->op) {
    case OP_I8X16_ADD: case OP_I16X8_ADD: case OP_I32X4_ADD: case OP_I64X2_ADD:
        return out(S, LLVMBuildAdd(B, as(S, a, s), as(S, b, s), ""));
    case OP_I8X16_SUB: case OP_I16X8_SUB: case OP_I32X4_SUB: case OP_I64X2_SUB:
        return out(S, LLVMBuildSub(B, as(S, a, s), as(S, b, s), ""));
    case OP_I16X8_MUL: case OP_I32X4_MUL: case OP_I64X2_MUL:
        return out(S, LLVMBuildMul(B, as(S, a, s), as(S, b, s), ""));
    case OP_I8X16_NEG: case OP_I16X8_NEG: case OP_I32X4_NEG: case OP_I64X2_NEG:
        return out(S, LLVMBuildNeg(B, as(S, a, s), ""));
    case OP_I8X16_ABS: case OP_I16X8_ABS: case OP_I32X4_ABS: case OP_I64X2_ABS:
        return out(S, intr2(S, "llvm.abs", as(S, a, s), LLVMConstInt(S->M->i1, 0, 0)));
    case OP_I8X16_POPCNT: return out(S, intr1(S, "llvm.ctpop", as(S, a, s)));
    case OP_I8X16_MIN_S: case OP_I16X8_MIN_S: case OP_I32X4_MIN_S:
        return out(S, intr2(S, "llvm.smin", as(S, a, s), as(S, b, s)));
    case OP_I8X16_MIN_U: case OP_I16X8_MIN_U: case OP_I32X4_MIN_U:
        return out(S, intr2(S, "llvm.umin", as(S, a, s), as(S, b, s)));
    case OP_I8X16_MAX_S: case OP_I16X8_MAX_S: case OP_I32X4_MAX_S:
        return out(S, intr2(S, "llvm.smax", as(S, a, s), as(S, b, s)));
    case OP_I8X16_MAX_U: case OP_I16X8_MAX_U: case OP_I32X4_MAX_U:
        return out(S, intr2(S, "llvm.umax", as(S, a, s), as(S, b, s)));
    case OP_I8X16_ADD_SAT_S: case OP_I16X8_ADD_SAT_S:
        return out(S, intr2(S, "llvm.sadd.sat", as(S, a, s), as(S, b, s)));
    case OP_I8X16_ADD_SAT_U: case OP_I16X8_ADD_SAT_U:
        return out(S, intr2(S, "llvm.uadd.sat", as(S, a, s), as(S, b, s)));
    case OP_I8X16_SUB_SAT_S: case OP_I16X8_SUB_SAT_S:
        return out(S, intr2(S, "llvm.ssub.sat", as(S, a, s), as(S, b, s)));
    case OP_I8X16_SUB_SAT_U: case OP_I16X8_SUB_SAT_U:
        return out(S, intr2(S, "llvm.usub.sat", as(S, a, s), as(S, b, s)));
    case OP_I8X16_AVGR_U: case OP_I16X8_AVGR_U: return avgr(S, a, b, s);
    case OP_I8X16_SHL: case OP_I16X8_SHL: case OP_I32X4_SHL: case OP_I64X2_SHL: return shift(S, a, b, s, 0);
    case OP_I8X16_SHR_S: case OP_I16X8_SHR_S: case OP_I32X4_SHR_S: case OP_I64X2_SHR_S:
        return shift(S, a, b, s, 1);
    case OP_I8X16_SHR_U: case OP_I16X8_SHR_U: case OP_I32X4_SHR_U: case OP_I64X2_SHR_U:
        return shift(S, a, b, s, 2);
    case OP_I8X16_NARROW_I16X8_S: return narrow(S, a, b, SH_I16, INT8_MIN, INT8_MAX);
    case OP_I8X16_NARROW_I16X8_U: return narrow(S, a, b, SH_I16, 0, UINT8_MAX);
    case OP_I16X8_NARROW_I32X4_S: return narrow(S, a, b, SH_I32, INT16_MIN, INT16_MAX);
    case OP_I16X8_NARROW_I32X4_U: return narrow(S, a, b, SH_I32, 0, UINT16_MAX);
    case OP_I16X8_EXTEND_LOW_I8X16_S: return out(S, widen(S, a, SH_I8, false, true));
    case OP_I16X8_EXTEND_HIGH_I8X16_S: return out(S, widen(S, a, SH_I8, true, true));
    case OP_I16X8_EXTEND_LOW_I8X16_U: return out(S, widen(S, a, SH_I8, false, false));
    case OP_I16X8_EXTEND_HIGH_I8X16_U: return out(S, widen(S, a, SH_I8, true, false));
    case OP_I32X4_EXTEND_LOW_I16X8_S: return out(S, widen(S, a, SH_I16, false, true));
    case OP_I32X4_EXTEND_HIGH_I16X8_S: return out(S, widen(S, a, SH_I16, true, true));
    case OP_I32X4_EXTEND_LOW_I16X8_U: return out(S, widen(S, a, SH_I16, false, false));
    case OP_I32X4_EXTEND_HIGH_I16X8_U: return out(S, widen(S, a, SH_I16, true, false));
    case OP_I64X2_EXTEND_LOW_I32X4_S: return out(S, widen(S, a, SH_I32, false, true));
    case OP_I64X2_EXTEND_HIGH_I32X4_S: return out(S, widen(S, a, SH_I32, true, true));
    case OP_I64X2_EXTEND_LOW_I32X4_U: return out(S, widen(S, a, SH_I32, false, false));
    case OP_I64X2_EXTEND_HIGH_I32X4_U: return out(S, widen(S, a, SH_I32, true, false));
    case OP_I16X8_EXTMUL_LOW_I8X16_S: return extmul(S, a, b, SH_I8, false, true);
    case OP_I16X8_EXTMUL_HIGH_I8X16_S: return extmul(S, a, b, SH_I8, true, true);
    case OP_I16X8_EXTMUL_LOW_I8X16_U: return extmul(S, a, b, SH_I8, false, false);
    case OP_I16X8_EXTMUL_HIGH_I8X16_U: return extmul(S, a, b, SH_I8, true, false);
    case OP_I32X4_EXTMUL_LOW_I16X8_S: return extmul(S, a, b, SH_I16, false, true);
    case OP_I32X4_EXTMUL_HIGH_I16X8_S: return extmul(S, a, b, SH_I16, true, true);
    case OP_I32X4_EXTMUL_LOW_I16X8_U: return extmul(S, a, b, SH_I16, false, false);
    case OP_I32X4_EXTMUL_HIGH_I16X8_U: return extmul(S, a, b, SH_I16, true, false);
    case OP_I64X2_EXTMUL_LOW_I32X4_S: return extmul(S, a, b, SH_I32, false, true);
    case OP_I64X2_EXTMUL_HIGH_I32X4_S: return extmul(S, a, b, SH_I32, true, true);
    case OP_I64X2_EXTMUL_LOW_I32X4_U: return extmul(S, a, b, SH_I32, false, false);
    case OP_I64X2_EXTMUL_HIGH_I32X4_U: return extmul(S, a, b, SH_I32, true, false);
    case OP_I16X8_EXTADD_PAIRWISE_I8X16_S: return extadd_pairwise(S, a, SH_I8, true);
    case OP_I16X8_EXTADD_PAIRWISE_I8X16_U: return extadd_pairwise(S, a, SH_I8, false);
    case OP_I32X4_EXTADD_PAIRWISE_I16X8_S: return extadd_pairwise(S, a, SH_I16, true);
    case OP_I32X4_EXTADD_PAIRWISE_I16X8_U: return extadd_pairwise(S, a, SH_I16, false);
    case OP_I16X8_Q15MULR_SAT_S: return q15mulr(S, a, b);
    case OP_I32X4_DOT_I16X8_S: return dot(S, a, b);
    default: *done = false; return NULL;
    }
}

/* Float lane arithmetic and conversions. */
static LLVMValueRef lower_float(simd_t *S, const bin_instr_t *in, LLVMValueRef *args, bool *done)
{
    lower_module_t *M = S->M;
    LLVMBuilderRef B = S->b;
    shape_t s = shape_of(in->op);
    LLVMValueRef a = args[0], b = args[1];
    *done = true;
    switch (in->op) {
    case OP_F32X4_ADD: case OP_F64X2_ADD: return fbin(S, LLVMFAdd, a, b, s);
    case OP_F32X4_SUB: case OP_F64X2_SUB: return fbin(S, LLVMFSub, a, b, s);
    case OP_F32X4_MUL: case OP_F64X2_MUL: return fbin(S, LLVMFMul, a, b, s);
    case OP_F32X4_DIV: case OP_F64X2_DIV: return fbin(S, LLVMFDiv, a, b, s);
    case OP_F32X4_ABS: case OP_F64X2_ABS: return out(S, intr1(S, "llvm.fabs", as(S, a, s)));
    case OP_F32X4_NEG: case OP_F64X2_NEG: return out(S, LLVMBuildFNeg(B, as(S, a, s), ""));
    case OP_F32X4_SQRT: case OP_F64X2_SQRT: return out(S, intr1(S, "llvm.sqrt", as(S, a, s)));
    case OP_F32X4_CEIL: case OP_F64X2_CEIL: return out(S, intr1(S, "llvm.ceil", as(S, a, s)));
    case OP_F32X4_FLOOR: case OP_F64X2_FLOOR: return out(S, intr1(S, "llvm.floor", as(S, a, s)));
    case OP_F32X4_TRUNC: case OP_F64X2_TRUNC: return out(S, intr1(S, "llvm.trunc", as(S, a, s)));
    case OP_F32X4_NEAREST: case OP_F64X2_NEAREST: return out(S, intr1(S, "llvm.roundeven", as(S, a, s)));
    case OP_F32X4_MIN: case OP_F64X2_MIN: return fminmax(S, a, b, s, false);
    case OP_F32X4_MAX: case OP_F64X2_MAX: return fminmax(S, a, b, s, true);
    case OP_F32X4_PMIN: case OP_F64X2_PMIN: {
        /* b < a ? b : a */
        LLVMValueRef x = as(S, a, s), y = as(S, b, s);
        return out(S, LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOLT, y, x, ""), y, x, ""));
    }
    case OP_F32X4_PMAX: case OP_F64X2_PMAX: {
        /* a < b ? b : a */
        LLVMValueRef x = as(S, a, s), y = as(S, b, s);
        return out(S, LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOLT, x, y, ""), y, x, ""));
    }
    case OP_I32X4_TRUNC_SAT_F32X4_S: return trunc_sat(S, a, SH_F32, true);
    case OP_I32X4_TRUNC_SAT_F32X4_U: return trunc_sat(S, a, SH_F32, false);
    case OP_I32X4_TRUNC_SAT_F64X2_S_ZERO: return trunc_sat(S, a, SH_F64, true);
    case OP_I32X4_TRUNC_SAT_F64X2_U_ZERO: return trunc_sat(S, a, SH_F64, false);
    case OP_F32X4_CONVERT_I32X4_S: return out(S, LLVMBuildSIToFP(B, as(S, a, SH_I32), vty(S, SH_F32), ""));
    case OP_F32X4_CONVERT_I32X4_U: return out(S, LLVMBuildUIToFP(B, as(S, a, SH_I32), vty(S, SH_F32), ""));
    case OP_F64X2_CONVERT_LOW_I32X4_S: case OP_F64X2_CONVERT_LOW_I32X4_U: {
        LLVMValueRef x = as(S, a, SH_I32);
        LLVMValueRef lo = LLVMBuildShuffleVector(B, x, LLVMGetPoison(vty(S, SH_I32)), mask(S, 2, 0, 1), "");
        return out(S, in->op == OP_F64X2_CONVERT_LOW_I32X4_S ? LLVMBuildSIToFP(B, lo, vty(S, SH_F64), "")
                                                             : LLVMBuildUIToFP(B, lo, vty(S, SH_F64), ""));
    }
    case OP_F32X4_DEMOTE_F64X2_ZERO: {
        LLVMTypeRef f2 = LLVMVectorType(M->f32, 2);
        LLVMValueRef d = LLVMBuildFPTrunc(B, as(S, a, SH_F64), f2, "");
        return out(S, LLVMBuildShuffleVector(B, d, LLVMConstNull(f2), mask(S, 4, 0, 1), ""));
    }
    case OP_F64X2_PROMOTE_LOW_F32X4: {
        LLVMValueRef x = as(S, a, SH_F32);
        LLVMValueRef lo = LLVMBuildShuffleVector(B, x, LLVMGetPoison(vty(S, SH_F32)), mask(S, 2, 0, 1), "");
        return out(S, opaque(S, LLVMBuildFPExt(B, lo, vty(S, SH_F64), "")));
    }
    default: *done = false; return NULL;
    }
}

/* ---- relaxed SIMD ----------------------------------------------------------- */

/* Relaxed SIMD gets the spec's deterministic profile, as in the interpreter
 * (simd_ops.inc; docs/interpreter.md): the instructions whose result there
 * is a 2.0 instruction's are lowered as that instruction, so that both tiers
 * share one definition. */
static bin_op_t deterministic_equivalent(bin_op_t op)
{
    switch (op) {
    case OP_I8X16_RELAXED_SWIZZLE: return OP_I8X16_SWIZZLE;
    case OP_I32X4_RELAXED_TRUNC_F32X4_S: return OP_I32X4_TRUNC_SAT_F32X4_S;
    case OP_I32X4_RELAXED_TRUNC_F32X4_U: return OP_I32X4_TRUNC_SAT_F32X4_U;
    case OP_I32X4_RELAXED_TRUNC_F64X2_S_ZERO: return OP_I32X4_TRUNC_SAT_F64X2_S_ZERO;
    case OP_I32X4_RELAXED_TRUNC_F64X2_U_ZERO: return OP_I32X4_TRUNC_SAT_F64X2_U_ZERO;
    case OP_I8X16_RELAXED_LANESELECT: case OP_I16X8_RELAXED_LANESELECT:
    case OP_I32X4_RELAXED_LANESELECT: case OP_I64X2_RELAXED_LANESELECT:
        return OP_V128_BITSELECT;
    case OP_F32X4_RELAXED_MIN: return OP_F32X4_MIN;
    case OP_F32X4_RELAXED_MAX: return OP_F32X4_MAX;
    case OP_F64X2_RELAXED_MIN: return OP_F64X2_MIN;
    case OP_F64X2_RELAXED_MAX: return OP_F64X2_MAX;
    case OP_I16X8_RELAXED_Q15MULR_S: return OP_I16X8_Q15MULR_SAT_S;
    default: return op;
    }
}

/* (negate ? -a : a) * b + c, rounded after the multiply and after the add:
 * two plain IR operations without fast-math flags, which LLVM never fuses
 * into an FMA (the target machine keeps FPOpFusion::Standard). */
static LLVMValueRef madd(simd_t *S, LLVMValueRef a, LLVMValueRef b, LLVMValueRef c, shape_t s,
                         bool negate)
{
    LLVMValueRef x = negate ? out(S, LLVMBuildFNeg(S->b, as(S, a, s), "")) : a;
    return fbin(S, LLVMFAdd, fbin(S, LLVMFMul, x, b, s), c, s);
}

/* i16x8.relaxed_dot_i8x16_i7x16_s: signed x signed i8 products (exact in
 * i16), each pair added with signed saturation. */
static LLVMValueRef relaxed_dot16(simd_t *S, LLVMValueRef a, LLVMValueRef b)
{
    LLVMValueRef x = widen_all(S, a, SH_I8, true), y = widen_all(S, b, SH_I8, true);
    LLVMValueRef p = LLVMBuildMul(S->b, x, y, "");
    return out(S, intr2(S, "llvm.sadd.sat", pick(S, p, 16, 0), pick(S, p, 16, 1)));
}

/* The relaxed instructions without a 2.0 equivalent. */
static LLVMValueRef lower_relaxed(simd_t *S, const bin_instr_t *in, LLVMValueRef *args, bool *done)
{
    *done = true;
    switch (in->op) {
    case OP_F32X4_RELAXED_MADD: return madd(S, args[0], args[1], args[2], SH_F32, false);
    case OP_F32X4_RELAXED_NMADD: return madd(S, args[0], args[1], args[2], SH_F32, true);
    case OP_F64X2_RELAXED_MADD: return madd(S, args[0], args[1], args[2], SH_F64, false);
    case OP_F64X2_RELAXED_NMADD: return madd(S, args[0], args[1], args[2], SH_F64, true);
    case OP_I16X8_RELAXED_DOT_I8X16_I7X16_S: return relaxed_dot16(S, args[0], args[1]);
    case OP_I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S: {
        /* the i16 dot, its pairs sign-extended and added, plus c */
        LLVMValueRef w = widen_all(S, relaxed_dot16(S, args[0], args[1]), SH_I16, true);
        LLVMValueRef d = LLVMBuildAdd(S->b, pick(S, w, 8, 0), pick(S, w, 8, 1), "");
        return out(S, LLVMBuildAdd(S->b, d, as(S, args[2], SH_I32), ""));
    }
    default: *done = false; return NULL;
    }
}

/* Every row of WebAssembly 2.0's SIMD and of relaxed SIMD is lowered. */
bool lower_simd_supported(bin_op_t op)
{
    return bin_opinfo[op].prefix == 0xFD &&
           (bin_opinfo[op].feature == FEAT_SIMD || bin_opinfo[op].feature == FEAT_RELAXED_SIMD);
}

bool lower_simd(lower_module_t *M, LLVMBuilderRef b, LLVMValueRef mem, const bin_instr_t *in,
                LLVMValueRef *args, LLVMValueRef *result, char *err, size_t errlen)
{
    simd_t S = {M, b, mem};
    *result = NULL;
    if (is_memory(in->op)) {
        *result = lower_memory(&S, in, args);
        return true;
    }
    bin_instr_t same = *in;
    same.op = deterministic_equivalent(in->op);
    in = &same;
    bool done = false;
    *result = lower_relaxed(&S, in, args, &done);
    if (!done) *result = lower_lanes(&S, in, args, &done);
    if (!done) *result = lower_bits(&S, in, args, &done);
    if (!done) *result = lower_int(&S, in, args, &done);
    if (!done) *result = lower_float(&S, in, args, &done);
    if (!done) snprintf(err, errlen, "%s is not supported by the native tier", bin_opinfo[in->op].name);
    return done;
}
