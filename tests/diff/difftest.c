/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* difftest.c — differential test between the execution tiers: runs each
 * module given on the command line in an interpreter engine and in a native
 * engine (every function compiled before the first call, no code cache) and
 * compares everything the embedder can observe. Public API only.
 *
 *   difftest [options] FILE.wasm...
 *     --rounds N      call every exported function N times, each time with
 *                     other arguments (default 3)
 *     --fuel N        fuel per call (default 20,000,000)
 *     --quiet         one line per module only when something is wrong
 *     --skip-export NAME  do not call export NAME (repeatable), e.g. to look
 *                     past a known mismatch in binaryen's hashMemory
 *     --require-native  fail (instead of skip) when the native tier compiled
 *                     nothing: a build without LLVM
 *     --opt N         the native engine's optimisation level 0-3 (default:
 *                     the engine's, 2 for tier native); tier auto compiles
 *                     at 0 and 1
 *   difftest --random-bytes SEED SIZE   SIZE pseudo-random bytes on stdout,
 *                     a deterministic input for `wasm-opt -ttf`
 *
 * Per module: both engines compile and instantiate it against the same host
 * functions (binaryen's "fuzzing-support" log-i32/-i64/-f32/-f64, which
 * record their argument in a per-tier log, and call-export/call-export-catch),
 * then every exported function is called, in export order, with
 * deterministic arguments (0, 1, -1, primes, limits; for floats also zeros,
 * infinities, denormals, conversion limits and NaN patterns). Before each
 * call "hangLimitInitializer" is called when the module exports it (as
 * binaryen's own harness does). Compared after each call: the status, the
 * trap kind and message, the results (bit-exact, except that any NaN equals
 * any NaN; a funcref only as null / non-null), the host log entries the call
 * made (floats: NaN equals NaN), every exported memory (size and bytes) and
 * every exported global.
 *
 * Not comparable: fuel accounting and the stack limits are measured
 * differently by the tiers, so once a call in either tier ends with "out of
 * fuel" or "call stack exhausted" the rest of that module is skipped (the
 * calls before it still count).
 *
 * Output: a line per module ("ok", "skip: why" or "MISMATCH" with the
 * differences), then a summary line
 *   difftest: M modules (K skipped, F failed), E exports, C calls compared, N native functions
 * Exit status: 0 no mismatch, 1 a mismatch, 2 usage or unreadable file,
 * 77 the native tier compiled nothing (a build without LLVM) and
 * --require-native was not given.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasmcell.h"

#define DEFAULT_FUEL 20000000u
#define LOG_MAX 4096   /* entries kept per call; the count is compared in full */
#define MAX_VALUES 64  /* parameters / results handled per function */
#define MAX_EXPORTS 4096

enum { TIER_I, TIER_N, NTIERS };
static const char *const tier_names[NTIERS] = {"interp", "native"};

/* ---- options and statistics ---------------------------------------------- */

static unsigned opt_rounds = 3;
static uint64_t opt_fuel = DEFAULT_FUEL;
static uint32_t opt_level = WASMCELL_OPT_DEFAULT; /* --opt: the native engine's level */
static int opt_quiet;
static int opt_require_native;
static const char *opt_skip_exports[16];
static unsigned opt_nskip_exports;

static int export_skipped(const char *name)
{
    for (unsigned i = 0; i < opt_nskip_exports; i++)
        if (strcmp(opt_skip_exports[i], name) == 0)
            return 1;
    return 0;
}

static unsigned long stat_modules, stat_skipped, stat_failed, stat_exports, stat_calls,
    stat_native_funcs, stat_funcs;

/* ---- deterministic argument values ---------------------------------------- */

static const uint32_t i32_values[] = {
    0,          1,          0xffffffffu, 2,          3,          5,          7,
    13,         31,         32,         0x80000000u, 0x7fffffffu, 0x80,     0xff,
    0xffff,     0x10000,    1000003,    0xfffffffeu, 0x55555555u, 0xaaaaaaaau, 65536 * 16 - 1,
};
static const uint64_t i64_values[] = {
    0,
    1,
    UINT64_MAX,
    2,
    3,
    5,
    7,
    63,
    64,
    0x8000000000000000ull,
    0x7fffffffffffffffull,
    0xffffffffull,
    0x100000000ull,
    0x80000000ull,
    1000000007ull,
    0xfffffffffffffffeull,
    0x5555555555555555ull,
    0xdeadbeefcafef00dull,
};
static const uint32_t f32_values[] = {
    0x00000000u, /* 0.0 */
    0x3f800000u, /* 1.0 */
    0xbf800000u, /* -1.0 */
    0x80000000u, /* -0.0 */
    0x7fc00000u, /* NaN */
    0x40400000u, /* 3.0 */
    0x7f800000u, /* inf */
    0xff800000u, /* -inf */
    0x3f000000u, /* 0.5 */
    0xbfc00000u, /* -1.5 */
    0x00000001u, /* smallest denormal */
    0x7f7fffffu, /* max */
    0x4f000000u, /* 2^31 */
    0xcf000000u, /* -2^31 */
    0x4f800000u, /* 2^32 */
    0x5f000000u, /* 2^63 */
    0xffc00000u, /* -NaN */
    0x7fa00001u, /* signalling NaN with payload */
    0x40490fdbu, /* pi */
    0x4effffffu, /* just below 2^31 */
};
static const uint64_t f64_values[] = {
    0x0000000000000000ull, /* 0.0 */
    0x3ff0000000000000ull, /* 1.0 */
    0xbff0000000000000ull, /* -1.0 */
    0x8000000000000000ull, /* -0.0 */
    0x7ff8000000000000ull, /* NaN */
    0x4008000000000000ull, /* 3.0 */
    0x7ff0000000000000ull, /* inf */
    0xfff0000000000000ull, /* -inf */
    0x3fe0000000000000ull, /* 0.5 */
    0xbff8000000000000ull, /* -1.5 */
    0x0000000000000001ull, /* smallest denormal */
    0x7fefffffffffffffull, /* max */
    0x41e0000000000000ull, /* 2^31 */
    0xc1e0000000000000ull, /* -2^31 */
    0x41f0000000000000ull, /* 2^32 */
    0x43e0000000000000ull, /* 2^63 */
    0xfff8000000000000ull, /* -NaN */
    0x7ff4000000000001ull, /* signalling NaN with payload */
    0x400921fb54442d18ull, /* pi */
    0x41dfffffffc00000ull, /* 2^31 - 1 */
    0x41dfffffffe00000ull, /* 2^31 - 0.5 */
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The host pointers passed as non-null externref arguments (same in both tiers). */
static char externref_cookies[4];

/* Argument i of call `round` to export number `e`. */
static wasmcell_val_t make_arg(wasmcell_valtype_t type, unsigned round, size_t e, size_t i)
{
    size_t k = (size_t)round * 7 + i * 3 + e;
    wasmcell_val_t v;
    memset(&v, 0, sizeof v);
    v.type = type;
    switch (type) {
    case WASMCELL_I32: v.of.i32 = (int32_t)i32_values[k % COUNT(i32_values)]; break;
    case WASMCELL_I64: v.of.i64 = (int64_t)i64_values[k % COUNT(i64_values)]; break;
    case WASMCELL_F32: {
        uint32_t bits = f32_values[k % COUNT(f32_values)];
        memcpy(&v.of.f32, &bits, 4);
        break;
    }
    case WASMCELL_F64: {
        uint64_t bits = f64_values[k % COUNT(f64_values)];
        memcpy(&v.of.f64, &bits, 8);
        break;
    }
    case WASMCELL_EXTERNREF:
        v.of.externref = k % 3 == 0 ? NULL : &externref_cookies[k % COUNT(externref_cookies)];
        break;
    case WASMCELL_FUNCREF: v.of.funcref = NULL; break;
    case WASMCELL_V128: {
        uint64_t w[2] = {i64_values[k % COUNT(i64_values)], i64_values[(k + 5) % COUNT(i64_values)]};
        memcpy(v.of.v128, w, 16);
        break;
    }
    default: break;
    }
    return v;
}

/* ---- output helpers --------------------------------------------------------- */

static const char *current_file;
static int module_failed;     /* a mismatch was reported for the current module */
static int module_header_out; /* the "== FILE" header was printed */

static void header(void)
{
    if (!module_header_out) {
        printf("== %s\n", current_file);
        module_header_out = 1;
    }
}

static void __attribute__((format(printf, 1, 2))) mismatch(const char *fmt, ...)
{
    header();
    printf("  MISMATCH: ");
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    module_failed = 1;
}

static void __attribute__((format(printf, 1, 2))) note(const char *fmt, ...)
{
    if (opt_quiet)
        return;
    header();
    printf("  ");
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

static const char *type_name(wasmcell_valtype_t t)
{
    switch (t) {
    case WASMCELL_I32: return "i32";
    case WASMCELL_I64: return "i64";
    case WASMCELL_F32: return "f32";
    case WASMCELL_F64: return "f64";
    case WASMCELL_V128: return "v128";
    case WASMCELL_FUNCREF: return "funcref";
    case WASMCELL_EXTERNREF: return "externref";
    case WASMCELL_EXNREF: return "exnref";
    }
    return "?";
}

/* Formats a value as "type:bits (readable)" into buf. */
static const char *val_text(const wasmcell_val_t *v, char *buf, size_t size)
{
    switch (v->type) {
    case WASMCELL_I32:
        snprintf(buf, size, "i32:0x%08" PRIx32 " (%" PRId32 ")", (uint32_t)v->of.i32, v->of.i32);
        break;
    case WASMCELL_I64:
        snprintf(buf, size, "i64:0x%016" PRIx64 " (%" PRId64 ")", (uint64_t)v->of.i64, v->of.i64);
        break;
    case WASMCELL_F32: {
        uint32_t b;
        memcpy(&b, &v->of.f32, 4);
        snprintf(buf, size, "f32:0x%08" PRIx32 " (%.9g)", b, (double)v->of.f32);
        break;
    }
    case WASMCELL_F64: {
        uint64_t b;
        memcpy(&b, &v->of.f64, 8);
        snprintf(buf, size, "f64:0x%016" PRIx64 " (%.17g)", b, v->of.f64);
        break;
    }
    case WASMCELL_FUNCREF: snprintf(buf, size, "funcref:%s", v->of.funcref ? "non-null" : "null"); break;
    case WASMCELL_EXTERNREF:
        if (!v->of.externref)
            snprintf(buf, size, "externref:null");
        else if ((char *)v->of.externref >= externref_cookies &&
                 (char *)v->of.externref < externref_cookies + COUNT(externref_cookies))
            snprintf(buf, size, "externref:#%d", (int)((char *)v->of.externref - externref_cookies));
        else
            snprintf(buf, size, "externref:%p", v->of.externref);
        break;
    default: snprintf(buf, size, "%s:?", type_name(v->type)); break;
    }
    return buf;
}

static int f32_bits_equal(uint32_t a, uint32_t b)
{
    int an = (a & 0x7f800000u) == 0x7f800000u && (a & 0x007fffffu);
    int bn = (b & 0x7f800000u) == 0x7f800000u && (b & 0x007fffffu);
    return an || bn ? an && bn : a == b;
}

static int f64_bits_equal(uint64_t a, uint64_t b)
{
    const uint64_t exp = 0x7ff0000000000000ull, frac = 0x000fffffffffffffull;
    int an = (a & exp) == exp && (a & frac);
    int bn = (b & exp) == exp && (b & frac);
    return an || bn ? an && bn : a == b;
}

static int vals_equal(const wasmcell_val_t *a, const wasmcell_val_t *b)
{
    if (a->type != b->type)
        return 0;
    switch (a->type) {
    case WASMCELL_I32: return a->of.i32 == b->of.i32;
    case WASMCELL_I64: return a->of.i64 == b->of.i64;
    case WASMCELL_F32: {
        uint32_t x, y;
        memcpy(&x, &a->of.f32, 4);
        memcpy(&y, &b->of.f32, 4);
        return f32_bits_equal(x, y);
    }
    case WASMCELL_F64: {
        uint64_t x, y;
        memcpy(&x, &a->of.f64, 8);
        memcpy(&y, &b->of.f64, 8);
        return f64_bits_equal(x, y);
    }
    case WASMCELL_FUNCREF: return !a->of.funcref == !b->of.funcref;
    case WASMCELL_EXTERNREF: return a->of.externref == b->of.externref;
    case WASMCELL_V128: return memcmp(a->of.v128, b->of.v128, 16) == 0;
    case WASMCELL_EXNREF: return !a->of.exnref == !b->of.exnref;
    }
    return 0;
}

/* ---- host functions: binaryen's fuzzing-support imports -------------------- */

typedef struct log_entry {
    char type; /* 'i' 'I' 'f' 'F' */
    uint64_t bits;
} log_entry_t;

typedef struct tier_state {
    log_entry_t entries[LOG_MAX];
    size_t count;           /* entries logged by the current call (may exceed LOG_MAX) */
    wasmcell_instance_t *instance;
    int in_call_export;     /* call-export nesting */
} tier_state_t;

static void log_value(tier_state_t *t, char type, uint64_t bits)
{
    if (t->count < LOG_MAX)
        t->entries[t->count] = (log_entry_t){type, bits};
    t->count++;
}

static wasmcell_error_t *host_log_i32(wasmcell_caller_t *c, void *env, uint64_t *slots)
{
    log_value(env, 'i', (uint32_t)slots[0]);
    return NULL;
}
static wasmcell_error_t *host_log_i64(wasmcell_caller_t *c, void *env, uint64_t *slots)
{
    log_value(env, 'I', slots[0]);
    return NULL;
}
static wasmcell_error_t *host_log_f32(wasmcell_caller_t *c, void *env, uint64_t *slots)
{
    log_value(env, 'f', (uint32_t)slots[0]);
    return NULL;
}
static wasmcell_error_t *host_log_f64(wasmcell_caller_t *c, void *env, uint64_t *slots)
{
    log_value(env, 'F', slots[0]);
    return NULL;
}
/* A v128 logs as its two 64-bit halves, low first. */
static wasmcell_error_t *host_log_v128(wasmcell_caller_t *c, void *env, uint64_t *slots)
{
    log_value(env, 'I', slots[0]);
    log_value(env, 'I', slots[1]);
    return NULL;
}
/* Logs that take no value worth comparing (references) log their null-ness. */
static wasmcell_error_t *host_log_ref(wasmcell_caller_t *c, void *env, uint64_t *slots)
{
    log_value(env, 'r', slots[0] != 0);
    return NULL;
}

/* Export names of the current module (for call-export). */
static wasmcell_export_desc_t cur_exports[MAX_EXPORTS];
static size_t cur_export_count;

static const char *export_name(size_t index, int *is_func)
{
    if (index >= cur_export_count)
        return NULL;
    *is_func = cur_exports[index].kind == WASMCELL_EXTERN_FUNC;
    return cur_exports[index].name;
}

/* call-export(index) / call-export-catch(index): call export number `index`
 * (of all exports, as binaryen counts them) with zero arguments; -catch
 * returns 1 when it trapped, 0 otherwise. Only functions without parameters
 * or results are called; anything else traps (the same in both tiers). */
static wasmcell_error_t *call_export_common(wasmcell_caller_t *c, tier_state_t *t, uint32_t index,
                                            int catch_traps, uint64_t *slots)
{
    wasmcell_instance_t *inst = t->instance ? t->instance : wasmcell_caller_instance(c);
    if (!inst)
        return wasmcell_trap_new("call-export: no instance");
    if (t->in_call_export > 8)
        return wasmcell_trap_new("call-export: nested too deeply");
    int is_func = 0;
    const char *name = export_name(index, &is_func);
    wasmcell_func_t *f = name && is_func ? wasmcell_instance_func(inst, name) : NULL;
    if (!f || wasmcell_func_param_count(f) || wasmcell_func_result_count(f))
        return wasmcell_trap_new("call-export: bad export");
    t->in_call_export++;
    wasmcell_error_t *err = NULL;
    wasmcell_status_t st = wasmcell_func_call(f, NULL, 0, NULL, 0, &err);
    t->in_call_export--;
    if (catch_traps) {
        slots[0] = st != WASMCELL_OK;
        if (st != WASMCELL_OK && wasmcell_error_trap_kind(err) != WASMCELL_TRAP_OUT_OF_FUEL &&
            wasmcell_error_trap_kind(err) != WASMCELL_TRAP_STACK_EXHAUSTED &&
            wasmcell_error_trap_kind(err) != WASMCELL_TRAP_INTERRUPTED) {
            wasmcell_error_delete(err);
            return NULL;
        }
    }
    return st == WASMCELL_OK ? NULL : err;
}
static wasmcell_error_t *host_call_export(wasmcell_caller_t *c, void *env, uint64_t *slots)
{
    return call_export_common(c, env, (uint32_t)slots[0], 0, slots);
}
static wasmcell_error_t *host_call_export_catch(wasmcell_caller_t *c, void *env, uint64_t *slots)
{
    return call_export_common(c, env, (uint32_t)slots[0], 1, slots);
}

static const struct host_def {
    const char *name, *signature;
    wasmcell_host_func_t fn;
} host_defs[] = {
    {"log-i32", "i:", host_log_i32},
    {"log-i64", "I:", host_log_i64},
    {"log-f32", "f:", host_log_f32},
    {"log-f64", "F:", host_log_f64},
    {"log-v128", "v:", host_log_v128},
    {"log-externref", "x:", host_log_ref},
    {"log-anyref", "x:", host_log_ref},
    {"log-funcref", "r:", host_log_ref},
    {"call-export", "i:", host_call_export},
    {"call-export-catch", "i:i", host_call_export_catch},
};

/* ---- one module --------------------------------------------------------------- */

static wasmcell_engine_t *engines[NTIERS];
static tier_state_t states[NTIERS];

typedef struct outcome {
    wasmcell_status_t status;
    wasmcell_trap_kind_t kind;
    char *message; /* malloc'ed copy, or NULL */
    wasmcell_val_t results[MAX_VALUES];
} outcome_t;

static void outcome_set_error(outcome_t *o, wasmcell_status_t st, wasmcell_error_t *err)
{
    o->status = st;
    o->kind = err ? wasmcell_error_trap_kind(err) : WASMCELL_TRAP_NONE;
    o->message = err ? strdup(wasmcell_error_message(err)) : NULL;
    wasmcell_error_delete(err);
}

static void outcome_free(outcome_t *o)
{
    free(o->message);
    o->message = NULL;
}

static int not_comparable(const outcome_t *o)
{
    return o->status == WASMCELL_ERR_TRAP &&
           (o->kind == WASMCELL_TRAP_OUT_OF_FUEL || o->kind == WASMCELL_TRAP_STACK_EXHAUSTED);
}

/* Compares two outcomes (status, trap kind, message); `what` names the step. */
static int compare_status(const char *what, const outcome_t *o)
{
    const outcome_t *a = &o[TIER_I], *b = &o[TIER_N];
    if (a->status == b->status && a->kind == b->kind &&
        ((!a->message && !b->message) ||
         (a->message && b->message && strcmp(a->message, b->message) == 0)))
        return 1;
    mismatch("%s: interp %s%s%s%s, native %s%s%s%s", what, wasmcell_status_name(a->status),
             a->message ? " \"" : "", a->message ? a->message : "", a->message ? "\"" : "",
             wasmcell_status_name(b->status), b->message ? " \"" : "",
             b->message ? b->message : "", b->message ? "\"" : "");
    return 0;
}

static int log_entries_equal(const log_entry_t *a, const log_entry_t *b)
{
    if (a->type != b->type)
        return 0;
    if (a->type == 'f')
        return f32_bits_equal((uint32_t)a->bits, (uint32_t)b->bits);
    if (a->type == 'F')
        return f64_bits_equal(a->bits, b->bits);
    return a->bits == b->bits;
}

static int compare_logs(const char *what)
{
    tier_state_t *a = &states[TIER_I], *b = &states[TIER_N];
    size_t n = a->count < b->count ? a->count : b->count;
    if (n > LOG_MAX)
        n = LOG_MAX;
    for (size_t i = 0; i < n; i++) {
        if (!log_entries_equal(&a->entries[i], &b->entries[i])) {
            mismatch("%s: host log entry %zu: interp log-%c 0x%" PRIx64 ", native log-%c 0x%" PRIx64,
                     what, i, a->entries[i].type, a->entries[i].bits, b->entries[i].type,
                     b->entries[i].bits);
            return 0;
        }
    }
    if (a->count != b->count) {
        mismatch("%s: host log length: interp %zu entries, native %zu", what, a->count, b->count);
        return 0;
    }
    return 1;
}

/* Compares every exported memory and global of the two instances. */
static int compare_state(const char *what, size_t nexports)
{
    int ok = 1;
    for (size_t e = 0; e < nexports; e++) {
        const wasmcell_export_desc_t *d = &cur_exports[e];
        if (d->kind != WASMCELL_EXTERN_MEMORY && d->kind != WASMCELL_EXTERN_GLOBAL)
            continue;
        wasmcell_extern_t x[NTIERS];
        for (int t = 0; t < NTIERS; t++)
            if (wasmcell_instance_export(states[t].instance, d->name, &x[t]) != WASMCELL_OK) {
                mismatch("%s: export \"%s\" not found in the %s instance", what, d->name,
                         tier_names[t]);
                return 0;
            }
        if (d->kind == WASMCELL_EXTERN_MEMORY) {
            uint64_t size[NTIERS];
            uint8_t *data[NTIERS];
            for (int t = 0; t < NTIERS; t++)
                data[t] = wasmcell_memory_data(x[t].of.memory, &size[t]);
            if (size[TIER_I] != size[TIER_N]) {
                mismatch("%s: memory \"%s\" size: interp %" PRIu64 " bytes, native %" PRIu64, what,
                         d->name, size[TIER_I], size[TIER_N]);
                ok = 0;
            } else if (size[TIER_I] && memcmp(data[TIER_I], data[TIER_N], size[TIER_I]) != 0) {
                uint64_t first = 0, last = 0, count = 0;
                for (uint64_t i = 0; i < size[TIER_I]; i++)
                    if (data[TIER_I][i] != data[TIER_N][i]) {
                        if (!count)
                            first = i;
                        last = i;
                        count++;
                    }
                char ib[64] = "", nb[64] = "";
                for (uint64_t i = first; i < first + 8 && i < size[TIER_I]; i++) {
                    snprintf(ib + strlen(ib), sizeof ib - strlen(ib), "%02x", data[TIER_I][i]);
                    snprintf(nb + strlen(nb), sizeof nb - strlen(nb), "%02x", data[TIER_N][i]);
                }
                mismatch("%s: memory \"%s\": %" PRIu64 " byte(s) differ in [0x%" PRIx64
                         ", 0x%" PRIx64 "]; at 0x%" PRIx64 ": interp %s, native %s",
                         what, d->name, count, first, last, first, ib, nb);
                ok = 0;
            }
        } else {
            wasmcell_val_t v[NTIERS];
            for (int t = 0; t < NTIERS; t++)
                if (wasmcell_global_get(x[t].of.global, &v[t]) != WASMCELL_OK)
                    memset(&v[t], 0, sizeof v[t]);
            if (!vals_equal(&v[TIER_I], &v[TIER_N])) {
                char ab[96], bb[96];
                mismatch("%s: global \"%s\": interp %s, native %s", what, d->name,
                         val_text(&v[TIER_I], ab, sizeof ab), val_text(&v[TIER_N], bb, sizeof bb));
                ok = 0;
            }
        }
    }
    return ok;
}

/* Calls `name` with `args` in both tiers; fills o[]. */
static void call_both(const char *name, const wasmcell_val_t *args, size_t nargs, size_t nresults,
                      outcome_t o[NTIERS])
{
    for (int t = 0; t < NTIERS; t++) {
        memset(&o[t], 0, sizeof o[t]);
        wasmcell_func_t *f = wasmcell_instance_func(states[t].instance, name);
        states[t].count = 0;
        wasmcell_instance_set_fuel(states[t].instance, opt_fuel);
        wasmcell_error_t *err = NULL;
        wasmcell_status_t st = f ? wasmcell_func_call(f, args, nargs, o[t].results, nresults, &err)
                                 : WASMCELL_ERR_NOT_FOUND;
        outcome_set_error(&o[t], st, err);
    }
}

static int load_file(const char *path, uint8_t **bytes, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t cap = 1 << 16, len = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            uint8_t *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    int ok = buf && !ferror(f);
    fclose(f);
    if (!ok) {
        free(buf);
        return 0;
    }
    *bytes = buf;
    *size = len;
    return 1;
}

/* Result of one module: 0 ok, 1 skipped, 2 mismatch. */
static int run_module(const char *path)
{
    current_file = path;
    module_failed = 0;
    module_header_out = 0;
    int skipped = 0;
    unsigned long native = 0, defined = 0, calls = 0, func_exports = 0;
    uint8_t *bytes;
    size_t size;
    if (!load_file(path, &bytes, &size)) {
        fprintf(stderr, "difftest: cannot read %s\n", path);
        exit(2);
    }

    wasmcell_module_t *mod[NTIERS] = {NULL, NULL};
    wasmcell_linker_t *linker[NTIERS] = {NULL, NULL};
    outcome_t o[NTIERS];
    memset(o, 0, sizeof o);
    for (int t = 0; t < NTIERS; t++) {
        wasmcell_error_t *err = NULL;
        wasmcell_status_t st = wasmcell_module_new(engines[t], bytes, size, &mod[t], &err);
        outcome_set_error(&o[t], st, err);
    }
    free(bytes);
    if (!compare_status("compile", o) || o[TIER_I].status != WASMCELL_OK) {
        if (!module_failed) {
            note("skip: not a valid module (%s)", o[TIER_I].message ? o[TIER_I].message : "?");
            skipped = 1;
        }
        goto done;
    }
    for (int t = 0; t < NTIERS; t++)
        outcome_free(&o[t]);

    size_t nimports = wasmcell_module_import_count(mod[TIER_N]);
    /* Imports: the fuzzing-support functions, nothing else. */
    for (size_t i = 0; i < nimports; i++) {
        wasmcell_import_desc_t d;
        wasmcell_module_import(mod[TIER_I], i, &d);
        const struct host_def *h = NULL;
        if (d.kind == WASMCELL_EXTERN_FUNC && strcmp(d.module, "fuzzing-support") == 0)
            for (size_t k = 0; k < COUNT(host_defs); k++)
                if (strcmp(d.name, host_defs[k].name) == 0)
                    h = &host_defs[k];
        if (!h) {
            note("skip: import \"%s\" \"%s\" has no host definition here", d.module, d.name);
            skipped = 1;
            goto done;
        }
    }
    for (int t = 0; t < NTIERS; t++) {
        linker[t] = wasmcell_linker_new(engines[t]);
        if (!linker[t]) {
            fprintf(stderr, "difftest: out of memory\n");
            exit(2);
        }
        for (size_t k = 0; k < COUNT(host_defs); k++)
            wasmcell_linker_define_func(linker[t], "fuzzing-support", host_defs[k].name,
                                        host_defs[k].signature, host_defs[k].fn, &states[t]);
    }

    cur_export_count = wasmcell_module_export_count(mod[TIER_I]);
    if (cur_export_count > MAX_EXPORTS)
        cur_export_count = MAX_EXPORTS;
    for (size_t e = 0; e < cur_export_count; e++)
        wasmcell_module_export(mod[TIER_I], e, &cur_exports[e]);

    /* Instantiate (runs the start function; fuel cannot be set before). */
    for (int t = 0; t < NTIERS; t++) {
        states[t].count = 0;
        states[t].instance = NULL;
        wasmcell_error_t *err = NULL;
        wasmcell_status_t st = wasmcell_linker_instantiate(linker[t], mod[t], &states[t].instance, &err);
        outcome_set_error(&o[t], st, err);
    }
    if (!compare_status("instantiate", o) || !compare_logs("instantiate"))
        goto done;
    if (o[TIER_I].status != WASMCELL_OK) {
        note("instantiation fails in both tiers: %s", o[TIER_I].message ? o[TIER_I].message : "");
        goto counted;
    }
    for (int t = 0; t < NTIERS; t++)
        outcome_free(&o[t]);
    if (!compare_state("after instantiation", cur_export_count))
        goto done;

    /* Which functions the native engine runs natively. */
    uint32_t nall = wasmcell_module_func_count(mod[TIER_N]), nfimports = 0;
    for (size_t i = 0; i < nimports; i++) {
        wasmcell_import_desc_t d;
        if (wasmcell_module_import(mod[TIER_N], i, &d) == WASMCELL_OK &&
            d.kind == WASMCELL_EXTERN_FUNC)
            nfimports++;
    }
    defined = nall - nfimports;
    for (uint32_t i = nfimports; i < nall; i++)
        native += wasmcell_module_func_native(mod[TIER_N], i, NULL) != 0;
    stat_funcs += defined;
    stat_native_funcs += native;
    int has_hang_init = 0;
    for (size_t e = 0; e < cur_export_count; e++)
        if (cur_exports[e].kind == WASMCELL_EXTERN_FUNC &&
            strcmp(cur_exports[e].name, "hangLimitInitializer") == 0)
            has_hang_init = 1;

    for (size_t e = 0; e < cur_export_count; e++)
        func_exports += cur_exports[e].kind == WASMCELL_EXTERN_FUNC;
    for (unsigned round = 0; round < opt_rounds; round++) {
        for (size_t e = 0; e < cur_export_count; e++) {
            const char *name = cur_exports[e].name;
            if (cur_exports[e].kind != WASMCELL_EXTERN_FUNC || export_skipped(name))
                continue;
            wasmcell_func_t *fi = wasmcell_instance_func(states[TIER_I].instance, name);
            size_t np = wasmcell_func_param_count(fi), nr = wasmcell_func_result_count(fi);
            if (np > MAX_VALUES || nr > MAX_VALUES) {
                note("export \"%s\": %zu params / %zu results: not called", name, np, nr);
                continue;
            }
            wasmcell_val_t args[MAX_VALUES];
            for (size_t i = 0; i < np; i++)
                args[i] = make_arg(wasmcell_func_param_type(fi, i), round, e, i);
            char what[512];
            int wl = snprintf(what, sizeof what, "round %u, call %s(", round, name);
            for (size_t i = 0; i < np && wl > 0 && (size_t)wl < sizeof what; i++) {
                char vb[96];
                wl += snprintf(what + wl, sizeof what - wl, "%s%s", i ? ", " : "",
                               val_text(&args[i], vb, sizeof vb));
            }
            if (wl > 0 && (size_t)wl < sizeof what)
                snprintf(what + wl, sizeof what - wl, ")");

            if (has_hang_init && strcmp(name, "hangLimitInitializer") != 0) {
                call_both("hangLimitInitializer", NULL, 0, 0, o);
                int same = compare_status("hangLimitInitializer", o);
                for (int t = 0; t < NTIERS; t++)
                    outcome_free(&o[t]);
                if (!same)
                    goto done;
            }
            call_both(name, args, np, nr, o);
            if (not_comparable(&o[TIER_I]) || not_comparable(&o[TIER_N])) {
                note("skip the rest after %s: interp %s, native %s", what,
                     o[TIER_I].message ? o[TIER_I].message : "ok",
                     o[TIER_N].message ? o[TIER_N].message : "ok");
                skipped = 1;
                goto counted;
            }
            calls++;
            if (!compare_status(what, o))
                goto done;
            if (o[TIER_I].status == WASMCELL_OK)
                for (size_t i = 0; i < nr; i++)
                    if (!vals_equal(&o[TIER_I].results[i], &o[TIER_N].results[i])) {
                        char ab[96], bb[96];
                        mismatch("%s: result %zu: interp %s, native %s", what, i,
                                 val_text(&o[TIER_I].results[i], ab, sizeof ab),
                                 val_text(&o[TIER_N].results[i], bb, sizeof bb));
                    }
            for (int t = 0; t < NTIERS; t++)
                outcome_free(&o[t]);
            if (module_failed || !compare_logs(what) || !compare_state(what, cur_export_count))
                goto done;
        }
    }
counted:
    stat_exports += func_exports;
    stat_calls += calls;
    if (!module_failed && !opt_quiet) {
        header();
        printf("  %s: %lu function exports, %lu calls compared, %lu/%lu functions native\n",
               skipped ? "ok (partly skipped)" : "ok", func_exports, calls, native, defined);
    }
done:
    for (int t = 0; t < NTIERS; t++) {
        outcome_free(&o[t]);
        wasmcell_instance_delete(states[t].instance);
        states[t].instance = NULL;
        wasmcell_linker_delete(linker[t]);
        wasmcell_module_delete(mod[t]);
    }
    cur_export_count = 0;
    fflush(stdout);
    return module_failed ? 2 : skipped ? 1 : 0;
}

/* ---- main --------------------------------------------------------------------- */

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int random_bytes(const char *seed_text, const char *size_text)
{
    char *end;
    uint64_t state = strtoull(seed_text, &end, 0);
    if (*end)
        return 2;
    unsigned long size = strtoul(size_text, &end, 0);
    if (*end)
        return 2;
    for (unsigned long i = 0; i < size; i += 8) {
        uint64_t r = splitmix64(&state);
        unsigned char b[8];
        for (int k = 0; k < 8; k++)
            b[k] = (unsigned char)(r >> (8 * k));
        fwrite(b, 1, size - i < 8 ? size - i : 8, stdout);
    }
    return ferror(stdout) ? 2 : 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: difftest [--rounds N] [--fuel N] [--opt 0-3] [--quiet] [--require-native]\n"
                    "                [--skip-export NAME]... FILE.wasm...\n"
                    "       difftest --random-bytes SEED SIZE\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int first = 1;
    if (argc == 4 && strcmp(argv[1], "--random-bytes") == 0)
        return random_bytes(argv[2], argv[3]);
    for (; first < argc && argv[first][0] == '-' && argv[first][1] == '-'; first++) {
        const char *a = argv[first];
        if (strcmp(a, "--quiet") == 0)
            opt_quiet = 1;
        else if (strcmp(a, "--require-native") == 0)
            opt_require_native = 1;
        else if (strcmp(a, "--rounds") == 0 && first + 1 < argc)
            opt_rounds = (unsigned)strtoul(argv[++first], NULL, 0);
        else if (strcmp(a, "--skip-export") == 0 && first + 1 < argc &&
                 opt_nskip_exports < COUNT(opt_skip_exports))
            opt_skip_exports[opt_nskip_exports++] = argv[++first];
        else if (strcmp(a, "--fuel") == 0 && first + 1 < argc)
            opt_fuel = strtoull(argv[++first], NULL, 0);
        else if (strcmp(a, "--opt") == 0 && first + 1 < argc && argv[first + 1][0] >= '0' &&
                 argv[first + 1][0] <= '3' && argv[first + 1][1] == 0)
            opt_level = (uint32_t)(argv[++first][0] - '0');
        else
            usage();
    }
    if (first >= argc)
        usage();

    for (int t = 0; t < NTIERS; t++) {
        wasmcell_config_t config;
        wasmcell_config_init(&config);
        config.tier = t == TIER_I ? WASMCELL_TIER_INTERP : WASMCELL_TIER_NATIVE;
        config.cache_dir = "";
        if (t == TIER_N) config.opt_level = opt_level;
        /* Each call gets finite fuel: without metering, the native engine
         * would run such an instance in the interpreter and compare the
         * interpreter with itself. */
        config.fuel_metering = t == TIER_N;
        config.max_memory_bytes = 64u << 20;
        /* Small stacks: every call allocates its value stack and frame
         * array (8 MiB by default), which dominates the run time under ASan;
         * binaryen's modules bound their recursion with the hang limit. */
        config.max_stack_bytes = 256u << 10;
        config.max_call_depth = 2000;
        engines[t] = wasmcell_engine_new(&config);
        if (!engines[t]) {
            fprintf(stderr, "difftest: cannot create the %s engine\n", tier_names[t]);
            return 2;
        }
    }

    for (int i = first; i < argc; i++) {
        int r = run_module(argv[i]);
        stat_modules++;
        stat_skipped += r == 1;
        stat_failed += r == 2;
    }
    for (int t = 0; t < NTIERS; t++)
        wasmcell_engine_delete(engines[t]);

    printf("difftest: %lu modules (%lu skipped or partly skipped, %lu failed), %lu function "
           "exports, %lu calls compared, %lu/%lu functions native\n",
           stat_modules, stat_skipped, stat_failed, stat_exports, stat_calls, stat_native_funcs,
           stat_funcs);
    if (stat_failed)
        return 1;
    if (stat_funcs && !stat_native_funcs) {
        printf("difftest: the native tier compiled no function (a build without LLVM?)%s\n",
               opt_require_native ? "" : ": skipped");
        return opt_require_native ? 1 : 77;
    }
    return 0;
}
