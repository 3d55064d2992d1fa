/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* wasi.c — the node:wasi-shaped public API (include/wasmcell_wasi.h): options,
 * construction (arguments, environment, stdio, preopens, sockets), import
 * definition, start/initialize with node's checks, and the one trampoline
 * through which every WASI call passes (memory fetch, trace, proc_exit). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "wasi_int.h"

const wasi_fn_desc_t wasi_preview1_fns[] = {
#define WASI_FN(name, sig) { #name, sig, wasi_fn_##name },
#include "functions.def"
#undef WASI_FN
};
const size_t wasi_preview1_nfns = sizeof wasi_preview1_fns / sizeof wasi_preview1_fns[0];
_Static_assert(sizeof wasi_preview1_fns / sizeof wasi_preview1_fns[0] == 46,
               "wasi_snapshot_preview1 has 46 functions");

static wasmcell_status_t fail(wasmcell_error_t **error, wasmcell_status_t status,
                              const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static wasmcell_status_t fail(wasmcell_error_t **error, wasmcell_status_t status,
                              const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (error) *error = wasmcell_error_new(status, buf);
    return status;
}

/* ---- options and construction ------------------------------------------------ */

void wasmcell_wasi_options_init(wasmcell_wasi_options_t *options)
{
    if (!options) return;
    memset(options, 0, sizeof *options);
    options->return_on_exit = true;
    options->stdin_fd = 0;
    options->stdout_fd = 1;
    options->stderr_fd = 2;
}

static void free_strings(char **strings, size_t count)
{
    if (!strings) return;
    for (size_t i = 0; i < count; i++) wasi_free(strings[i]);
    wasi_free(strings);
}

/* Copies `count` strings; *buf_size = their bytes with NULs. Fails on NULL
 * entries, out of memory, or a total the guest's u32 sizes cannot hold. */
static wasmcell_status_t copy_strings(const char *const *src, size_t count, const char *what,
                                      char ***out, size_t *buf_size, wasmcell_error_t **error)
{
    *out = NULL;
    *buf_size = 0;
    if (count == 0) return WASMCELL_OK;
    if (!src) return fail(error, WASMCELL_ERR_MISUSE, "WASI options: %s is NULL but its count is %zu",
                          what, count);
    if (count > UINT32_MAX / 4) return fail(error, WASMCELL_ERR_MISUSE, "WASI options: too many %s", what);
    char **copy = wasi_calloc(count, sizeof *copy);
    if (!copy) return fail(error, WASMCELL_ERR_NOMEM, "out of memory");
    size_t total = 0;
    for (size_t i = 0; i < count; i++) {
        if (!src[i]) {
            free_strings(copy, count);
            return fail(error, WASMCELL_ERR_MISUSE, "WASI options: %s[%zu] is NULL", what, i);
        }
        size_t len = strlen(src[i]);
        copy[i] = wasi_strndup(src[i], len);
        if (!copy[i]) {
            free_strings(copy, count);
            return fail(error, WASMCELL_ERR_NOMEM, "out of memory");
        }
        total += len + 1;
        if (total > UINT32_MAX) {
            free_strings(copy, count);
            return fail(error, WASMCELL_ERR_MISUSE, "WASI options: %s are larger than 4 GiB", what);
        }
    }
    *out = copy;
    *buf_size = total;
    return WASMCELL_OK;
}

static uint16_t fdflags_of_host(int host_fd)
{
    int fl = fcntl(host_fd, F_GETFL);
    uint16_t flags = 0;
    if (fl < 0) return 0;
    if (fl & O_APPEND) flags |= WASI_FDFLAG_APPEND;
    if (fl & O_NONBLOCK) flags |= WASI_FDFLAG_NONBLOCK;
    if ((fl & O_SYNC) == O_SYNC) flags |= WASI_FDFLAG_SYNC;
    else if (fl & O_DSYNC) flags |= WASI_FDFLAG_DSYNC;
    return flags;
}

/* Guest fds 0-2 get their own dups of the configured host fds, so a guest
 * closing its stdout never closes the embedder's. A host fd that is not
 * open leaves the guest fd closed. */
static wasmcell_status_t add_stdio(wasmcell_wasi_t *w, const int host_fds[3],
                                   wasmcell_error_t **error)
{
    for (uint32_t i = 0; i < 3; i++) {
        if (host_fds[i] < 0) continue;
        int fd = fcntl(host_fds[i], F_DUPFD_CLOEXEC, 3);
        if (fd < 0) continue;
        wasi_fd_t e = { .host_fd = fd, .filetype = wasi_filetype_of_fd(fd),
                        .fdflags = fdflags_of_host(fd) };
        wasi_rights_for_type(e.filetype, &e.rights_base, &e.rights_inheriting);
        if (wasi_fd_insert_at(&w->fds, &e, i) != WASI_ESUCCESS)
            return fail(error, WASMCELL_ERR_NOMEM, "out of memory");
    }
    return WASMCELL_OK;
}

static wasmcell_status_t add_preopen(wasmcell_wasi_t *w, const wasmcell_wasi_preopen_t *p,
                                     uint32_t guest_fd, wasmcell_error_t **error)
{
    if (!p->guest_path || !p->host_path)
        return fail(error, WASMCELL_ERR_MISUSE, "WASI preopen %u: guest_path and host_path are required",
                    guest_fd - 3);
    int fd = open(p->host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return fail(error, WASMCELL_ERR_IO, "WASI preopen '%s': cannot open host directory '%s': %s",
                    p->guest_path, p->host_path, strerror(errno));
    size_t name_len = strlen(p->guest_path);
    wasi_fd_t e = { .host_fd = fd, .filetype = WASI_FILETYPE_DIRECTORY, .readonly = p->readonly,
                    .preopen_name = wasi_strndup(p->guest_path, name_len),
                    .preopen_name_len = name_len };
    wasi_rights_for_type(WASI_FILETYPE_DIRECTORY, &e.rights_base, &e.rights_inheriting);
    if (p->readonly) {
        /* Read-only preopens hold no right that writes: writes, creates,
         * deletes and renames beneath them fail with notcapable. */
        e.rights_base &= ~WASI_RIGHTS_WRITE;
        e.rights_inheriting &= ~WASI_RIGHTS_WRITE;
    }
    if (!e.preopen_name) {
        close(fd);
        return fail(error, WASMCELL_ERR_NOMEM, "out of memory");
    }
    if (wasi_fd_insert_at(&w->fds, &e, guest_fd) != WASI_ESUCCESS)
        return fail(error, WASMCELL_ERR_NOMEM, "out of memory");
    return WASMCELL_OK;
}

static wasmcell_status_t add_socket(wasmcell_wasi_t *w, int host_fd, uint32_t guest_fd,
                                    wasmcell_error_t **error)
{
    int fd = fcntl(host_fd, F_DUPFD_CLOEXEC, 3);
    if (fd < 0)
        return fail(error, WASMCELL_ERR_IO, "WASI socket fd %d: %s", host_fd, strerror(errno));
    uint8_t type = wasi_filetype_of_fd(fd);
    if (type != WASI_FILETYPE_SOCKET_STREAM && type != WASI_FILETYPE_SOCKET_DGRAM) {
        close(fd);
        return fail(error, WASMCELL_ERR_MISUSE, "WASI socket fd %d is not a socket", host_fd);
    }
    wasi_fd_t e = { .host_fd = fd, .filetype = type, .fdflags = fdflags_of_host(fd) };
    wasi_rights_for_type(type, &e.rights_base, &e.rights_inheriting);
    if (wasi_fd_insert_at(&w->fds, &e, guest_fd) != WASI_ESUCCESS)
        return fail(error, WASMCELL_ERR_NOMEM, "out of memory");
    return WASMCELL_OK;
}

static wasmcell_status_t make_bindings(wasmcell_wasi_t *w, wasmcell_error_t **error)
{
    w->bindings = wasi_calloc(wasi_preview1_nfns, sizeof *w->bindings);
    if (!w->bindings) return fail(error, WASMCELL_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < wasi_preview1_nfns; i++) {
        const wasi_fn_desc_t *d = &wasi_preview1_fns[i];
        wasi_impl_t impl = w->version == WASI_VERSION_UNSTABLE ? wasi_unstable_impl(d) : d->impl;
        if (!impl) continue;
        w->bindings[w->nbindings++] = (wasi_binding_t){ .wasi = w, .desc = d, .impl = impl };
    }
    return WASMCELL_OK;
}

static wasmcell_status_t build(wasmcell_wasi_t *w, const wasmcell_wasi_options_t *o,
                               wasmcell_error_t **error)
{
    wasmcell_status_t st;
    if ((st = copy_strings(o->argv, o->argc, "argv", &w->argv, &w->argv_buf_size, error))) return st;
    w->argc = o->argc;
    if ((st = copy_strings(o->env, o->envc, "env", &w->env, &w->env_buf_size, error))) return st;
    w->envc = o->envc;
    int stdio[3] = { o->stdin_fd, o->stdout_fd, o->stderr_fd };
    if ((st = add_stdio(w, stdio, error))) return st;
    if (o->npreopens && !o->preopens)
        return fail(error, WASMCELL_ERR_MISUSE, "WASI options: preopens is NULL but npreopens is %zu",
                    o->npreopens);
    if (o->npreopens + o->nsockets > WASI_MAX_FDS - 3)
        return fail(error, WASMCELL_ERR_MISUSE, "WASI options: too many preopens and sockets");
    uint32_t next = 3;
    for (size_t i = 0; i < o->npreopens; i++)
        if ((st = add_preopen(w, &o->preopens[i], next++, error))) return st;
    if (o->nsockets && !o->socket_fds)
        return fail(error, WASMCELL_ERR_MISUSE, "WASI options: socket_fds is NULL but nsockets is %zu",
                    o->nsockets);
    for (size_t i = 0; i < o->nsockets; i++)
        if ((st = add_socket(w, o->socket_fds[i], next++, error))) return st;
    return make_bindings(w, error);
}

wasmcell_wasi_t *wasmcell_wasi_new(const wasmcell_wasi_options_t *options, wasmcell_error_t **error)
{
    if (error) *error = NULL;
    if (!options) {
        fail(error, WASMCELL_ERR_MISUSE, "wasmcell_wasi_new: options must not be NULL");
        return NULL;
    }
    /* node:wasi: `version` is mandatory and one of 'unstable', 'preview1'. */
    int version;
    if (!options->version) {
        fail(error, WASMCELL_ERR_MISUSE,
             "WASI options: version is required and must be \"preview1\" or \"unstable\"");
        return NULL;
    }
    if (strcmp(options->version, "preview1") == 0) version = WASI_VERSION_PREVIEW1;
    else if (strcmp(options->version, "unstable") == 0) version = WASI_VERSION_UNSTABLE;
    else {
        fail(error, WASMCELL_ERR_MISUSE,
             "WASI options: version must be \"preview1\" or \"unstable\", not \"%s\"", options->version);
        return NULL;
    }
    wasmcell_wasi_t *w = wasi_calloc(1, sizeof *w);
    if (!w) {
        fail(error, WASMCELL_ERR_NOMEM, "out of memory");
        return NULL;
    }
    w->version = version;
    w->return_on_exit = options->return_on_exit;
    w->trace_fd = options->trace_fd;
    wasi_fdtable_init(&w->fds);
    if (build(w, options, error) != WASMCELL_OK) {
        wasmcell_wasi_delete(w);
        return NULL;
    }
    return w;
}

void wasmcell_wasi_delete(wasmcell_wasi_t *wasi)
{
    if (!wasi) return;
    free_strings(wasi->argv, wasi->argc);
    free_strings(wasi->env, wasi->envc);
    wasi_fdtable_fini(&wasi->fds);
    wasi_free(wasi->bindings);
    wasi_free(wasi);
}

const char *wasmcell_wasi_module_name(const wasmcell_wasi_t *wasi)
{
    if (wasi && wasi->version == WASI_VERSION_UNSTABLE) return "wasi_unstable";
    return "wasi_snapshot_preview1";
}

/* ---- the trampoline -------------------------------------------------------------- */

static void trace_call(const wasi_binding_t *b, const uint64_t *args, const wasi_call_t *call,
                       uint32_t err)
{
    char line[512];
    size_t n = (size_t)snprintf(line, sizeof line, "[wasi] %s(", b->desc->name);
    const char *sig = b->desc->signature;
    for (int i = 0; sig[i] && sig[i] != ':' && n < sizeof line; i++) {
        const char *sep = i ? ", " : "";
        if (sig[i] == 'I') n += (size_t)snprintf(line + n, sizeof line - n, "%s%llu", sep,
                                                 (unsigned long long)args[i]);
        else n += (size_t)snprintf(line + n, sizeof line - n, "%s%u", sep, (uint32_t)args[i]);
    }
    if (n < sizeof line) {
        if (call->exit_requested)
            n += (size_t)snprintf(line + n, sizeof line - n, ") -> exit(%d)\n", (int)call->exit_code);
        else if (call->interrupted)
            n += (size_t)snprintf(line + n, sizeof line - n, ") -> interrupted\n");
        else
            n += (size_t)snprintf(line + n, sizeof line - n, ") -> %u (%s)\n", err, wasi_errno_name(err));
    }
    if (n > sizeof line - 1) n = sizeof line - 1;
    ssize_t unused = write(b->wasi->trace_fd, line, n);
    (void)unused;
}

/* Runs one call of binding `b` (parameters in slots, errno returned) and
 * traces it; shared by the linked trampoline and wasmcell_wasi_call. */
static uint32_t dispatch(const wasi_binding_t *b, wasi_call_t *call, uint64_t *slots)
{
    uint64_t args[16] = { 0 };
    if (b->wasi->trace_fd > 0) {
        size_t nparams = (size_t)(strchr(b->desc->signature, ':') - b->desc->signature);
        memcpy(args, slots, nparams * sizeof *slots); /* the result overwrites slots[0] */
    }
    uint32_t err = b->impl(call, slots);
    if (b->wasi->trace_fd > 0) trace_call(b, args, call, err);
    return err;
}

static wasmcell_error_t *trampoline(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    const wasi_binding_t *b = env;
    wasi_call_t call = { .wasi = b->wasi, .caller = caller };
    /* the memory the caller exports as "memory" (with several memories it
     * need not be memory 0); memory 0 when it exports none */
    wasmcell_memory_t *exported = wasmcell_instance_memory(wasmcell_caller_instance(caller), "memory");
    call.mem.base = exported ? wasmcell_memory_data(exported, &call.mem.size)
                             : wasmcell_caller_memory(caller, &call.mem.size);
    if (!call.mem.base) call.mem.size = 0;
    uint32_t err = dispatch(b, &call, slots);
    if (call.interrupted) return wasmcell_interrupted_new();
    if (call.exit_requested) {
        if (!b->wasi->return_on_exit) {
            /* node:wasi with returnOnExit false: the process ends here. */
            fflush(NULL);
            exit(call.exit_code);
        }
        return wasmcell_exit_new(call.exit_code);
    }
    slots[0] = err;
    return NULL;
}

/* ---- WASI over an external memory ------------------------------------------------ */

size_t wasmcell_wasi_func_count(const wasmcell_wasi_t *wasi)
{
    return wasi ? wasi->nbindings : 0;
}

const char *wasmcell_wasi_func_name(const wasmcell_wasi_t *wasi, size_t func_idx,
                                    const char **signature)
{
    if (!wasi || func_idx >= wasi->nbindings) return NULL;
    const wasi_fn_desc_t *d = wasi->bindings[func_idx].desc;
    if (signature) *signature = d->signature;
    return d->name;
}

/* No caller here: waits are not interruptible (there is no instance to
 * interrupt), and the embedder decides what an exit does. */
wasmcell_wasi_outcome_t wasmcell_wasi_call(wasmcell_wasi_t *wasi, size_t func_idx, uint64_t *slots,
                                           uint8_t *memory, uint64_t memory_size,
                                           int32_t *exit_code)
{
    if (!wasi || !slots || func_idx >= wasi->nbindings) return WASMCELL_WASI_MISUSE;
    const wasi_binding_t *b = &wasi->bindings[func_idx];
    wasi_call_t call = { .wasi = wasi, .mem = { .base = memory, .size = memory ? memory_size : 0 } };
    uint32_t err = dispatch(b, &call, slots);
    if (call.exit_requested) {
        if (exit_code) *exit_code = call.exit_code;
        return WASMCELL_WASI_EXITED;
    }
    slots[0] = err;
    return WASMCELL_WASI_RETURNED;
}

wasmcell_status_t wasmcell_wasi_define_imports_as(wasmcell_wasi_t *wasi, wasmcell_linker_t *linker,
                                                  const char *module_name)
{
    if (!wasi || !linker || !module_name) return WASMCELL_ERR_MISUSE;
    for (size_t i = 0; i < wasi->nbindings; i++) {
        wasi_binding_t *b = &wasi->bindings[i];
        wasmcell_status_t st = wasmcell_linker_define_func(linker, module_name, b->desc->name,
                                                           b->desc->signature, trampoline, b);
        if (st != WASMCELL_OK) return st;
    }
    return WASMCELL_OK;
}

wasmcell_status_t wasmcell_wasi_define_imports(wasmcell_wasi_t *wasi, wasmcell_linker_t *linker)
{
    if (!wasi) return WASMCELL_ERR_MISUSE;
    return wasmcell_wasi_define_imports_as(wasi, linker, wasmcell_wasi_module_name(wasi));
}

/* ---- start / initialize ----------------------------------------------------------- */

static bool has_export(wasmcell_instance_t *instance, const char *name, wasmcell_extern_kind_t *kind)
{
    wasmcell_extern_t ext;
    if (wasmcell_instance_export(instance, name, &ext) != WASMCELL_OK) return false;
    *kind = ext.kind;
    return true;
}

/* node's finalizeBindings(): already started, then the memory export; the
 * instance counts as started from here on, even if a later check fails. */
static wasmcell_status_t finalize_bindings(wasmcell_wasi_t *wasi, wasmcell_instance_t *instance,
                                           const char *who, wasmcell_error_t **error)
{
    if (!wasi || !instance)
        return fail(error, WASMCELL_ERR_MISUSE, "%s: wasi and instance must not be NULL", who);
    if (wasi->started)
        return fail(error, WASMCELL_ERR_MISUSE, "%s: this WASI object has already started an instance",
                    who);
    wasmcell_extern_kind_t kind;
    if (!has_export(instance, "memory", &kind) || kind != WASMCELL_EXTERN_MEMORY)
        return fail(error, WASMCELL_ERR_MISUSE,
                    "%s: the instance must export a memory named \"memory\"", who);
    wasi->started = true;
    return WASMCELL_OK;
}

/* Calls a () -> (...) export; proc_exit is an exit code, not an error. */
static wasmcell_status_t call_entry(wasmcell_func_t *func, const char *name, int32_t *exit_code,
                                    wasmcell_error_t **error)
{
    if (wasmcell_func_param_count(func) != 0)
        return fail(error, WASMCELL_ERR_MISUSE, "instance.exports.%s must take no parameters", name);
    size_t nresults = wasmcell_func_result_count(func);
    wasmcell_val_t results[16];
    if (nresults > 16)
        return fail(error, WASMCELL_ERR_MISUSE, "instance.exports.%s returns too many values", name);
    wasmcell_error_t *err = NULL;
    wasmcell_status_t st = wasmcell_func_call(func, NULL, 0, results, nresults, &err);
    if (st == WASMCELL_ERR_EXIT && exit_code) {
        *exit_code = wasmcell_error_exit_code(err);
        wasmcell_error_delete(err);
        return WASMCELL_OK;
    }
    if (st != WASMCELL_OK) {
        if (error) *error = err;
        else wasmcell_error_delete(err);
        return st;
    }
    if (exit_code) *exit_code = 0;
    return WASMCELL_OK;
}

wasmcell_status_t wasmcell_wasi_start(wasmcell_wasi_t *wasi, wasmcell_instance_t *instance,
                                      int32_t *exit_code, wasmcell_error_t **error)
{
    if (error) *error = NULL;
    int32_t code = 0;
    wasmcell_status_t st = finalize_bindings(wasi, instance, "wasmcell_wasi_start", error);
    if (st) return st;
    wasmcell_extern_kind_t kind;
    if (!has_export(instance, "_start", &kind) || kind != WASMCELL_EXTERN_FUNC)
        return fail(error, WASMCELL_ERR_MISUSE,
                    "wasmcell_wasi_start: instance.exports._start must be a function");
    if (has_export(instance, "_initialize", &kind))
        return fail(error, WASMCELL_ERR_MISUSE,
                    "wasmcell_wasi_start: instance.exports._initialize must not exist (a command "
                    "module has _start only)");
    st = call_entry(wasmcell_instance_func(instance, "_start"), "_start", &code, error);
    if (st == WASMCELL_OK && exit_code) *exit_code = code;
    return st;
}

wasmcell_status_t wasmcell_wasi_initialize(wasmcell_wasi_t *wasi, wasmcell_instance_t *instance,
                                           wasmcell_error_t **error)
{
    if (error) *error = NULL;
    wasmcell_status_t st = finalize_bindings(wasi, instance, "wasmcell_wasi_initialize", error);
    if (st) return st;
    wasmcell_extern_kind_t kind;
    if (has_export(instance, "_start", &kind))
        return fail(error, WASMCELL_ERR_MISUSE,
                    "wasmcell_wasi_initialize: instance.exports._start must not exist (a reactor "
                    "module has no _start)");
    if (!has_export(instance, "_initialize", &kind)) return WASMCELL_OK;
    if (kind != WASMCELL_EXTERN_FUNC)
        return fail(error, WASMCELL_ERR_MISUSE,
                    "wasmcell_wasi_initialize: instance.exports._initialize must be a function");
    return call_entry(wasmcell_instance_func(instance, "_initialize"), "_initialize", NULL, error);
}
