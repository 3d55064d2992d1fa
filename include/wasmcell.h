/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* wasmcell.h — the public embedding API of the wasmcell WebAssembly runtime.
 *
 * Conventions (apply to every function below):
 * - Failure: functions return wasmcell_status_t; WASMCELL_OK is 0. When an
 *   `wasmcell_error_t **error` out-parameter is given (may be NULL), a failure
 *   stores an *owned* error object there: delete it with wasmcell_error_delete.
 * - Ownership: `_new` results are owned by the caller and freed with the
 *   matching `_delete` (`_delete(NULL)` is a no-op). Pointer parameters are
 *   borrowed for the duration of the call unless stated otherwise. Input
 *   bytes are never modified.
 * - Threads: an engine and a module are immutable once created and may be
 *   shared between threads. An instance (and everything obtained from it)
 *   belongs to one thread at a time. wasmcell_instance_interrupt may be
 *   called from any thread.
 * - Linear memory: a pointer into linear memory (wasmcell_memory_data,
 *   wasmcell_caller_memory) stays valid until the next call that may run guest
 *   code or grow memory; fetch it again after such calls.
 */
#ifndef WASMCELL_H
#define WASMCELL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(WASMCELL_BUILDING) && defined(__GNUC__)
#define WASMCELL_API __attribute__((visibility("default")))
#else
#define WASMCELL_API
#endif

#define WASMCELL_VERSION "0.1.0"

/* ---- status and errors ------------------------------------------------ */

typedef enum wasmcell_status {
    WASMCELL_OK = 0,
    WASMCELL_ERR_MALFORMED,   /* not a well-formed wasm binary */
    WASMCELL_ERR_INVALID,     /* well formed, but fails validation */
    WASMCELL_ERR_UNSUPPORTED, /* valid, uses a feature not implemented yet */
    WASMCELL_ERR_LINK,        /* unknown import or incompatible import type */
    WASMCELL_ERR_TRAP,        /* guest code trapped (see wasmcell_error_trap_kind) */
    WASMCELL_ERR_EXIT,        /* guest called proc_exit (see wasmcell_error_exit_code) */
    WASMCELL_ERR_NOMEM,       /* an allocation failed */
    WASMCELL_ERR_MISUSE,      /* the API was called wrongly (NULL, wrong types, ...) */
    WASMCELL_ERR_NOT_FOUND,   /* no export / import of that name */
    WASMCELL_ERR_IO,          /* a host I/O operation failed */
    WASMCELL_ERR_EXCEPTION,   /* a wasm exception nobody caught (see wasmcell_error_exception_tag) */
    WASMCELL_SUSPENDED,       /* not an error: a resumable call ran out of fuel
                               * (wasmcell_call_resume) */
} wasmcell_status_t;

typedef enum wasmcell_trap_kind {
    WASMCELL_TRAP_NONE = 0,
    WASMCELL_TRAP_UNREACHABLE,          /* "unreachable" */
    WASMCELL_TRAP_MEMORY_OOB,           /* "out of bounds memory access" */
    WASMCELL_TRAP_TABLE_OOB,            /* "out of bounds table access" */
    WASMCELL_TRAP_INT_DIV_ZERO,         /* "integer divide by zero" */
    WASMCELL_TRAP_INT_OVERFLOW,         /* "integer overflow" */
    WASMCELL_TRAP_INVALID_CONVERSION,   /* "invalid conversion to integer" */
    WASMCELL_TRAP_UNDEFINED_ELEMENT,    /* "undefined element" */
    WASMCELL_TRAP_UNINITIALIZED_ELEMENT,/* "uninitialized element" */
    WASMCELL_TRAP_INDIRECT_CALL_TYPE,   /* "indirect call type mismatch" */
    WASMCELL_TRAP_STACK_EXHAUSTED,      /* "call stack exhausted" */
    WASMCELL_TRAP_OUT_OF_FUEL,          /* "out of fuel" */
    WASMCELL_TRAP_INTERRUPTED,          /* "interrupted" */
    WASMCELL_TRAP_HOST,                 /* a host function returned a trap */
    WASMCELL_TRAP_UNSUPPORTED,          /* executed an instruction not implemented yet */
    WASMCELL_TRAP_NULL_EXNREF,          /* "null exception reference" (throw_ref of null) */
    WASMCELL_TRAP_NULL_FUNCREF,         /* "null function reference" (call_ref of null) */
    WASMCELL_TRAP_NULL_REFERENCE,       /* "null reference" (ref.as_non_null of null) */
} wasmcell_trap_kind_t;

typedef struct wasmcell_error wasmcell_error_t;

WASMCELL_API wasmcell_status_t wasmcell_error_status(const wasmcell_error_t *error);
/* Human readable message, e.g. "section 10 (code), offset 0x2f, function 3:
 * type mismatch". Borrowed: valid until the error is deleted. */
WASMCELL_API const char *wasmcell_error_message(const wasmcell_error_t *error);
WASMCELL_API wasmcell_trap_kind_t wasmcell_error_trap_kind(const wasmcell_error_t *error);
/* The exit code when status is WASMCELL_ERR_EXIT, else 0. */
WASMCELL_API int32_t wasmcell_error_exit_code(const wasmcell_error_t *error);
/* Wasm backtrace of a trap, innermost frame first, one frame per line
 * ("  #0 func[3] <name>"); "" when there is none. Borrowed. */
WASMCELL_API const char *wasmcell_error_backtrace(const wasmcell_error_t *error);
WASMCELL_API void wasmcell_error_delete(wasmcell_error_t *error);
/* Owned errors a host function returns to trap or to exit. */
WASMCELL_API wasmcell_error_t *wasmcell_trap_new(const char *message);
WASMCELL_API wasmcell_error_t *wasmcell_exit_new(int32_t exit_code);
/* An owned error with any status and message (for layers built on this API,
 * e.g. WASI's misuse errors). */
WASMCELL_API wasmcell_error_t *wasmcell_error_new(wasmcell_status_t status, const char *message);
WASMCELL_API const char *wasmcell_status_name(wasmcell_status_t status);

/* ---- allocator hook ------------------------------------------------------ */

/* Replace the allocator used for every allocation wasmcell makes (not for
 * linear memory reservations, which use mmap). Process wide; set it before
 * creating any engine. NULL functions restore malloc/realloc/free. */
typedef struct wasmcell_allocator {
    void *(*malloc_fn)(size_t size, void *user);
    void *(*realloc_fn)(void *ptr, size_t size, void *user);
    void (*free_fn)(void *ptr, void *user);
    void *user;
} wasmcell_allocator_t;
WASMCELL_API void wasmcell_set_allocator(const wasmcell_allocator_t *allocator);
/* Allocate through the hook above (plain malloc semantics; size 0 gives a
 * unique pointer). For host code whose memory should be counted and
 * fault-injected like wasmcell's own, e.g. the WASI library. */
WASMCELL_API void *wasmcell_malloc(size_t size);
WASMCELL_API void *wasmcell_realloc(void *ptr, size_t size);
WASMCELL_API void wasmcell_free(void *ptr);

/* ---- values ---------------------------------------------------------------- */

typedef enum wasmcell_valtype {
    WASMCELL_I32 = 0x7F,
    WASMCELL_I64 = 0x7E,
    WASMCELL_F32 = 0x7D,
    WASMCELL_F64 = 0x7C,
    WASMCELL_V128 = 0x7B,
    WASMCELL_FUNCREF = 0x70,
    WASMCELL_EXTERNREF = 0x6F,
    WASMCELL_EXNREF = 0x69,   /* exception handling: a caught exception, or NULL */
} wasmcell_valtype_t;

typedef struct wasmcell_func wasmcell_func_t;
typedef struct wasmcell_table wasmcell_table_t;
typedef struct wasmcell_memory wasmcell_memory_t;
typedef struct wasmcell_global wasmcell_global_t;
typedef struct wasmcell_tag wasmcell_tag_t;

typedef struct wasmcell_val {
    wasmcell_valtype_t type;
    union {
        int32_t i32;
        int64_t i64;
        float f32;
        double f64;
        uint8_t v128[16];
        wasmcell_func_t *funcref; /* NULL is ref.null func */
        void *externref;          /* NULL is ref.null extern */
        void *exnref;             /* opaque; NULL is ref.null exn */
    } of;
} wasmcell_val_t;

/* ---- engine ------------------------------------------------------------------ */

/* Execution tiers. AUTO starts in the interpreter at once and moves to
 * native code compiled in the background (or before the run, for small
 * modules and when the cache has it); NATIVE compiles every function before
 * the first call; INTERP never compiles to native code. Builds without
 * LLVM treat AUTO and NATIVE as INTERP, except for modules loaded from a
 * precompiled artifact (wasmcell_module_deserialize), which run native. */
typedef enum wasmcell_tier {
    WASMCELL_TIER_AUTO = 0,
    WASMCELL_TIER_INTERP = 1,
    WASMCELL_TIER_NATIVE = 2,
} wasmcell_tier_t;

/* opt_level for native code: 0 is the default (LLVM -O2); 1-3 select -O1..-O3. */
#define WASMCELL_OPT_DEFAULT 0
#define WASMCELL_OPT_NONE 0x100 /* LLVM -O0 */

typedef struct wasmcell_config {
    uint64_t max_memory_bytes; /* per linear memory; 0 = the spec's maximum */
    uint32_t max_table_elems;  /* per table; 0 = 10,000,000 */
    uint32_t max_stack_bytes;  /* value + frame stack per call; 0 = 8 MiB */
    uint32_t max_call_depth;   /* nested wasm calls; 0 = 100,000 */
    wasmcell_tier_t tier;      /* default AUTO */
    uint32_t opt_level;        /* WASMCELL_OPT_DEFAULT, 1-3 or WASMCELL_OPT_NONE */
    /* Native code cache directory: NULL = $XDG_CACHE_HOME/wasmcell (or
     * ~/.cache/wasmcell); "" = no cache. Borrowed: copied by engine_new. */
    const char *cache_dir;
    /* Native stack that nested wasm calls (native code, host re-entry) may
     * use before trapping "call stack exhausted"; 0 = 1 MiB less than the
     * calling thread's stack, at most 64 MiB. */
    uint32_t max_native_stack_bytes;
    /* Native code for this machine's CPU features (0, the default) or for
     * any x86-64 (1: WASMCELL_TARGET_GENERIC), e.g. for artifacts shipped
     * to other machines. */
    uint32_t target_cpu;
    /* Nonzero: native code counts fuel (wasmcell_instance_set_fuel), with a
     * poll in every loop and call (like wasmtime's consume_fuel; slower, and
     * loops no longer vectorize). 0 (default): an instance given finite fuel
     * runs in the interpreter, which always counts it. */
    uint32_t fuel_metering;
    /* WebAssembly features beyond 2.0 that modules may use (like wasmtime's
     * Config::wasm_tail_call). 0 (default): every feature the engine
     * supports. Nonzero: exactly the WASMCELL_FEATURE_* bits set; a module
     * using another is malformed or invalid as in a 2.0 engine.
     * WASMCELL_FEATURES_2_0 alone means plain Wasm 2.0. */
    uint32_t wasm_features;
    /* Nonzero: every linear memory is bounds-checked: each access is
     * compared with the memory's current size instead of relying on an
     * 8 GiB guard-page reservation (same results, slower; see
     * docs/sandbox.md). 0 (default): guard pages, and bounds checks only
     * for a memory whose reservation fails (e.g. under `ulimit -v`). */
    uint32_t bounds_checks;
} wasmcell_config_t;
/* wasm_features bits. Extended constant expressions: i32/i64 add, sub, mul,
 * and global.get of defined immutable globals. Tail calls: return_call,
 * return_call_indirect. Relaxed SIMD: the 20 instructions 0xFD 0x100-0x113
 * (wasmcell gives them the spec's deterministic profile, docs/interpreter.md).
 * WASMCELL_FEATURES_2_0: none of them. */
#define WASMCELL_FEATURE_EXTENDED_CONST 0x1u
#define WASMCELL_FEATURE_TAIL_CALL 0x2u
#define WASMCELL_FEATURE_RELAXED_SIMD 0x4u
/* Exception handling: the tag section, exnref, try_table, throw, throw_ref,
 * and the legacy try/catch/catch_all/rethrow/delegate encoding. */
#define WASMCELL_FEATURE_EXCEPTIONS 0x8u
/* Multiple memories: memory index immediates (memarg flag bit 6, memory.size
 * ... memory.copy), several memory definitions and imports. Memory64 (with
 * table64): 64-bit memories and tables, i64 addresses and indices. */
#define WASMCELL_FEATURE_MULTI_MEMORY 0x10u
#define WASMCELL_FEATURE_MEMORY64 0x20u
/* Typed function references: (ref null? $t) types, rec groups of function
 * types, call_ref, return_call_ref, ref.as_non_null, br_on_null,
 * br_on_non_null, non-nullable locals and table initializers. The API
 * reports every function reference type as WASMCELL_FUNCREF. GC types
 * (struct, array, any, eq, i31) are not implemented. */
#define WASMCELL_FEATURE_FUNCTION_REFERENCES 0x40u
#define WASMCELL_FEATURES_2_0 0x80000000u
#define WASMCELL_TARGET_HOST 0
#define WASMCELL_TARGET_GENERIC 1

typedef struct wasmcell_engine wasmcell_engine_t;

WASMCELL_API void wasmcell_config_init(wasmcell_config_t *config);
/* config may be NULL for defaults. Returns NULL when out of memory. */
WASMCELL_API wasmcell_engine_t *wasmcell_engine_new(const wasmcell_config_t *config);
/* Number of background native compiles (tier AUTO) still running for this
 * engine's modules. wasmcell_engine_delete waits for them; a program about
 * to exit anyway may skip that wait by exiting without deleting. */
WASMCELL_API unsigned wasmcell_engine_compiling(wasmcell_engine_t *engine);
/* The engine must outlive every module, linker and instance made with it:
 * delete those first. */
WASMCELL_API void wasmcell_engine_delete(wasmcell_engine_t *engine);

/* ---- modules ------------------------------------------------------------------- */

typedef struct wasmcell_module wasmcell_module_t;

typedef enum wasmcell_extern_kind {
    WASMCELL_EXTERN_FUNC = 0,
    WASMCELL_EXTERN_TABLE = 1,
    WASMCELL_EXTERN_MEMORY = 2,
    WASMCELL_EXTERN_GLOBAL = 3,
    WASMCELL_EXTERN_TAG = 4,    /* exception handling */
} wasmcell_extern_kind_t;

/* Decode and validate `bytes` (borrowed; copied as needed). Functions are
 * translated to internal code lazily, at their first call. */
WASMCELL_API wasmcell_status_t wasmcell_module_new(wasmcell_engine_t *engine, const uint8_t *bytes,
                                                   size_t size, wasmcell_module_t **out,
                                                   wasmcell_error_t **error);
/* Decode and validate only. */
WASMCELL_API wasmcell_status_t wasmcell_module_validate(wasmcell_engine_t *engine,
                                                        const uint8_t *bytes, size_t size,
                                                        wasmcell_error_t **error);
/* Native code (see wasmcell_tier_t). serialize compiles every function to
 * native code for this machine (if not done yet) and returns an artifact:
 * the module bytes, the engine version, target and CPU features, and the
 * object code (*bytes owned: free with wasmcell_string_delete((char *)...)).
 * WASMCELL_ERR_UNSUPPORTED when this build has no LLVM. deserialize loads
 * such an artifact without LLVM; a corrupt, truncated or mismatched
 * artifact (other engine version, target or missing CPU features) is
 * refused with WASMCELL_ERR_MALFORMED / _UNSUPPORTED and never run. An
 * artifact is trusted code: only load artifacts you produced. */
WASMCELL_API wasmcell_status_t wasmcell_module_serialize(wasmcell_module_t *module, uint8_t **bytes,
                                                         size_t *size, wasmcell_error_t **error);
WASMCELL_API wasmcell_status_t wasmcell_module_deserialize(wasmcell_engine_t *engine,
                                                           const uint8_t *bytes, size_t size,
                                                           wasmcell_module_t **out,
                                                           wasmcell_error_t **error);
/* True when `bytes` start like an artifact of wasmcell_module_serialize. */
WASMCELL_API int wasmcell_is_artifact(const uint8_t *bytes, size_t size);
/* The tier defined function `func_idx` runs in now: 0 interpreter, 1
 * native; and the size of its native code in bytes (0 when none). */
WASMCELL_API int wasmcell_module_func_native(const wasmcell_module_t *module, uint32_t func_idx,
                                             size_t *code_size);

/* Tier AUTO's code cache. cache_wanted: 1 when the module got hot in this
 * process (a background compile started) and the cache has no code for the
 * whole module yet, and no other process is filling it. cache_fill:
 * compiles the whole module (at level 2 unless the engine chose one) and
 * stores it in the cache, so that later runs start with it; it also
 * becomes the module's code here. One process at a time fills an entry
 * (an flock on a `.filling` file beside it): while another does, fill
 * returns WASMCELL_OK at once without compiling. The CLI runs it in a
 * detached process when a run ends (docs/native.md). */
WASMCELL_API int wasmcell_module_cache_wanted(const wasmcell_module_t *module);
WASMCELL_API wasmcell_status_t wasmcell_module_cache_fill(wasmcell_module_t *module,
                                                          wasmcell_error_t **error);

/* Translate every function now (reports unsupported instructions early). */
WASMCELL_API wasmcell_status_t wasmcell_module_compile_all(wasmcell_module_t *module,
                                                           wasmcell_error_t **error);
/* Inspection for tools and tests: the number of functions (imports
 * included), and a text listing of the internal code of defined function
 * `func_idx` (compiled now if needed). *text is owned: free it with
 * wasmcell_string_delete. */
WASMCELL_API uint32_t wasmcell_module_func_count(const wasmcell_module_t *module);
WASMCELL_API wasmcell_status_t wasmcell_module_icode_text(wasmcell_module_t *module,
                                                          uint32_t func_idx, char **text,
                                                          wasmcell_error_t **error);
WASMCELL_API void wasmcell_string_delete(char *text);
/* The module is reference counted internally: instances keep it alive, so
 * deleting it while instances exist is safe. */
WASMCELL_API void wasmcell_module_delete(wasmcell_module_t *module);

typedef struct wasmcell_import_desc {
    const char *module; /* borrowed from the module, NUL terminated */
    const char *name;
    wasmcell_extern_kind_t kind;
} wasmcell_import_desc_t;
typedef struct wasmcell_export_desc {
    const char *name;
    wasmcell_extern_kind_t kind;
} wasmcell_export_desc_t;
WASMCELL_API size_t wasmcell_module_import_count(const wasmcell_module_t *module);
WASMCELL_API wasmcell_status_t wasmcell_module_import(const wasmcell_module_t *module, size_t index,
                                                      wasmcell_import_desc_t *out);
WASMCELL_API size_t wasmcell_module_export_count(const wasmcell_module_t *module);
WASMCELL_API wasmcell_status_t wasmcell_module_export(const wasmcell_module_t *module, size_t index,
                                                      wasmcell_export_desc_t *out);

/* ---- host functions and linking ------------------------------------------------- */

/* The calling context a host function receives. */
typedef struct wasmcell_caller wasmcell_caller_t;

/* A host function: arguments arrive in slots[0..nparams) (i32 zero-extended
 * into the 64-bit slot, f32/f64 as their bit patterns, references as
 * pointers); results are written to slots[0..nresults). Return NULL on
 * success, or an owned error from wasmcell_trap_new / wasmcell_exit_new. */
typedef wasmcell_error_t *(*wasmcell_host_func_t)(wasmcell_caller_t *caller, void *env,
                                                  uint64_t *slots);

/* Memory 0 of the instance that called the host function; NULL (size 0)
 * when it has none. Valid until the host function returns or calls back. */
WASMCELL_API uint8_t *wasmcell_caller_memory(wasmcell_caller_t *caller, uint64_t *size_bytes);
WASMCELL_API struct wasmcell_instance *wasmcell_caller_instance(wasmcell_caller_t *caller);
/* Nonzero when wasmcell_instance_interrupt was called on the calling
 * instance and the interpreter has not consumed the request yet. Does not
 * clear it. A host function that blocks (waits on a clock, a socket, a pipe)
 * should wait in short slices, check this between them, and return
 * wasmcell_interrupted_new() when it is set. 0 when caller is NULL or the
 * host function was called directly (wasmcell_func_call on a host func). */
WASMCELL_API int wasmcell_caller_interrupted(wasmcell_caller_t *caller);
/* Owned error a host function returns to stop the guest as if the
 * interpreter had noticed the interrupt: status WASMCELL_ERR_TRAP, trap kind
 * WASMCELL_TRAP_INTERRUPTED, message "interrupted". */
WASMCELL_API wasmcell_error_t *wasmcell_interrupted_new(void);

typedef struct wasmcell_instance wasmcell_instance_t;
typedef struct wasmcell_linker wasmcell_linker_t;

typedef struct wasmcell_extern {
    wasmcell_extern_kind_t kind;
    union {
        wasmcell_func_t *func;
        wasmcell_table_t *table;
        wasmcell_memory_t *memory;
        wasmcell_global_t *global;
        wasmcell_tag_t *tag;
    } of;
} wasmcell_extern_t;

WASMCELL_API wasmcell_linker_t *wasmcell_linker_new(wasmcell_engine_t *engine);
WASMCELL_API void wasmcell_linker_delete(wasmcell_linker_t *linker);
/* Define a host function under module/name. `signature` lists parameter
 * types, a colon, then result types, one letter each: i=i32 I=i64 f=f32
 * F=f64 v=v128 r=funcref x=externref; e.g. "iiii:i" or "i:". `env` is
 * borrowed and passed to every call; it must outlive instances using it. */
WASMCELL_API wasmcell_status_t wasmcell_linker_define_func(wasmcell_linker_t *linker,
                                                           const char *module, const char *name,
                                                           const char *signature,
                                                           wasmcell_host_func_t func, void *env);
/* Define one extern (e.g. another instance's export) under module/name. */
WASMCELL_API wasmcell_status_t wasmcell_linker_define_extern(wasmcell_linker_t *linker,
                                                             const char *module, const char *name,
                                                             wasmcell_extern_t ext);
/* Define every export of `instance` under module name `module`. The
 * instance is kept alive by instances linked against it. */
WASMCELL_API wasmcell_status_t wasmcell_linker_define_instance(wasmcell_linker_t *linker,
                                                               const char *module,
                                                               wasmcell_instance_t *instance);
/* Instantiate: resolve imports, initialise globals, tables, memories and
 * segments, run the start function. On a trap during instantiation status
 * is WASMCELL_ERR_TRAP and *out is NULL. */
WASMCELL_API wasmcell_status_t wasmcell_linker_instantiate(wasmcell_linker_t *linker,
                                                           wasmcell_module_t *module,
                                                           wasmcell_instance_t **out,
                                                           wasmcell_error_t **error);

/* ---- instances and their exports ---------------------------------------------- */

WASMCELL_API void wasmcell_instance_delete(wasmcell_instance_t *instance);
WASMCELL_API wasmcell_status_t wasmcell_instance_export(wasmcell_instance_t *instance,
                                                        const char *name, wasmcell_extern_t *out);
/* The same for a name of `len` bytes, which may contain NUL (wasm names are
 * any UTF-8, "\0" included). */
WASMCELL_API wasmcell_status_t wasmcell_instance_export_n(wasmcell_instance_t *instance,
                                                          const char *name, size_t len,
                                                          wasmcell_extern_t *out);
/* Convenience: the exported function / memory `name`, or NULL. */
WASMCELL_API wasmcell_func_t *wasmcell_instance_func(wasmcell_instance_t *instance, const char *name);
/* Memory `index` of the instance's memory index space (imports first; with
 * multiple memories, the ones a module does not export too), or NULL past
 * the end. */
WASMCELL_API wasmcell_memory_t *wasmcell_instance_memory_at(wasmcell_instance_t *instance,
                                                           uint32_t index);
WASMCELL_API wasmcell_memory_t *wasmcell_instance_memory(wasmcell_instance_t *instance,
                                                         const char *name);
/* Fuel: an instruction budget for this instance's calls; running out traps
 * with WASMCELL_TRAP_OUT_OF_FUEL. UINT64_MAX (the default) = unlimited. */
WASMCELL_API void wasmcell_instance_set_fuel(wasmcell_instance_t *instance, uint64_t fuel);
WASMCELL_API uint64_t wasmcell_instance_fuel(const wasmcell_instance_t *instance);
/* Ask running guest code of this instance to stop with
 * WASMCELL_TRAP_INTERRUPTED: whatever wasm code runs on the thread that
 * last entered the instance (this instance's, or another one it called)
 * traps within about a millisecond, native code included (a SIGURG timer:
 * docs/native.md). An interrupt made while no call runs is kept: the next
 * call traps at once. The trap takes it. Safe to call from any thread; from
 * a signal handler it may only set the flag, which interpreted code and
 * fuel-metered native code see at their next poll. */
WASMCELL_API void wasmcell_instance_interrupt(wasmcell_instance_t *instance);
/* Withdraws an interrupt no trap has taken yet (e.g. one a watchdog made
 * just as the call it was meant for returned). Call it between calls. */
WASMCELL_API void wasmcell_instance_interrupt_cancel(wasmcell_instance_t *instance);
/* A deadline: calls of this instance trap WASMCELL_TRAP_INTERRUPTED once
 * `timeout_ns` nanoseconds (CLOCK_MONOTONIC) have passed from now, as if
 * wasmcell_instance_interrupt were called then; a deadline already passed
 * when a call starts traps that call. 0 clears it. For time-slicing many
 * instances on one thread: set one before each call, with no extra thread. */
WASMCELL_API void wasmcell_instance_set_deadline(wasmcell_instance_t *instance, uint64_t timeout_ns);

/* Call: args must match the parameter types exactly; results receives the
 * results (nresults must equal the function's result count). */
WASMCELL_API wasmcell_status_t wasmcell_func_call(wasmcell_func_t *func, const wasmcell_val_t *args,
                                                  size_t nargs, wasmcell_val_t *results,
                                                  size_t nresults, wasmcell_error_t **error);

/* ---- resumable calls -------------------------------------------------------------- */

/* A call that can stop when its instance runs out of fuel and go on later
 * where it stopped (docs/API.md, "Resumable calls"). It runs on a stack of
 * its own, so everything between the entry and the point where fuel ran
 * out stays as it was: wasm frames of either tier and host functions that
 * called back into wasm. The fuel is that of func's instance
 * (wasmcell_instance_set_fuel); give it a finite amount before the first
 * resume, and with config.fuel_metering for native code (else the
 * instance runs interpreted, as for wasmcell_func_call). */
typedef struct wasmcell_call wasmcell_call_t;
/* Prepares a call of func (arguments checked and copied as by
 * wasmcell_func_call); nothing runs before the first resume. *out is
 * owned: wasmcell_call_delete. The call keeps func's instance alive (it
 * may be deleted meanwhile); a function made by wasmcell_func_new must
 * outlive the call. */
WASMCELL_API wasmcell_status_t wasmcell_call_new(wasmcell_func_t *func, const wasmcell_val_t *args,
                                                 size_t nargs, wasmcell_call_t **out,
                                                 wasmcell_error_t **error);
/* Runs the call until it finishes or runs out of fuel. WASMCELL_OK: it
 * returned, results filled (nresults must equal the function's result
 * count). WASMCELL_SUSPENDED: out of fuel; add fuel and resume again (with
 * no fuel added it suspends again at once). Any other status: it failed
 * (a trap, an exit...) and *error says why, as for wasmcell_func_call.
 * A finished call resumed again, or a call resumed on another thread than
 * the one that created it, is WASMCELL_ERR_MISUSE. May be called from a
 * host function (even of another resumable call). */
WASMCELL_API wasmcell_status_t wasmcell_call_resume(wasmcell_call_t *call, wasmcell_val_t *results,
                                                    size_t nresults, wasmcell_error_t **error);
/* Nonzero: when the instance's deadline (wasmcell_instance_set_deadline)
 * passes, the call suspends (WASMCELL_SUSPENDED) instead of trapping
 * WASMCELL_TRAP_INTERRUPTED; set a new deadline and resume. It suspends at
 * the next poll: at once in interpreted code and in native code compiled
 * with config.fuel_metering while the instance has finite fuel; other
 * native code has no polls at calls, so there the deadline still traps.
 * wasmcell_instance_interrupt always traps. Default 0. */
WASMCELL_API void wasmcell_call_set_yield_on_deadline(wasmcell_call_t *call, int yield);
/* Frees the call. A suspended call is cancelled first: it traps "out of
 * fuel" where it stopped and unwinds (host functions in between see that
 * trap from their wasmcell_func_call and must return it). Call it on the
 * thread that created the call, never from inside the call itself. */
WASMCELL_API void wasmcell_call_delete(wasmcell_call_t *call);

WASMCELL_API size_t wasmcell_func_param_count(const wasmcell_func_t *func);
WASMCELL_API size_t wasmcell_func_result_count(const wasmcell_func_t *func);
WASMCELL_API wasmcell_valtype_t wasmcell_func_param_type(const wasmcell_func_t *func, size_t i);
WASMCELL_API wasmcell_valtype_t wasmcell_func_result_type(const wasmcell_func_t *func, size_t i);

WASMCELL_API uint8_t *wasmcell_memory_data(wasmcell_memory_t *memory, uint64_t *size_bytes);
/* Grow by delta pages; stores the previous size in pages. */
WASMCELL_API wasmcell_status_t wasmcell_memory_grow(wasmcell_memory_t *memory, uint64_t delta_pages,
                                                    uint64_t *old_pages);

WASMCELL_API wasmcell_status_t wasmcell_global_get(const wasmcell_global_t *global,
                                                   wasmcell_val_t *out);
WASMCELL_API wasmcell_status_t wasmcell_global_set(wasmcell_global_t *global,
                                                   const wasmcell_val_t *value);

/* ---- modules from files ----------------------------------------------------------- */

/* wasmcell_module_new on the bytes of the file at `path` (a binary module;
 * not a .wat text, not a precompiled artifact: load those with
 * wasmcell_module_deserialize, knowing they are trusted code). A file that
 * cannot be read fails with WASMCELL_ERR_IO and its name in the message. */
WASMCELL_API wasmcell_status_t wasmcell_module_new_from_file(wasmcell_engine_t *engine,
                                                             const char *path,
                                                             wasmcell_module_t **out,
                                                             wasmcell_error_t **error);

/* ---- import and export types ---------------------------------------------------- */

typedef struct wasmcell_externtype {
    wasmcell_extern_kind_t kind;
    union {
        struct {
            /* wasmcell_linker_define_func's letters, e.g. "ii:i"; borrowed
             * from the engine (valid as long as it is) */
            const char *signature;
            uint32_t nparams, nresults;
        } func;
        struct {
            wasmcell_valtype_t elem_type; /* WASMCELL_FUNCREF or WASMCELL_EXTERNREF */
            uint64_t min, max;            /* elements; max only when has_max */
            int has_max;
            int is64;                     /* 1: a 64-bit table (i64 indices, table64) */
        } table;
        struct {
            uint64_t min, max;            /* 64 KiB pages; max only when has_max */
            int has_max;
            int is64;                     /* 1: a 64-bit memory (i64 addresses, memory64) */
        } memory;
        struct {
            wasmcell_valtype_t type;
            int mutable_;                 /* 1 for (mut T) */
        } global;
        struct {
            const char *signature;        /* parameters, then ":" (a tag has no results) */
            uint32_t nparams;
        } tag;
    } of;
} wasmcell_externtype_t;
/* The declared type of import / export `index` (the order of
 * wasmcell_module_import / wasmcell_module_export). NOT_FOUND past the end. */
WASMCELL_API wasmcell_status_t wasmcell_module_import_type(const wasmcell_module_t *module,
                                                           size_t index, wasmcell_externtype_t *out);
WASMCELL_API wasmcell_status_t wasmcell_module_export_type(const wasmcell_module_t *module,
                                                           size_t index, wasmcell_externtype_t *out);
/* The type of a live function, table, memory or global (an export, or an
 * object made by the host): for tables and memories `min` is the current
 * size and `max` the declared maximum. */
WASMCELL_API wasmcell_status_t wasmcell_extern_type(const wasmcell_extern_t *ext,
                                                    wasmcell_externtype_t *out);

/* ---- tables ---------------------------------------------------------------------------- */

/* Convenience: the exported table / global `name`, or NULL. */
WASMCELL_API wasmcell_table_t *wasmcell_instance_table(wasmcell_instance_t *instance,
                                                       const char *name);
WASMCELL_API wasmcell_global_t *wasmcell_instance_global(wasmcell_instance_t *instance,
                                                         const char *name);
WASMCELL_API wasmcell_valtype_t wasmcell_table_elem_type(const wasmcell_table_t *table);
WASMCELL_API uint64_t wasmcell_table_size(const wasmcell_table_t *table);
/* Element `index`: a funcref (callable with wasmcell_func_call while its
 * instance lives; NULL for ref.null) or an externref. WASMCELL_ERR_NOT_FOUND
 * when index >= size. */
WASMCELL_API wasmcell_status_t wasmcell_table_get(const wasmcell_table_t *table, uint64_t index,
                                                  wasmcell_val_t *out);
/* Stores `value` (of the table's element type, else WASMCELL_ERR_MISUSE) at
 * `index` (WASMCELL_ERR_NOT_FOUND when index >= size). A function stored
 * here stays alive with the table: one of another instance links the two
 * instances' lifetimes, a wasmcell_func_new function is copied. */
WASMCELL_API wasmcell_status_t wasmcell_table_set(wasmcell_table_t *table, uint64_t index,
                                                  const wasmcell_val_t *value);
/* table.grow by `delta` elements set to `init` (NULL: null references);
 * stores the previous size. WASMCELL_ERR_NOMEM beyond the maximum or the
 * engine's max_table_elems, and nothing changes. */
WASMCELL_API wasmcell_status_t wasmcell_table_grow(wasmcell_table_t *table, uint64_t delta,
                                                   const wasmcell_val_t *init, uint64_t *old_size);

/* ---- objects created by the host ------------------------------------------------------------- */

/* Called with the data it was registered with when its owner goes away. */
typedef void (*wasmcell_finalizer_t)(void *data);

/* A host function of its own, usable as an import (define it with
 * wasmcell_linker_define_extern), as a table element or a funcref argument,
 * and callable with wasmcell_func_call. `signature` as for
 * wasmcell_linker_define_func. `finalizer` (may be NULL) is called with
 * `env` once, when the last user of the function is gone: this handle
 * (wasmcell_func_delete), linkers defining it, and instances importing it
 * or holding it in a table. NULL when the signature is malformed or out of
 * memory (the finalizer is not called then). */
WASMCELL_API wasmcell_func_t *wasmcell_func_new(wasmcell_engine_t *engine, const char *signature,
                                                wasmcell_host_func_t func, void *env,
                                                wasmcell_finalizer_t finalizer);
/* A global of value->type holding *value; mutable when `mutable_`. */
WASMCELL_API wasmcell_global_t *wasmcell_global_new(wasmcell_engine_t *engine,
                                                    const wasmcell_val_t *value, int mutable_,
                                                    wasmcell_error_t **error);
/* A linear memory of min_pages 64 KiB pages; max_pages WASMCELL_NO_MAX for
 * none (the engine's max_memory_bytes still applies). */
#define WASMCELL_NO_MAX UINT64_MAX
WASMCELL_API wasmcell_memory_t *wasmcell_memory_new(wasmcell_engine_t *engine, uint64_t min_pages,
                                                    uint64_t max_pages, wasmcell_error_t **error);
/* The same for a 64-bit memory (memory64: i64 addresses; limits up to 2^48
 * pages, the engine's max_memory_bytes still applies); always bounds-checked. */
WASMCELL_API wasmcell_memory_t *wasmcell_memory_new64(wasmcell_engine_t *engine, uint64_t min_pages,
                                                      uint64_t max_pages, wasmcell_error_t **error);
/* A table of elem_type (WASMCELL_FUNCREF / WASMCELL_EXTERNREF) with `min`
 * elements set to `init` (NULL: null references); max WASMCELL_NO_MAX for none. */
WASMCELL_API wasmcell_table_t *wasmcell_table_new(wasmcell_engine_t *engine,
                                                  wasmcell_valtype_t elem_type, uint64_t min,
                                                  uint64_t max, const wasmcell_val_t *init,
                                                  wasmcell_error_t **error);
/* The same for a 64-bit table (table64: i64 indices; max may exceed 2^32,
 * the size stays below 2^32 and the engine's max_table_elems). */
WASMCELL_API wasmcell_table_t *wasmcell_table_new64(wasmcell_engine_t *engine,
                                                    wasmcell_valtype_t elem_type, uint64_t min,
                                                    uint64_t max, const wasmcell_val_t *init,
                                                    wasmcell_error_t **error);
/* Drop the host's handle. The object lives on while a linker defines it
 * or an instance imported it, and dies with the last of them. Only for
 * objects made by the _new functions above: on an instance's export these
 * do nothing (the instance owns those). */
WASMCELL_API void wasmcell_func_delete(wasmcell_func_t *func);
WASMCELL_API void wasmcell_global_delete(wasmcell_global_t *global);
WASMCELL_API void wasmcell_memory_delete(wasmcell_memory_t *memory);
WASMCELL_API void wasmcell_table_delete(wasmcell_table_t *table);

/* ---- exceptions (exception handling) ------------------------------------------------------------ */

/* A tag made by the host, e.g. to satisfy a module's tag import (define it
 * with wasmcell_linker_define_extern) or to throw from a host function.
 * `params` lists the payload types as wasmcell_linker_define_func's letters
 * ("iI", "" for none; an optional trailing ":" is allowed). Owned by the
 * engine and freed with it: there is no delete. NULL when the signature is
 * malformed (error set) or out of memory. Tags are compared by identity:
 * two tags of the same type are different tags. */
WASMCELL_API wasmcell_tag_t *wasmcell_tag_new(wasmcell_engine_t *engine, const char *params,
                                              wasmcell_error_t **error);
/* The payload signature of a tag ("ii:"); borrowed from the engine. */
WASMCELL_API const char *wasmcell_tag_signature(const wasmcell_tag_t *tag);
/* An exception a host function returns to throw it into the calling wasm
 * code, where try_table/try handlers of `tag` (or catch_all) can catch it;
 * uncaught it reaches the embedder as a WASMCELL_ERR_EXCEPTION error.
 * `values` (borrowed) must match the tag's parameters; NULL (and *error,
 * when error is not NULL) on a mismatch. Owned: return it from the host
 * function, or delete it. */
WASMCELL_API wasmcell_error_t *wasmcell_exception_new(wasmcell_tag_t *tag, const wasmcell_val_t *values,
                                                      size_t nvalues, wasmcell_error_t **error);
/* For a WASMCELL_ERR_EXCEPTION error: the tag of the exception (compare it
 * with an instance's exported tag or your own), else NULL. The tag is
 * valid while its instance (or, for host tags, the engine) lives; the
 * arity and values below stay readable as long as the error. */
WASMCELL_API wasmcell_tag_t *wasmcell_error_exception_tag(const wasmcell_error_t *error);
/* Number of payload values of an exception error (0 for other errors). */
WASMCELL_API size_t wasmcell_error_exception_arity(const wasmcell_error_t *error);
/* Payload value `index` of an exception error; WASMCELL_ERR_NOT_FOUND past
 * the end or for other errors. References in it are valid while their
 * instance lives. */
WASMCELL_API wasmcell_status_t wasmcell_error_exception_value(const wasmcell_error_t *error,
                                                              size_t index, wasmcell_val_t *out);
/* The tag exported as `name`, or NULL. */
WASMCELL_API wasmcell_tag_t *wasmcell_instance_export_tag(wasmcell_instance_t *instance,
                                                          const char *name);

/* ---- per-instance user data -------------------------------------------------------------------- */

/* Attach the embedder's pointer to an instance (e.g. the host state its
 * host functions reach through wasmcell_caller_instance). `finalizer` (may
 * be NULL) is called with `data` when the instance is freed. Setting again
 * replaces both without calling the previous finalizer. */
WASMCELL_API void wasmcell_instance_set_data(wasmcell_instance_t *instance, void *data,
                                             wasmcell_finalizer_t finalizer);
WASMCELL_API void *wasmcell_instance_data(const wasmcell_instance_t *instance);

/* ---- structured backtraces ----------------------------------------------------------------------- */

/* One frame of a trap's backtrace (the lines of wasmcell_error_backtrace). */
typedef struct wasmcell_frame {
    uint32_t func_idx;       /* in its module's function index space (imports first) */
    const char *func_name;   /* from the name section, or NULL; borrowed from the error */
    uint64_t func_offset;    /* byte offset in the module of the function's first
                              * instruction (after its locals); 0 for an import */
    /* Byte offset in the module of the frame's instruction: in the
     * innermost frame the one that trapped, in the others the call that is
     * under way (the text's "@0x..."). When code_offset_exact is 0 only the
     * function is known and code_offset is func_offset: native code, and
     * an interpreted frame that called a host function or native code
     * which called back into wasm (docs/API.md, "Backtraces"). */
    uint64_t code_offset;
    int code_offset_exact;
} wasmcell_frame_t;
/* Frames, innermost first: 0 when the error is no trap or has none; a deep
 * recursion keeps its innermost frames (about 32), like the text. Native
 * code may have inlined a callee into its caller: one frame for both. */
WASMCELL_API size_t wasmcell_error_frame_count(const wasmcell_error_t *error);
WASMCELL_API wasmcell_status_t wasmcell_error_frame(const wasmcell_error_t *error, size_t index,
                                                    wasmcell_frame_t *out);

#ifdef __cplusplus
}
#endif
#endif /* WASMCELL_H */
