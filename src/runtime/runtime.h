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
};

/* Canonical id for a function type (equal types <=> equal ids, engine wide);
 * used by call_indirect's type check. UINT32_MAX when out of memory. */
uint32_t rt_engine_sig_id(wasmcell_engine_t *engine, const bin_functype_t *type);

struct wasmcell_module {
    atomic_int refcount;
    wasmcell_engine_t *engine;
    bin_module_t *bin;
    uint32_t *type_sig_ids;      /* per type index */
    /* Per defined function: compiled code, NULL until its first call.
     * Published with an atomic compare-exchange so threads may race. */
    _Atomic(struct cmp_func *) *code;
};

void rt_module_retain(wasmcell_module_t *m);
void rt_module_release(wasmcell_module_t *m);
/* Compiled code of defined function `def_idx` (0-based among definitions),
 * compiling it on first use. NULL with *error set on failure. */
struct cmp_func *rt_module_code(wasmcell_module_t *m, uint32_t def_idx, wasmcell_error_t **error);

typedef struct wasmcell_instance rt_instance_t;

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
    bin_valtype_t *owned_types; /* host functions own their param/result arrays */
};

struct wasmcell_table {
    bin_valtype_t elem_type;
    uint32_t size;              /* elements */
    uint32_t max;               /* UINT32_MAX when unbounded */
    uint64_t *elems;            /* funcref: (wasmcell_func_t *) as integer; externref: value; 0 = null */
};

struct wasmcell_memory {
    uint8_t *base;              /* start of the reservation; never moves */
    uint64_t pages;             /* current size in 64 KiB pages */
    uint64_t max_pages;         /* declared max clamped by the engine's limit */
    uint64_t reserved_bytes;    /* reservation incl. guard; 0 if malloc'ed (bounds checked) */
    bool guarded;               /* true: accesses need no bounds check */
};
#define RT_PAGE_SIZE 65536u

struct wasmcell_global {
    bin_valtype_t type;
    bool mutable_;
    uint64_t value[2];          /* v128 uses both words, little endian */
};

struct wasmcell_instance {
    atomic_int refcount;
    wasmcell_module_t *module;
    wasmcell_func_t **funcs;    /* function index space (imports point elsewhere) */
    wasmcell_table_t **tables;
    wasmcell_memory_t **memories;
    wasmcell_global_t **globals;
    wasmcell_func_t *own_funcs; /* storage of the defined functions */
    /* Segment state: a dropped segment behaves as empty. */
    bool *elem_dropped;
    bool *data_dropped;
    /* Instances whose exports we imported: kept alive while we live. */
    rt_instance_t **deps;
    uint32_t ndeps;
    /* Objects this instance defined and owns (freed with it). */
    wasmcell_table_t **own_tables; uint32_t nown_tables;
    wasmcell_memory_t **own_memories; uint32_t nown_memories;
    wasmcell_global_t **own_globals; uint32_t nown_globals;
    /* Limits. */
    uint64_t fuel;              /* UINT64_MAX = unlimited */
    atomic_int interrupt;
};

/* Error objects (wasmcell_error_t). */
struct wasmcell_error {
    wasmcell_status_t status;
    wasmcell_trap_kind_t trap_kind;
    int32_t exit_code;
    char *message;
    char *backtrace;            /* "" when none */
};
wasmcell_error_t *rt_error_new(wasmcell_status_t status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
wasmcell_error_t *rt_error_from_diag(const base_diag_t *diag);
wasmcell_error_t *rt_trap_new(wasmcell_trap_kind_t kind);   /* message from the kind */
const char *rt_trap_message(wasmcell_trap_kind_t kind);
/* The preallocated error used when allocating an error fails. */
extern wasmcell_error_t rt_error_nomem;

/* Memory. */
wasmcell_memory_t *rt_memory_new(const bin_memtype_t *type, const wasmcell_config_t *config,
                                 wasmcell_error_t **error);
void rt_memory_delete(wasmcell_memory_t *mem);
/* memory.grow: returns the old size in pages, or -1 (no change). */
int64_t rt_memory_grow(wasmcell_memory_t *mem, uint64_t delta_pages);
/* True when the faulting address lies in the guard area of some live memory
 * reservation (used by the signal handler). Async-signal-safe. */
bool rt_memory_owns_fault(const void *addr);

/* Tables. table.grow: old size or -1. */
wasmcell_table_t *rt_table_new(const bin_tabletype_t *type, const wasmcell_config_t *config,
                               uint64_t init, wasmcell_error_t **error);
void rt_table_delete(wasmcell_table_t *t);
int64_t rt_table_grow(wasmcell_table_t *t, uint32_t delta, uint64_t init);

void rt_instance_retain(rt_instance_t *inst);
void rt_instance_release(rt_instance_t *inst);

#endif
