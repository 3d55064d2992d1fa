/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* addon.c — the Node-API half of wasmcell-wasi: one wasmcell_wasi_t per JS
 * WASI object, and one native function per WASI import, which turns its JS
 * arguments into slots, finds the guest memory's current ArrayBuffer and
 * runs wasmcell_wasi_call over it. Option checks and start/initialize are
 * index.js's; this file only trusts what index.js already validated, and
 * still never lets a bad argument reach the C layer unchecked. */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wasmcell_wasi.h"

#define MAX_PARAMS 9      /* path_open */
#define MAX_STRING (1u << 30) /* longest option string (an argument, a path) in bytes */

typedef struct addon_wasi addon_wasi_t;

/* The data of one import function: which WASI function, and its parameter
 * kinds (bit i of i64_mask set: parameter i is an i64). */
typedef struct addon_fn {
    addon_wasi_t *owner;
    size_t func_idx;
    uint32_t nparams;
    uint32_t i64_mask;
} addon_fn_t;

/* Freed when the handle object and every import function are collected:
 * an import may outlive the WASI object it came from (an instance keeps it). */
struct addon_wasi {
    wasmcell_wasi_t *wasi;
    napi_ref memory;   /* the guest's memory object; NULL until start/initialize */
    napi_ref buffer;   /* its ArrayBuffer as last seen, or NULL */
    bool wasm_memory;  /* memory is a WebAssembly.Memory (see guest_memory) */
    bool return_on_exit;
    int32_t exit_code; /* proc_exit's code, for start() to return */
    size_t live_refs;  /* the handle + each import function still alive */
    size_t nfns;
    addon_fn_t *fns;
};

/* Per Node.js environment (napi_set_instance_data), set once by index.js:
 * the value thrown to unwind the guest on proc_exit with returnOnExit, and
 * the function that ends the process without it. Module-wide, so that no
 * WASI object is kept alive by a reference from C. */
typedef struct addon_env {
    napi_ref exit_token;
    napi_ref exit_process;
} addon_env_t;

/* ---- errors ---------------------------------------------------------------------- */

/* Throws `new ctor(message)` with `code` set (node's internal errors carry a code). */
static void throw_coded(napi_env env, bool type_error, const char *code, const char *message)
{
    if (type_error) napi_throw_type_error(env, code, message);
    else napi_throw_error(env, code, message);
}

#define NAPI_OK(env, call)                                                                  \
    do {                                                                                    \
        if ((call) != napi_ok) {                                                            \
            bool pending_ = false;                                                          \
            napi_is_exception_pending((env), &pending_);                                    \
            if (!pending_) throw_coded((env), false, "ERR_WASMCELL_NAPI", "Node-API call failed: " #call); \
            return NULL;                                                                    \
        }                                                                                   \
    } while (0)

#define NAPI_OK_BOOL(env, call)                                                             \
    do {                                                                                    \
        if ((call) != napi_ok) {                                                            \
            throw_coded((env), false, "ERR_WASMCELL_NAPI", "Node-API call failed: " #call); \
            return false;                                                                   \
        }                                                                                   \
    } while (0)

/* ---- life cycle ------------------------------------------------------------------- */

static void release(napi_env env, addon_wasi_t *w)
{
    if (--w->live_refs) return;
    if (w->memory) napi_delete_reference(env, w->memory);
    if (w->buffer) napi_delete_reference(env, w->buffer);
    wasmcell_wasi_delete(w->wasi);
    free(w->fns);
    free(w);
}

static void finalize_handle(napi_env env, void *data, void *hint)
{
    (void)hint;
    release(env, data);
}

static void finalize_fn(napi_env env, void *data, void *hint)
{
    (void)data;
    release(env, hint);
}

/* ---- reading JS values ------------------------------------------------------------ */

/* An owned copy of string `value`, or NULL (with an exception) if it is not a
 * string, holds a NUL byte or is too long. */
static char *get_string(napi_env env, napi_value value, const char *what)
{
    size_t len = 0;
    if (napi_get_value_string_utf8(env, value, NULL, 0, &len) != napi_ok) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s must be a string", what);
        throw_coded(env, true, "ERR_INVALID_ARG_TYPE", msg);
        return NULL;
    }
    if (len > MAX_STRING) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s is longer than %u bytes", what, MAX_STRING);
        throw_coded(env, true, "ERR_INVALID_ARG_VALUE", msg);
        return NULL;
    }
    char *s = malloc(len + 1);
    if (!s) {
        throw_coded(env, false, "ERR_MEMORY_ALLOCATION_FAILED", "out of memory");
        return NULL;
    }
    napi_get_value_string_utf8(env, value, s, len + 1, &len);
    if (strlen(s) != len) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s must not contain null bytes", what);
        free(s);
        throw_coded(env, true, "ERR_INVALID_ARG_VALUE", msg);
        return NULL;
    }
    return s;
}

static void free_strings(char **v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

/* The strings of JS array `array` as an owned vector; false with an exception. */
static bool get_string_array(napi_env env, napi_value array, const char *what, char ***out,
                             size_t *count)
{
    uint32_t n = 0;
    *out = NULL;
    *count = 0;
    if (napi_get_array_length(env, array, &n) != napi_ok) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s must be an array", what);
        throw_coded(env, true, "ERR_INVALID_ARG_TYPE", msg);
        return false;
    }
    char **v = calloc(n ? n : 1, sizeof *v);
    if (!v) {
        throw_coded(env, false, "ERR_MEMORY_ALLOCATION_FAILED", "out of memory");
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        napi_value item;
        if (napi_get_element(env, array, i, &item) != napi_ok ||
            !(v[i] = get_string(env, item, what))) {
            free_strings(v, n);
            return false;
        }
    }
    *out = v;
    *count = n;
    return true;
}

/* ---- create(version, args, env, preopens, stdio, traceFd, returnOnExit) ---------------
 * preopens: [[guestPath, hostPath, readonly], ...]; stdio: [in, out, err].
 * Returns [handle, imports]. */

typedef struct create_args {
    char *version;
    char **argv, **env;
    size_t argc, envc;
    size_t npreopens;
    char **preopen_strings;         /* guest, host for each preopen */
    wasmcell_wasi_preopen_t *preopens;
} create_args_t;

static void create_args_fini(create_args_t *a)
{
    free(a->version);
    free_strings(a->argv, a->argc);
    free_strings(a->env, a->envc);
    free_strings(a->preopen_strings, a->npreopens * 2);
    free(a->preopens);
}

static bool get_preopens(napi_env env, napi_value list, create_args_t *a)
{
    uint32_t n = 0;
    if (napi_get_array_length(env, list, &n) != napi_ok) {
        throw_coded(env, true, "ERR_INVALID_ARG_TYPE", "preopens must be an array");
        return false;
    }
    a->preopen_strings = calloc((size_t)n * 2 + 1, sizeof *a->preopen_strings);
    a->preopens = calloc(n ? n : 1, sizeof *a->preopens);
    if (!a->preopen_strings || !a->preopens) {
        throw_coded(env, false, "ERR_MEMORY_ALLOCATION_FAILED", "out of memory");
        return false;
    }
    a->npreopens = n;
    for (uint32_t i = 0; i < n; i++) {
        napi_value entry, guest, host, ro;
        bool readonly = false;
        if (napi_get_element(env, list, i, &entry) != napi_ok ||
            napi_get_element(env, entry, 0, &guest) != napi_ok ||
            napi_get_element(env, entry, 1, &host) != napi_ok ||
            napi_get_element(env, entry, 2, &ro) != napi_ok) {
            throw_coded(env, true, "ERR_INVALID_ARG_TYPE", "preopens entries must be arrays");
            return false;
        }
        napi_get_value_bool(env, ro, &readonly);
        if (!(a->preopen_strings[2 * i] = get_string(env, guest, "a preopen's guest path")) ||
            !(a->preopen_strings[2 * i + 1] = get_string(env, host, "a preopen's host path")))
            return false;
        a->preopens[i] = (wasmcell_wasi_preopen_t){ .guest_path = a->preopen_strings[2 * i],
                                                    .host_path = a->preopen_strings[2 * i + 1],
                                                    .readonly = readonly };
    }
    return true;
}

static bool get_int32(napi_env env, napi_value v, const char *what, int32_t *out)
{
    if (napi_get_value_int32(env, v, out) == napi_ok) return true;
    char msg[160];
    snprintf(msg, sizeof msg, "%s must be a number", what);
    throw_coded(env, true, "ERR_INVALID_ARG_TYPE", msg);
    return false;
}

static bool get_stdio(napi_env env, napi_value list, wasmcell_wasi_options_t *o)
{
    int32_t fds[3];
    for (uint32_t i = 0; i < 3; i++) {
        napi_value v;
        if (napi_get_element(env, list, i, &v) != napi_ok || !get_int32(env, v, "stdio", &fds[i]))
            return false;
    }
    o->stdin_fd = fds[0];
    o->stdout_fd = fds[1];
    o->stderr_fd = fds[2];
    return true;
}

static napi_value call_fn(napi_env env, napi_callback_info info);

/* Parameter count and i64 mask from a signature such as "iIIi:i". */
static void parse_signature(const char *sig, addon_fn_t *fn)
{
    fn->nparams = 0;
    fn->i64_mask = 0;
    for (; *sig && *sig != ':' && fn->nparams < MAX_PARAMS; sig++, fn->nparams++)
        if (*sig == 'I') fn->i64_mask |= 1u << fn->nparams;
}

/* The imports object: one native function per WASI function, each keeping
 * `w` alive (finalize_fn). */
static napi_value make_imports(napi_env env, addon_wasi_t *w)
{
    napi_value imports;
    NAPI_OK(env, napi_create_object(env, &imports));
    for (size_t i = 0; i < w->nfns; i++) {
        const char *sig = NULL;
        const char *name = wasmcell_wasi_func_name(w->wasi, i, &sig);
        addon_fn_t *fn = &w->fns[i];
        fn->owner = w;
        fn->func_idx = i;
        parse_signature(sig, fn);
        napi_value f;
        NAPI_OK(env, napi_create_function(env, name, NAPI_AUTO_LENGTH, call_fn, fn, &f));
        NAPI_OK(env, napi_add_finalizer(env, f, NULL, finalize_fn, w, NULL));
        w->live_refs++;
        NAPI_OK(env, napi_set_named_property(env, imports, name, f));
    }
    return imports;
}

static napi_value wrap_wasi(napi_env env, wasmcell_wasi_t *wasi, bool return_on_exit)
{
    addon_wasi_t *w = calloc(1, sizeof *w);
    size_t nfns = wasmcell_wasi_func_count(wasi);
    if (w) w->fns = calloc(nfns ? nfns : 1, sizeof *w->fns);
    if (!w || !w->fns) {
        free(w);
        wasmcell_wasi_delete(wasi);
        throw_coded(env, false, "ERR_MEMORY_ALLOCATION_FAILED", "out of memory");
        return NULL;
    }
    w->wasi = wasi;
    w->nfns = nfns;
    w->return_on_exit = return_on_exit;
    napi_value handle, imports, result;
    if (napi_create_object(env, &handle) != napi_ok ||
        napi_wrap(env, handle, w, finalize_handle, NULL, NULL) != napi_ok) {
        wasmcell_wasi_delete(wasi);
        free(w->fns);
        free(w);
        NAPI_OK(env, napi_generic_failure);
    }
    w->live_refs = 1;
    if (!(imports = make_imports(env, w))) return NULL;
    NAPI_OK(env, napi_create_array_with_length(env, 2, &result));
    NAPI_OK(env, napi_set_element(env, result, 0, handle));
    NAPI_OK(env, napi_set_element(env, result, 1, imports));
    return result;
}

static napi_value create(napi_env env, napi_callback_info info)
{
    size_t argc = 7;
    napi_value argv[7];
    NAPI_OK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    if (argc < 7) {
        throw_coded(env, true, "ERR_MISSING_ARGS", "create() takes 7 arguments");
        return NULL;
    }
    create_args_t a = { 0 };
    wasmcell_wasi_options_t o;
    wasmcell_wasi_options_init(&o);
    int32_t trace_fd = 0;
    bool return_on_exit = true;
    napi_value result = NULL;
    if (!(a.version = get_string(env, argv[0], "options.version")) ||
        !get_string_array(env, argv[1], "options.args", &a.argv, &a.argc) ||
        !get_string_array(env, argv[2], "options.env", &a.env, &a.envc) ||
        !get_preopens(env, argv[3], &a) || !get_stdio(env, argv[4], &o) ||
        !get_int32(env, argv[5], "trace", &trace_fd))
        goto done;
    if (napi_get_value_bool(env, argv[6], &return_on_exit) != napi_ok) {
        throw_coded(env, true, "ERR_INVALID_ARG_TYPE", "returnOnExit must be a boolean");
        goto done;
    }
    o.version = a.version;
    o.argc = a.argc;
    o.argv = (const char *const *)a.argv;
    o.envc = a.envc;
    o.env = (const char *const *)a.env;
    o.npreopens = a.npreopens;
    o.preopens = a.preopens;
    o.return_on_exit = true; /* wasmcell_wasi_call leaves exits to index.js anyway */
    o.trace_fd = trace_fd > 0 ? trace_fd : 0;
    wasmcell_error_t *err = NULL;
    wasmcell_wasi_t *wasi = wasmcell_wasi_new(&o, &err);
    if (!wasi) {
        throw_coded(env, false, "ERR_WASMCELL_WASI", err ? wasmcell_error_message(err) : "out of memory");
        wasmcell_error_delete(err);
        goto done;
    }
    result = wrap_wasi(env, wasi, return_on_exit);
done:
    create_args_fini(&a);
    return result;
}

/* ---- setMemory(handle, memory, isWasmMemory) ---------------------------------------- */

static addon_wasi_t *unwrap(napi_env env, napi_value handle)
{
    void *w = NULL;
    if (napi_unwrap(env, handle, &w) != napi_ok || !w) {
        throw_coded(env, true, "ERR_INVALID_ARG_TYPE", "not a wasmcell-wasi handle");
        return NULL;
    }
    return w;
}

static napi_value set_memory(napi_env env, napi_callback_info info)
{
    size_t argc = 3;
    napi_value argv[3];
    NAPI_OK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    addon_wasi_t *w = argc == 3 ? unwrap(env, argv[0]) : NULL;
    if (!w) return NULL;
    if (w->memory) napi_delete_reference(env, w->memory);
    if (w->buffer) napi_delete_reference(env, w->buffer);
    w->memory = w->buffer = NULL;
    w->wasm_memory = false;
    NAPI_OK(env, napi_get_value_bool(env, argv[2], &w->wasm_memory));
    NAPI_OK(env, napi_create_reference(env, argv[1], 1, &w->memory));
    return NULL;
}

/* ---- one WASI call ------------------------------------------------------------------- */

/* One argument as a slot. A wasm caller passes numbers for i32 and BigInts
 * for i64; a JS caller may pass either: numbers wrap like ToUint32/ToBigInt64,
 * anything else is false (the call returns inval, as node's binding does). */
static bool arg_slot(napi_env env, napi_value v, bool is_i64, uint64_t *slot)
{
    if (!is_i64) {
        uint32_t u;
        if (napi_get_value_uint32(env, v, &u) == napi_ok) {
            *slot = u;
            return true;
        }
    }
    bool lossless;
    if (napi_get_value_bigint_uint64(env, v, slot, &lossless) == napi_ok) {
        if (!is_i64) *slot = (uint32_t)*slot;
        return true;
    }
    int64_t i;
    if (is_i64 && napi_get_value_int64(env, v, &i) == napi_ok) {
        *slot = (uint64_t)i;
        return true;
    }
    return false;
}

/* The current bytes of the guest's memory. memory.grow detaches the old
 * ArrayBuffer of a WebAssembly.Memory and makes a new one, so while the
 * buffer last seen is attached (and not empty) it is the current one; else
 * memory.buffer is read again. Other memory objects (node accepts any
 * object with an ArrayBuffer `buffer`) are read at every call. */
static bool guest_memory(napi_env env, addon_wasi_t *w, uint8_t **base, uint64_t *size)
{
    napi_value memory, buffer;
    void *data = NULL;
    size_t len = 0;
    bool is_ab = false;
    /* A detached ArrayBuffer reports no data and length 0. */
    if (w->buffer && napi_get_reference_value(env, w->buffer, &buffer) == napi_ok && buffer &&
        napi_get_arraybuffer_info(env, buffer, &data, &len) == napi_ok && data && len) {
        *base = data;
        *size = len;
        return true;
    }
    if (!w->memory || napi_get_reference_value(env, w->memory, &memory) != napi_ok || !memory) {
        throw_coded(env, false, "ERR_WASI_NOT_STARTED", "wasi.start() has not been called");
        return false;
    }
    if (napi_get_named_property(env, memory, "buffer", &buffer) != napi_ok) return false;
    if (napi_is_arraybuffer(env, buffer, &is_ab) != napi_ok || !is_ab ||
        napi_get_arraybuffer_info(env, buffer, &data, &len) != napi_ok) {
        throw_coded(env, true, "ERR_INVALID_ARG_TYPE",
                    "\"instance.exports.memory\" property must be a WebAssembly.Memory object");
        return false;
    }
    if (w->wasm_memory && data && len) {
        if (w->buffer) napi_delete_reference(env, w->buffer);
        w->buffer = NULL;
        NAPI_OK_BOOL(env, napi_create_reference(env, buffer, 1, &w->buffer));
    }
    *base = data;
    *size = data ? len : 0;
    return true;
}

/* proc_exit: with returnOnExit, records the code and throws the exit token,
 * which unwinds the guest up to start() (a JS exception: wasm cannot catch it
 * by accident); without, ends the process through process.exit(code). */
static napi_value proc_exited(napi_env env, addon_wasi_t *w, int32_t code)
{
    addon_env_t *ae = NULL;
    napi_value token, exit_fn, code_value, global, ignored;
    NAPI_OK(env, napi_get_instance_data(env, (void **)&ae));
    if (!ae) {
        throw_coded(env, false, "ERR_WASMCELL_NAPI", "wasmcell-wasi: configure() was not called");
        return NULL;
    }
    w->exit_code = code;
    if (w->return_on_exit) {
        NAPI_OK(env, napi_get_reference_value(env, ae->exit_token, &token));
        napi_throw(env, token);
        return NULL;
    }
    NAPI_OK(env, napi_get_reference_value(env, ae->exit_process, &exit_fn));
    NAPI_OK(env, napi_create_int32(env, code, &code_value));
    NAPI_OK(env, napi_get_global(env, &global));
    /* In the main thread process.exit does not return; in a worker it stops
     * the worker's JS (a termination is then pending: just return). */
    if (napi_call_function(env, global, exit_fn, 1, &code_value, &ignored) == napi_ok) {
        /* Returned normally (a patched process.exit): the guest must not go on. */
        NAPI_OK(env, napi_get_reference_value(env, ae->exit_token, &token));
        napi_throw(env, token);
    }
    return NULL;
}

static napi_value call_fn(napi_env env, napi_callback_info info)
{
    size_t argc = MAX_PARAMS;
    napi_value argv[MAX_PARAMS];
    void *data = NULL;
    NAPI_OK(env, napi_get_cb_info(env, info, &argc, argv, NULL, &data));
    const addon_fn_t *fn = data;
    addon_wasi_t *w = fn->owner;
    uint8_t *base;
    uint64_t size;
    if (!guest_memory(env, w, &base, &size)) return NULL;
    uint64_t slots[MAX_PARAMS + 1] = { 0 };
    uint32_t errno_value = 28; /* inval: missing or mistyped arguments */
    bool args_ok = argc >= fn->nparams;
    for (uint32_t i = 0; args_ok && i < fn->nparams; i++)
        args_ok = arg_slot(env, argv[i], (fn->i64_mask >> i) & 1, &slots[i]);
    if (args_ok) {
        int32_t code = 0;
        wasmcell_wasi_outcome_t outcome =
            wasmcell_wasi_call(w->wasi, fn->func_idx, slots, base, size, &code);
        if (outcome == WASMCELL_WASI_EXITED) return proc_exited(env, w, code);
        errno_value = (uint32_t)slots[0];
    }
    napi_value result;
    NAPI_OK(env, napi_create_uint32(env, errno_value, &result));
    return result;
}

/* ---- configure(exitToken, exitProcess), exitCode(handle) -------------------------------- */

static void finalize_env(napi_env env, void *data, void *hint)
{
    (void)hint;
    addon_env_t *ae = data;
    napi_delete_reference(env, ae->exit_token);
    napi_delete_reference(env, ae->exit_process);
    free(ae);
}

static napi_value configure(napi_env env, napi_callback_info info)
{
    size_t argc = 2;
    napi_value argv[2];
    NAPI_OK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    addon_env_t *old = NULL;
    NAPI_OK(env, napi_get_instance_data(env, (void **)&old));
    if (old || argc != 2) {
        throw_coded(env, false, "ERR_WASMCELL_NAPI", "wasmcell-wasi: configure() takes 2 arguments, once");
        return NULL;
    }
    addon_env_t *ae = calloc(1, sizeof *ae);
    if (!ae) {
        throw_coded(env, false, "ERR_MEMORY_ALLOCATION_FAILED", "out of memory");
        return NULL;
    }
    if (napi_create_reference(env, argv[0], 1, &ae->exit_token) != napi_ok ||
        napi_create_reference(env, argv[1], 1, &ae->exit_process) != napi_ok ||
        napi_set_instance_data(env, ae, finalize_env, NULL) != napi_ok) {
        free(ae);
        NAPI_OK(env, napi_generic_failure);
    }
    return NULL;
}

static napi_value exit_code(napi_env env, napi_callback_info info)
{
    size_t argc = 1;
    napi_value argv[1], result;
    NAPI_OK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    addon_wasi_t *w = argc == 1 ? unwrap(env, argv[0]) : NULL;
    if (!w) return NULL;
    NAPI_OK(env, napi_create_int32(env, w->exit_code, &result));
    return result;
}

/* ---- module ----------------------------------------------------------------------------- */

static napi_value init(napi_env env, napi_value exports)
{
    napi_property_descriptor props[] = {
        { "create", NULL, create, NULL, NULL, NULL, napi_default, NULL },
        { "setMemory", NULL, set_memory, NULL, NULL, NULL, napi_default, NULL },
        { "configure", NULL, configure, NULL, NULL, NULL, napi_default, NULL },
        { "exitCode", NULL, exit_code, NULL, NULL, NULL, napi_default, NULL },
    };
    NAPI_OK(env, napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
    return exports;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
#pragma GCC diagnostic pop
