/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* runtime.h — the run-time objects: engine, module (shared, with its lazily
 * compiled code), instances and their functions, tables, memories, globals,
 * and errors/traps. The public handle types of wasmcell.h are these structs. */
#ifndef RT_RUNTIME_H
#define RT_RUNTIME_H
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "wasmcell.h"
#include "../base/diag.h"
#include "../binary/module.h"

struct cmp_func;

struct wasmcell_engine {
    wasmcell_config_t config;
    pthread_mutex_t lock;       /* guards the signature registry */
    char **sigs;                /* interned signatures, "ii:i" strings; id = index */
    uint32_t nsigs, sigs_cap;
    /* Added by the runtime: per id the decoded type (arrays owned by the
     * engine, stable for its lifetime), and a hash index over `sigs`. */
    bin_functype_t **sig_types;
    uint32_t *sig_slots;        /* open addressing: id + 1, 0 = empty */
    uint32_t sig_slots_mask;
    char *cache_dir;            /* owned copy of config.cache_dir (config points here) */
    /* Exceptions (tag.c): host-created tags and exception objects, owned
     * by the engine (an exnref may outlive the instance that threw it). */
    pthread_mutex_t exn_lock;
    struct rt_exn *exns;        /* doubly linked, newest first */
    struct wasmcell_tag *host_tags;
    /* Background native compiles still running: engine_delete waits for them. */
    pthread_mutex_t jobs_lock;
    pthread_cond_t jobs_done;
    uint32_t native_jobs;
};

/* Canonical ids for the module's types, written to ids[0 .. ntypes - 1]:
 * equivalent types (spec: type equivalence, rec groups included) <=> equal
 * ids, engine wide; call_indirect and import matching compare them. False
 * when out of memory. */
bool rt_engine_intern_types(wasmcell_engine_t *engine, const bin_module_t *m, uint32_t *ids);
/* The id of a type given by raw arrays of 2.0 value types or engine-
 * canonical ones (see rt_module_vt); *interned (may be NULL) receives the
 * engine-owned copy, valid as long as the engine. UINT32_MAX: no memory. */
uint32_t rt_engine_sig_intern(wasmcell_engine_t *engine, const bin_valtype_t *params,
                              uint32_t nparams, const bin_valtype_t *results, uint32_t nresults,
                              const bin_functype_t **interned);
/* The engine's copy of type sig_id: its value types are engine-canonical. */
const bin_functype_t *rt_engine_sig_type(wasmcell_engine_t *engine, uint32_t sig_id);
/* A value type of module m made engine-canonical: a concrete (ref $t) names
 * the engine id of $t instead of the module's index, so types of different
 * modules compare (globals, tables, import matching, API checks). */
bin_valtype_t rt_module_vt(const wasmcell_module_t *m, bin_valtype_t t);
/* Subtyping of engine-canonical value types (Matching: Value Types). */
bool rt_vt_match(bin_valtype_t actual, bin_valtype_t expected);
/* Does an API value belong to engine-canonical type t? Its kind, and for
 * function references no null where the type is non-nullable and the
 * right function type where it is concrete (what wasm code relies on). */
bool rt_value_fits(const wasmcell_val_t *v, bin_valtype_t t);
/* One letter per value type as in signature strings (i I f F v r x), 0 if unknown. */
char rt_valtype_letter(bin_valtype_t t);
/* FNV-1a over len bytes (names may contain NUL bytes). */
uint32_t rt_name_hash(const char *s, size_t len);

struct wasmcell_module {
    atomic_int refcount;
    wasmcell_engine_t *engine;
    bin_module_t *bin;
    uint32_t *type_sig_ids;      /* per type index */
    const bin_functype_t **engine_types; /* per type index: the engine's copy */
    /* Per defined function: compiled code, NULL until its first call.
     * Published with an atomic compare-exchange so threads may race. Two
     * variants, made on demand: [def_idx] for guarded memories and
     * [ndefs + def_idx] with bounds-checked memory instructions (an
     * instance with a checked memory runs those). */
    _Atomic(struct cmp_func *) *code;
    /* Added by the runtime: hash index of export names (export index + 1, 0 = empty). */
    uint32_t *export_slots;
    uint32_t export_slots_mask;
    /* Native tier: the module's native code once compiled or loaded
     * (published atomically; a background compile may set it later), and
     * the background job. */
    _Atomic(struct native_code *) native;
    wasmcell_tier_t tier;
    /* Tier auto: interpreter polls seen (a measure of how long the module
     * ran); the background compile starts once it is hot. */
    atomic_uint hot_polls;          /* polls that found an interpreted function running */
    atomic_bool native_requested;   /* a background compile is running */
    atomic_bool native_requested_once; /* one ever started (wasmcell_module_cache_wanted) */
    atomic_bool native_level0;      /* a big hot set made tier auto compile at level 0: it stays there */
    _Atomic(uint32_t *) hot;        /* per defined function: polls that found it running */
    /* tier auto's compile budget (native_tier.c): when the module was
     * made, and the time its jobs spent compiling while JIT code ran (ns) */
    uint64_t native_born_ns;
    uint64_t native_budget_spent_ns;
    /* per defined function, tier-up (native_tier.c): when level-0 code
     * first polled in a loop of it (ns), and whether newer code is wanted */
    _Atomic(uint64_t *) tierup_first;
    _Atomic(uint8_t *) tierup_state;
    /* per defined function: nonzero once a background compile took it (it
     * is never selected again, compiled or not); written by the one job
     * of the module, read by polls (__atomic 16-bit accesses) */
    _Atomic(uint16_t *) native_tried;
    /* per defined function: runs at most once (native_run_once), made by
     * the first background job (a walk over every body: SQLite's took 6 %
     * of its cold run when each job made it) */
    _Atomic(uint8_t *) native_run_once;
    /* the share of the samples the functions background jobs took had
     * when taken (defer_for_gain), kept by the module's one job */
    double native_taken_share;
    /* per defined function: its samples at the job's last look, and
     * when that was (recent_dominant) */
    uint32_t *native_look_n;
    uint64_t native_look_ns;
    /* tier auto's time profile (native_tier.c, "the time profile"): the
     * instance whose JIT code the job samples (set by polls; cleared
     * under prof_lock when that instance is freed), and, kept by the
     * module's one job, per defined function and one more (not JIT code:
     * LLVM's code, the interpreter, the host) the samples that found it
     * running since the latest generation */
    pthread_mutex_t prof_lock;
    struct wasmcell_instance *_Atomic prof_inst;
    uint32_t *time_n;
    uint32_t time_total;
    /* per defined function, made on first use by the module's one job:
     * its small callees in loops ({count, callees...}: native_tier.c,
     * small_callees), so the gain wait's looks do not walk bodies again */
    uint32_t **native_callees;
    /* Baseline JIT code (src/exec/jit.h), made on demand. */
    _Atomic(struct jit_module *) jit;
};

/* Decode + validate into a bin module (*out owned; bin_module_free), with
 * the engine's wasm_features. */
wasmcell_status_t rt_module_decode(const wasmcell_engine_t *engine, const uint8_t *bytes,
                                   size_t size, bin_module_t **out, wasmcell_error_t **error);
/* The same without validation, for an artifact's module: it was validated
 * when the artifact was compiled, and an artifact is trusted code (its
 * checksum catches accidents). Saves ~10 ms per MB of code at load. */
wasmcell_status_t rt_module_decode_trusted(const uint8_t *bytes, size_t size, bin_module_t **out,
                                           wasmcell_error_t **error);
/* A module (refcount 1) around a validated `bin` (taken over, freed on failure). */
wasmcell_status_t rt_module_new(wasmcell_engine_t *engine, bin_module_t *bin,
                                wasmcell_module_t **out, wasmcell_error_t **error);
void rt_module_retain(wasmcell_module_t *m);
void rt_module_release(wasmcell_module_t *m);
/* Compiled code of defined function `def_idx` (0-based among definitions),
 * compiling it on first use. NULL with *error set on failure. */
struct cmp_func *rt_module_code(wasmcell_module_t *m, uint32_t def_idx, bool checked,
                                wasmcell_error_t **error);
/* Index of the export named name[0..len), or -1. */
int64_t rt_module_find_export(const wasmcell_module_t *m, const char *name, size_t len);

typedef struct wasmcell_instance rt_instance_t;

/* The context a host function receives: the instance of the calling wasm
 * function (the interpreter makes one on its stack per host call; inst may
 * be NULL when the host function is called directly through the API). */
struct wasmcell_caller {
    rt_instance_t *inst;
};

/* Instances linked together (one imported something another exported)
 * share a store and are freed together when the last handle on any of
 * them is released: a function of one may sit in another's table, even
 * after its own instantiation trapped (WebAssembly 2.0 keeps such writes).
 * refcount counts handles: undeleted instances and linker definitions. */
typedef struct rt_store {
    atomic_int refcount;
    rt_instance_t **members;
    uint32_t nmembers, members_cap;
    /* Added by the API (store.c): the engine, and objects the host created
     * (wasmcell_table_new, ...) or host functions adopted into the store
     * (a wasmcell_func_new function stored in a table): freed with it.
     * Each hosted object's host_store points back here. */
    wasmcell_engine_t *engine;
    wasmcell_extern_t *hosted;
    uint32_t nhosted, hosted_cap;
} rt_store_t;

/* A host function's env with its finalizer, shared by every copy of the
 * function record (linker entries, instances' imports, adopted copies):
 * the finalizer runs when the last copy is freed. */
typedef struct rt_host_env {
    atomic_int refcount;
    void *env;
    void (*finalizer)(void *env);
} rt_host_env_t;

struct wasmcell_func {
    uint32_t sig_id;            /* rt_engine_sig_id of its type */
    uint32_t nparams, nresults;
    const bin_valtype_t *params, *results;
    rt_instance_t *inst;        /* defining instance; NULL for host functions */
    uint32_t func_idx;          /* index in the defining module (wasm functions) */
    uint32_t def_idx;           /* func_idx - nfunc_imports (wasm functions) */
    struct cmp_func *code;      /* cached compiled code (wasm), NULL until first call */
    wasmcell_host_func_t host;  /* host functions: the callback and its env */
    void *host_env;
    bin_valtype_t *owned_types; /* unused: host function types are interned in the engine */
    /* Native code of a wasm function once its instance adopted it
     * (src/native/native.h): the typed entry and the slots entry. */
    void *native_typed;
    void *native_slots;
    void *native_osr;           /* entry at a loop header from the interpreter, or NULL */
    /* The baseline JIT's entry for calls from JIT code of the same
     * instance (src/exec/jit_x64.c): set while native_slots is its JIT
     * code, NULL otherwise. */
    void *jit_fast;
    /* Host functions (store.c): the shared env box (NULL when there is no
     * finalizer); who keeps this record alive: `holder` for an instance's
     * copy of an imported host function, `host_store` for a copy adopted by
     * a store; `standalone` for a wasmcell_func_new handle (the host's). */
    rt_host_env_t *env_box;
    rt_instance_t *holder;
    rt_store_t *host_store;
    bool standalone;
    wasmcell_engine_t *engine;  /* standalone host functions */
};

struct wasmcell_table {
    bin_valtype_t elem_type;
    uint32_t size;              /* elements */
    uint32_t max;               /* UINT32_MAX when unbounded */
    uint64_t *elems;
    bool has_max;               /* the declared type (import matching uses it) */
    uint32_t limit;             /* growth limit: max clamped by the engine's max_table_elems */
    bool is64;                  /* table64: i64 indices (the size still fits in 32 bits) */            /* funcref: (wasmcell_func_t *) as integer; externref: value; 0 = null */
    rt_instance_t *owner;       /* defining instance */
    rt_store_t *host_store;     /* created by the host (wasmcell_table_new): its store */
};

struct wasmcell_memory {
    /* Guarded: the start of the 8 GiB reservation, never moves. Checked:
     * may move when the memory grows (a remapping), so code reads it again
     * after anything that can grow memory. */
    uint8_t *base;
    uint64_t pages;             /* current size in 64 KiB pages */
    uint64_t max_pages;         /* declared max clamped by the engine's limit */
    bool has_max;               /* the declared type (import matching uses it) */
    uint64_t declared_max;      /* valid when has_max */
    uint64_t reserved_bytes;    /* bytes mapped at base (guarded: incl. the guard range) */
    bool guarded;               /* true: accesses need no bounds check; false: checked */
    bool is64;                  /* memory64: i64 addresses (always checked) */
    rt_instance_t *owner;       /* defining instance */
    rt_store_t *host_store;     /* created by the host (wasmcell_memory_new): its store */
};
#define RT_PAGE_SIZE 65536u

struct wasmcell_global {
    bin_valtype_t type;
    bool mutable_;
    uint64_t value[2];          /* v128 uses both words, little endian */
    rt_instance_t *owner;       /* defining instance */
    rt_store_t *host_store;     /* created by the host (wasmcell_global_new): its store */
};

/* An exception tag (exception handling): identity is the object's address. */
struct wasmcell_tag {
    const bin_functype_t *type; /* engine-interned: the payload types; no results */
    uint32_t sig_id;            /* rt_engine_sig_id of type */
    rt_instance_t *owner;       /* defining instance; NULL for a host tag */
    wasmcell_engine_t *engine;  /* whose registry holds type (and, for host tags, the tag) */
    uint32_t tag_idx;           /* in the owner's tag index space */
    struct wasmcell_tag *next_host; /* host tags: the engine's list */
};

/* An exception: its tag and payload slots (as a function's arguments).
 * An exnref value is the object's address. Owned by the engine: freed
 * when caught by a handler that gives no exnref, or with the error that
 * carried it to the host (nothing can refer to it any more); once
 * exposed, with the engine. */
typedef struct rt_exn {
    struct rt_exn *prev, *next;
    wasmcell_tag_t *tag;
    /* copied from the tag: an error may outlive the tag's instance */
    wasmcell_engine_t *engine;
    const bin_functype_t *type; /* engine-interned payload types */
    bool exposed;               /* an exnref or a legacy rethrow slot may name it */
    uint32_t nslots;
    uint64_t payload[];
} rt_exn_t;

/* A new exception of `tag` with payload slots copied from `slots`; NULL
 * when out of memory. */
rt_exn_t *rt_exn_new(wasmcell_engine_t *engine, wasmcell_tag_t *tag, const uint64_t *slots);
/* Frees an exception nothing refers to (not exposed). */
void rt_exn_free(wasmcell_engine_t *engine, rt_exn_t *exn);
/* Engine teardown: every exception and host tag. */
void rt_engine_free_exns(wasmcell_engine_t *engine);
/* The error for an exception leaving wasm code (status
 * WASMCELL_ERR_EXCEPTION); deleting the error frees an exception that is
 * not exposed (exec_exn_take detaches it first when wasm takes it back). */
wasmcell_error_t *rt_exn_error(rt_exn_t *exn);
/* "tag \"name\"" (export or import name) or "tag N of module" into buf. */
void rt_tag_describe(const wasmcell_tag_t *tag, char *buf, size_t size);

struct wasmcell_instance {
    atomic_int refcount;
    /* Tier auto: 1 + the defined index of the function whose JIT code
     * runs now, 0 for any other code (jit_x64.c writes it at calls,
     * entries and returns; the job samples it: the time profile). In the
     * hole before `module`: an offset under 128 makes each store 8 bytes
     * of code, not 11. */
    uint32_t jit_now;
    wasmcell_module_t *module;
    wasmcell_func_t **funcs;    /* function index space (imports point elsewhere) */
    wasmcell_table_t **tables;
    wasmcell_memory_t **memories;
    wasmcell_global_t **globals;
    wasmcell_tag_t **tags;      /* tag index space (imports point elsewhere) */
    wasmcell_tag_t *own_tags;   /* storage of the defined tags */
    wasmcell_func_t *own_funcs; /* storage of the defined functions */
    /* Segment state: a dropped segment behaves as empty. */
    bool *elem_dropped;
    bool *data_dropped;
    /* Instances whose exports we imported: kept alive while we live.
     * (Unused: lifetime is managed by `store`, see rt_store_t.) */
    rt_instance_t **deps;
    uint32_t ndeps;
    rt_store_t *store;
    /* Per element segment: its references evaluated at instantiation
     * (bin elem count entries, as in table elems); NULL once dropped. */
    uint64_t **elem_refs;
    /* Copies of imported host functions (the linker's records may die first). */
    wasmcell_func_t *host_imports; uint32_t nhost_imports;
    /* Objects this instance defined and owns (freed with it). */
    wasmcell_table_t **own_tables; uint32_t nown_tables;
    wasmcell_memory_t **own_memories; uint32_t nown_memories;
    wasmcell_global_t **own_globals; uint32_t nown_globals;
    /* Some memory of this instance is bounds-checked (not guarded): its
     * functions run the checked variant of their code. */
    bool mem_checked;
    /* Limits. */
    uint64_t fuel;              /* UINT64_MAX = unlimited */
    atomic_int interrupt;
    /* The thread (exec context generation, exec_interrupt.c) that last
     * entered this instance: where an interrupt sends its signal. */
    _Atomic uint64_t running_gen;
    _Atomic uint64_t deadline_ns;  /* CLOCK_MONOTONIC; 0 = none (exec_interrupt.c) */
    /* What native code reads (set by native_adopt): memory 0's base and
     * object, the module's signature ids, and the code adopted. */
    uint8_t *native_mem0;
    wasmcell_memory_t *native_mem0obj;
    const uint32_t *native_sig_ids;
    struct native_code *native;
    /* wasmcell_instance_set_data: the embedder's pointer and its finalizer,
     * run when the instance is freed. */
    void *user_data;
    void (*user_finalizer)(void *data);
};

/* Error objects (wasmcell_error_t). */
struct wasmcell_error {
    wasmcell_status_t status;
    wasmcell_trap_kind_t trap_kind;
    int32_t exit_code;
    char *message;
    char *backtrace;            /* owned (base_malloc); NULL when none (the accessor returns "") */
    /* The same frames, structured (wasmcell_error_frame): innermost first. */
    struct rt_frame *frames;
    uint32_t nframes, frames_cap;
    struct rt_exn *exn;         /* WASMCELL_ERR_EXCEPTION: the exception (engine-owned) */
};
typedef struct rt_frame {
    uint32_t func_idx;
    char *name;                 /* owned copy, NULL when unnamed */
    uint64_t func_offset;       /* module byte offset of the function's first instruction */
    uint64_t code_offset;       /* of the trapping or calling instruction; func_offset
                                 * when only the function is known */
    bool code_offset_exact;
} rt_frame_t;
/* Appends a frame of function func_idx of `bin` to a trap's frames (no-op
 * when out of memory or e is the preallocated nomem error). */
void rt_error_push_frame(wasmcell_error_t *e, const bin_module_t *bin, uint32_t func_idx);
/* The same with the module offset of the frame's instruction (0: unknown,
 * the frame is function-level). */
void rt_error_push_frame_at(wasmcell_error_t *e, const bin_module_t *bin, uint32_t func_idx,
                            uint64_t code_offset);
wasmcell_error_t *rt_error_new(wasmcell_status_t status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
wasmcell_error_t *rt_error_from_diag(const base_diag_t *diag);
/* The number of trap kinds: one past the last of wasmcell_trap_kind_t
 * (tables indexed by kind use it; update it with the enum). */
#define RT_TRAP_KINDS (WASMCELL_TRAP_NULL_REFERENCE + 1)
wasmcell_error_t *rt_trap_new(wasmcell_trap_kind_t kind);   /* message from the kind */
const char *rt_trap_message(wasmcell_trap_kind_t kind);
/* Stores `e` in *error (or deletes it when error is NULL); returns its status. */
wasmcell_status_t rt_fail(wasmcell_error_t **error, wasmcell_error_t *e);
/* The preallocated error used when allocating an error fails. */
extern wasmcell_error_t rt_error_nomem;

/* Memory: a guarded memory reserves 8 GiB of address space and commits the
 * initial pages; when that reservation fails, or config->bounds_checks is
 * set, the memory is bounds-checked instead (guarded = false): it maps its
 * maximum when that fits, else only its current size and grows by
 * remapping (base may then move). Fails with WASMCELL_ERR_NOMEM when not
 * even that can be mapped. max_pages = declared max clamped by
 * config->max_memory_bytes. */
wasmcell_memory_t *rt_memory_new(const bin_memtype_t *type, const wasmcell_config_t *config,
                                 wasmcell_error_t **error);
void rt_memory_delete(wasmcell_memory_t *mem);
/* memory.grow: returns the old size in pages, or -1 (no change). */
int64_t rt_memory_grow(wasmcell_memory_t *mem, uint64_t delta_pages);
/* Would a memory made now under `config` be guarded? (A trial reservation:
 * the native tier compiles for the mode instances will get.) */
bool rt_memory_guard_available(const wasmcell_config_t *config);
/* The registry of guarded reservations (memory_registry.c): no fixed cap;
 * add fails only when a new chunk of slots cannot be mapped. */
bool rt_memory_registry_add(const void *base, uint64_t bytes);
void rt_memory_registry_remove(const void *base);
/* True when the faulting address lies inside some live guarded reservation
 * (only its uncommitted part can fault; used by the signal handler).
 * Async-signal-safe: a lock-free walk of the registry's chunks. Checked
 * memories are not registered: their accesses never fault. */
bool rt_memory_owns_fault(const void *addr);

/* Tables. table.grow: old size or -1. */
wasmcell_table_t *rt_table_new(const bin_tabletype_t *type, const wasmcell_config_t *config,
                               uint64_t init, wasmcell_error_t **error);
void rt_table_delete(wasmcell_table_t *t);
int64_t rt_table_grow(wasmcell_table_t *t, uint32_t delta, uint64_t init);

/* Bulk instructions on instance state (the spec's execution rules):
 * WASMCELL_TRAP_NONE, or the trap (MEMORY_OOB / TABLE_OOB) with nothing
 * written. A dropped segment behaves as empty. */
wasmcell_trap_kind_t rt_table_init(rt_instance_t *inst, uint32_t table_idx, uint32_t elem_idx,
                                   uint64_t dst, uint32_t src, uint32_t n);
wasmcell_trap_kind_t rt_memory_init(rt_instance_t *inst, uint32_t mem_idx, uint32_t data_idx,
                                    uint64_t dst, uint32_t src, uint32_t n);
void rt_elem_drop(rt_instance_t *inst, uint32_t elem_idx);
void rt_data_drop(rt_instance_t *inst, uint32_t data_idx);

/* Handles on an instance's store (see rt_store_t): release of the last
 * handle frees every instance of the store. */
void rt_instance_retain(rt_instance_t *inst);
void rt_instance_release(rt_instance_t *inst);
/* Frees one instance and what it owns (store.c calls it for each member). */
void rt_instance_free(rt_instance_t *inst);

/* Stores (store.c). A new store holds one handle. */
rt_store_t *rt_store_new(wasmcell_engine_t *engine);
void rt_store_retain(rt_store_t *s);
/* Drops a handle; the last one frees the members and the hosted objects. */
void rt_store_release(rt_store_t *s);
/* Joins two stores (their objects may now refer to each other); returns the
 * store both now are, a or b: the other one is freed (callers look stores
 * up again through their objects). NULL when out of memory (nothing changed). */
rt_store_t *rt_store_join(rt_store_t *a, rt_store_t *b);
/* Hands `ext` (a host-created table/memory/global, or a host function copy)
 * to `s`, which frees it; false when out of memory. */
bool rt_store_host(rt_store_t *s, wasmcell_extern_t ext);
/* The store an extern lives in, NULL for a host function record that no
 * store owns (a linker's or a standalone handle's). */
rt_store_t *rt_extern_store(const wasmcell_extern_t *ext);
/* A funcref the host passes in (argument, table or global value), made
 * safe to keep in store `s`: a standalone host function is replaced by a
 * copy that `s` owns, a function of another store joins it to `s` (which
 * may free `s`: see rt_store_join). NULL with *ok = false when out of
 * memory or the function is of another engine. */
wasmcell_func_t *rt_store_adopt_func(rt_store_t *s, wasmcell_func_t *f, bool *ok);

/* The engine whose signature ids a function's sig_id belongs to (NULL for
 * a linker's record). */
wasmcell_engine_t *rt_func_engine(const wasmcell_func_t *f);

/* Host function records: copy (sharing and retaining the env box) and free. */
void rt_host_func_copy(wasmcell_func_t *dst, const wasmcell_func_t *src);
void rt_host_func_fini(wasmcell_func_t *f);   /* releases the env box, not f */
rt_host_env_t *rt_host_env_new(void *env, void (*finalizer)(void *env));
/* Index of the export `name` of `inst`, resolved to an extern. */
bool rt_instance_export(rt_instance_t *inst, const char *name, size_t len, wasmcell_extern_t *out);
/* Create an instance of `m` with `imports` (one per module import, already
 * resolved by name, in import order). Checks import types (link errors),
 * allocates, initialises segments and runs the start function. */
wasmcell_status_t rt_instantiate(wasmcell_module_t *m, const wasmcell_extern_t *imports,
                                 rt_instance_t **out, wasmcell_error_t **error);
/* NULL when `ext` matches import `imp` of `m`, else an owned link error. */
wasmcell_error_t *rt_link_check(const wasmcell_module_t *m, const bin_import_t *imp,
                                const wasmcell_extern_t *ext);
/* The instance owning an extern (NULL for host functions). */
rt_instance_t *rt_extern_owner(const wasmcell_extern_t *ext);

#endif
