/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* llvm_compile.c — the module-level driver of the native tier: decides
 * which functions to lower, sets up the LLVM module (types, helper
 * declarations, alias metadata), runs LLVM's optimisation pipeline and
 * emits an ELF object for our loader. */
#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>
#include <llvm-c/Support.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../base/alloc.h"
#include "../binary/instr.h"
#include "artifact.h"
#include "llvm_lower.h"
#include "native.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static bool init_ok;

static void init_llvm(void)
{
#if defined(__x86_64__)
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    LLVMInitializeX86AsmParser(); /* the entry stack check is inline asm */
    init_ok = true;
    /* LLVM's own command-line options, process-wide, read once. The loop
     * vectorizer is off: linear-memory loads are volatile (llvm_lower.c),
     * so it only ever vectorized loops that store and do not load, and
     * there it lost: sieve's strided stores became AVX-512 scatters
     * behind division-computed trip counts, 0.27 -> 0.46 s; no program
     * of `make bench` got faster with it (docs/native.md). The pipeline
     * option for it (LLVMPassBuilderOptionsSetLoopVectorization) left
     * LLVM 19's default<O2> vectorizing; this flag does not. The SLP
     * vectorizer must expect a gain of 2 (cost units) rather than 0:
     * sha256's message schedule became 2-lane AVX-512 rotates with
     * inserts and extracts around them, 0.22 -> 0.31 s, while the other
     * programs ran the same with either setting.
     * Experiments: WASMCELL_LLVM_ARGS="-fast-isel -vectorize-loops=true". */
    static char buf[512];
    static const char *argv[32];
    int argc = 0;
    const char *args = getenv("WASMCELL_LLVM_ARGS");
    argv[argc++] = "wasmcell";
    if (!args || !strstr(args, "vectorize-loops")) argv[argc++] = "-vectorize-loops=false";
    if (!args || !strstr(args, "slp-threshold")) argv[argc++] = "-slp-threshold=2";
    if (args && *args) {
        snprintf(buf, sizeof buf, "%s", args);
        for (char *tok = strtok(buf, " "); tok && argc < 31; tok = strtok(NULL, " ")) argv[argc++] = tok;
    }
    LLVMParseCommandLineOptions(argc, argv, NULL);
#else
    init_ok = false;
#endif
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = base_malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* ---- which functions the lowering takes ---------------------------------- */

/* Types the lowering leaves to the interpreter: exnref and (ref exn)
 * (exception handling). Typed function references are funcrefs to it. */
static bool interp_only_type(bin_valtype_t t) { return vt_kind(t) == VT_EXNREF; }

static bool blocktype_ok(const bin_module_t *bin, const bin_instr_t *in)
{
    if (in->imm.block.kind == BT_TYPEIDX) return lower_type_supported(&bin->types[in->imm.block.type_idx]);
    return in->imm.block.kind != BT_VALTYPE || !interp_only_type(in->imm.block.valtype);
}

/* exnref values (exception handling) stay in the interpreter: an
 * instruction that reads or writes a global or table of that type. */
static bool touches_exnref(const bin_module_t *bin, const bin_instr_t *in)
{
    switch (bin_opinfo[in->op].imm) {
    case IMM_GLOBAL: return interp_only_type(bin->global_types[in->imm.idx].type);
    case IMM_TABLE: return interp_only_type(bin->tables[in->imm.idx].elem_type);
    case IMM_TABLE_COPY:
        if (in->imm.pair.a < bin->ntables && interp_only_type(bin->tables[in->imm.pair.a].elem_type))
            return true;
        return in->imm.pair.b < bin->ntables && interp_only_type(bin->tables[in->imm.pair.b].elem_type);
    case IMM_TABLE_INIT:
        return in->imm.pair.b < bin->ntables && interp_only_type(bin->tables[in->imm.pair.b].elem_type);
    default: return false;
    }
}

/* Same LLVM prototype: every parameter and result of the same kind (typed
 * references are all funcref pointers). */
static bool same_prototype(const bin_functype_t *a, const bin_functype_t *b)
{
    if (a->nparams != b->nparams || a->nresults != b->nresults) return false;
    for (uint32_t i = 0; i < a->nparams; i++)
        if (vt_kind(a->params[i]) != vt_kind(b->params[i])) return false;
    for (uint32_t i = 0; i < a->nresults; i++)
        if (vt_kind(a->results[i]) != vt_kind(b->results[i])) return false;
    return true;
}

/* return_call becomes an LLVM musttail call, which needs its callee in the
 * same LLVM module: a defined function. compile_module then drops callers
 * whose target is not lowered, and gives tailcc bodies to the functions
 * whose tail calls change prototype (LOWER_TAILCC). Tail calls of imports
 * stay interpreted. */
static bool tail_call_lowerable(const bin_module_t *bin, uint32_t target)
{
    return target >= bin->nfunc_imports && target < bin->nfuncs;
}

/* Marks in tc (when not already marked) the targets of def_idx's
 * return_calls, and with `changing` only those of another prototype, or
 * all of them; true when it marked one (or, for changing, def_idx has one). */
static bool mark_tail_targets(const bin_module_t *bin, uint32_t def_idx, uint8_t *tc, bool changing)
{
    const bin_func_t *fd = &bin->funcs[def_idx];
    const bin_functype_t *ft = &bin->types[fd->type_idx];
    bin_instr_reader_t ir;
    bin_instr_reader_init(&ir, bin->bytes, fd->body, fd->body_size);
    base_diag_t diag;
    memset(&diag, 0, sizeof diag);
    size_t end = fd->body_offset + fd->body_size;
    bool marked = false;
    bin_instr_t in;
    while (bin_read_instr(&ir, &in, &diag)) {
        if (in.op == OP_RETURN_CALL) {
            uint32_t j = in.imm.idx - bin->nfunc_imports;
            if (changing) {
                if (!same_prototype(ft, bin_func_type(bin, in.imm.idx))) marked = true;
            } else if (!tc[j]) {
                tc[j] = 1;
                marked = true;
            }
        }
        if (in.op == OP_END && in.offset + 1 >= end) break;
    }
    bin_instr_reader_fini(&ir);
    return marked;
}

/* Does the function tail-call one that is not lowered (lowered NULL: does
 * it have a return_call at all)? */
static bool tail_calls_unlowered(const bin_module_t *bin, uint32_t def_idx, const uint8_t *lowered)
{
    const bin_func_t *fd = &bin->funcs[def_idx];
    bin_instr_reader_t ir;
    bin_instr_reader_init(&ir, bin->bytes, fd->body, fd->body_size);
    base_diag_t diag;
    memset(&diag, 0, sizeof diag);
    size_t end = fd->body_offset + fd->body_size;
    bool bad = false;
    bin_instr_t in;
    while (!bad && bin_read_instr(&ir, &in, &diag)) {
        if (in.op == OP_RETURN_CALL && (!lowered || !lowered[in.imm.idx - bin->nfunc_imports]))
            bad = true;
        if (in.op == OP_END && in.offset + 1 >= end) break;
    }
    bin_instr_reader_fini(&ir);
    return bad;
}

/* A function is lowered unless it uses an instruction the lowering does
 * not take (then it stays interpreted). Calls of every type are lowered:
 * v128 values cross the slots path (wcn_call) in two slots each. */
static bool func_lowerable(const bin_module_t *bin, uint32_t def_idx)
{
    const bin_func_t *fd = &bin->funcs[def_idx];
    if (!lower_type_supported(&bin->types[fd->type_idx])) return false;
    for (uint32_t i = 0; i < fd->nlocals; i++)
        if (interp_only_type(fd->local_types[i])) return false; /* the interpreter's */
    bin_instr_reader_t ir;
    bin_instr_reader_init(&ir, bin->bytes, fd->body, fd->body_size);
    base_diag_t diag;
    memset(&diag, 0, sizeof diag);
    bool ok = true;
    size_t end = fd->body_offset + fd->body_size;
    bin_instr_t in;
    while (ok) {
        if (!bin_read_instr(&ir, &in, &diag)) { ok = false; break; }
        const bin_opinfo_t *oi = &bin_opinfo[in.op];
        if (oi->prefix == 0xFD) ok = lower_simd_supported(in.op);
        else if (in.op == OP_RETURN_CALL)
            ok = tail_call_lowerable(bin, in.imm.idx);
        else if (in.op == OP_RETURN_CALL_INDIRECT)
            ok = false; /* these tail calls stay in the interpreter (docs/native.md) */
        else if (oi->feature == FEAT_EXCEPTIONS || in.op == OP_RETURN_CALL_REF)
            ok = false; /* so do throws, handlers and tail calls (docs/native.md) */
        else if (oi->imm == IMM_REFTYPE) ok = !interp_only_type(in.imm.reftype);
        else if (touches_exnref(bin, &in)) ok = false;
        else if (oi->imm == IMM_SELECT_T) ok = !interp_only_type(in.imm.select.type);
        else if (in.op == OP_BLOCK || in.op == OP_LOOP || in.op == OP_IF) ok = blocktype_ok(bin, &in);
        else if (in.op == OP_CALL)
            ok = lower_type_supported(bin_func_type(bin, in.imm.idx));
        else if (in.op == OP_CALL_INDIRECT)
            ok = lower_type_supported(&bin->types[in.imm.call_indirect.type_idx]);
        if (in.op == OP_END && in.offset + 1 >= end) break;
    }
    bin_instr_reader_fini(&ir);
    return ok;
}

/* ---- module setup --------------------------------------------------------- */

static LLVMValueRef md_string(LLVMContextRef c, const char *s)
{
    return LLVMMetadataAsValue(c, LLVMMDStringInContext2(c, s, strlen(s)));
}

static LLVMValueRef md_node(LLVMContextRef c, LLVMValueRef *vals, unsigned n)
{
    LLVMMetadataRef mds[4];
    for (unsigned i = 0; i < n; i++) mds[i] = LLVMValueAsMetadata(vals[i]);
    return LLVMMetadataAsValue(c, LLVMMDNodeInContext2(c, mds, n));
}

/* TBAA: wasm linear memory, runtime structures and global values never
 * alias, so LLVM may keep e.g. a table pointer in a register across stores
 * to linear memory. */
static LLVMValueRef tbaa_tag(lower_module_t *M, LLVMValueRef root, const char *name)
{
    LLVMValueRef zero = LLVMConstInt(M->i64, 0, 0);
    LLVMValueRef tv[3] = {md_string(M->llctx, name), root, zero};
    LLVMValueRef type = md_node(M->llctx, tv, 3);
    LLVMValueRef tag[3] = {type, type, zero};
    return md_node(M->llctx, tag, 3);
}

static void declare_helpers(lower_module_t *M)
{
    LLVMTypeRef p = M->ptr, i32 = M->i32, i64 = M->i64, v = M->void_;
    struct { const char *name; LLVMTypeRef ret; LLVMTypeRef params[8]; unsigned n; } h[H_COUNT_] = {
        [H_TRAP] = {"wcn_trap", v, {p, i32, i64}, 3},
        [H_POLL] = {"wcn_poll", v, {p, p}, 2},
        [H_ENTER] = {"wcn_enter", v, {p, p}, 2},
        [H_CALL] = {"wcn_call", v, {p, p, p, p}, 4},
        [H_MEMORY_GROW] = {"wcn_memory_grow", i32, {p, i32}, 2},
        [H_MEMORY_FILL] = {"wcn_memory_fill", v, {p, p, i32, i32, i32}, 5},
        [H_MEMORY_COPY] = {"wcn_memory_copy", v, {p, p, i32, i32, i32}, 5},
        [H_MEMORY_INIT] = {"wcn_memory_init", v, {p, p, i32, i32, i32, i32}, 6},
        [H_DATA_DROP] = {"wcn_data_drop", v, {p, i32}, 2},
        [H_TABLE_GET] = {"wcn_table_get", i64, {p, p, i32, i32}, 4},
        [H_TABLE_SET] = {"wcn_table_set", v, {p, p, i32, i32, i64}, 5},
        [H_TABLE_GROW] = {"wcn_table_grow", i32, {p, i32, i64, i32}, 4},
        [H_TABLE_FILL] = {"wcn_table_fill", v, {p, p, i32, i32, i64, i32}, 6},
        [H_TABLE_COPY] = {"wcn_table_copy", v, {p, p, i32, i32, i32, i32, i32}, 7},
        [H_TABLE_INIT] = {"wcn_table_init", v, {p, p, i32, i32, i32, i32, i32}, 7},
        [H_ELEM_DROP] = {"wcn_elem_drop", v, {p, i32}, 2},
        [H_TIERUP] = {"wcn_tierup", i32, {p, p, i32, i32, p, i32}, 6},
    };
    for (int i = 0; i < H_COUNT_; i++) {
        M->helper_ty[i] = LLVMFunctionType(h[i].ret, h[i].params, h[i].n, 0);
        M->helper[i] = LLVMAddFunction(M->mod, h[i].name, M->helper_ty[i]);
        LLVMAddAttributeAtIndex(M->helper[i], LLVMAttributeFunctionIndex,
                                LLVMCreateEnumAttribute(M->llctx, LLVMGetEnumAttributeKindForName("nounwind", 8), 0));
    }
    unsigned noreturn = LLVMGetEnumAttributeKindForName("noreturn", 8);
    unsigned cold = LLVMGetEnumAttributeKindForName("cold", 4);
    LLVMAddAttributeAtIndex(M->helper[H_TRAP], LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(M->llctx, noreturn, 0));
    LLVMAddAttributeAtIndex(M->helper[H_TRAP], LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(M->llctx, cold, 0));
    LLVMAddAttributeAtIndex(M->helper[H_POLL], LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(M->llctx, cold, 0));
    LLVMAddAttributeAtIndex(M->helper[H_ENTER], LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(M->llctx, cold, 0));
    LLVMAddAttributeAtIndex(M->helper[H_TIERUP], LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(M->llctx, cold, 0));
}

static void setup_module(lower_module_t *M, const bin_module_t *bin)
{
    M->bin = bin;
    M->llctx = LLVMContextCreate();
    M->mod = LLVMModuleCreateWithNameInContext("wasm", M->llctx);
    M->i1 = LLVMInt1TypeInContext(M->llctx);
    M->i8 = LLVMInt8TypeInContext(M->llctx);
    M->i16 = LLVMInt16TypeInContext(M->llctx);
    M->i32 = LLVMInt32TypeInContext(M->llctx);
    M->i64 = LLVMInt64TypeInContext(M->llctx);
    M->f32 = LLVMFloatTypeInContext(M->llctx);
    M->f64 = LLVMDoubleTypeInContext(M->llctx);
    M->ptr = LLVMPointerTypeInContext(M->llctx, 0);
    M->void_ = LLVMVoidTypeInContext(M->llctx);
    M->v128 = LLVMVectorType(M->i64, 2);
    M->md_invariant = LLVMGetMDKindIDInContext(M->llctx, "invariant.load", 14);
    M->md_tbaa = LLVMGetMDKindIDInContext(M->llctx, "tbaa", 4);
    M->md_prof = LLVMGetMDKindIDInContext(M->llctx, "prof", 4);
    M->empty_md = LLVMMetadataAsValue(M->llctx, LLVMMDNodeInContext2(M->llctx, NULL, 0));
    LLVMValueRef w[3] = {md_string(M->llctx, "branch_weights"), LLVMConstInt(M->i32, 1, 0),
                         LLVMConstInt(M->i32, 100000, 0)};
    M->unlikely_md = md_node(M->llctx, w, 3);
    LLVMValueRef rv[1] = {md_string(M->llctx, "wasmcell")};
    LLVMValueRef root = md_node(M->llctx, rv, 1);
    M->tbaa_mem = tbaa_tag(M, root, "linear memory");
    M->tbaa_vm = tbaa_tag(M, root, "runtime");
    M->tbaa_global = tbaa_tag(M, root, "global");
    declare_helpers(M);
}

static void add_fn_attrs(lower_module_t *M, LLVMValueRef fn, const char *tune_cpu)
{
    LLVMAttributeRef fp = LLVMCreateStringAttribute(M->llctx, "frame-pointer", 13, "all", 3);
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, fp);
    /* wasm calls are not tail calls: unbounded recursion must exhaust the
     * stack (and trap), and every frame must show in backtraces */
    LLVMAttributeRef nt = LLVMCreateStringAttribute(M->llctx, "disable-tail-calls", 18, "true", 4);
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, nt);
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(M->llctx, LLVMGetEnumAttributeKindForName("nounwind", 8), 0));
    if (tune_cpu && *tune_cpu) {
        LLVMAttributeRef t = LLVMCreateStringAttribute(M->llctx, "tune-cpu", 8, tune_cpu,
                                                       (unsigned)strlen(tune_cpu));
        LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, t);
    }
    /* experiments: WASMCELL_LLVM_FNATTRS="key=value,key=value" adds string
     * attributes to every function (e.g. prefer-vector-width=256) */
    const char *extra = getenv("WASMCELL_LLVM_FNATTRS");
    while (extra && *extra) {
        const char *end = strchr(extra, ',');
        size_t len = end ? (size_t)(end - extra) : strlen(extra);
        const char *eq = memchr(extra, '=', len);
        if (eq) {
            LLVMAttributeRef a = LLVMCreateStringAttribute(
                M->llctx, extra, (unsigned)(eq - extra), eq + 1, (unsigned)(len - (size_t)(eq - extra) - 1));
            LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, a);
        }
        extra = end ? end + 1 : NULL;
    }
}

/* ---- target and emission -------------------------------------------------- */

static LLVMTargetMachineRef make_target_machine(bool generic_cpu, uint32_t opt_level, char **triple,
                                                char **cpu, char **features, char **tune, char *err,
                                                size_t errlen)
{
    const char *host_triple = native_host_triple();
    if (!host_triple) {
        snprintf(err, errlen, "no native code support on this platform");
        return NULL;
    }
    LLVMTargetRef target;
    char *msg = NULL;
    if (LLVMGetTargetFromTriple(host_triple, &target, &msg)) {
        snprintf(err, errlen, "LLVM target %s: %s", host_triple, msg ? msg : "?");
        LLVMDisposeMessage(msg);
        return NULL;
    }
    /* The CPU stays the baseline "x86-64" and the features are exactly the
     * ones artifact.c can check with cpuid, so an artifact never needs a
     * feature that a CPU name implied silently. Tuning follows the host. */
    char fbuf[2048] = "";
    if (!generic_cpu && !native_cpu_host_features(fbuf, sizeof fbuf)) fbuf[0] = 0;
    char *host_cpu = LLVMGetHostCPUName();
    *tune = dup_str(generic_cpu ? "generic" : host_cpu);
    LLVMDisposeMessage(host_cpu);
    *triple = dup_str(host_triple);
    *cpu = dup_str("x86-64");
    *features = dup_str(fbuf);
    if (!*triple || !*cpu || !*features || !*tune) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    LLVMCodeGenOptLevel level = opt_level == WASMCELL_OPT_NONE ? LLVMCodeGenLevelNone
                                : opt_level == 1               ? LLVMCodeGenLevelLess
                                : opt_level == 3               ? LLVMCodeGenLevelAggressive
                                                               : LLVMCodeGenLevelDefault;
    LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, host_triple, *cpu, *features, level,
                                                      LLVMRelocPIC, LLVMCodeModelSmall);
    if (!tm) snprintf(err, errlen, "LLVM: cannot create a target machine for %s", host_triple);
    return tm;
}

static void compiled_free(native_compiled_t *c)
{
    base_free(c->obj);
    base_free(c->triple);
    base_free(c->cpu);
    base_free(c->features);
    memset(c, 0, sizeof *c);
}

/* per compiling thread: where fail() writes */
static __thread char *fail_buf;
static __thread size_t fail_len;
static bool fail(const char *msg)
{
    snprintf(fail_buf, fail_len, "%s", msg);
    return false;
}

/* Does def_idx call itself directly? */
static bool calls_itself(const bin_module_t *bin, uint32_t def_idx)
{
    const bin_func_t *fd = &bin->funcs[def_idx];
    bin_instr_reader_t ir;
    bin_instr_reader_init(&ir, bin->bytes, fd->body, fd->body_size);
    base_diag_t diag;
    memset(&diag, 0, sizeof diag);
    bin_instr_t in;
    bool found = false;
    while (!found && ir.r.pos < ir.r.end) {
        if (*ir.r.pos == 0x05 || *ir.r.pos == 0x0B) { /* else, end */
            ir.r.pos++;
            continue;
        }
        if (!bin_read_instr(&ir, &in, &diag)) break;
        found = in.op == OP_CALL && in.imm.idx == def_idx + bin->nfunc_imports;
    }
    bin_instr_reader_fini(&ir); /* br_table's label buffer */
    return found;
}

/* At levels 1 to 3, a function of at most this much wasm that calls
 * itself gets a copy its self-calls go to, inlined: recursion unrolled
 * one level, as gcc -O2 does (fib: half the calls and frames). */
enum { REC_COPY_MAX_BYTES = 256 };

static bool compile_module(const bin_module_t *bin, const uint8_t *select, uint32_t opt_level,
                           bool generic_cpu, uint32_t flags, native_compiled_t *out);

extern __thread const native_plugin_host_t *native_plugin_host;

/* The struct layout this plugin's code assumes (native_plugin.c checks it). */
__attribute__((visibility("default"))) uint32_t wasmcell_llvm_layout(void);
uint32_t wasmcell_llvm_layout(void)
{
    return native_layout_fingerprint();
}

/* The plugin's compile entry (native.h); threads may compile concurrently. */
__attribute__((visibility("default"))) bool wasmcell_llvm_compile_v3(
    const native_plugin_host_t *host, const bin_module_t *bin, const uint8_t *select,
    uint32_t opt_level, bool generic_cpu, uint32_t flags, native_compiled_t *out, char *err,
    size_t errlen);
bool wasmcell_llvm_compile_v3(const native_plugin_host_t *host, const bin_module_t *bin,
                              const uint8_t *select, uint32_t opt_level, bool generic_cpu,
                              uint32_t flags, native_compiled_t *out, char *err, size_t errlen)
{
    native_plugin_host = host;
    fail_buf = err;
    fail_len = errlen;
    return compile_module(bin, select, opt_level, generic_cpu, flags, out);
}

/* Does the body hold a loop instruction? (OSR entries only for those.) */
static bool has_loop(const bin_module_t *bin, uint32_t def_idx)
{
    const bin_func_t *fd = &bin->funcs[def_idx];
    for (size_t i = 0; i < fd->body_size; i++)
        if (fd->body[i] == 0x03) return true; /* may be an immediate byte: then a wasted try */
    return false;
}

static bool compile_module(const bin_module_t *bin, const uint8_t *select, uint32_t opt_level,
                           bool generic_cpu, uint32_t flags, native_compiled_t *out)
{
    memset(out, 0, sizeof *out);
    pthread_once(&init_once, init_llvm);
    if (!init_ok) return fail("native tier: no LLVM target for this host");

    char errbuf[256] = "";
    char *tune = NULL;
    LLVMTargetMachineRef tm = make_target_machine(generic_cpu, opt_level, &out->triple, &out->cpu,
                                                  &out->features, &tune, errbuf, sizeof errbuf);
    if (!tm) {
        base_free(tune);
        compiled_free(out);
        return fail(errbuf);
    }

    lower_module_t M;
    memset(&M, 0, sizeof M);
    setup_module(&M, bin);
    M.metered = (flags & NATIVE_COMPILE_METERED) != 0;
    M.tierup = (flags & NATIVE_COMPILE_TIERUP) && !M.metered && opt_level == WASMCELL_OPT_NONE;
    M.checked = (flags & NATIVE_COMPILE_CHECKED) != 0;
    M.ssse3 = strstr(out->features, "+ssse3") != NULL;
    const char *nt = getenv("WASMCELL_NO_CALL_THUNKS");
    M.call_thunks = opt_level == WASMCELL_OPT_NONE && !(nt && *nt && *nt != '0');
    LLVMSetTarget(M.mod, out->triple);
    LLVMTargetDataRef dl = LLVMCreateTargetDataLayout(tm);
    LLVMSetModuleDataLayout(M.mod, dl);

    uint32_t ndefs = bin->nfuncs - bin->nfunc_imports;
    M.funcs = base_calloc(ndefs ? ndefs : 1, sizeof *M.funcs);
    LLVMValueRef *slots = base_calloc(ndefs ? ndefs : 1, sizeof *slots);
    uint8_t *lowered = base_calloc(ndefs ? ndefs : 1, 1);
    bool ok = M.funcs && slots && lowered;
    /* which functions: those selected and lowerable */
    uint8_t *has_tail = base_calloc(ndefs ? ndefs : 1, 1);
    ok = ok && has_tail;
    /* WASMCELL_NATIVE_DECLINE=odd (tests): functions with an odd defined
     * index are never compiled, so that every call between two functions
     * crosses from LLVM's code to the JIT's or the interpreter's and back */
    const char *decline = getenv("WASMCELL_NATIVE_DECLINE");
    bool decline_odd = decline && strcmp(decline, "odd") == 0;
    for (uint32_t i = 0; ok && i < ndefs; i++) {
        lowered[i] = (!select || select[i]) && func_lowerable(bin, i) && !(decline_odd && (i & 1));
        has_tail[i] = lowered[i] && tail_calls_unlowered(bin, i, NULL);
    }
    /* a tail call's target must be in this compile too, and may itself be
     * dropped for its own tail calls: repeat until nothing changes */
    for (bool changed = true; ok && changed;) {
        changed = false;
        for (uint32_t i = 0; i < ndefs; i++)
            if (lowered[i] && has_tail[i] && tail_calls_unlowered(bin, i, lowered)) {
                lowered[i] = 0;
                changed = true;
            }
    }
    /* tailcc bodies: every function with a tail call that changes
     * prototype, and everything tail calls from those reach */
    uint8_t *tc = ok ? base_calloc(ndefs ? ndefs : 1, 1) : NULL;
    ok = ok && tc;
    for (uint32_t i = 0; ok && i < ndefs; i++)
        if (lowered[i] && has_tail[i] && mark_tail_targets(bin, i, NULL, true)) tc[i] = 1;
    for (bool changed = true; ok && changed;) {
        changed = false;
        for (uint32_t i = 0; i < ndefs; i++)
            if (tc[i] && has_tail[i] && mark_tail_targets(bin, i, tc, false)) changed = true;
    }
    /* OSR-only functions have no f<i> for a tail call to jump to: none in
     * a compile with tail calls (C programs rarely have any) */
    bool any_tail = false;
    for (uint32_t i = 0; ok && i < ndefs; i++) any_tail |= lowered[i] && has_tail[i];
    base_free(has_tail);
    uint8_t *osr_only = ok ? base_calloc(ndefs ? ndefs : 1, 1) : NULL;
    ok = ok && osr_only;
    for (uint32_t i = 0; ok && i < ndefs; i++)
        osr_only[i] = lowered[i] && !any_tail && select && (flags & NATIVE_COMPILE_OSR) &&
                      (select[i] & (NATIVE_SELECT_OSR | NATIVE_SELECT_OSR_ONLY)) ==
                          (NATIVE_SELECT_OSR | NATIVE_SELECT_OSR_ONLY) &&
                      has_loop(bin, i);
    /* Level 0: a function that gets an OSR entry is lowered once, as that
     * entry, and f<i> calls it at its start (lower_osr_wrapper): without
     * SROA both variants keep everything in stack slots, so the code is as
     * fast, and Lua's and SQLite's interpreter loops were lowered and
     * compiled twice. The wrapper's frame of slots stays small. */
    uint8_t *merged = ok ? base_calloc(ndefs ? ndefs : 1, 1) : NULL;
    /* only big functions: each call of the wrapper zeroes and fills a
     * frame that o<i> reads back (hashmap's 8.5 KB printf_core, called
     * 1.2 M times: 0.77 -> 0.98 s cold when merged, before the OSR
     * variant's homes were written lazily) */
    enum { MERGE_MIN_BYTES = 16u << 10 };
    ok = ok && merged;
    /* WASMCELL_OSR_MERGED: 0 never; "all" every function with a loop at
     * every level, in every compile (tests run the spec suites through the
     * OSR variant that way) */
    const char *merge_env = getenv("WASMCELL_OSR_MERGED");
    bool merge_all = merge_env && strcmp(merge_env, "all") == 0;
    bool merge = !any_tail && !(merge_env && strcmp(merge_env, "0") == 0) &&
                 (merge_all || (opt_level == WASMCELL_OPT_NONE && (flags & NATIVE_COMPILE_OSR)));
    for (uint32_t i = 0; ok && merge && i < ndefs; i++) {
        const bin_func_t *fd = &bin->funcs[i];
        const bin_functype_t *ft = &bin->types[fd->type_idx];
        uint64_t nslots = (uint64_t)ft->nparams + ft->nresults + fd->nlocals;
        merged[i] = lowered[i] && !osr_only[i] && has_loop(bin, i) && nslots <= 512 &&
                    (merge_all || ((!select || (select[i] & NATIVE_SELECT_OSR)) &&
                                   fd->body_size >= MERGE_MIN_BYTES));
    }
    char name[32];
    for (uint32_t i = 0; ok && i < ndefs; i++) {
        if (!lowered[i] || osr_only[i]) continue;
        LLVMTypeRef fty = lower_fn_type(&M, &bin->types[bin->funcs[i].type_idx]);
        if (!fty) { ok = false; break; }
        snprintf(name, sizeof name, NATIVE_TYPED_PREFIX "%u", i);
        M.funcs[i] = LLVMAddFunction(M.mod, name, fty);
        LLVMSetVisibility(M.funcs[i], LLVMHiddenVisibility);
        add_fn_attrs(&M, M.funcs[i], tune);
        if (tc[i]) {
            if (!M.tfuncs && !(M.tfuncs = base_calloc(ndefs, sizeof *M.tfuncs))) { ok = false; break; }
            snprintf(name, sizeof name, NATIVE_TAILCC_PREFIX "%u", i);
            M.tfuncs[i] = LLVMAddFunction(M.mod, name, fty);
            LLVMSetFunctionCallConv(M.tfuncs[i], LOWER_TAILCC);
            LLVMSetVisibility(M.tfuncs[i], LLVMHiddenVisibility);
            add_fn_attrs(&M, M.tfuncs[i], tune);
        }
        unsigned lvl = opt_level == WASMCELL_OPT_NONE ? 0 : opt_level ? opt_level : 2;
        if (lvl >= 1 && !tc[i] && !merged[i] && bin->funcs[i].body_size <= REC_COPY_MAX_BYTES &&
            !getenv("WASMCELL_NO_REC_COPY") && calls_itself(bin, i)) {
            if (!M.rec && !(M.rec = base_calloc(ndefs, sizeof *M.rec))) { ok = false; break; }
            snprintf(name, sizeof name, "r%u", i);
            M.rec[i] = LLVMAddFunction(M.mod, name, fty);
            LLVMSetLinkage(M.rec[i], LLVMInternalLinkage);
            add_fn_attrs(&M, M.rec[i], tune);
            LLVMAddAttributeAtIndex(M.rec[i], LLVMAttributeFunctionIndex,
                                    LLVMCreateEnumAttribute(M.llctx, LLVMGetEnumAttributeKindForName("alwaysinline", 12), 0));
        }
        LLVMTypeRef sp[3] = {M.ptr, M.ptr, M.ptr};
        snprintf(name, sizeof name, NATIVE_SLOTS_PREFIX "%u", i);
        slots[i] = LLVMAddFunction(M.mod, name, LLVMFunctionType(M.void_, sp, 3, 0));
        LLVMSetVisibility(slots[i], LLVMHiddenVisibility);
        add_fn_attrs(&M, slots[i], tune);
    }
    char ferr[200] = "";
    uint32_t failed_idx = 0;
    const char *phase_dbg = getenv("WASMCELL_NATIVE_DEBUG");
    bool phases = phase_dbg && strcmp(phase_dbg, "2") == 0;
    struct timespec ph0, ph1, ph2, ph3;
    clock_gettime(CLOCK_MONOTONIC, &ph0);
    for (uint32_t i = 0; ok && i < ndefs; i++) {
        if (!M.funcs[i] && !osr_only[i]) continue;
        if (merged[i]) {
            LLVMTypeRef op[4] = {M.ptr, M.ptr, M.ptr, M.i32};
            snprintf(name, sizeof name, NATIVE_OSR_PREFIX "%u", i);
            LLVMValueRef o = LLVMAddFunction(M.mod, name, LLVMFunctionType(M.i32, op, 4, 0));
            LLVMSetVisibility(o, LLVMHiddenVisibility);
            add_fn_attrs(&M, o, tune);
            uint32_t nloops = 0;
            if (!lower_osr_function(&M, i, o, true, &nloops, ferr, sizeof ferr) ||
                !lower_osr_wrapper(&M, i, o)) {
                failed_idx = i;
                ok = false;
                break;
            }
            lower_slots_entry(&M, i, slots[i]);
            out->ncompiled++;
            if (phases)
                fprintf(stderr, "wasmcell: LLVM: function %u lowered once, as its OSR entry\n",
                        i + bin->nfunc_imports);
            continue;
        }
        if (M.funcs[i] && (!lower_function(&M, i, ferr, sizeof ferr) ||
                           (M.rec && M.rec[i] && !lower_function_copy(&M, i, M.rec[i], ferr, sizeof ferr)))) {
            failed_idx = i;
            ok = false;
            break;
        }
        if (M.funcs[i]) {
            lower_slots_entry(&M, i, slots[i]);
            out->ncompiled++;
        }
        if ((flags & NATIVE_COMPILE_OSR) && (!select || (select[i] & NATIVE_SELECT_OSR)) &&
            has_loop(bin, i)) {
            LLVMTypeRef op[4] = {M.ptr, M.ptr, M.ptr, M.i32};
            snprintf(name, sizeof name, NATIVE_OSR_PREFIX "%u", i);
            LLVMValueRef o = LLVMAddFunction(M.mod, name, LLVMFunctionType(M.i32, op, 4, 0));
            LLVMSetVisibility(o, LLVMHiddenVisibility);
            add_fn_attrs(&M, o, tune);
            uint32_t nloops = 0;
            if (!lower_osr_function(&M, i, o, false, &nloops, ferr, sizeof ferr)) {
                failed_idx = i;
                ok = false;
                break;
            }
            if (nloops == 0) LLVMDeleteFunction(o);
        }
    }
    if (!ok && ferr[0]) {
        snprintf(errbuf, sizeof errbuf, "native tier: function %u: %s",
                 failed_idx + bin->nfunc_imports, ferr);
    } else if (!ok) {
        snprintf(errbuf, sizeof errbuf, "native tier: out of memory");
    }

    char *msg = NULL;
    if (ok && LLVMVerifyModule(M.mod, LLVMReturnStatusAction, &msg)) {
        snprintf(errbuf, sizeof errbuf, "native tier: internal error: invalid IR: %.200s",
                 msg ? msg : "?");
        if (getenv("WASMCELL_DUMP_IR")) LLVMDumpModule(M.mod);
        ok = false;
    }
    LLVMDisposeMessage(msg);
    msg = NULL;

    clock_gettime(CLOCK_MONOTONIC, &ph1);
    if (ok) {
        char pipeline[256];
        unsigned lvl = opt_level == WASMCELL_OPT_NONE ? 0 : opt_level ? opt_level : 2;
        /* The wasm was optimised by its own compiler already: level 1
         * only inlines the recursion copies (REC_COPY_MAX_BYTES), rebuilds
         * SSA and cleans up what the lowering adds (measured
         * on Lua: -O1's full pipeline cost 3 s more for the same run
         * time); 2 and 3 run LLVM's standard pipelines. Level 0 (tier
         * auto's big hot sets) leaves locals in stack slots: SROA's SSA
         * construction was a quarter of the compile time of SQLite's hot
         * set, and FastISel code runs as fast on them (docs/native.md,
         * Opt levels). */
        if (lvl == 0) snprintf(pipeline, sizeof pipeline, "function(simplifycfg)");
        else if (lvl == 1)
            snprintf(pipeline, sizeof pipeline,
                     "always-inline,function(sroa,early-cse,instcombine<no-verify-fixpoint>,simplifycfg,gvn)");
        else snprintf(pipeline, sizeof pipeline, "default<O%u>", lvl);
        const char *exp = getenv("WASMCELL_LLVM_PIPELINE"); /* experiments: docs/native.md */
        if (exp && *exp) snprintf(pipeline, sizeof pipeline, "%s", exp);
        LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
        LLVMErrorRef e = LLVMRunPasses(M.mod, pipeline, tm, po);
        LLVMDisposePassBuilderOptions(po);
        if (e) {
            char *em = LLVMGetErrorMessage(e);
            snprintf(errbuf, sizeof errbuf, "native tier: LLVM passes: %.200s", em);
            LLVMDisposeErrorMessage(em);
            ok = false;
        }
    }
    if (ok && getenv("WASMCELL_DUMP_IR")) LLVMDumpModule(M.mod);
    clock_gettime(CLOCK_MONOTONIC, &ph2);
    LLVMMemoryBufferRef buf = NULL;
    if (ok && LLVMTargetMachineEmitToMemoryBuffer(tm, M.mod, LLVMObjectFile, &msg, &buf)) {
        snprintf(errbuf, sizeof errbuf, "native tier: LLVM codegen: %.200s", msg ? msg : "?");
        LLVMDisposeMessage(msg);
        ok = false;
    }
    clock_gettime(CLOCK_MONOTONIC, &ph3);
    if (phases)
        fprintf(stderr, "wasmcell: LLVM: lowering %.3f s, IR passes %.3f s, codegen %.3f s\n",
                (double)(ph1.tv_sec - ph0.tv_sec) + (ph1.tv_nsec - ph0.tv_nsec) / 1e9,
                (double)(ph2.tv_sec - ph1.tv_sec) + (ph2.tv_nsec - ph1.tv_nsec) / 1e9,
                (double)(ph3.tv_sec - ph2.tv_sec) + (ph3.tv_nsec - ph2.tv_nsec) / 1e9);
    if (ok) {
        out->size = LLVMGetBufferSize(buf);
        out->obj = base_malloc(out->size ? out->size : 1);
        if (out->obj) memcpy(out->obj, LLVMGetBufferStart(buf), out->size);
        else ok = false;
        const char *dump = getenv("WASMCELL_DUMP_OBJ"); /* debugging: objdump -d it */
        FILE *f = dump && out->obj ? fopen(dump, "wb") : NULL;
        if (f) {
            fwrite(out->obj, 1, out->size, f);
            fclose(f);
        }
        LLVMDisposeMemoryBuffer(buf);
    }
    base_free(lowered);
    base_free(osr_only);
    base_free(merged);
    base_free(tc);
    base_free(slots);
    base_free(M.funcs);
    base_free(M.tfuncs);
    base_free(M.rec);
    base_free(M.thunks);
    base_free(tune);
    LLVMDisposeModule(M.mod);
    LLVMContextDispose(M.llctx);
    LLVMDisposeTargetData(dl);
    LLVMDisposeTargetMachine(tm);
    if (!ok) {
        compiled_free(out);
        return fail(errbuf[0] ? errbuf : "native tier: out of memory");
    }
    return true;
}
