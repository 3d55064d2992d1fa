/* trace.c — `wasmcell run --trace`: logs every WASI call to stderr.
 *
 * The public API has no hook around host functions, so the tracer sits in
 * between with public pieces only: each WASI function the guest imports is
 * defined in the guest's linker as a logging host function, which calls the
 * real WASI function through a small "trampoline" module assembled here.
 * The trampoline imports the real WASI functions and the guest's exported
 * memory and re-exports wasm wrappers, so the WASI functions see the
 * guest's memory as their caller's memory 0. It is built at the first WASI
 * call, when the guest instance (and its memory) exists.
 */
#include "cli.h"
#include "run.h"
#include "wasm_builder.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* WASI preview1 signatures (also those of wasi_unstable): params:results,
 * i = i32, I = i64. */
static const struct { const char *name, *signature; } wasi_funcs[] = {
    {"args_get", "ii:i"}, {"args_sizes_get", "ii:i"}, {"environ_get", "ii:i"},
    {"environ_sizes_get", "ii:i"}, {"clock_res_get", "ii:i"}, {"clock_time_get", "iIi:i"},
    {"fd_advise", "iIIi:i"}, {"fd_allocate", "iII:i"}, {"fd_close", "i:i"},
    {"fd_datasync", "i:i"}, {"fd_fdstat_get", "ii:i"}, {"fd_fdstat_set_flags", "ii:i"},
    {"fd_fdstat_set_rights", "iII:i"}, {"fd_filestat_get", "ii:i"},
    {"fd_filestat_set_size", "iI:i"}, {"fd_filestat_set_times", "iIIi:i"},
    {"fd_pread", "iiiIi:i"}, {"fd_prestat_get", "ii:i"}, {"fd_prestat_dir_name", "iii:i"},
    {"fd_pwrite", "iiiIi:i"}, {"fd_read", "iiii:i"}, {"fd_readdir", "iiiIi:i"},
    {"fd_renumber", "ii:i"}, {"fd_seek", "iIii:i"}, {"fd_sync", "i:i"}, {"fd_tell", "ii:i"},
    {"fd_write", "iiii:i"}, {"path_create_directory", "iii:i"},
    {"path_filestat_get", "iiiii:i"}, {"path_filestat_set_times", "iiiiIIi:i"},
    {"path_link", "iiiiiii:i"}, {"path_open", "iiiiiIIii:i"}, {"path_readlink", "iiiiii:i"},
    {"path_remove_directory", "iii:i"}, {"path_rename", "iiiiii:i"},
    {"path_symlink", "iiiii:i"}, {"path_unlink_file", "iii:i"}, {"poll_oneoff", "iiii:i"},
    {"proc_exit", "i:"}, {"proc_raise", "i:i"}, {"sched_yield", ":i"},
    {"random_get", "ii:i"}, {"sock_accept", "iii:i"}, {"sock_recv", "iiiiii:i"},
    {"sock_send", "iiiii:i"}, {"sock_shutdown", "ii:i"},
};
#define NWASI (sizeof wasi_funcs / sizeof wasi_funcs[0])

static const char *const errno_names[] = {
    "success", "2big", "acces", "addrinuse", "addrnotavail", "afnosupport", "again",
    "already", "badf", "badmsg", "busy", "canceled", "child", "connaborted", "connrefused",
    "connreset", "deadlk", "destaddrreq", "dom", "dquot", "exist", "fault", "fbig",
    "hostunreach", "idrm", "ilseq", "inprogress", "intr", "inval", "io", "isconn", "isdir",
    "loop", "mfile", "mlink", "msgsize", "multihop", "nametoolong", "netdown", "netreset",
    "netunreach", "nfile", "nobufs", "nodev", "noent", "noexec", "nolck", "nolink", "nomem",
    "nomsg", "noprotoopt", "nospc", "nosys", "notconn", "notdir", "notempty",
    "notrecoverable", "notsock", "notsup", "notty", "nxio", "overflow", "ownerdead", "perm",
    "pipe", "proto", "protonosupport", "prototype", "range", "rofs", "spipe", "srch", "stale",
    "timedout", "txtbsy", "xdev", "notcapable",
};

typedef struct traced {
    cli_trace_t *trace;
    size_t wasi_index;     /* into wasi_funcs */
    wasmcell_func_t *real; /* the trampoline's export, once built */
} traced_t;

struct cli_trace {
    wasmcell_engine_t *engine;
    wasmcell_wasi_t *wasi;
    traced_t *funcs;
    size_t nfuncs;
    wasmcell_linker_t *tramp_linker;
    wasmcell_instance_t *tramp;
    bool tramp_failed;
};

static size_t count_params(const char *sig)
{
    return (size_t)(strchr(sig, ':') - sig);
}

static wasmcell_valtype_t type_of(char c)
{
    return c == 'I' ? WASMCELL_I64 : WASMCELL_I32;
}

/* ---- the trampoline module ------------------------------------------------------- */

static void put_functype(wbuf_t *b, const char *sig)
{
    const char *colon = strchr(sig, ':');
    wbuf_byte(b, 0x60);
    wbuf_uleb(b, (uint64_t)(colon - sig));
    for (const char *p = sig; p < colon; p++)
        wbuf_byte(b, (uint8_t)type_of(*p));
    wbuf_uleb(b, strlen(colon + 1));
    for (const char *p = colon + 1; *p; p++)
        wbuf_byte(b, (uint8_t)type_of(*p));
}

/* (import "wasi" NAME (func (type k))) for each traced function, optionally
 * (import "guest" "memory" (memory 0)), and exported wrappers
 * `local.get 0..n-1; call k`. */
static void build_trampoline(const cli_trace_t *t, bool with_memory, wbuf_t *m)
{
    wbuf_t types = {0}, imports = {0}, funcs = {0}, exports = {0}, code = {0};
    size_t n = t->nfuncs;
    wbuf_header(m);
    wbuf_uleb(&types, n);
    wbuf_uleb(&imports, n + with_memory);
    wbuf_uleb(&funcs, n);
    wbuf_uleb(&exports, n + with_memory);
    wbuf_uleb(&code, n);
    for (size_t k = 0; k < n; k++) {
        const char *name = wasi_funcs[t->funcs[k].wasi_index].name;
        const char *sig = wasi_funcs[t->funcs[k].wasi_index].signature;
        put_functype(&types, sig);
        wbuf_name(&imports, "wasi");
        wbuf_name(&imports, name);
        wbuf_byte(&imports, 0x00);
        wbuf_uleb(&imports, k);
        wbuf_uleb(&funcs, k);
        wbuf_name(&exports, name);
        wbuf_byte(&exports, 0x00);
        wbuf_uleb(&exports, n + k);
        wbuf_t body = {0};
        wbuf_byte(&body, 0); /* no locals */
        for (size_t i = 0; i < count_params(sig); i++) {
            wbuf_byte(&body, 0x20); /* local.get */
            wbuf_uleb(&body, i);
        }
        wbuf_byte(&body, 0x10); /* call */
        wbuf_uleb(&body, k);
        wbuf_byte(&body, 0x0B);
        wbuf_uleb(&code, body.len);
        wbuf_bytes(&code, body.data, body.len);
        code.oom |= body.oom;
        wbuf_free(&body);
    }
    if (with_memory) {
        wbuf_name(&imports, "guest");
        wbuf_name(&imports, "memory");
        wbuf_bytes(&imports, (const uint8_t[]){0x02, 0x00, 0x00}, 3); /* memory, min 0 */
        wbuf_name(&exports, "memory");
        wbuf_bytes(&exports, (const uint8_t[]){0x02, 0x00}, 2);
    }
    wbuf_section(m, 1, &types);
    wbuf_section(m, 2, &imports);
    wbuf_section(m, 3, &funcs);
    wbuf_section(m, 7, &exports);
    wbuf_section(m, 10, &code);
}

static bool instantiate_trampoline(cli_trace_t *t, wasmcell_caller_t *caller)
{
    wasmcell_instance_t *guest = wasmcell_caller_instance(caller);
    wasmcell_extern_t memory;
    bool with_memory = guest && wasmcell_instance_export(guest, "memory", &memory) == WASMCELL_OK &&
                       memory.kind == WASMCELL_EXTERN_MEMORY;
    wasmcell_error_t *error = NULL;
    wasmcell_module_t *module = NULL;
    wbuf_t m = {0};
    build_trampoline(t, with_memory, &m);
    t->tramp_linker = wasmcell_linker_new(t->engine);
    wasmcell_status_t st = m.oom || !t->tramp_linker ? WASMCELL_ERR_NOMEM : WASMCELL_OK;
    if (st == WASMCELL_OK)
        st = wasmcell_wasi_define_imports_as(t->wasi, t->tramp_linker, "wasi");
    if (st == WASMCELL_OK && with_memory)
        st = wasmcell_linker_define_extern(t->tramp_linker, "guest", "memory", memory);
    if (st == WASMCELL_OK)
        st = wasmcell_module_new(t->engine, m.data, m.len, &module, &error);
    if (st == WASMCELL_OK)
        st = wasmcell_linker_instantiate(t->tramp_linker, module, &t->tramp, &error);
    for (size_t k = 0; st == WASMCELL_OK && k < t->nfuncs; k++)
        if (!(t->funcs[k].real =
                  wasmcell_instance_func(t->tramp, wasi_funcs[t->funcs[k].wasi_index].name)))
            st = WASMCELL_ERR_NOT_FOUND;
    if (st != WASMCELL_OK)
        fprintf(stderr, "[trace] cannot build the tracing trampoline: %s: %s\n",
                wasmcell_status_name(st), error ? wasmcell_error_message(error) : "");
    wasmcell_error_delete(error);
    wasmcell_module_delete(module);
    wbuf_free(&m);
    t->tramp_failed = st != WASMCELL_OK;
    return !t->tramp_failed;
}

/* ---- the logging host function ----------------------------------------------------- */

static void log_call(const traced_t *tf, const wasmcell_val_t *args, size_t nargs)
{
    fprintf(stderr, "[trace] %s(", wasi_funcs[tf->wasi_index].name);
    for (size_t i = 0; i < nargs; i++) {
        if (args[i].type == WASMCELL_I64)
            fprintf(stderr, "%s%" PRIu64, i ? ", " : "", (uint64_t)args[i].of.i64);
        else
            fprintf(stderr, "%s%" PRIu32, i ? ", " : "", (uint32_t)args[i].of.i32);
    }
    fputc(')', stderr);
}

static void log_outcome(wasmcell_status_t st, const wasmcell_error_t *error,
                        const wasmcell_val_t *result, bool has_result)
{
    if (st == WASMCELL_ERR_EXIT)
        fprintf(stderr, " -> exit %" PRId32 "\n", wasmcell_error_exit_code(error));
    else if (st != WASMCELL_OK)
        fprintf(stderr, " -> %s: %s\n", wasmcell_status_name(st),
                error ? wasmcell_error_message(error) : "");
    else if (!has_result)
        fputc('\n', stderr);
    else if ((uint32_t)result->of.i32 < sizeof errno_names / sizeof errno_names[0])
        fprintf(stderr, " = %" PRIu32 " (%s)\n", (uint32_t)result->of.i32,
                errno_names[result->of.i32]);
    else
        fprintf(stderr, " = %" PRIu32 "\n", (uint32_t)result->of.i32);
}

static wasmcell_error_t *trace_call(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    traced_t *tf = env;
    cli_trace_t *t = tf->trace;
    if (!t->tramp && (t->tramp_failed || !instantiate_trampoline(t, caller)))
        return wasmcell_trap_new("--trace: the tracing trampoline is unavailable");
    const char *sig = wasi_funcs[tf->wasi_index].signature;
    size_t nargs = count_params(sig);
    bool has_result = sig[nargs + 1] != '\0';
    wasmcell_val_t args[16], result;
    memset(&result, 0, sizeof result);
    for (size_t i = 0; i < nargs; i++) {
        args[i].type = type_of(sig[i]);
        if (args[i].type == WASMCELL_I64)
            args[i].of.i64 = (int64_t)slots[i];
        else
            args[i].of.i32 = (int32_t)(uint32_t)slots[i];
    }
    wasmcell_error_t *error = NULL;
    log_call(tf, args, nargs);
    fflush(stderr);
    wasmcell_status_t st = wasmcell_func_call(tf->real, args, nargs, &result, has_result, &error);
    log_outcome(st, error, &result, has_result);
    if (st != WASMCELL_OK)
        return error ? error : wasmcell_trap_new(wasmcell_status_name(st));
    if (has_result)
        slots[0] = (uint32_t)result.of.i32;
    return NULL;
}

/* ---- setup ----------------------------------------------------------------------------- */

static size_t find_wasi_func(const char *name)
{
    for (size_t i = 0; i < NWASI; i++)
        if (strcmp(wasi_funcs[i].name, name) == 0)
            return i;
    return NWASI;
}

static bool already_traced(const cli_trace_t *t, size_t wasi_index)
{
    for (size_t k = 0; k < t->nfuncs; k++)
        if (t->funcs[k].wasi_index == wasi_index)
            return true;
    return false;
}

wasmcell_status_t cli_trace_define_imports(wasmcell_engine_t *engine, wasmcell_wasi_t *wasi,
                                           wasmcell_linker_t *linker,
                                           const wasmcell_module_t *guest, cli_trace_t **out,
                                           wasmcell_error_t **error)
{
    const char *module_name = wasmcell_wasi_module_name(wasi);
    size_t nimports = wasmcell_module_import_count(guest);
    cli_trace_t *t = calloc(1, sizeof *t);
    *out = t;
    if (!t || !(t->funcs = calloc(nimports + 1, sizeof *t->funcs)))
        return WASMCELL_ERR_NOMEM;
    t->engine = engine;
    t->wasi = wasi;
    for (size_t i = 0; i < nimports; i++) {
        wasmcell_import_desc_t d;
        if (wasmcell_module_import(guest, i, &d) != WASMCELL_OK || d.kind != WASMCELL_EXTERN_FUNC ||
            strcmp(d.module, module_name) != 0)
            continue;
        size_t w = find_wasi_func(d.name);
        if (w == NWASI || already_traced(t, w))
            continue; /* unknown names fail to link with the usual "unknown import" */
        traced_t *tf = &t->funcs[t->nfuncs++];
        tf->trace = t;
        tf->wasi_index = w;
    }
    for (size_t k = 0; k < t->nfuncs; k++) {
        const char *name = wasi_funcs[t->funcs[k].wasi_index].name;
        wasmcell_status_t st = wasmcell_linker_define_func(
            linker, module_name, name, wasi_funcs[t->funcs[k].wasi_index].signature, trace_call,
            &t->funcs[k]);
        if (st != WASMCELL_OK)
            return st;
    }
    (void)error;
    return WASMCELL_OK;
}

void cli_trace_delete(cli_trace_t *trace)
{
    if (!trace)
        return;
    wasmcell_instance_delete(trace->tramp);
    wasmcell_linker_delete(trace->tramp_linker);
    free(trace->funcs);
    free(trace);
}
