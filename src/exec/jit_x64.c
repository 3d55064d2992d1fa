/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* jit_x64.c — the baseline JIT for x86-64 (jit.h): one pass over a
 * function's internal code, each instruction a fixed template over the
 * frame's slots, with the most used slots pinned in registers. It removes
 * the interpreter's dispatch and operand decoding; LLVM's code (tier
 * auto) replaces it later.
 *
 * Register use, fixed for the whole function:
 *   rbx  the frame (slots; the interpreter's layout)
 *   r12  the execution context          r13  the instance
 *   r14  memory 0's base (guarded: it never moves)
 *   r15, r8, r9, r10, rsi, rdi  pinned slots (choose_pins), when the function has them
 * rax, rcx, rdx, r11, xmm0 and xmm1 are scratch, and rsi and rdi where
 * calls and helpers take their arguments (pins stored). Frames keep
 * rbp, so traps walk them like LLVM's (exec_native_collect).
 *
 * Two entries per function: the slots entry (native_slots: ctx, inst,
 * args), which puts the frame at ctx->stack_top, and the loop entry
 * (ctx, inst, fp, address of a loop header), for on-stack replacement
 * from the interpreter on its own frame. Budget accounting (fuel,
 * interrupts, sampling) is the interpreter's: one event per call and per
 * loop back-edge.
 *
 * ctx->stack_top (where a callee that is not JIT code of this instance
 * puts its frame) is written only where JIT code leaves JIT code: before
 * calls through slots entries, the slow call path and polls (sync_top).
 * Calls between JIT functions neither save nor restore it; the slots and
 * loop entries restore what their caller had. */
#include "jit.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../base/alloc.h"
#include "../compile/code_offsets.h"
#include "../compile/compile.h"
#include "../compile/icode.h"
#include "exec.h"
#include "exec_native.h"
#include "jit_runtime.h"

jit_mode_t exec_jit_mode(void)
{
    static atomic_int mode = -1;
    int m = atomic_load_explicit(&mode, memory_order_relaxed);
    if (m < 0) {
        const char *e = getenv("WASMCELL_JIT");
        m = !e || !*e ? JIT_HOT : strcmp(e, "all") == 0 ? JIT_ALL
            : strcmp(e, "0") == 0 || strcmp(e, "off") == 0 ? JIT_OFF : JIT_HOT;
        atomic_store_explicit(&mode, m, memory_order_relaxed);
    }
    return (jit_mode_t)m;
}

#if defined(__x86_64__) && defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>

/* ---- per-module code ------------------------------------------------------ */

typedef struct jit_fn {
    uint8_t *start;
    uint32_t size;
    uint32_t func_idx;
    void *slots;                 /* native_slots entry */
    void *typed;                 /* native_typed entry (typed_entry), or NULL */
    void *fast;                  /* jit_fast entry: calls from JIT code of the same instance */
    void *loop_entry;            /* int (ctx, inst, fp, target) */
    const cmp_func_t *code;
    uint32_t nloops;
    uint32_t *loop_off;          /* per code->loops pair: offset of its header in the code */
    /* where each instruction's code starts (ascending) and its code word,
     * for exact backtraces; the body ends at body_end */
    uint32_t nins, body_start, body_end;
    uint32_t *ins_off, *ins_word;
    uint32_t glue_ret[3];        /* the entries' calls of the body: not frames of the program */
} jit_fn_t;

#define DECLINED ((jit_fn_t *)1)
#define ARENA_BYTES ((size_t)64 << 20)

typedef struct jit_module {
    pthread_mutex_t lock;
    uint32_t ndefs;
    _Atomic(jit_fn_t *) *fns;
    uint8_t *arena;              /* reserved ARENA_BYTES, filled page by page */
    size_t used;
    int reg;                     /* registry slot, -1 when none */
    const bin_module_t *bin;
    jit_fn_t **order;            /* by address, for backtraces */
    uint32_t norder, caporder;
    bool profile;                /* write inst->jit_now (tier auto's time profile) */
} jit_module_t;

/* Registry of arenas, for the signal handlers and backtraces: slots are
 * written under reg_lock; readers take the atomics as they are (an arena
 * is registered before its code runs and unregistered after it can't). */
enum { REG_SLOTS = 1024 };
static struct {
    atomic_uintptr_t start, end;
    _Atomic(jit_module_t *) jm;
} registry[REG_SLOTS];
static atomic_int reg_high;
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;

bool exec_jit_is_code(uintptr_t pc)
{
    int n = atomic_load_explicit(&reg_high, memory_order_acquire);
    for (int i = 0; i < n; i++) {
        uintptr_t s = atomic_load_explicit(&registry[i].start, memory_order_relaxed);
        if (s && pc >= s && pc < atomic_load_explicit(&registry[i].end, memory_order_relaxed)) return true;
    }
    return false;
}

/* The module offset of the instruction whose code holds code offset off. */
static uint32_t wasm_offset_at(const jit_fn_t *fn, uint32_t off)
{
    if (off < fn->body_start || off >= fn->body_end || !fn->nins) return 0;
    uint32_t lo = 0, hi = fn->nins;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (fn->ins_off[mid] <= off) lo = mid + 1;
        else hi = mid;
    }
    return lo ? cmp_func_code_offset(fn->code, fn->ins_word[lo - 1]) : 0;
}

bool exec_jit_func_at(uintptr_t pc, const bin_module_t **bin, uint32_t *func_idx, uint32_t *offset)
{
    bool found = false;
    pthread_mutex_lock(&reg_lock);
    int n = atomic_load(&reg_high);
    for (int i = 0; i < n && !found; i++) {
        jit_module_t *jm = atomic_load(&registry[i].jm);
        uintptr_t s = atomic_load(&registry[i].start);
        if (!jm || pc < s || pc >= atomic_load(&registry[i].end)) continue;
        pthread_mutex_lock(&jm->lock);
        uint32_t lo = 0, hi = jm->norder;
        while (lo < hi) {
            uint32_t mid = (lo + hi) / 2;
            if ((uintptr_t)jm->order[mid]->start <= pc) lo = mid + 1;
            else hi = mid;
        }
        if (lo > 0) {
            jit_fn_t *fn = jm->order[lo - 1];
            uint32_t off = (uint32_t)(pc - (uintptr_t)fn->start);
            /* pc is a return address less 1: the glue around a frame of
             * the same function is no frame of its own */
            bool glue = off + 1 == fn->glue_ret[0] || off + 1 == fn->glue_ret[1] || off + 1 == fn->glue_ret[2];
            if (pc < (uintptr_t)fn->start + fn->size && !glue) {
                *bin = jm->bin;
                *func_idx = fn->func_idx;
                *offset = wasm_offset_at(fn, (uint32_t)(pc - (uintptr_t)fn->start));
                found = true;
            }
        }
        pthread_mutex_unlock(&jm->lock);
    }
    pthread_mutex_unlock(&reg_lock);
    return found;
}

/* A module that could not get an arena (address space, or 1024 modules
 * with JIT code alive at once): it stays interpreted without asking again. */
static jit_module_t no_jit;

static jit_module_t *module_jit(wasmcell_module_t *m)
{
    jit_module_t *jm = atomic_load_explicit(&m->jit, memory_order_acquire);
    if (jm) return jm;
    jm = base_calloc(1, sizeof *jm);
    if (!jm) return NULL;
    jm->ndefs = m->bin->nfuncs - m->bin->nfunc_imports;
    jm->fns = base_calloc(jm->ndefs ? jm->ndefs : 1, sizeof *jm->fns);
    jm->bin = m->bin;
    jm->reg = -1;
    /* WASMCELL_NO_TIME_PROFILE=1: not written, not sampled (measures) */
    jm->profile = m->tier == WASMCELL_TIER_AUTO && exec_jit_mode() == JIT_HOT && !getenv("WASMCELL_NO_TIME_PROFILE");
    pthread_mutex_init(&jm->lock, NULL);
    void *a = mmap(NULL, ARENA_BYTES, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    jm->arena = a == MAP_FAILED ? NULL : a;
    if (jm->arena) {
        pthread_mutex_lock(&reg_lock);
        for (int i = 0; i < REG_SLOTS; i++) {
            if (atomic_load(&registry[i].start)) continue;
            atomic_store(&registry[i].jm, jm);
            atomic_store(&registry[i].end, (uintptr_t)jm->arena + ARENA_BYTES);
            atomic_store(&registry[i].start, (uintptr_t)jm->arena);
            if (i + 1 > atomic_load(&reg_high)) atomic_store(&reg_high, i + 1);
            jm->reg = i;
            break;
        }
        pthread_mutex_unlock(&reg_lock);
    }
    jit_module_t *expected = NULL;
    bool ok = jm->fns && jm->arena && jm->reg >= 0;
    if (!ok || !atomic_compare_exchange_strong(&m->jit, &expected, jm)) {
        /* failed, or lost the race: free ours */
        wasmcell_module_t tmp = {0};
        atomic_store(&tmp.jit, jm);
        exec_jit_module_free(&tmp);
        if (!ok) {
            jit_module_t *none = NULL;
            atomic_compare_exchange_strong(&m->jit, &none, &no_jit);
            return atomic_load(&m->jit);
        }
        return expected;
    }
    return jm;
}

void exec_jit_module_free(wasmcell_module_t *m)
{
    jit_module_t *jm = atomic_load(&m->jit);
    if (!jm || jm == &no_jit) return;
    if (jm->reg >= 0) {
        pthread_mutex_lock(&reg_lock);
        atomic_store(&registry[jm->reg].start, 0);
        atomic_store(&registry[jm->reg].end, 0);
        atomic_store(&registry[jm->reg].jm, NULL);
        pthread_mutex_unlock(&reg_lock);
    }
    for (uint32_t i = 0; jm->fns && i < jm->ndefs; i++) {
        jit_fn_t *fn = atomic_load(&jm->fns[i]);
        if (fn && fn != DECLINED) {
            base_free(fn->loop_off);
            base_free(fn->ins_off);
            base_free(fn->ins_word);
            base_free(fn);
        }
    }
    if (jm->arena) munmap(jm->arena, ARENA_BYTES);
    base_free(jm->order);
    base_free((void *)jm->fns);
    pthread_mutex_destroy(&jm->lock);
    base_free(jm);
}

/* ---- the encoder ---------------------------------------------------------- */

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };
enum { NOIDX = -1 };
/* condition codes */
enum { CC_O, CC_NO, CC_B, CC_AE, CC_E, CC_NE, CC_BE, CC_A, CC_S, CC_NS, CC_P, CC_NP, CC_L, CC_GE,
       CC_LE, CC_G };

/* FIX_LABEL, FIX_RET, FIX_RET_FRAME (return_block): a rel32; FIX_TABLE:
 * a br_table entry, the label's offset from the table's start (base) */
typedef enum { FIX_LABEL, FIX_RET, FIX_RET_FRAME, FIX_TABLE } fix_kind_t;
typedef struct fixup { uint32_t pos; uint32_t kind; uint32_t target; uint32_t base; } fixup_t;
typedef enum { STUB_TRAP, STUB_TRAP_DYN, STUB_POLL, STUB_CALL_POLL, STUB_CALL_SLOW } stub_kind_t;
typedef struct stub {
    uint32_t pos;                /* the rel32 that jumps to the stub */
    uint32_t kind;
    uint32_t a;                  /* trap kind / register holding it / target word / argbase */
    uint32_t back;               /* where the stub returns to (code offset) */
    uint32_t back2;              /* STUB_CALL_SLOW: the call through native_slots */
    uint64_t loc;
} stub_t;

/* A slot kept in a register for the whole function: r15 (callee-saved),
 * then r8-r10, rsi and rdi (caller-saved: stored before calls, loaded
 * after; rsi and rdi also carry calls' and helpers' arguments, which are
 * set up after the store). */
enum { NPIN = 6 };
typedef struct { uint32_t slot; int reg; } pin_t;

typedef struct jit {
    uint8_t *p;
    uint32_t n, cap;
    bool fail;                   /* out of memory or an op we do not translate */
    bool needs_consts;           /* something reads constant slots from the frame */
    const char *why;
    const cmp_func_t *code;
    const bin_module_t *bin;
    uint32_t def, func_idx;
    bool profile;                /* jit_module_t.profile */
    uint32_t *label;             /* per code word: its machine code offset, or UINT32_MAX */
    fixup_t *fix;
    uint32_t nfix, capfix;
    stub_t *stub;
    uint32_t nstub, capstub;
    /* The slot cache (see "the slot cache" below) */
    bool no_cache;               /* off: a branch landed where the cache was read */
    uint32_t cache_pos;          /* J->n right after the code the entries describe */
    uint32_t word;               /* the code word being translated */
    uint8_t *target;             /* per code word: a branch may land there */
    uint8_t *cached_at;          /* per code word: its code read the cache at its start */
    uint32_t ncache;
    struct { uint32_t slot; int reg; } cache[4];
    /* Pinned slots (see "pinned slots" below) */
    uint32_t npin;
    pin_t pin[NPIN];
    bool caller_pins_stored;     /* a helper's arguments are being loaded: caller-saved pins read from the frame */
    uint32_t glue_ret[3];        /* return addresses of the slots, loop and typed entries' calls of the body */
    cmp_offsets_cursor_t offsets; /* trap locations, read in translation order (loc_of) */
    /* the counting translation (choose_pins): every slot access and
     * back-edge, with the code word it is in */
    bool counting;
    struct { uint32_t word, slot; } *acc;
    uint32_t nacc, capacc;
    struct { uint32_t from, to; } *back;
    uint32_t nback, capback;
    uint32_t *calls;             /* code words of calls and helper calls */
    uint32_t ncalls, capcalls;
} jit_t;

static void grow(jit_t *J, uint32_t more)
{
    if (J->n + more <= J->cap) return;
    if ((size_t)J->n + more > ARENA_BYTES) { /* more than the arena holds: also keeps cap from wrapping */
        J->fail = true;
        J->why = "function too big";
        J->n = 0;
        return;
    }
    uint32_t cap = J->cap ? J->cap : 4096;
    while (cap < J->n + more) cap *= 2;
    uint8_t *p = base_realloc(J->p, cap);
    if (!p) {
        J->fail = true;
        J->why = "out of memory";
        J->n = 0;
        return;
    }
    J->p = p;
    J->cap = cap;
}
static void b1(jit_t *J, uint8_t v)
{
    grow(J, 1);
    if (!J->fail) J->p[J->n++] = v;
}
static void b4(jit_t *J, uint32_t v)
{
    grow(J, 4);
    if (J->fail) return;
    memcpy(J->p + J->n, &v, 4);
    J->n += 4;
}
static void b8(jit_t *J, uint64_t v)
{
    grow(J, 8);
    if (J->fail) return;
    memcpy(J->p + J->n, &v, 8);
    J->n += 8;
}
static void opcode(jit_t *J, uint32_t op)
{
    if (op > 0xFFFF) b1(J, (uint8_t)(op >> 16));
    if (op > 0xFF) b1(J, (uint8_t)(op >> 8));
    b1(J, (uint8_t)op);
}

/* [pfx] [REX] op modrm [sib] [disp]: reg field `reg`, operand
 * [base + index * scale + disp]. */
static void mem(jit_t *J, uint8_t pfx, bool w, uint32_t op, int reg, int base, int index, int scale,
                int32_t disp)
{
    if (pfx) b1(J, pfx);
    uint8_t rex = (uint8_t)(0x40 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0) | (index >= 0 && (index & 8) ? 2 : 0) |
                            ((base & 8) ? 1 : 0));
    if (rex != 0x40) b1(J, rex);
    opcode(J, op);
    int mod = disp == 0 && (base & 7) != RBP ? 0 : disp >= -128 && disp <= 127 ? 1 : 2;
    if (index >= 0 || (base & 7) == RSP) {
        b1(J, (uint8_t)(mod << 6 | (reg & 7) << 3 | 4));
        int ss = scale == 8 ? 3 : scale == 4 ? 2 : scale == 2 ? 1 : 0;
        b1(J, (uint8_t)(ss << 6 | ((index >= 0 ? index : RSP) & 7) << 3 | (base & 7)));
    } else {
        b1(J, (uint8_t)(mod << 6 | (reg & 7) << 3 | (base & 7)));
    }
    if (mod == 1) b1(J, (uint8_t)(int8_t)disp);
    else if (mod == 2) b4(J, (uint32_t)disp);
}
/* register-register form: reg field `reg`, r/m `rm` */
static void rr(jit_t *J, uint8_t pfx, bool w, uint32_t op, int reg, int rm)
{
    if (pfx) b1(J, pfx);
    uint8_t rex = (uint8_t)(0x40 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0) | ((rm & 8) ? 1 : 0));
    /* a byte operand in spl, bpl, sil or dil needs a REX prefix (without
     * one, 4-7 name ah, ch, dh, bh): movzx/movsx and setcc read or write
     * r/m's low byte, `mov r/m8, r8`, `and` and `or` both operands' */
    bool byte_rm = op == 0x0FB6 || op == 0x0FBE || (op >= 0x0F90 && op <= 0x0F9F) || op == 0x88 ||
                   op == 0x20 || op == 0x08;
    bool byte_reg = op == 0x88 || op == 0x20 || op == 0x08;
    bool low_byte = (byte_rm && rm >= RSP && rm <= RDI) || (byte_reg && reg >= RSP && reg <= RDI);
    if (rex != 0x40 || low_byte) b1(J, rex);
    opcode(J, op);
    b1(J, (uint8_t)(0xC0 | (reg & 7) << 3 | (rm & 7)));
}

#define SLOT(s) RBX, NOIDX, 0, (int32_t)((s) * 8)
static void mov_rr(jit_t *J, int dst, int src) { rr(J, 0, true, 0x89, src, dst); }
static void mov_imm(jit_t *J, int r, uint64_t v)
{
    if (v <= UINT32_MAX) {
        if (r & 8) b1(J, 0x41);
        b1(J, (uint8_t)(0xB8 + (r & 7)));
        b4(J, (uint32_t)v);
    } else if ((int64_t)(int32_t)v == (int64_t)v) {
        rr(J, 0, true, 0xC7, 0, r);     /* sign-extended imm32 */
        b4(J, (uint32_t)v);
    } else {
        b1(J, (uint8_t)(0x48 | ((r & 8) ? 1 : 0)));
        b1(J, (uint8_t)(0xB8 + (r & 7)));
        b8(J, v);
    }
}

/* Constant slots: their values are known here, so operands from them are
 * immediates and the frame's copies are never read (the slots entry
 * skips writing them unless something else reads the frame: needs_consts). */
static bool cslot(const jit_t *J, uint32_t s, uint64_t *v)
{
    const cmp_func_t *c = J->code;
    /* a result slot may be a constant's (fewer locals than results): the
     * results are written there before returning, so it is read from
     * the frame (needs_consts) */
    if (s < c->nlocal_slots || s >= c->nlocal_slots + c->nconsts || s < c->nresults) return false;
    *v = c->consts[s - c->nlocal_slots];
    return true;
}
/* ---- the slot cache ----------------------------------------------------------
 * Templates end by storing their result to a slot, and the next one often
 * starts by loading it again: through memory, that puts a store-to-load
 * forwarding (~5 cycles) on every dependency chain. The cache remembers
 * which scratch registers hold which slots right after such stores, so the
 * next reader takes the register instead. It is exact by construction:
 * it describes the machine state only at code position cache_pos, and
 * only the emitters below (which know what they clobber) move it along;
 * any other emission leaves J->n != cache_pos, which empties it. It is
 * emptied where a branch may land (target): forward targets are marked
 * as their branches are emitted, loop headers before translation; should
 * a branch still land where the cache was read (cached_at), the function
 * is translated again without it. */
static void cache_clear(jit_t *J) { J->cache_pos = UINT32_MAX; J->ncache = 0; }
static bool cache_live(const jit_t *J) { return !J->no_cache && J->n == J->cache_pos; }
/* ---- pinned slots ---------------------------------------------------------
 * The slots a function's templates touch most (weighted by loop depth:
 * choose_pins) live in registers for the whole function, so every access
 * is a register operand and no value of theirs goes through memory. Their
 * frame copies are written only where something reads the frame: before
 * calls (caller-saved registers, and arguments), polls (on-stack
 * replacement into LLVM's code reads the frame), bulk helpers (they take
 * operands from the frame) and returns (results); and loaded back after
 * (and at the loop entry, and at the fast entry for parameters). One
 * mapping for the whole function, so branch targets need nothing. */
static bool caller_saved(int r) { return r != R15; }
static int pinned(const jit_t *J, uint32_t s)
{
    for (uint32_t i = 0; i < J->npin; i++)
        if (J->pin[i].slot == s) return J->caller_pins_stored && caller_saved(J->pin[i].reg) ? -1 : J->pin[i].reg;
    return -1;
}
static bool grow_array(jit_t *J, void **a, uint32_t n, uint32_t *cap, size_t size)
{
    if (n < *cap) return true;
    uint32_t c = *cap ? 2 * *cap : 256;
    void *p = base_realloc(*a, (size_t)c * size);
    if (!p) {
        J->fail = true;
        J->why = "out of memory";
        return false;
    }
    *a = p;
    *cap = c;
    return true;
}
static void note_access(jit_t *J, uint32_t s)
{
    if (!grow_array(J, (void **)&J->acc, J->nacc, &J->capacc, sizeof *J->acc)) return;
    J->acc[J->nacc].word = J->word;
    J->acc[J->nacc++].slot = s;
}
static void note_call(jit_t *J)
{
    if (!J->counting || !grow_array(J, (void **)&J->calls, J->ncalls, &J->capcalls, sizeof *J->calls)) return;
    J->calls[J->ncalls++] = J->word;
}
static void pin_store(jit_t *J, const pin_t *p) { mem(J, 0, true, 0x89, p->reg, SLOT(p->slot)); }
static void pin_load(jit_t *J, const pin_t *p) { mem(J, 0, true, 0x8B, p->reg, SLOT(p->slot)); }
/* Around a call whose arguments start at slot argbase: what the callee
 * reads or clobbers (caller-saved registers, slots from argbase on: the
 * arguments, then the results) goes through the frame. */
static bool pin_crosses_call(const pin_t *p, uint32_t argbase) { return caller_saved(p->reg) || p->slot >= argbase; }
static void pins_before_call(jit_t *J, uint32_t argbase)
{
    for (uint32_t i = 0; i < J->npin; i++)
        if (pin_crosses_call(&J->pin[i], argbase)) pin_store(J, &J->pin[i]);
}
static void pins_after_call(jit_t *J, uint32_t argbase)
{
    for (uint32_t i = 0; i < J->npin; i++)
        if (pin_crosses_call(&J->pin[i], argbase)) pin_load(J, &J->pin[i]);
}
/* all of them: before and after the runtime reads or writes the frame */
static void pins_store_all(jit_t *J)
{
    for (uint32_t i = 0; i < J->npin; i++) pin_store(J, &J->pin[i]);
}
static void pins_load_all(jit_t *J)
{
    for (uint32_t i = 0; i < J->npin; i++) pin_load(J, &J->pin[i]);
}

/* the register holding slot s here (pinned, or in the cache), or -1 */
static int cached(jit_t *J, uint32_t s)
{
    if (J->counting) note_access(J, s);
    int p = pinned(J, s);
    if (p >= 0) return p;
    if (!cache_live(J)) return -1;
    for (uint32_t i = 0; i < J->ncache; i++)
        if (J->cache[i].slot == s) {
            if (J->cached_at) J->cached_at[J->word] = 1;
            return J->cache[i].reg;
        }
    return -1;
}
/* after an emission that was done where the cache was live (was_live) and
 * wrote only register `clobbered` (-1: none) */
static void cache_after(jit_t *J, bool was_live, int clobbered)
{
    if (!was_live) return;
    uint32_t k = 0;
    for (uint32_t i = 0; i < J->ncache; i++)
        if (J->cache[i].reg != clobbered) J->cache[k++] = J->cache[i];
    J->ncache = k;
    J->cache_pos = J->n;
}

static void ld64(jit_t *J, int r, uint32_t s)
{
    uint64_t v;
    bool live = cache_live(J);
    int c = cached(J, s);
    if (c >= 0) {
        if (c != r) mov_rr(J, r, c);
    } else if (cslot(J, s, &v)) mov_imm(J, r, v);
    else mem(J, 0, true, 0x8B, r, SLOT(s));
    cache_after(J, live, r);
}
static void ld32(jit_t *J, int r, uint32_t s)
{
    uint64_t v;
    bool live = cache_live(J);
    int c = cached(J, s);
    if (c >= 0) rr(J, 0, false, 0x8B, r, c); /* mov r32, c32: zero-extends, as the load does */
    else if (cslot(J, s, &v)) mov_imm(J, r, (uint32_t)v);
    else mem(J, 0, false, 0x8B, r, SLOT(s));
    cache_after(J, live, r);
}
static void st64(jit_t *J, uint32_t s, int r)
{
    bool live = cache_live(J);
    if (J->counting) note_access(J, s);
    int p = pinned(J, s);
    if (p >= 0) {
        if (p != r) mov_rr(J, p, r);
        cache_after(J, live, p);
        return;
    }
    mem(J, 0, true, 0x89, r, SLOT(s));
    if (J->no_cache) return;
    if (!live) J->ncache = 0;
    uint32_t k = 0;
    for (uint32_t i = 0; i < J->ncache; i++)
        if (J->cache[i].slot != s) J->cache[k++] = J->cache[i];
    J->ncache = k;
    /* rax, rcx and rdx only: their byte forms need no REX (movsx) */
    if ((r == RAX || r == RCX || r == RDX) && J->ncache < 4) J->cache[J->ncache++] = (typeof(J->cache[0])){s, r};
    J->cache_pos = J->n;
}

/* `op reg, [slot s]` for an op that only reads its r/m operand. A constant
 * operand becomes an immediate where the op has that form, else goes
 * through r11 (xmm1 when the r/m operand is an xmm register: sse). */
static void src_op(jit_t *J, uint8_t pfx, bool w, uint32_t op, int reg, uint32_t s, bool sse);
static void src(jit_t *J, uint8_t pfx, bool w, uint32_t op, int reg, uint32_t s, bool sse)
{
    bool live = cache_live(J);
    src_op(J, pfx, w, op, reg, s, sse);
    /* reg is an xmm register for SSE ops (prefixed 0F ops other than
     * movsx/movzx/cmov/imul, which take GPRs): no GPR changes then */
    bool xmm = sse || ((op >> 8) == 0x0F && pfx && op != 0x0FAF);
    cache_after(J, live, xmm ? -1 : reg);
}
static void src_op(jit_t *J, uint8_t pfx, bool w, uint32_t op, int reg, uint32_t s, bool sse)
{
    uint64_t v;
    int c = cached(J, s);
    if (c >= 0) {
        if (!sse) {
            if (op == 0x8B && c == reg && w) return;
            rr(J, pfx, w, op, reg, c);
        } else if (op == 0x0F10) {
            rr(J, 0x66, pfx == 0xF2, 0x0F6E, reg, c); /* movd/movq xmm, c */
        } else {
            rr(J, 0x66, true, 0x0F6E, 1, c);          /* movq xmm1, c */
            rr(J, pfx, w, op, reg, 1);
        }
        return;
    }
    if (!cslot(J, s, &v)) {
        mem(J, pfx, w, op, reg, SLOT(s));
        return;
    }
    if (op == 0x8B) {
        mov_imm(J, reg, w ? v : (uint32_t)v);
        return;
    }
    bool fits = !w || (int64_t)(int32_t)v == (int64_t)v;
    int ext = op == 0x03 ? 0 : op == 0x0B ? 1 : op == 0x23 ? 4 : op == 0x2B ? 5 : op == 0x33 ? 6
            : op == 0x3B ? 7 : -1;
    if (ext >= 0 && fits && !pfx) {
        int32_t imm = (int32_t)(uint32_t)v;
        if (imm >= -128 && imm <= 127) {
            rr(J, 0, w, 0x83, ext, reg);
            b1(J, (uint8_t)(int8_t)imm);
        } else {
            rr(J, 0, w, 0x81, ext, reg);
            b4(J, (uint32_t)imm);
        }
        return;
    }
    if (op == 0x0FAF && fits) {         /* imul reg, reg, imm32 */
        rr(J, 0, w, 0x69, reg, reg);
        b4(J, (uint32_t)v);
        return;
    }
    mov_imm(J, R11, v);
    if (sse) {
        rr(J, 0x66, true, 0x0F6E, 1, R11); /* movq xmm1, r11 */
        rr(J, pfx, w, op, reg, 1);
    } else {
        rr(J, pfx, w, op, reg, R11);
    }
}
/* cmp dword/qword [slot], 0 */
static void test_slot(jit_t *J, bool w, uint32_t s)
{
    uint64_t v;
    bool live = cache_live(J);
    int c = cached(J, s);
    if (c >= 0) {
        rr(J, 0, w, 0x85, c, c);
    } else if (cslot(J, s, &v)) {
        mov_imm(J, R11, w ? v : (uint32_t)v);
        rr(J, 0, true, 0x85, R11, R11);
    } else {
        mem(J, 0, w, 0x83, 7, SLOT(s));
        b1(J, 0);
    }
    cache_after(J, live, -1);
}
/* d = a op b, for an integer `op r, r/m` (add, sub, and, or, xor, imul):
 * computed in d's pinned register when it has one and b is not d (when
 * the op commutes, d = b op a is taken instead), else in rax. */
static void alu3(jit_t *J, bool w, uint32_t op, bool commutes, uint32_t d, uint32_t a, uint32_t b)
{
    int p = pinned(J, d);
    if (p >= 0 && b == d && a != d && commutes) {
        b = a;
        a = d;
    }
    if (p >= 0 && (b != d || a == d)) {
        /* a 32-bit op zero-extends its result: `mov p32, p32` first is not needed */
        if (a != d) src(J, 0, w, 0x8B, p, a, false);
        src(J, 0, w, op, p, b, false);
        return;
    }
    src(J, 0, w, 0x8B, RAX, a, false);
    src(J, 0, w, op, RAX, b, false);
    st64(J, d, RAX);
}
/* flags of `cmp a, b` (op 0x3B) or `test a, b` (0x85): a pinned register
 * is compared in place */
static void compare(jit_t *J, bool w, uint32_t op, uint32_t a, uint32_t b)
{
    int p = pinned(J, a);
    if (p < 0) {
        if (w) ld64(J, RAX, a);
        else ld32(J, RAX, a);
        p = RAX;
    }
    src(J, 0, w, op, p, b, false);
}

/* d = xmm0's low f32 or f64 (movd/movq), into d's pinned register if any */
static void xmm_result(jit_t *J, bool dbl, uint32_t d)
{
    int p = pinned(J, d);
    bool live = cache_live(J);
    rr(J, 0x66, dbl, 0x0F7E, 0, p >= 0 ? p : RAX);
    cache_after(J, live, p >= 0 ? p : RAX);
    if (p < 0) st64(J, d, RAX);
}

/* group-1 op (0 add, 1 or, 4 and, 5 sub, 6 xor, 7 cmp) of r/m with an immediate */
static void alu_mem_imm(jit_t *J, bool w, int ext, int base, int32_t disp, int32_t imm)
{
    if (imm >= -128 && imm <= 127) {
        mem(J, 0, w, 0x83, ext, base, NOIDX, 0, disp);
        b1(J, (uint8_t)(int8_t)imm);
    } else {
        mem(J, 0, w, 0x81, ext, base, NOIDX, 0, disp);
        b4(J, (uint32_t)imm);
    }
}
static void alu_reg_imm(jit_t *J, bool w, int ext, int r, int32_t imm)
{
    if (imm >= -128 && imm <= 127) {
        rr(J, 0, w, 0x83, ext, r);
        b1(J, (uint8_t)(int8_t)imm);
    } else {
        rr(J, 0, w, 0x81, ext, r);
        b4(J, (uint32_t)imm);
    }
}
static void call_abs(jit_t *J, const void *fn)
{
    mov_imm(J, RAX, (uint64_t)(uintptr_t)fn);
    rr(J, 0, false, 0xFF, 2, RAX);
}
static void fixup_at(jit_t *J, uint32_t pos, fix_kind_t kind, uint32_t target, uint32_t base)
{
    if (J->nfix == J->capfix) {
        uint32_t cap = J->capfix ? 2 * J->capfix : 256;
        fixup_t *f = base_realloc(J->fix, cap * sizeof *f);
        if (!f) {
            J->fail = true;
            J->why = "out of memory";
            return;
        }
        J->fix = f;
        J->capfix = cap;
    }
    J->fix[J->nfix++] = (fixup_t){pos, kind, target, base};
    if (kind != FIX_RET && kind != FIX_RET_FRAME && J->target && target < J->code->code_words)
        J->target[target] = 1;
}
static void fixup(jit_t *J, uint32_t pos, fix_kind_t kind, uint32_t target)
{
    fixup_at(J, pos, kind, target, 0);
}
/* jmp / jcc rel32 to a code word's label or the return block */
static void jmp_to(jit_t *J, fix_kind_t kind, uint32_t target)
{
    b1(J, 0xE9);
    fixup(J, J->n, kind, target);
    b4(J, 0);
}
static void jcc_to(jit_t *J, int cc, fix_kind_t kind, uint32_t target)
{
    b1(J, 0x0F);
    b1(J, (uint8_t)(0x80 + cc));
    fixup(J, J->n, kind, target);
    b4(J, 0);
}
/* jcc rel32 to an out-of-line stub */
static void jcc_stub(jit_t *J, int cc, stub_kind_t kind, uint32_t a, uint64_t loc)
{
    if (cc < 0) {
        b1(J, 0xE9);
    } else {
        b1(J, 0x0F);
        b1(J, (uint8_t)(0x80 + cc));
    }
    if (J->nstub == J->capstub) {
        uint32_t cap = J->capstub ? 2 * J->capstub : 64;
        stub_t *s = base_realloc(J->stub, cap * sizeof *s);
        if (!s) {
            J->fail = true;
            J->why = "out of memory";
            return;
        }
        J->stub = s;
        J->capstub = cap;
    }
    J->stub[J->nstub++] = (stub_t){J->n, kind, a, J->n + 4, 0, loc};
    b4(J, 0);
}
/* a short forward jcc/jmp, patched by land() */
static uint32_t jshort(jit_t *J, int cc)
{
    if (cc < 0) b1(J, 0xEB);
    else b1(J, (uint8_t)(0x70 + cc));
    b1(J, 0);
    return J->n;
}
static void land(jit_t *J, uint32_t after)
{
    if (J->fail) return;
    int32_t d = (int32_t)(J->n - after);
    if (d > 127) {
        J->fail = true;
        J->why = "internal: short jump too far";
        return;
    }
    J->p[after - 1] = (uint8_t)d;
}

/* ---- templates ------------------------------------------------------------- */

/* a trap's location (func_idx << 32 | wasm offset); the counting
 * translation (choose_pins) keeps no table: 0 */
static uint64_t loc_of(jit_t *J, uint32_t word)
{
    return (uint64_t)J->func_idx << 32 | cmp_offsets_cursor_lookup(&J->offsets, word);
}
static void trap_if(jit_t *J, int cc, wasmcell_trap_kind_t kind, uint32_t word)
{
    jcc_stub(J, cc, STUB_TRAP, kind, loc_of(J, word));
}
/* One budget event; when it runs out, poll (the stub returns here). */
static void budget_event_loop(jit_t *J, uint32_t target, uint64_t loc)
{
    alu_mem_imm(J, true, 5, R12, (int32_t)offsetof(exec_ctx_t, budget), 1);
    jcc_stub(J, CC_S, STUB_POLL, target, loc);
}
/* A branch to code word t from the instruction at w; a back-edge counts an
 * event, and polls. */
static void note_back_edge(jit_t *J, uint32_t w, uint32_t t)
{
    if (!J->counting || !grow_array(J, (void **)&J->back, J->nback, &J->capback, sizeof *J->back)) return;
    J->back[J->nback].from = w;
    J->back[J->nback++].to = t;
}
static void branch(jit_t *J, uint32_t w, uint32_t t)
{
    if (t <= w) note_back_edge(J, w, t);
    if (t <= w) budget_event_loop(J, t, loc_of(J, w));
    jmp_to(J, FIX_LABEL, t);
}
static void branch_if(jit_t *J, int cc, uint32_t w, uint32_t t)
{
    if (t > w) {
        jcc_to(J, cc, FIX_LABEL, t);
        return;
    }
    note_back_edge(J, w, t);
    uint32_t skip = jshort(J, cc ^ 1);
    budget_event_loop(J, t, loc_of(J, w));
    jmp_to(J, FIX_LABEL, t);
    land(J, skip);
}

/* ctx->stack_top = this frame's end (via rax): code other than JIT code
 * of this instance is about to run, and puts its frames there */
static void sync_top(jit_t *J)
{
    mem(J, 0, true, 0x8D, RAX, SLOT(J->code->frame_slots));
    mem(J, 0, true, 0x89, RAX, R12, NOIDX, 0, (int32_t)offsetof(exec_ctx_t, stack_top));
}

/* inst->jit_now = v (1 + a defined index, 0: not JIT code), for tier
 * auto's time profile: a store to the instance (8 bytes), no register. */
_Static_assert(offsetof(rt_instance_t, jit_now) < 128, "jit_now: a disp8 from r13");
static void now_running(jit_t *J, uint32_t v)
{
    if (!J->profile) return;
    mem(J, 0, false, 0xC7, 0, R13, NOIDX, 0, (int32_t)offsetof(rt_instance_t, jit_now));
    b4(J, v);
}

/* rdi = the callee (wasmcell_func_t *); arguments at slot argbase; the
 * call is the instruction at code word w; same_inst: the callee is known
 * to be of this instance (a direct call of a defined function).
 * A callee whose code is JIT code of this instance is entered at its fast
 * entry, on a frame that starts at the arguments (as the interpreter's
 * callee frames do: nothing above them is live across a call), so
 * nothing is copied in or out; everything else goes through its slots
 * entry, the calling convention of every tier. */
static void call_func(jit_t *J, uint32_t argbase, uint32_t w, bool same_inst, uint32_t callee_now)
{
    /* the time profile: a callee of this instance's JIT code writes
     * nothing on its fast entry, so its index goes here (callee_now); a
     * callee that is LLVM's code counts as itself too */
    now_running(J, callee_now);
    alu_mem_imm(J, true, 5, R12, (int32_t)offsetof(exec_ctx_t, budget), 1);
    jcc_stub(J, CC_S, STUB_CALL_POLL, 0, loc_of(J, w));
    mem(J, 0, true, 0x8B, RAX, RDI, NOIDX, 0, (int32_t)offsetof(wasmcell_func_t, jit_fast));
    rr(J, 0, true, 0x85, RAX, RAX);
    uint32_t generic = jshort(J, CC_E), other = 0;
    if (!same_inst) {
        mem(J, 0, true, 0x3B, R13, RDI, NOIDX, 0, (int32_t)offsetof(wasmcell_func_t, inst));
        other = jshort(J, CC_NE);
    }
    if (argbase) mem(J, 0, true, 0x8D, RBX, SLOT(argbase));
    rr(J, 0, false, 0xFF, 2, RAX);
    if (argbase) mem(J, 0, true, 0x8D, RBX, SLOT(-(int32_t)argbase));
    uint32_t done = jshort(J, -1);
    land(J, generic);
    if (!same_inst) land(J, other);
    sync_top(J);                        /* also for STUB_CALL_SLOW */
    mem(J, 0, true, 0x8B, RAX, RDI, NOIDX, 0, (int32_t)offsetof(wasmcell_func_t, native_slots));
    rr(J, 0, true, 0x85, RAX, RAX);
    jcc_stub(J, CC_E, STUB_CALL_SLOW, argbase, 0);
    if (!J->fail) J->stub[J->nstub - 1].back2 = J->n;
    mem(J, 0, true, 0x8B, RSI, RDI, NOIDX, 0, (int32_t)offsetof(wasmcell_func_t, inst));
    mov_rr(J, RDI, R12);
    mem(J, 0, true, 0x8D, RDX, SLOT(argbase));
    rr(J, 0, false, 0xFF, 2, RAX);
    /* the slow stub returns here too */
    if (!J->fail) J->stub[J->nstub - 1].back = J->n;
    land(J, done);
    now_running(J, J->def + 1);
    pins_after_call(J, argbase);
}

/* A C helper that does not touch the frame: helper_args stores the
 * caller-saved pins, and its arguments are then loaded (those slots from
 * the frame: rsi and rdi may be pins); helper_call calls and loads the
 * pins back. */
static void helper_args(jit_t *J)
{
    note_call(J);
    for (uint32_t i = 0; i < J->npin; i++)
        if (caller_saved(J->pin[i].reg)) pin_store(J, &J->pin[i]);
    J->caller_pins_stored = true;
}
static void helper_call(jit_t *J, const void *fn)
{
    J->caller_pins_stored = false;
    call_abs(J, fn);
    for (uint32_t i = 0; i < J->npin; i++)
        if (caller_saved(J->pin[i].reg)) pin_load(J, &J->pin[i]);
}

static void load_funcs(jit_t *J, int r, uint32_t idx)
{
    uint64_t off = (uint64_t)(idx - J->bin->nfunc_imports) * sizeof(wasmcell_func_t);
    if (idx >= J->bin->nfunc_imports && off <= INT32_MAX) {
        /* a defined function is funcs[idx] == &own_funcs[d]: one load less
         * before its call */
        mem(J, 0, true, 0x8B, r, R13, NOIDX, 0, (int32_t)offsetof(rt_instance_t, own_funcs));
        if (off) mem(J, 0, true, 0x8D, r, r, NOIDX, 0, (int32_t)off);
        return;
    }
    mem(J, 0, true, 0x8B, r, R13, NOIDX, 0, (int32_t)offsetof(rt_instance_t, funcs));
    mem(J, 0, true, 0x8B, r, r, NOIDX, 0, (int32_t)(idx * 8));
}

/* the effective address's 32-bit part is in rax; disp the rest */
static void mem_load(jit_t *J, icode_op_t op, uint32_t d, int32_t disp)
{
    bool w;
    uint32_t code;
    switch (op) {
    case IC_I32_LOAD: case IC_F32_LOAD: case IC_I64_LOAD32_U: w = false; code = 0x8B; break;
    case IC_I64_LOAD: case IC_F64_LOAD: w = true; code = 0x8B; break;
    case IC_I32_LOAD8_S: w = false; code = 0x0FBE; break;
    case IC_I32_LOAD8_U: case IC_I64_LOAD8_U: w = false; code = 0x0FB6; break;
    case IC_I32_LOAD16_S: w = false; code = 0x0FBF; break;
    case IC_I32_LOAD16_U: case IC_I64_LOAD16_U: w = false; code = 0x0FB7; break;
    case IC_I64_LOAD8_S: w = true; code = 0x0FBE; break;
    case IC_I64_LOAD16_S: w = true; code = 0x0FBF; break;
    case IC_I64_LOAD32_S: w = true; code = 0x63; break;
    default:
        J->fail = true;
        J->why = "load kind";
        return;
    }
    int p = pinned(J, d);
    mem(J, 0, w, code, p >= 0 ? p : RCX, R14, RAX, 1, disp);
    if (p < 0) st64(J, d, RCX);
}
static void mem_store(jit_t *J, icode_op_t op, uint32_t v, int32_t disp)
{
    ld64(J, RCX, v);
    switch (op) {
    case IC_I32_STORE: case IC_F32_STORE: case IC_I64_STORE32: mem(J, 0, false, 0x89, RCX, R14, RAX, 1, disp); break;
    case IC_I64_STORE: case IC_F64_STORE: mem(J, 0, true, 0x89, RCX, R14, RAX, 1, disp); break;
    case IC_I32_STORE8: case IC_I64_STORE8: mem(J, 0, false, 0x88, RCX, R14, RAX, 1, disp); break;
    case IC_I32_STORE16: case IC_I64_STORE16: mem(J, 0x66, false, 0x89, RCX, R14, RAX, 1, disp); break;
    default:
        J->fail = true;
        J->why = "store kind";
    }
}
static bool is_store(icode_op_t op)
{
    switch (op) {
    case IC_I32_STORE: case IC_I64_STORE: case IC_F32_STORE: case IC_F64_STORE: case IC_I32_STORE8:
    case IC_I32_STORE16: case IC_I64_STORE8: case IC_I64_STORE16: case IC_I64_STORE32:
        return true;
    default: return false;
    }
}
/* the plain op of a fused address form */
static icode_op_t base_access(icode_op_t op)
{
    switch (op) {
    case IC_I32_LOAD_X: case IC_I32_LOAD_S2: return IC_I32_LOAD;
    case IC_I64_LOAD_X: case IC_I64_LOAD_S3: return IC_I64_LOAD;
    case IC_F32_LOAD_X: case IC_F32_LOAD_S2: return IC_F32_LOAD;
    case IC_F64_LOAD_X: case IC_F64_LOAD_S3: return IC_F64_LOAD;
    case IC_I32_LOAD8_S_X: return IC_I32_LOAD8_S;
    case IC_I32_LOAD8_U_X: return IC_I32_LOAD8_U;
    case IC_I32_LOAD16_S_X: return IC_I32_LOAD16_S;
    case IC_I32_LOAD16_U_X: return IC_I32_LOAD16_U;
    case IC_I64_LOAD8_U_X: return IC_I64_LOAD8_U;
    case IC_I64_LOAD32_U_X: return IC_I64_LOAD32_U;
    case IC_I32_STORE_X: case IC_I32_STORE_S2: return IC_I32_STORE;
    case IC_I64_STORE_X: case IC_I64_STORE_S3: return IC_I64_STORE;
    case IC_F32_STORE_X: case IC_F32_STORE_S2: return IC_F32_STORE;
    case IC_F64_STORE_X: case IC_F64_STORE_S3: return IC_F64_STORE;
    case IC_I32_STORE8_X: return IC_I32_STORE8;
    case IC_I32_STORE16_X: return IC_I32_STORE16;
    default: return op;
    }
}
static int scale_shift(icode_op_t op)
{
    switch (op) {
    case IC_I32_LOAD_S2: case IC_F32_LOAD_S2: case IC_I32_STORE_S2: case IC_F32_STORE_S2: return 2;
    case IC_I64_LOAD_S3: case IC_F64_LOAD_S3: case IC_I64_STORE_S3: case IC_F64_STORE_S3: return 3;
    default: return 0;
    }
}

static void setcc_store(jit_t *J, int cc, uint32_t d)
{
    int p = pinned(J, d);
    rr(J, 0, false, 0x0F90 + (uint32_t)cc, 0, RAX);
    rr(J, 0, false, 0x0FB6, p >= 0 ? p : RAX, RAX);
    if (p < 0) st64(J, d, RAX);
}
static int int_cc(icode_op_t op, icode_op_t eq)
{
    static const int map[10] = {CC_E, CC_NE, CC_L, CC_B, CC_G, CC_A, CC_LE, CC_BE, CC_GE, CC_AE};
    return map[op - eq];
}

/* 32-bit unsigned x / c for a constant c > 1: the high half of x * M,
 * M = ceil(2^64 / c). Exact for every x < 2^32: x * M / 2^64 = x / c + e
 * with e < x / 2^64 < 2^-32 < 1 / c, and the fraction of x / c is at
 * most 1 - 1 / c, so adding e never reaches the next integer. A multiply
 * instead of a `div` (printf's digit loops divide by 10). */
static void divide_u32_const(jit_t *J, bool rem, uint32_t d, uint32_t a, uint32_t c)
{
    uint64_t m = UINT64_MAX / c + 1; /* ceil(2^64 / c), for powers of two too */
    ld32(J, RAX, a);
    if (rem) mov_rr(J, R11, RAX);
    mov_imm(J, RCX, m);
    rr(J, 0, true, 0xF7, 4, RCX);           /* mul rcx: rdx = high half */
    if (rem) {
        rr(J, 0, false, 0x69, RDX, RDX);    /* imul edx, edx, c */
        b4(J, c);
        rr(J, 0, false, 0x2B, R11, RDX);    /* sub r11d, edx */
        st64(J, d, R11);
    } else {
        st64(J, d, RDX);
    }
}

static void divide(jit_t *J, bool w, bool is_signed, bool rem, uint32_t d, uint32_t a, uint32_t b,
                   uint32_t word)
{
    /* a constant divisor: no zero test, and no overflow case unless -1 */
    uint64_t cv;
    bool konst = cslot(J, b, &cv);
    if (konst && !w) cv = (uint32_t)cv;
    if (konst && !w && !is_signed && cv > 1) {
        divide_u32_const(J, rem, d, a, (uint32_t)cv);
        return;
    }
    bool minus1 = konst && (w ? cv == UINT64_MAX : cv == UINT32_MAX);
    src(J, 0, w, 0x8B, RAX, a, false);
    src(J, 0, w, 0x8B, RCX, b, false);
    if (!konst || cv == 0) {
        rr(J, 0, w, 0x85, RCX, RCX);
        trap_if(J, CC_E, WASMCELL_TRAP_INT_DIV_ZERO, word);
    }
    if (is_signed && konst && !minus1) {
        if (w) b1(J, 0x48);
        b1(J, 0x99); /* cdq / cqo */
        rr(J, 0, w, 0xF7, 7, RCX);
    } else if (is_signed) {
        alu_reg_imm(J, w, 7, RCX, -1);
        uint32_t normal = jshort(J, CC_NE);
        if (rem) {
            rr(J, 0, false, 0x33, RDX, RDX);
        } else {
            if (w) {
                mov_imm(J, RDX, 0x8000000000000000ull);
                rr(J, 0, true, 0x3B, RAX, RDX);
            } else {
                alu_reg_imm(J, false, 7, RAX, INT32_MIN);
            }
            trap_if(J, CC_E, WASMCELL_TRAP_INT_OVERFLOW, word);
        }
        uint32_t done = 0;
        if (rem) done = jshort(J, -1);
        land(J, normal);
        if (w) b1(J, 0x48);
        b1(J, 0x99); /* cdq / cqo */
        rr(J, 0, w, 0xF7, 7, RCX);
        if (rem) land(J, done);
    } else {
        rr(J, 0, false, 0x33, RDX, RDX);
        rr(J, 0, w, 0xF7, 6, RCX);
    }
    st64(J, d, rem ? RDX : RAX);
}

static void call_num(jit_t *J, icode_op_t op, uint32_t d, uint32_t a, uint32_t b, bool binary,
                     uint32_t word)
{
    jit_num_fn fn = jit_num_helper(op);
    if (!fn) {
        J->fail = true;
        J->why = icode_info[op].name;
        return;
    }
    helper_args(J);
    ld64(J, RDI, a);
    if (binary) ld64(J, RSI, b);
    helper_call(J, (const void *)fn);
    rr(J, 0, true, 0x85, RDX, RDX);
    jcc_stub(J, CC_NE, STUB_TRAP_DYN, RDX, loc_of(J, word));
    st64(J, d, RAX);
}

/* ---- one instruction -------------------------------------------------------- */

static uint16_t op_of_code[65536];
static pthread_once_t op_once = PTHREAD_ONCE_INIT;
#define OP_AMBIGUOUS 0xFFFF
static void op_table_init(void)
{
    uint16_t codes[IC_COUNT_];
    memset(op_of_code, 0xFF, sizeof op_of_code);
    if (!icode_handler_codes(exec_handler_table(), codes)) return;
    /* Labels may share code: a compiler merges handlers whose machine code
     * is identical (clang-19 at -O2: i32.wrap_i64 and
     * i64.extend_i32_u, ...). Code that is the same instruction for
     * instruction behaves the same, so when the ops also read the same
     * fields (same format and length) either op's template translates it;
     * ops with other operands stay ambiguous (the JIT declines them). Until
     * session 12 any shared code was ambiguous, and a clang build's JIT
     * declined every function with i32.wrap_i64, an f32/f64 load or store,
     * or `unreachable` (238 of Lua's functions). */
    static uint8_t seen[65536];
    bool dbg = getenv("WASMCELL_JIT_SHARED_HANDLERS") != NULL;
    for (int i = 0; i < IC_COUNT_; i++) {
        /* never emitted (v128.const becomes a constant slot pair): its
         * handler is unreachable's trap, which clang merges with it */
        if (i == IC_V128_CONST) continue;
        uint16_t prev = op_of_code[codes[i]];
        bool shared = seen[codes[i]];
        seen[codes[i]] = 1;
        if (!shared) {
            op_of_code[codes[i]] = (uint16_t)i;
        } else if (prev != OP_AMBIGUOUS &&
                   (icode_info[prev].format != icode_info[i].format ||
                    icode_op_words((icode_op_t)prev) != icode_op_words((icode_op_t)i))) {
            op_of_code[codes[i]] = OP_AMBIGUOUS;
        }
        if (dbg && shared)
            fprintf(stderr, "wasmcell: JIT: %s shares its handler with %s%s\n", icode_info[i].name,
                    prev == OP_AMBIGUOUS ? "(several)" : icode_info[prev].name,
                    op_of_code[codes[i]] == OP_AMBIGUOUS ? " (ambiguous)" : "");
    }
}

#define F(k) icode_field(ip, k)

/* Translates the instruction at code word w; returns its length in words. */
static uint32_t translate(jit_t *J, uint32_t w)
{
    const uint64_t *ip = J->code->code + w;
    uint16_t opn = op_of_code[ICODE_HANDLER(ip[0])];
    if (opn == OP_AMBIGUOUS || opn >= IC_COUNT_) {
        J->fail = true;
        J->why = "unknown handler";
        return 1;
    }
    icode_op_t op = (icode_op_t)opn;
    uint32_t len = icode_op_words(op);
    int32_t rel0 = (int32_t)icode_imm0(ip);
    switch (op) {
    case IC_UNREACHABLE: trap_if(J, -1, WASMCELL_TRAP_UNREACHABLE, w); break;
    case IC_RETURN: jmp_to(J, FIX_RET, 0); break;
    case IC_RETURN1:
        ld64(J, RAX, F(0));
        st64(J, 0, RAX);
        jmp_to(J, FIX_RET, 0);
        break;
    case IC_BR_MOV:
        ld64(J, RAX, F(1));
        st64(J, F(0), RAX);
        branch(J, w, w + (uint32_t)(int32_t)icode_imm1(ip));
        break;
    case IC_BR: branch(J, w, w + (uint32_t)rel0); break;
    case IC_BR_IF: case IC_BR_UNLESS: case IC_BR_IF64: case IC_BR_UNLESS64: {
        bool w64 = op == IC_BR_IF64 || op == IC_BR_UNLESS64;
        test_slot(J, w64, F(0));
        branch_if(J, op == IC_BR_IF || op == IC_BR_IF64 ? CC_NE : CC_E, w, w + (uint32_t)rel0);
        break;
    }
    case IC_BR_TABLE: {
        uint32_t count = icode_imm0(ip);
        len = 1 + count + 1;
        /* eax = min(c, count); jump through a table of rel32 entries */
        ld32(J, RAX, F(0));
        mov_imm(J, RCX, count);
        rr(J, 0, false, 0x3B, RAX, RCX);
        rr(J, 0, false, 0x0F47, RAX, RCX); /* cmova eax, ecx */
        /* lea rcx, [rip + table]; movsxd rax, [rcx + rax*4]; add rax, rcx; jmp rax */
        b1(J, 0x48); b1(J, 0x8D); b1(J, 0x0D);
        uint32_t lea_at = J->n;
        b4(J, 0);
        mem(J, 0, true, 0x63, RAX, RCX, RAX, 4, 0);
        rr(J, 0, true, 0x03, RAX, RCX);
        rr(J, 0, false, 0xFF, 4, RAX);
        /* back-edges go through an edge block that counts the event */
        uint32_t table_at = J->n;
        if (!J->fail) {
            int32_t d = (int32_t)(table_at - (lea_at + 4));
            memcpy(J->p + lea_at, &d, 4);
        }
        for (uint32_t i = 0; i <= count; i++) b4(J, 0);
        /* a forward target is the entry itself (one jump per dispatch:
         * interpreters compiled to wasm dispatch through br_table) */
        for (uint32_t i = 0; i <= count && !J->fail; i++) {
            uint32_t t = w + (uint32_t)ICODE_REL(ip[1 + i]);
            if (t > w) {
                fixup_at(J, table_at + 4 * i, FIX_TABLE, t, table_at);
                continue;
            }
            int32_t d = (int32_t)(J->n - table_at);
            memcpy(J->p + table_at + 4 * i, &d, 4);
            branch(J, w, t);
        }
        break;
    }
    case IC_BR_I32_EQ: case IC_BR_I32_NE: case IC_BR_I32_LT_S: case IC_BR_I32_LT_U: case IC_BR_I32_GT_S:
    case IC_BR_I32_GT_U: case IC_BR_I32_LE_S: case IC_BR_I32_LE_U: case IC_BR_I32_GE_S: case IC_BR_I32_GE_U:
        compare(J, false, 0x3B, F(0), F(1));
        branch_if(J, int_cc(op, IC_BR_I32_EQ), w, w + (uint32_t)(int32_t)icode_imm1(ip));
        break;
    case IC_BR_I64_EQ: case IC_BR_I64_NE: case IC_BR_I64_LT_S: case IC_BR_I64_LT_U: case IC_BR_I64_GT_S:
    case IC_BR_I64_GT_U: case IC_BR_I64_LE_S: case IC_BR_I64_LE_U: case IC_BR_I64_GE_S: case IC_BR_I64_GE_U:
        compare(J, true, 0x3B, F(0), F(1));
        branch_if(J, int_cc(op, IC_BR_I64_EQ), w, w + (uint32_t)(int32_t)icode_imm1(ip));
        break;
    case IC_BR_I32_AND_NZ: case IC_BR_I32_AND_Z:
        compare(J, false, 0x85, F(0), F(1));
        branch_if(J, op == IC_BR_I32_AND_NZ ? CC_NE : CC_E, w, w + (uint32_t)(int32_t)icode_imm1(ip));
        break;
    case IC_ADD_BR_I32_EQ: case IC_ADD_BR_I32_NE: case IC_ADD_BR_I32_LT_S: case IC_ADD_BR_I32_LT_U:
    case IC_ADD_BR_I32_GT_S: case IC_ADD_BR_I32_GT_U: case IC_ADD_BR_I32_LE_S: case IC_ADD_BR_I32_LE_U:
    case IC_ADD_BR_I32_GE_S: case IC_ADD_BR_I32_GE_U:
    case IC_ADD_BR_I64_EQ: case IC_ADD_BR_I64_NE: case IC_ADD_BR_I64_LT_S: case IC_ADD_BR_I64_LT_U:
    case IC_ADD_BR_I64_GT_S: case IC_ADD_BR_I64_GT_U: case IC_ADD_BR_I64_LE_S: case IC_ADD_BR_I64_LE_U:
    case IC_ADD_BR_I64_GE_S: case IC_ADD_BR_I64_GE_U: {
        bool w64 = op >= IC_ADD_BR_I64_EQ;
        alu3(J, w64, 0x03, true, F(0), F(1), F(2));
        compare(J, w64, 0x3B, F(3), F(4));
        branch_if(J, int_cc(op, w64 ? IC_ADD_BR_I64_EQ : IC_ADD_BR_I32_EQ), w,
                  w + (uint32_t)(int32_t)icode_imm1(ip));
        break;
    }
    case IC_CALL:
        note_call(J);
        pins_before_call(J, F(0));
        load_funcs(J, RDI, icode_imm0(ip));
        call_func(J, F(0), w, icode_imm0(ip) >= J->bin->nfunc_imports,
                  icode_imm0(ip) >= J->bin->nfunc_imports ? icode_imm0(ip) - J->bin->nfunc_imports + 1 : 0);
        break;
    case IC_CALL_A: {
        uint32_t idx = icode_imm0(ip);
        const bin_functype_t *t = bin_func_type(J->bin, idx);
        uint64_t srcs = ip[1];
        for (uint32_t i = 0; i < t->nparams; i++, srcs >>= 16) {
            ld64(J, RAX, (uint16_t)srcs);
            st64(J, F(0) + i, RAX);
        }
        note_call(J);
        pins_before_call(J, F(0));
        load_funcs(J, RDI, idx);
        call_func(J, F(0), w, idx >= J->bin->nfunc_imports,
                  idx >= J->bin->nfunc_imports ? idx - J->bin->nfunc_imports + 1 : 0);
        break;
    }
    case IC_CALL_INDIRECT: {
        note_call(J);
        pins_before_call(J, F(0));
        mem(J, 0, true, 0x8B, RAX, R13, NOIDX, 0, (int32_t)offsetof(rt_instance_t, tables));
        mem(J, 0, true, 0x8B, RAX, RAX, NOIDX, 0, (int32_t)(F(2) * 8));
        ld32(J, RCX, F(1));
        mem(J, 0, false, 0x3B, RCX, RAX, NOIDX, 0, (int32_t)offsetof(wasmcell_table_t, size));
        trap_if(J, CC_AE, WASMCELL_TRAP_UNDEFINED_ELEMENT, w);
        mem(J, 0, true, 0x8B, RAX, RAX, NOIDX, 0, (int32_t)offsetof(wasmcell_table_t, elems));
        mem(J, 0, true, 0x8B, RDI, RAX, RCX, 8, 0);
        rr(J, 0, true, 0x85, RDI, RDI);
        trap_if(J, CC_E, WASMCELL_TRAP_UNINITIALIZED_ELEMENT, w);
        alu_mem_imm(J, false, 7, RDI, (int32_t)offsetof(wasmcell_func_t, sig_id), (int32_t)icode_imm1(ip));
        trap_if(J, CC_NE, WASMCELL_TRAP_INDIRECT_CALL_TYPE, w);
        call_func(J, F(0), w, false, 0);
        break;
    }
    case IC_REF_AS_NON_NULL:
        test_slot(J, true, F(0));
        trap_if(J, CC_E, WASMCELL_TRAP_NULL_REFERENCE, w);
        break;

    case IC_MOV: {
        int p = pinned(J, F(0));
        ld64(J, p >= 0 ? p : RAX, F(1));
        if (p < 0) st64(J, F(0), RAX);
        break;
    }
    case IC_MOV2:
        ld64(J, RAX, F(1));
        st64(J, F(0), RAX);
        ld64(J, RAX, F(3));
        st64(J, F(2), RAX);
        break;
    case IC_SELECT: {
        /* in d's pinned register unless d is also b or the condition */
        int p = pinned(J, F(0));
        int r = p >= 0 && F(2) != F(0) && F(3) != F(0) ? p : RAX;
        ld64(J, r, F(1));
        test_slot(J, false, F(3));
        src(J, 0, true, 0x0F44, r, F(2), false); /* cmove r, b */
        if (r == RAX) st64(J, F(0), RAX);
        break;
    }
    case IC_GLOBAL_GET:
        mem(J, 0, true, 0x8B, RAX, R13, NOIDX, 0, (int32_t)offsetof(rt_instance_t, globals));
        mem(J, 0, true, 0x8B, RAX, RAX, NOIDX, 0, (int32_t)(icode_imm0(ip) * 8));
        if (pinned(J, F(0)) >= 0) {
            mem(J, 0, true, 0x8B, pinned(J, F(0)), RAX, NOIDX, 0, (int32_t)offsetof(wasmcell_global_t, value));
            break;
        }
        mem(J, 0, true, 0x8B, RAX, RAX, NOIDX, 0, (int32_t)offsetof(wasmcell_global_t, value));
        st64(J, F(0), RAX);
        break;
    case IC_GLOBAL_SET:
        mem(J, 0, true, 0x8B, RAX, R13, NOIDX, 0, (int32_t)offsetof(rt_instance_t, globals));
        mem(J, 0, true, 0x8B, RAX, RAX, NOIDX, 0, (int32_t)(icode_imm0(ip) * 8));
        ld64(J, RCX, F(0));
        mem(J, 0, true, 0x89, RCX, RAX, NOIDX, 0, (int32_t)offsetof(wasmcell_global_t, value));
        break;

    case IC_I32_LOAD: case IC_I64_LOAD: case IC_F32_LOAD: case IC_F64_LOAD: case IC_I32_LOAD8_S:
    case IC_I32_LOAD8_U: case IC_I32_LOAD16_S: case IC_I32_LOAD16_U: case IC_I64_LOAD8_S:
    case IC_I64_LOAD8_U: case IC_I64_LOAD16_S: case IC_I64_LOAD16_U: case IC_I64_LOAD32_S:
    case IC_I64_LOAD32_U:
        ld32(J, RAX, F(1));
        mem_load(J, op, F(0), (int32_t)F(2));
        break;
    case IC_I32_STORE: case IC_I64_STORE: case IC_F32_STORE: case IC_F64_STORE: case IC_I32_STORE8:
    case IC_I32_STORE16: case IC_I64_STORE8: case IC_I64_STORE16: case IC_I64_STORE32:
        ld32(J, RAX, F(1));
        mem_store(J, op, F(0), (int32_t)F(2));
        break;
    case IC_I32_LOAD_X: case IC_I64_LOAD_X: case IC_F32_LOAD_X: case IC_F64_LOAD_X: case IC_I32_LOAD8_S_X:
    case IC_I32_LOAD8_U_X: case IC_I32_LOAD16_S_X: case IC_I32_LOAD16_U_X: case IC_I64_LOAD8_U_X:
    case IC_I64_LOAD32_U_X: case IC_I32_STORE_X: case IC_I64_STORE_X: case IC_F32_STORE_X:
    case IC_F64_STORE_X: case IC_I32_STORE8_X: case IC_I32_STORE16_X: case IC_I32_LOAD_S2:
    case IC_F32_LOAD_S2: case IC_I64_LOAD_S3: case IC_F64_LOAD_S3: case IC_I32_STORE_S2:
    case IC_F32_STORE_S2: case IC_I64_STORE_S3: case IC_F64_STORE_S3: {
        int sh = scale_shift(op);
        if (sh) {
            ld32(J, RAX, F(2));
            rr(J, 0, false, 0xC1, 4, RAX);
            b1(J, (uint8_t)sh);
            src(J, 0, false, 0x03, RAX, F(1), false);
        } else {
            ld32(J, RAX, F(1));
            src(J, 0, false, 0x03, RAX, F(2), false);
        }
        icode_op_t k = base_access(op);
        if (is_store(k)) mem_store(J, k, F(0), (int32_t)F(3));
        else mem_load(J, k, F(0), (int32_t)F(3));
        break;
    }
    case IC_LOAD_WIDE: case IC_STORE_WIDE: {
        icode_op_t k = (icode_op_t)F(2);
        ld32(J, RAX, F(1));
        mov_imm(J, RCX, icode_imm1(ip));
        rr(J, 0, true, 0x03, RAX, RCX);
        if (op == IC_STORE_WIDE) mem_store(J, k, F(0), 0);
        else mem_load(J, k, F(0), 0);
        break;
    }
    case IC_MEMORY_SIZE:
        mem(J, 0, true, 0x8B, RAX, R13, NOIDX, 0, (int32_t)offsetof(rt_instance_t, memories));
        mem(J, 0, true, 0x8B, RAX, RAX, NOIDX, 0, 0);
        mem(J, 0, false, 0x8B, RAX, RAX, NOIDX, 0, (int32_t)offsetof(wasmcell_memory_t, pages));
        st64(J, F(0), RAX);
        break;
    case IC_MEMORY_GROW:
        helper_args(J);
        mov_rr(J, RDI, R13);
        ld32(J, RSI, F(1));
        helper_call(J, (const void *)jit_rt_memory_grow);
        st64(J, F(0), RAX);
        break;
    case IC_MEMORY_FILL: case IC_MEMORY_COPY: case IC_MEMORY_INIT: case IC_DATA_DROP:
    case IC_MEMORY_SIZE_X: case IC_MEMORY_GROW_X: case IC_TABLE_GET: case IC_TABLE_SET:
    case IC_TABLE_SIZE: case IC_TABLE_GROW: case IC_TABLE_FILL: case IC_TABLE_COPY: case IC_TABLE_INIT:
    case IC_ELEM_DROP:
        J->needs_consts = true; /* exec_bulk reads its operands from the frame */
        note_call(J);
        pins_store_all(J);
        mov_rr(J, RDI, R13);
        mov_rr(J, RSI, RBX);
        mov_imm(J, RDX, (uint64_t)(uintptr_t)ip);
        mov_imm(J, RCX, (uint64_t)op);
        call_abs(J, (const void *)jit_rt_bulk);
        pins_load_all(J);
        rr(J, 0, true, 0x85, RAX, RAX);
        jcc_stub(J, CC_NE, STUB_TRAP_DYN, RAX, loc_of(J, w));
        break;
    case IC_REF_FUNC:
        load_funcs(J, RAX, icode_imm0(ip));
        st64(J, F(0), RAX);
        break;

    /* integer arithmetic */
    case IC_I32_ADD: case IC_I32_SUB: case IC_I32_AND: case IC_I32_OR: case IC_I32_XOR: case IC_I32_MUL:
    case IC_I64_ADD: case IC_I64_SUB: case IC_I64_AND: case IC_I64_OR: case IC_I64_XOR: case IC_I64_MUL: {
        bool w64 = op == IC_I64_ADD || op == IC_I64_SUB || op == IC_I64_AND || op == IC_I64_OR ||
              op == IC_I64_XOR || op == IC_I64_MUL;
        uint32_t code;
        switch (op) {
        case IC_I32_ADD: case IC_I64_ADD: code = 0x03; break;
        case IC_I32_SUB: case IC_I64_SUB: code = 0x2B; break;
        case IC_I32_AND: case IC_I64_AND: code = 0x23; break;
        case IC_I32_OR: case IC_I64_OR: code = 0x0B; break;
        case IC_I32_XOR: case IC_I64_XOR: code = 0x33; break;
        default: code = 0x0FAF; break;
        }
        alu3(J, w64, code, code != 0x2B, F(0), F(1), F(2));
        break;
    }
    case IC_I32_SHL: case IC_I32_SHR_S: case IC_I32_SHR_U: case IC_I32_ROTL: case IC_I32_ROTR:
    case IC_I64_SHL: case IC_I64_SHR_S: case IC_I64_SHR_U: case IC_I64_ROTL: case IC_I64_ROTR: {
        bool w64 = op >= IC_I64_SHL && op <= IC_I64_ROTR;
        int ext;
        switch (op) {
        case IC_I32_SHL: case IC_I64_SHL: ext = 4; break;
        case IC_I32_SHR_S: case IC_I64_SHR_S: ext = 7; break;
        case IC_I32_SHR_U: case IC_I64_SHR_U: ext = 5; break;
        case IC_I32_ROTL: case IC_I64_ROTL: ext = 0; break;
        default: ext = 1; break;
        }
        /* in d's pinned register, if any; the count first: it may be d */
        int p = pinned(J, F(0)), r = p >= 0 ? p : RAX;
        uint64_t count;
        bool konst = cslot(J, F(2), &count);
        if (!konst) ld32(J, RCX, F(2));
        if (!(p >= 0 && F(1) == F(0))) src(J, 0, w64, 0x8B, r, F(1), false);
        if (konst) {
            rr(J, 0, w64, 0xC1, ext, r);
            b1(J, (uint8_t)(count & (w64 ? 63 : 31)));
        } else {
            rr(J, 0, w64, 0xD3, ext, r);
        }
        if (p < 0) st64(J, F(0), RAX);
        break;
    }
    case IC_I32_EQZ: case IC_I64_EQZ:
        test_slot(J, op == IC_I64_EQZ, F(1));
        setcc_store(J, CC_E, F(0));
        break;
    case IC_I32_EQ: case IC_I32_NE: case IC_I32_LT_S: case IC_I32_LT_U: case IC_I32_GT_S: case IC_I32_GT_U:
    case IC_I32_LE_S: case IC_I32_LE_U: case IC_I32_GE_S: case IC_I32_GE_U:
        compare(J, false, 0x3B, F(1), F(2));
        setcc_store(J, int_cc(op, IC_I32_EQ), F(0));
        break;
    case IC_I64_EQ: case IC_I64_NE: case IC_I64_LT_S: case IC_I64_LT_U: case IC_I64_GT_S: case IC_I64_GT_U:
    case IC_I64_LE_S: case IC_I64_LE_U: case IC_I64_GE_S: case IC_I64_GE_U:
        compare(J, true, 0x3B, F(1), F(2));
        setcc_store(J, int_cc(op, IC_I64_EQ), F(0));
        break;
    case IC_I32_DIV_S: divide(J, false, true, false, F(0), F(1), F(2), w); break;
    case IC_I32_DIV_U: divide(J, false, false, false, F(0), F(1), F(2), w); break;
    case IC_I32_REM_S: divide(J, false, true, true, F(0), F(1), F(2), w); break;
    case IC_I32_REM_U: divide(J, false, false, true, F(0), F(1), F(2), w); break;
    case IC_I64_DIV_S: divide(J, true, true, false, F(0), F(1), F(2), w); break;
    case IC_I64_DIV_U: divide(J, true, false, false, F(0), F(1), F(2), w); break;
    case IC_I64_REM_S: divide(J, true, true, true, F(0), F(1), F(2), w); break;
    case IC_I64_REM_U: divide(J, true, false, true, F(0), F(1), F(2), w); break;
    case IC_I32_WRAP_I64: case IC_I64_EXTEND_I32_U: {
        int p = pinned(J, F(0));
        ld32(J, p >= 0 ? p : RAX, F(1));
        if (p < 0) st64(J, F(0), RAX);
        break;
    }
    case IC_I64_EXTEND_I32_S: case IC_I64_EXTEND32_S:
        src(J, 0, true, 0x63, RAX, F(1), false);
        st64(J, F(0), RAX);
        break;
    case IC_I32_EXTEND8_S: case IC_I32_EXTEND16_S: case IC_I64_EXTEND8_S: case IC_I64_EXTEND16_S:
        src(J, 0, op == IC_I64_EXTEND8_S || op == IC_I64_EXTEND16_S,
            op == IC_I32_EXTEND8_S || op == IC_I64_EXTEND8_S ? 0x0FBE : 0x0FBF, RAX, F(1), false);
        st64(J, F(0), RAX);
        break;

    /* floating point: SSE2 where it is exact, helpers for the rest */
    case IC_F32_ADD: case IC_F32_SUB: case IC_F32_MUL: case IC_F32_DIV:
    case IC_F64_ADD: case IC_F64_SUB: case IC_F64_MUL: case IC_F64_DIV: {
        bool dbl = op >= IC_F64_ADD;
        uint8_t pfx = dbl ? 0xF2 : 0xF3;
        uint32_t code = op == IC_F32_ADD || op == IC_F64_ADD ? 0x0F58 : op == IC_F32_SUB || op == IC_F64_SUB ? 0x0F5C
                      : op == IC_F32_MUL || op == IC_F64_MUL ? 0x0F59 : 0x0F5E;
        src(J, pfx, false, 0x0F10, 0, F(1), true);
        src(J, pfx, false, code, 0, F(2), true);
        xmm_result(J, dbl, F(0));
        break;
    }
    case IC_F32_SQRT: case IC_F64_SQRT: {
        bool dbl = op == IC_F64_SQRT;
        src(J, dbl ? 0xF2 : 0xF3, false, 0x0F51, 0, F(1), true);
        xmm_result(J, dbl, F(0));
        break;
    }
    case IC_F32_EQ: case IC_F32_NE: case IC_F32_LT: case IC_F32_GT: case IC_F32_LE: case IC_F32_GE:
    case IC_F64_EQ: case IC_F64_NE: case IC_F64_LT: case IC_F64_GT: case IC_F64_LE: case IC_F64_GE: {
        bool dbl = op >= IC_F64_EQ;
        int k = (int)(op - (dbl ? IC_F64_EQ : IC_F32_EQ)); /* eq ne lt gt le ge */
        bool swap = k == 2 || k == 4;
        uint8_t pfx = dbl ? 0xF2 : 0xF3;
        src(J, pfx, false, 0x0F10, 0, swap ? F(2) : F(1), true);
        src(J, dbl ? 0x66 : 0, false, 0x0F2E, 0, swap ? F(1) : F(2), true); /* ucomis */
        if (k == 0 || k == 1) {
            rr(J, 0, false, 0x0F90 + (uint32_t)(k == 0 ? CC_E : CC_NE), 0, RAX);
            rr(J, 0, false, 0x0F90 + (uint32_t)(k == 0 ? CC_NP : CC_P), 0, RCX);
            rr(J, 0, false, k == 0 ? 0x20 : 0x08, RCX, RAX); /* and/or al, cl */
            rr(J, 0, false, 0x0FB6, RAX, RAX);
            st64(J, F(0), RAX);
        } else {
            setcc_store(J, k == 2 || k == 3 ? CC_A : CC_AE, F(0));
        }
        break;
    }
    case IC_F32_ABS: case IC_F32_NEG:
        ld32(J, RAX, F(1));
        alu_reg_imm(J, false, op == IC_F32_ABS ? 4 : 6, RAX, op == IC_F32_ABS ? 0x7FFFFFFF : INT32_MIN);
        st64(J, F(0), RAX);
        break;
    case IC_F64_ABS: case IC_F64_NEG:
        ld64(J, RAX, F(1));
        rr(J, 0, true, 0x0FBA, op == IC_F64_ABS ? 6 : 7, RAX); /* btr / btc rax, 63 */
        b1(J, 63);
        st64(J, F(0), RAX);
        break;
    case IC_F64_CONVERT_I32_S: case IC_F32_CONVERT_I32_S: case IC_F64_CONVERT_I64_S: case IC_F32_CONVERT_I64_S: {
        bool dbl = op == IC_F64_CONVERT_I32_S || op == IC_F64_CONVERT_I64_S;
        bool src64 = op == IC_F64_CONVERT_I64_S || op == IC_F32_CONVERT_I64_S;
        rr(J, 0x66, false, 0x0FEF, 0, 0); /* pxor xmm0, xmm0: no false dependency */
        src(J, dbl ? 0xF2 : 0xF3, src64, 0x0F2A, 0, F(1), false);
        xmm_result(J, dbl, F(0));
        break;
    }
    case IC_F64_CONVERT_I32_U: case IC_F32_CONVERT_I32_U: {
        bool dbl = op == IC_F64_CONVERT_I32_U;
        ld32(J, RAX, F(1));
        rr(J, 0x66, false, 0x0FEF, 0, 0);
        rr(J, dbl ? 0xF2 : 0xF3, true, 0x0F2A, 0, RAX);
        xmm_result(J, dbl, F(0));
        break;
    }
    case IC_F64_PROMOTE_F32: case IC_F32_DEMOTE_F64: {
        bool to_dbl = op == IC_F64_PROMOTE_F32;
        src(J, to_dbl ? 0xF3 : 0xF2, false, 0x0F5A, 0, F(1), true);
        xmm_result(J, to_dbl, F(0));
        break;
    }
    default:
        if (icode_info[op].format == FMT_DA || icode_info[op].format == FMT_DAB) {
            if (jit_num_helper(op)) {
                call_num(J, op, F(0), F(1), F(2), icode_info[op].format == FMT_DAB, w);
                break;
            }
        }
        J->fail = true;
        J->why = icode_info[op].name;
        break;
    }
    return len;
}

/* ---- prologues, stubs, the function ------------------------------------------ */

static void patch_rel(jit_t *J, uint32_t pos, uint32_t target);

/* Every frame runs the body as a fast frame (fast_frame: rbp, r15 and
 * FRAME_SCRATCH bytes pushed), whose return leaves the results in the
 * frame's first slots. The slots and loop entries are glue around a call
 * of it: they save the callee-saved registers and ctx->stack_top at
 * [rsp] of their own frame, and, in the slots entry, where the results
 * go at [rsp+16]. [rsp+8] of a fast frame: a callee saved across a stub. */
enum { FRAME_SCRATCH = 24, FRAME_RESULTS = 16 };

/* The fast frame's prologue (its epilogue ends return_block). */
static void fast_frame(jit_t *J)
{
    b1(J, 0x55);                        /* push rbp */
    mov_rr(J, RBP, RSP);
    b1(J, 0x41); b1(J, 0x57);           /* push r15 */
    alu_reg_imm(J, true, 5, RSP, FRAME_SCRATCH);
}

/* The glue's call of its fast frame at a label patched later (the call's
 * end is a return address that backtraces skip: J->glue_ret); returns
 * where to patch. */
static uint32_t glue_call(jit_t *J, int k)
{
    b1(J, 0xE8);
    b4(J, 0);
    J->glue_ret[k] = J->n;
    return J->n - 4;
}

/* The glue's return to its caller: ctx->stack_top as it found it, 1. */
static void glue_return(jit_t *J)
{
    mem(J, 0, true, 0x8B, RAX, RSP, NOIDX, 0, 0);
    mem(J, 0, true, 0x89, RAX, R12, NOIDX, 0, (int32_t)offsetof(exec_ctx_t, stack_top));
    mov_imm(J, RAX, 1);
    alu_reg_imm(J, true, 0, RSP, FRAME_SCRATCH);
    b1(J, 0x41); b1(J, 0x5F);           /* pop r15 */
    b1(J, 0x41); b1(J, 0x5E);
    b1(J, 0x41); b1(J, 0x5D);
    b1(J, 0x41); b1(J, 0x5C);
    b1(J, 0x5B);
    b1(J, 0x5D);
    b1(J, 0xC3);
}

static void push_all(jit_t *J)
{
    b1(J, 0x55);                        /* push rbp */
    mov_rr(J, RBP, RSP);
    b1(J, 0x53);                        /* push rbx */
    b1(J, 0x41); b1(J, 0x54);           /* push r12 */
    b1(J, 0x41); b1(J, 0x55);           /* push r13 */
    b1(J, 0x41); b1(J, 0x56);           /* push r14 */
    b1(J, 0x41); b1(J, 0x57);           /* push r15 */
    alu_reg_imm(J, true, 5, RSP, FRAME_SCRATCH);
}
static void load_mem0(jit_t *J)
{
    if (!J->bin->nmemories) return;
    mem(J, 0, true, 0x8B, RAX, R13, NOIDX, 0, (int32_t)offsetof(rt_instance_t, memories));
    mem(J, 0, true, 0x8B, RAX, RAX, NOIDX, 0, 0);
    mem(J, 0, true, 0x8B, R14, RAX, NOIDX, 0, (int32_t)offsetof(wasmcell_memory_t, base));
}

/* The native stack (callees may be deep C: keep a margin) and the frame
 * at rbx fit; the frame's end becomes the stack's top (the slots entry:
 * the fast entry leaves that to sync_top). */
static void frame_checks(jit_t *J, bool set_top)
{
    const cmp_func_t *c = J->code;
    mem(J, 0, true, 0x8D, RAX, RSP, NOIDX, 0, -1024);
    mem(J, 0, true, 0x3B, RAX, R12, NOIDX, 0, (int32_t)offsetof(exec_ctx_t, native_stack_limit));
    trap_if(J, CC_B, WASMCELL_TRAP_STACK_EXHAUSTED, 0);
    mem(J, 0, true, 0x8D, RAX, SLOT(c->frame_slots + 4));
    mem(J, 0, true, 0x3B, RAX, R12, NOIDX, 0, (int32_t)offsetof(exec_ctx_t, stack_end));
    trap_if(J, CC_A, WASMCELL_TRAP_STACK_EXHAUSTED, 0);
    if (set_top) sync_top(J);
}
/* Zeroes the locals past the parameters; writes the constants when
 * something reads the frame itself (bulk instructions): everywhere else
 * they are immediates. */
static void frame_init(jit_t *J)
{
    const cmp_func_t *c = J->code;
    rr(J, 0, false, 0x33, RAX, RAX);
    for (uint32_t i = c->nparams; i < c->nlocal_slots; i++) st64(J, i, RAX);
    for (uint32_t i = 0; J->needs_consts && i < c->nconsts; i++) {
        mov_imm(J, RAX, c->consts[i]);
        st64(J, c->nlocal_slots + i, RAX);
    }
}

/* the slots entry: (ctx, inst, args) */
static void slots_entry(jit_t *J)
{
    const cmp_func_t *c = J->code;
    push_all(J);
    mov_rr(J, R12, RDI);
    mov_rr(J, R13, RSI);
    mem(J, 0, true, 0x89, RDX, RSP, NOIDX, 0, FRAME_RESULTS);
    mem(J, 0, true, 0x8B, RBX, R12, NOIDX, 0, (int32_t)offsetof(exec_ctx_t, stack_top));
    mem(J, 0, true, 0x89, RBX, RSP, NOIDX, 0, 0);
    frame_checks(J, true);              /* keeps rdx */
    for (uint32_t i = 0; i < c->nparams; i++) {
        mem(J, 0, true, 0x8B, RAX, RDX, NOIDX, 0, (int32_t)(i * 8));
        st64(J, i, RAX);
    }
    frame_init(J);
    load_mem0(J);
    now_running(J, J->def + 1);
    uint32_t call = glue_call(J, 0);
    now_running(J, 0);
    for (uint32_t i = 0; i < c->nresults; i++) {
        if (i == 0) mem(J, 0, true, 0x8B, RCX, RSP, NOIDX, 0, FRAME_RESULTS);
        mem(J, 0, true, 0x8B, RAX, SLOT(i));
        mem(J, 0, true, 0x89, RAX, RCX, NOIDX, 0, (int32_t)(i * 8));
    }
    glue_return(J);
    patch_rel(J, call, J->n);
    fast_frame(J);
    jmp_to(J, FIX_LABEL, 0);
}

/* The fast entry, for calls from JIT code of the same instance (call_func):
 * rbx already points at the frame, whose first slots hold the arguments
 * and will hold the results; r12-r14 are the caller's, and right. Keeps
 * rbp (backtraces) and the caller's r15 (a pinned slot of the caller's). */
static void fast_entry(jit_t *J)
{
    fast_frame(J);
    frame_checks(J, false);
    for (uint32_t i = 0; i < J->npin; i++)
        if (J->pin[i].slot < J->code->nparams) pin_load(J, &J->pin[i]);
    frame_init(J);
    jmp_to(J, FIX_LABEL, 0);
}

/* the loop entry: (ctx, inst, fp, target); the results stay in the
 * frame (the interpreter's) */
static void loop_entry(jit_t *J)
{
    push_all(J);
    mov_rr(J, R12, RDI);
    mov_rr(J, R13, RSI);
    mov_rr(J, RBX, RDX);
    mem(J, 0, true, 0x8B, RAX, R12, NOIDX, 0, (int32_t)offsetof(exec_ctx_t, stack_top));
    mem(J, 0, true, 0x89, RAX, RSP, NOIDX, 0, 0);
    load_mem0(J);
    now_running(J, J->def + 1);
    uint32_t call = glue_call(J, 1);
    now_running(J, 0);
    glue_return(J);
    patch_rel(J, call, J->n);
    fast_frame(J);
    pins_load_all(J);
    rr(J, 0, false, 0xFF, 4, RCX);      /* jmp rcx */
}

/* Does t fit the typed entry: every parameter and the result (at most
 * one) i32, i64, f32 or f64? System V passes the parameters in rdx, rcx,
 * r8, r9 (after ctx and inst) and xmm0-xmm7, the rest on the stack, 8
 * bytes each in order (hashmap's printf_core has five: its calls from
 * LLVM's code went through wcn_call and the slots entry, 3.7 % of the
 * cold run). TYPED_MAX_PARAMS keeps the frame offsets small. */
#define TYPED_MAX_PARAMS 64u
static bool typed_fits(const bin_functype_t *t)
{
    uint32_t nint = 0, nfp = 0;
    for (uint32_t i = 0; i < t->nparams; i++) {
        bin_valtype_t v = t->params[i];
        if (v == VT_I32 || v == VT_I64) nint++;
        else if (v == VT_F32 || v == VT_F64) nfp++;
        else return false;
    }
    if (t->nresults > 1) return false;
    if (t->nresults == 1 && t->results[0] != VT_I32 && t->results[0] != VT_I64 && t->results[0] != VT_F32 &&
        t->results[0] != VT_F64)
        return false;
    return nint + nfp <= TYPED_MAX_PARAMS;
}

/* The typed entry: `R fn(ctx, inst, params...)` with the C calling
 * convention of LLVM's typed entries (native_typed), so LLVM's code calls
 * JIT code directly rather than through wcn_call and the slots entry
 * (hashmap's cold run, printf_core left in JIT code: the slots path was
 * 5 % of its samples). As the slots entry, with the parameters taken from
 * their registers (i32s zero-extended, as the slots hold them) and the
 * result returned in rax or xmm0; and the call event wcn_call counts for
 * JIT callees when fuel is not metered (tier auto's samples). false: the
 * type does not fit (typed_fits), no entry. */
static bool typed_entry(jit_t *J)
{
    const cmp_func_t *c = J->code;
    const bin_functype_t *t = bin_func_type(J->bin, c->func_idx);
    if (!t || !typed_fits(t)) return false;
    static const int int_reg[4] = {RDX, RCX, R8, R9};
    push_all(J);
    mov_rr(J, R12, RDI);
    mov_rr(J, R13, RSI);
    mem(J, 0, true, 0x8B, RBX, R12, NOIDX, 0, (int32_t)offsetof(exec_ctx_t, stack_top));
    mem(J, 0, true, 0x89, RBX, RSP, NOIDX, 0, 0);
    frame_checks(J, true);              /* rax only: the parameters stay */
    /* into the frame itself, not st64: a pinned parameter's register may
     * be where a later parameter still is (r8, r9), and the poll below
     * calls out; the pins are loaded after it, as the fast entry does */
    for (uint32_t i = 0, ni = 0, nf = 0, ns = 0; i < t->nparams; i++) {
        bin_valtype_t v = t->params[i];
        bool is_int = v == VT_I32 || v == VT_I64, wide = v == VT_I64 || v == VT_F64;
        if (is_int ? ni >= 4 : nf >= 8)
            /* on the caller's stack: [rbp + 16] (push_all's rbp is
             * after the return address) and up; a 32-bit value's upper
             * half is undefined: a 32-bit load clears it */
            mem(J, 0, wide, 0x8B, RAX, RBP, NOIDX, 0, (int32_t)(16 + 8 * ns++));
        else if (v == VT_I32) rr(J, 0, false, 0x89, int_reg[ni++], RAX);  /* mov eax, r32 */
        else if (v == VT_I64) mov_rr(J, RAX, int_reg[ni++]);
        else if (v == VT_F32) rr(J, 0x66, false, 0x0F7E, (int)nf++, RAX); /* movd eax, xmm */
        else rr(J, 0x66, true, 0x0F7E, (int)nf++, RAX);                  /* movq rax, xmm */
        mem(J, 0, true, 0x89, RAX, SLOT(i));
    }
    /* the call event, unless metered code counted it (as wcn_call) */
    alu_mem_imm(J, false, 7, R12, (int32_t)offsetof(exec_ctx_t, metered), 0);
    uint32_t metered = jshort(J, CC_NE);
    alu_mem_imm(J, true, 5, R12, (int32_t)offsetof(exec_ctx_t, budget), 1);
    uint32_t left = jshort(J, CC_NS);
    mov_rr(J, RDI, R12);
    mov_rr(J, RSI, R13);
    mov_imm(J, RDX, J->def);
    call_abs(J, (const void *)jit_rt_entry_poll);
    rr(J, 0, false, 0x85, RAX, RAX);
    uint32_t go = jshort(J, CC_E);
    rr(J, 0, false, 0x89, RAX, RSI);
    mov_rr(J, RDI, R12);
    mov_imm(J, RDX, (uint64_t)c->func_idx << 32);
    call_abs(J, (const void *)wcn_trap);
    land(J, metered);
    land(J, left);
    land(J, go);
    for (uint32_t i = 0; i < J->npin; i++)
        if (J->pin[i].slot < c->nparams) pin_load(J, &J->pin[i]);
    frame_init(J);
    load_mem0(J);
    now_running(J, J->def + 1);
    uint32_t call = glue_call(J, 2);
    now_running(J, 0);
    if (t->nresults == 1) {
        bin_valtype_t v = t->results[0];
        if (v == VT_I32 || v == VT_I64) mem(J, 0, true, 0x8B, RAX, SLOT(0));
        else if (v == VT_F32) mem(J, 0x66, false, 0x0F6E, 0, SLOT(0));  /* movd xmm0, m32 */
        else mem(J, 0xF3, false, 0x0F7E, 0, SLOT(0));                   /* movq xmm0, m64 */
    }
    /* glue_return, with rcx for the saved top: rax may be the result */
    mem(J, 0, true, 0x8B, RCX, RSP, NOIDX, 0, 0);
    mem(J, 0, true, 0x89, RCX, R12, NOIDX, 0, (int32_t)offsetof(exec_ctx_t, stack_top));
    alu_reg_imm(J, true, 0, RSP, FRAME_SCRATCH);
    b1(J, 0x41); b1(J, 0x5F);           /* pop r15 */
    b1(J, 0x41); b1(J, 0x5E);
    b1(J, 0x41); b1(J, 0x5D);
    b1(J, 0x41); b1(J, 0x5C);
    b1(J, 0x5B);
    b1(J, 0x5D);
    b1(J, 0xC3);
    patch_rel(J, call, J->n);
    fast_frame(J);
    jmp_to(J, FIX_LABEL, 0);
    return true;
}

/* Returns (the fast frame's epilogue): pinned results go to the frame
 * first; *from_frame: where returns whose results are in the frame
 * already enter (LLVM's code finished the function at a poll). */
static void return_block(jit_t *J, uint32_t *from_frame)
{
    const cmp_func_t *c = J->code;
    for (uint32_t i = 0; i < J->npin; i++)
        if (J->pin[i].slot < c->nresults) pin_store(J, &J->pin[i]);
    *from_frame = J->n;
    alu_reg_imm(J, true, 0, RSP, FRAME_SCRATCH);
    b1(J, 0x41); b1(J, 0x5F);           /* pop r15 */
    b1(J, 0x5D);
    b1(J, 0xC3);
}

static void patch_rel(jit_t *J, uint32_t pos, uint32_t target)
{
    if (J->fail) return;
    int32_t d = (int32_t)(target - (pos + 4));
    memcpy(J->p + pos, &d, 4);
}

static void emit_stubs(jit_t *J)
{
    for (uint32_t i = 0; i < J->nstub && !J->fail; i++) {
        stub_t s = J->stub[i];
        patch_rel(J, s.pos, J->n);
        switch ((stub_kind_t)s.kind) {
        case STUB_TRAP:
            mov_rr(J, RDI, R12);
            mov_imm(J, RSI, s.a);
            mov_imm(J, RDX, s.loc);
            call_abs(J, (const void *)wcn_trap);
            break;
        case STUB_TRAP_DYN: /* the kind is in register s.a */
            rr(J, 0, false, 0x89, (int)s.a, RSI); /* mov esi, kind */
            mov_rr(J, RDI, R12);
            mov_imm(J, RDX, s.loc);
            call_abs(J, (const void *)wcn_trap);
            break;
        case STUB_POLL: {
            pins_store_all(J);                       /* OSR into LLVM's code reads the frame */
            sync_top(J);                             /* ... and builds above it */
            mov_rr(J, RDI, R12);
            mov_rr(J, RSI, R13);
            mov_rr(J, RDX, RBX);
            mov_imm(J, RCX, (uint64_t)J->def << 32 | s.a);
            call_abs(J, (const void *)jit_rt_poll);
            rr(J, 0, false, 0x85, RAX, RAX);
            jcc_to(J, CC_G, FIX_RET_FRAME, 0);       /* 1: LLVM's code finished the function */
            uint32_t trap = jshort(J, CC_NE);
            pins_load_all(J);                        /* 0: go on */
            b1(J, 0xE9); b4(J, 0);
            patch_rel(J, J->n - 4, s.back);
            land(J, trap);
            rr(J, 0, false, 0xF7, 3, RAX);           /* neg eax: the trap kind */
            rr(J, 0, false, 0x89, RAX, RSI);
            mov_rr(J, RDI, R12);
            mov_imm(J, RDX, s.loc);
            call_abs(J, (const void *)wcn_trap);
            break;
        }
        case STUB_CALL_POLL:
            sync_top(J);
            mem(J, 0, true, 0x89, RDI, RSP, NOIDX, 0, 8);
            mov_rr(J, RCX, RDI);
            mov_rr(J, RDI, R12);
            mov_rr(J, RSI, R13);
            mov_imm(J, RDX, J->def);
            call_abs(J, (const void *)jit_rt_call_poll);
            rr(J, 0, true, 0x85, RAX, RAX);
            mem(J, 0, true, 0x8B, RDI, RSP, NOIDX, 0, 8);
            b1(J, 0x0F); b1(J, 0x80 + CC_E); b4(J, 0);
            patch_rel(J, J->n - 4, s.back);
            rr(J, 0, false, 0x89, RAX, RSI);
            mov_rr(J, RDI, R12);
            mov_imm(J, RDX, s.loc);
            call_abs(J, (const void *)wcn_trap);
            break;
        case STUB_CALL_SLOW:
            /* first give the callee JIT code: then the call is direct */
            mem(J, 0, true, 0x89, RDI, RSP, NOIDX, 0, 8);
            call_abs(J, (const void *)jit_rt_prepare);
            mem(J, 0, true, 0x8B, RDI, RSP, NOIDX, 0, 8);
            rr(J, 0, true, 0x85, RAX, RAX);
            b1(J, 0x0F); b1(J, 0x80 + CC_NE); b4(J, 0);
            patch_rel(J, J->n - 4, s.back2);
            mov_rr(J, RDX, RDI);
            mov_rr(J, RDI, R12);
            mov_rr(J, RSI, R13);
            mem(J, 0, true, 0x8D, RCX, SLOT(s.a));
            call_abs(J, (const void *)jit_rt_call_slow);
            b1(J, 0xE9);
            b4(J, 0);
            patch_rel(J, J->n - 4, s.back);
            break;
        }
    }
}

static bool function_ok(const cmp_func_t *c)
{
    /* exception handlers need the interpreter's unwinder */
    return c->ntries == 0;
}

/* Did a branch land where the slot cache was read? (A backward branch to
 * something other than a loop header: the translation is redone without
 * the cache.) */
static bool cache_misused(const jit_t *J)
{
    for (uint32_t i = 0; i < J->nfix; i++)
        if (J->fix[i].kind != FIX_RET && J->fix[i].kind != FIX_RET_FRAME &&
            J->fix[i].target < J->code->code_words &&
            J->cached_at[J->fix[i].target])
            return true;
    return false;
}

/* Which slots to pin: a first translation, whose code is dropped, counts
 * every slot access and notes the back-edges and calls. An access weighs
 * 8^d, d the loops around it (at most 5). The heaviest slot gets r15, the
 * next ones r8-r10, rsi and rdi when they weigh more than twice the calls (each call
 * costs a caller-saved pin a store and a load); a slot needs a weight of
 * PIN_MIN_WEIGHT. Constants are immediates already. */
#define PIN_MIN_WEIGHT 4u
static void choose_pins(jit_module_t *jm, const cmp_func_t *c, uint32_t def, jit_t *out)
{
    out->npin = 0;
    if (getenv("WASMCELL_JIT_NO_PINS")) return; /* experiments: docs/native.md */
    jit_t J = {0};
    J.code = c;
    J.bin = jm->bin;
    J.def = def;
    J.profile = jm->profile;
    J.func_idx = c->func_idx;
    J.no_cache = true;
    J.counting = true;
    cache_clear(&J);
    uint32_t nw = c->code_words;
    J.label = base_malloc((size_t)(nw + 1) * sizeof *J.label);
    J.target = base_calloc((size_t)nw + 1, 1);
    uint32_t *reach = base_calloc((size_t)nw + 1, sizeof *reach);
    int32_t *diff = base_calloc((size_t)nw + 2, sizeof *diff);
    uint64_t *score = base_calloc(c->frame_slots ? c->frame_slots : 1, sizeof *score);
    if (!J.label || !J.target || !reach || !diff || !score) J.fail = true;
    for (uint32_t w = 0; w < nw && !J.fail;) {
        J.label[w] = J.n;
        J.word = w;
        w += translate(&J, w);
    }
    if (!J.fail) {
        /* loop depth per word: each loop header's furthest back-edge
         * closes its body */
        for (uint32_t i = 0; i < J.nback; i++)
            if (J.back[i].to < nw && J.back[i].from + 1 > reach[J.back[i].to])
                reach[J.back[i].to] = J.back[i].from + 1;
        for (uint32_t t = 0; t < nw; t++)
            if (reach[t]) {
                diff[t]++;
                diff[reach[t] < nw ? reach[t] : nw]--;
            }
        int32_t d = 0;
        for (uint32_t w = 0; w < nw; w++) {
            d += diff[w];
            reach[w] = (uint32_t)(d < 0 ? 0 : d > 5 ? 5 : d); /* reach now holds the depth */
        }
        uint64_t callw = 0;
        for (uint32_t i = 0; i < J.ncalls; i++) callw += 1ull << (3 * reach[J.calls[i]]);
        for (uint32_t i = 0; i < J.nacc; i++) {
            uint32_t sl = J.acc[i].slot;
            bool konst = sl >= c->nlocal_slots && sl < c->nlocal_slots + c->nconsts;
            if (sl < c->frame_slots && !konst) score[sl] += 1ull << (3 * reach[J.acc[i].word]);
        }
        static const int regs[NPIN] = {R15, R8, R9, R10, RSI, RDI};
        for (uint32_t k = 0; k < NPIN; k++) {
            uint32_t best = UINT32_MAX;
            for (uint32_t sl = 0; sl < c->frame_slots; sl++)
                if (score[sl] && (best == UINT32_MAX || score[sl] > score[best])) best = sl;
            if (best == UINT32_MAX || score[best] < PIN_MIN_WEIGHT) break;
            if (caller_saved(regs[k]) && score[best] <= 2 * callw) break;
            out->pin[out->npin++] = (pin_t){best, regs[k]};
            score[best] = 0;
        }
    }
    base_free(J.p);
    base_free(J.label);
    base_free(J.fix);
    base_free(J.stub);
    base_free(J.target);
    base_free(J.acc);
    base_free(J.back);
    base_free(J.calls);
    base_free(reach);
    base_free(diff);
    base_free(score);
}

static jit_fn_t *compile(jit_module_t *jm, const cmp_func_t *c, uint32_t def, const char **why)
{
    jit_t J = {0};
    bool no_cache = getenv("WASMCELL_JIT_NO_SLOT_CACHE") != NULL;
    jit_t pins = {0};
    choose_pins(jm, c, def, &pins);
retry:
    memset(&J, 0, sizeof J);
    J.npin = pins.npin;
    memcpy(J.pin, pins.pin, sizeof J.pin);
    J.code = c;
    J.bin = jm->bin;
    J.def = def;
    J.profile = jm->profile;
    J.func_idx = c->func_idx;
    J.needs_consts = c->nconsts && c->nlocal_slots < c->nresults;
    cmp_offsets_cursor_init(&J.offsets, c->offsets, c->offsets_size);
    J.no_cache = no_cache;
    cache_clear(&J);
    jit_fn_t *fn = NULL;
    J.label = base_malloc((size_t)(c->code_words + 1) * sizeof *J.label);
    J.target = base_calloc((size_t)c->code_words + 1, 1);
    J.cached_at = base_calloc((size_t)c->code_words + 1, 1);
    if (!J.label || !J.target || !J.cached_at) {
        base_free(J.label);
        base_free(J.target);
        base_free(J.cached_at);
        *why = "out of memory";
        return NULL;
    }
    memset(J.label, 0xFF, (size_t)(c->code_words + 1) * sizeof *J.label);
    for (uint32_t i = 0; i < c->nloops; i++)
        if (c->loops[2 * i] < c->code_words) J.target[c->loops[2 * i]] = 1;
    if (!function_ok(c)) {
        J.fail = true;
        J.why = "exception handlers";
    }
    uint32_t ret_at = 0, ret_frame_at = 0, slots_at = 0, fast_at = 0, typed_at = UINT32_MAX;
    /* layout: loop entry, body, return block, slots entry (late: it needs
     * to know whether the body reads constants from the frame), fast
     * entry, stubs */
    uint32_t loop_at = 0;
    if (!J.fail) loop_entry(&J);
    uint32_t body_start = J.n, nins = 0;
    for (uint32_t w = 0; w < c->code_words && !J.fail;) {
        J.label[w] = J.n;
        J.word = w;
        if (J.target[w]) cache_clear(&J);
        nins++;
        w += translate(&J, w);
    }
    cache_clear(&J);
    J.no_cache = true;
    if (!J.fail && !no_cache && cache_misused(&J)) {
        base_free(J.p);
        base_free(J.label);
        base_free(J.fix);
        base_free(J.stub);
        base_free(J.target);
        base_free(J.cached_at);
        no_cache = true;
        goto retry;
    }
    /* falling off the end cannot happen (validated code ends in a return) */
    if (!J.fail) {
        ret_at = J.n;
        return_block(&J, &ret_frame_at);
        slots_at = J.n;
        slots_entry(&J);
        fast_at = J.n;
        fast_entry(&J);
        typed_at = J.n;
        if (!typed_entry(&J)) typed_at = UINT32_MAX;
        emit_stubs(&J);
    }
    for (uint32_t i = 0; i < J.nfix && !J.fail; i++) {
        fixup_t f = J.fix[i];
        uint32_t t = f.kind == FIX_RET         ? ret_at
                     : f.kind == FIX_RET_FRAME ? ret_frame_at
                     : f.target < c->code_words ? J.label[f.target]
                                                : UINT32_MAX;
        if (t == UINT32_MAX) {
            J.fail = true;
            J.why = "branch into an instruction";
            break;
        }
        if (f.kind == FIX_TABLE) {
            int32_t d = (int32_t)(t - f.base);
            memcpy(J.p + f.pos, &d, 4);
            continue;
        }
        patch_rel(&J, f.pos, t);
    }
    if (J.fail) goto out;
    /* place it */
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t bytes = (J.n + page - 1) & ~(page - 1);
    if (jm->used + bytes > ARENA_BYTES) {
        J.why = "code arena full";
        goto out;
    }
    uint8_t *at = jm->arena + jm->used;
    if (mprotect(at, bytes, PROT_READ | PROT_WRITE) != 0) {
        J.why = "mprotect";
        goto out;
    }
    memcpy(at, J.p, J.n);
    if (mprotect(at, bytes, PROT_READ | PROT_EXEC) != 0) {
        J.why = "mprotect";
        goto out;
    }
    jm->used += bytes;
    /* WASMCELL_JIT_DUMP=DIR: each function's code as DIR/jit-<func>.bin
     * (objdump -D -b binary -mi386:x86-64 reads it) */
    const char *dump = getenv("WASMCELL_JIT_DUMP");
    if (dump && *dump) {
        char path[512];
        snprintf(path, sizeof path, "%s/jit-%u.bin", dump, c->func_idx);
        FILE *df = fopen(path, "wb");
        if (df) {
            fwrite(J.p, 1, J.n, df);
            fclose(df);
        }
    }
    fn = base_calloc(1, sizeof *fn);
    if (fn) {
        fn->loop_off = base_malloc((c->nloops ? c->nloops : 1) * sizeof *fn->loop_off);
        fn->ins_off = base_malloc((nins ? nins : 1) * sizeof *fn->ins_off);
        fn->ins_word = base_malloc((nins ? nins : 1) * sizeof *fn->ins_word);
    }
    if (!fn || !fn->loop_off || !fn->ins_off || !fn->ins_word) {
        if (fn) {
            base_free(fn->loop_off);
            base_free(fn->ins_off);
            base_free(fn->ins_word);
            base_free(fn);
        }
        fn = NULL;
        J.why = "out of memory";
        goto out;
    }
    fn->body_start = body_start;
    fn->body_end = ret_at;
    fn->glue_ret[0] = J.glue_ret[0];
    fn->glue_ret[1] = J.glue_ret[1];
    fn->glue_ret[2] = J.glue_ret[2];
    for (uint32_t w = 0; w < c->code_words; w++) {
        if (J.label[w] == UINT32_MAX) continue;
        fn->ins_off[fn->nins] = J.label[w];
        fn->ins_word[fn->nins++] = w;
    }
    fn->start = at;
    fn->size = J.n;
    fn->func_idx = c->func_idx;
    fn->slots = at + slots_at;
    fn->typed = typed_at == UINT32_MAX ? NULL : at + typed_at;
    fn->fast = at + fast_at;
    fn->loop_entry = at + loop_at;
    fn->code = c;
    fn->nloops = c->nloops;
    for (uint32_t i = 0; i < c->nloops; i++) {
        uint32_t wd = c->loops[2 * i];
        fn->loop_off[i] = wd < c->code_words ? J.label[wd] : UINT32_MAX;
    }
out:
    if (!fn && why) *why = J.why ? J.why : "unknown";
    base_free(J.p);
    base_free(J.label);
    base_free(J.fix);
    base_free(J.stub);
    base_free(J.target);
    base_free(J.cached_at);
    return fn;
}

/* WASMCELL_PERFMAP=1: name the function's code for perf (as native_code.c
 * does for LLVM's). */
static void perf_map(const jit_module_t *jm, const jit_fn_t *fn)
{
    const char *on = getenv("WASMCELL_PERFMAP");
    if (!on || strcmp(on, "1") != 0) return;
    char path[64];
    snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)getpid());
    FILE *f = fopen(path, "a");
    if (!f) return;
    const char *name = jm->bin->func_names ? jm->bin->func_names[fn->func_idx] : NULL;
    fprintf(f, "%lx %x jit func[%u]%s%s\n", (unsigned long)(uintptr_t)fn->start, fn->size, fn->func_idx,
            name ? " " : "", name ? name : "");
    fclose(f);
}

static jit_fn_t *fn_of(const wasmcell_func_t *f)
{
    if (!f->inst || f->host) return NULL;
    jit_module_t *jm = atomic_load_explicit(&f->inst->module->jit, memory_order_acquire);
    if (!jm || f->def_idx >= jm->ndefs) return NULL;
    jit_fn_t *fn = atomic_load_explicit(&jm->fns[f->def_idx], memory_order_acquire);
    return fn == DECLINED ? NULL : fn;
}

bool exec_jit_declined(wasmcell_module_t *m, uint32_t def_idx)
{
    jit_module_t *jm = atomic_load_explicit(&m->jit, memory_order_acquire);
    if (!jm || def_idx >= jm->ndefs) return false; /* the no_jit sentinel has ndefs 0 */
    return atomic_load_explicit(&jm->fns[def_idx], memory_order_acquire) == DECLINED;
}

bool exec_jit_has_code(wasmcell_module_t *m, uint32_t def_idx)
{
    jit_module_t *jm = atomic_load_explicit(&m->jit, memory_order_acquire);
    if (!jm || def_idx >= jm->ndefs) return false;
    jit_fn_t *fn = atomic_load_explicit(&jm->fns[def_idx], memory_order_acquire);
    return fn && fn != DECLINED;
}

bool exec_jit_is_entry(const wasmcell_func_t *f)
{
    jit_fn_t *fn = fn_of(f);
    return fn && f->native_slots == fn->slots;
}

bool exec_jit_adopt(wasmcell_func_t *f)
{
    if (exec_jit_mode() == JIT_OFF || !f->inst || f->host || f->inst->mem_checked) return false;
    wasmcell_module_t *m = f->inst->module;
    jit_module_t *jm = module_jit(m);
    if (!jm || f->def_idx >= jm->ndefs) return false;
    jit_fn_t *fn = atomic_load_explicit(&jm->fns[f->def_idx], memory_order_acquire);
    if (fn == DECLINED) return false;
    if (!fn) {
        wasmcell_error_t *err = NULL;
        const cmp_func_t *c = exec_func_code(f, &err);
        if (!c) {
            if (err && err != &rt_error_nomem) wasmcell_error_delete(err);
            return false;
        }
        pthread_once(&op_once, op_table_init);
        pthread_mutex_lock(&jm->lock);
        fn = atomic_load(&jm->fns[f->def_idx]);
        if (!fn) {
            const char *why = NULL;
            fn = compile(jm, c, f->def_idx, &why);
            if (fn && jm->norder == jm->caporder) {
                uint32_t cap = jm->caporder ? 2 * jm->caporder : 64;
                jit_fn_t **o = base_realloc(jm->order, cap * sizeof *o);
                if (o) {
                    jm->order = o;
                    jm->caporder = cap;
                }
            }
            if (fn && jm->norder < jm->caporder) {
                jm->order[jm->norder++] = fn; /* the arena fills upward: sorted */
            } else if (fn) {
                base_free(fn->loop_off);
                base_free(fn->ins_off);
                base_free(fn->ins_word);
                base_free(fn);
                fn = NULL;
                why = "out of memory";
            }
            if (fn) perf_map(jm, fn);
            const char *dbg = getenv("WASMCELL_NATIVE_DEBUG");
            if (!fn && dbg)
                fprintf(stderr, "wasmcell: JIT declines func[%u]: %s\n", c->func_idx, why);
            else if (fn && dbg && strcmp(dbg, "2") == 0)
                fprintf(stderr, "wasmcell: JIT func[%u]: %u words of internal code, %u bytes of x86-64\n",
                        c->func_idx, c->code_words, fn->size);
            atomic_store_explicit(&jm->fns[f->def_idx], fn ? fn : DECLINED, memory_order_release);
        }
        pthread_mutex_unlock(&jm->lock);
        if (fn == DECLINED || !fn) return false;
    }
    if (!f->native_slots) f->native_slots = fn->slots;
    if (f->native_slots == fn->slots) {
        f->jit_fast = fn->fast;
        f->native_typed = fn->typed; /* LLVM's code calls it so (typed_entry) */
    }
    return true;
}

bool exec_jit_osr(exec_ctx_t *ctx, wasmcell_func_t *f, uint64_t *fp, const uint64_t *ip)
{
    jit_fn_t *fn = fn_of(f);
    const cmp_func_t *c = fn ? fn->code : NULL;
    if (!c || ip < c->code || ip >= c->code + c->code_words) return false;
    uint32_t word = (uint32_t)(ip - c->code);
    for (uint32_t i = 0; i < c->nloops; i++) {
        if (c->loops[2 * i] != word || fn->loop_off[i] == UINT32_MAX) continue;
        /* as exec_native_osr: an exception leaving the JIT code resumes in
         * f's caller */
        uint64_t *site = fp + c->frame_slots;
        exec_frame_t *fsp = ctx->fsp;
        if (site + 4 > ctx->stack_end) return false;
        site[0] = (uintptr_t)fsp->ret_ip;
        site[1] = (uintptr_t)fsp->fp;
        site[2] = (uintptr_t)ctx->native_site;
        site[3] = (uintptr_t)(fsp - 1);
        if (fsp->ret_ip) ctx->native_site = site;
        uint64_t *saved = ctx->stack_top;
        ctx->stack_top = site + 4;
        typedef int (*loop_fn)(exec_ctx_t *, rt_instance_t *, uint64_t *, void *);
        if (getenv("WASMCELL_NATIVE_DEBUG"))
            fprintf(stderr, "wasmcell: on-stack replacement: function %u entered JIT code at loop %u\n",
                    f->func_idx, c->loops[2 * i + 1]);
        ((loop_fn)fn->loop_entry)(ctx, f->inst, fp, fn->start + fn->loop_off[i]);
        ctx->native_site = (uint64_t *)(uintptr_t)site[2];
        ctx->stack_top = saved;
        return true;
    }
    return false;
}

#else /* not x86-64 Linux: no JIT */

bool exec_jit_adopt(wasmcell_func_t *f) { (void)f; return false; }
bool exec_jit_is_entry(const wasmcell_func_t *f) { (void)f; return false; }
bool exec_jit_declined(wasmcell_module_t *m, uint32_t def_idx)
{
    (void)m; (void)def_idx;
    return false;
}
bool exec_jit_has_code(wasmcell_module_t *m, uint32_t def_idx)
{
    (void)m; (void)def_idx;
    return false;
}
bool exec_jit_osr(exec_ctx_t *ctx, wasmcell_func_t *f, uint64_t *fp, const uint64_t *ip)
{
    (void)ctx; (void)f; (void)fp; (void)ip;
    return false;
}
bool exec_jit_is_code(uintptr_t pc) { (void)pc; return false; }
bool exec_jit_func_at(uintptr_t pc, const bin_module_t **bin, uint32_t *func_idx, uint32_t *offset)
{
    (void)pc; (void)bin; (void)func_idx; (void)offset;
    return false;
}
void exec_jit_module_free(wasmcell_module_t *m) { (void)m; }

#endif
