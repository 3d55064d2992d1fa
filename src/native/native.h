/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* native.h — the native tier inside the engine: native code for a module
 * (one loaded object), how instances adopt it, the ABI between native code
 * and the runtime, and the tier policy (auto / native / cache).
 *
 * ABI (docs/native.md):
 * - Every compiled defined function i has two entries:
 *     typed "f<i>": RT f(exec_ctx_t *ctx, rt_instance_t *inst, P...) with
 *       i32->i32, i64->i64, f32->float, f64->double, references->i64, and
 *       RT void, one type, or a struct of the result types;
 *     slots "s<i>": void s(exec_ctx_t *ctx, rt_instance_t *inst, uint64_t *slots),
 *       the interpreter's and the API's one calling convention over 64-bit
 *       slots (arguments in, results out).
 *   A wasmcell_func_t carries both (native_typed, native_slots) once its
 *   instance adopted the code; calls through tables and imports use them,
 *   or fall back to wcn_call (interpreter, host functions).
 * - Native code reads ctx->budget (fuel/interrupt polling) and
 *   ctx->native_stack_limit, and instance fields named in
 *   native_inst_offsets below; it calls the runtime's wcn_* helpers by
 *   name (resolved by our loader).
 */
#ifndef NATIVE_NATIVE_H
#define NATIVE_NATIVE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../runtime/runtime.h"
#include "loader.h"

/* Bumped whenever the ABI above or a struct offset native code uses
 * changes: artifacts and cache entries of another ABI are refused. */
#define NATIVE_ABI_VERSION 6 /* 4: wcn_trap takes the trap's location; 5: bounds-checked code, v128 slots calls, exception sites; 6: entry stack checks jump to wcn_stack_exhausted */

typedef struct native_code {
    const bin_module_t *bin;  /* the module's description (names for backtraces) */
    native_image_t *img;
    uint32_t ndefs;
    void **typed;            /* per defined function, NULL when not compiled */
    void **slots;
    void **osr;              /* per defined function: OSR entry or NULL */
    uint32_t *code_size;     /* bytes of f<i> */
    uint8_t *object;         /* the object file (kept for serialize / the cache) */
    size_t object_size;
    char *triple, *cpu, *features;
    uint32_t opt_level;
    uint32_t flags;          /* NATIVE_COMPILE_* it was compiled with */
    uint32_t ncompiled;
    /* tier auto: the generation this one replaced (set before it is
     * published, then immutable). A generation holds only the functions
     * new in it; a function's code is the newest one in the chain that has
     * it (native_code_entry). Freed with the module. */
    struct native_code *older;
} native_code_t;

/* Loads an object for module `m` (def functions resolved by name). NULL
 * with *error on failure. Takes a copy of obj. */
native_code_t *native_code_load(const bin_module_t *bin, const uint8_t *obj, size_t size,
                                const char *triple, const char *cpu, const char *features,
                                uint32_t opt_level, uint32_t flags, wasmcell_error_t **error);
void native_code_free(native_code_t *nc);

/* The generation in nc's chain (nc, nc->older, ...) holding defined
 * function d's code, NULL when none has it. */
const native_code_t *native_code_entry(const native_code_t *nc, uint32_t d);

/* Makes inst's functions run `nc` (sets native_typed/native_slots of its
 * defined functions and the instance's native view). Safe to call again. */
void native_adopt(rt_instance_t *inst, native_code_t *nc);
/* Back to the interpreter (an instance given finite fuel while its code
 * is not metered). Only between calls. */
void native_unadopt(rt_instance_t *inst);
/* Adopts the module's native code if it became available. */
void native_adopt_if_ready(rt_instance_t *inst);

/* Tier policy, called when a module is created: NATIVE compiles now (or
 * loads from the cache), AUTO loads from the cache or compiles in the
 * background (small modules now), INTERP does nothing. Never fails the
 * module: a compile failure leaves it interpreted. */
void native_module_created(wasmcell_module_t *m);
/* Tier auto or native with a code cache: the module of `bytes` when the
 * cache holds code for exactly these bytes under this engine's key (which
 * names the wasm features it validates with), made without validating
 * them again: the entry was written after they passed, and a cache entry
 * is trusted code anyway (docs/native.md). NULL on any miss: the caller
 * then decodes and validates as usual. */
wasmcell_module_t *native_module_from_cache(wasmcell_engine_t *engine, const uint8_t *bytes, size_t size);
/* Tier auto: called at interpreter polls (every 10,000 loop iterations
 * or calls); starts the background compile once the module is hot, so
 * short-lived modules never pay for LLVM. */
typedef enum native_tick {
    NATIVE_TICK_RUNNING, /* f is running (the poll came at a call it makes) */
    NATIVE_TICK_LOOP,    /* f is running, at one of its loops' back-edges */
    NATIVE_TICK_CALLED,  /* f is being entered: the callee of the call that polled */
    NATIVE_TICK_TIERUP   /* f's level-0 code polled in a long loop (wcn_tierup) */
} native_tick_t;
void native_module_tick(wasmcell_module_t *m, const wasmcell_func_t *f, native_tick_t how);
/* Polls inside interpreted functions before a compile starts (about 0.2 M
 * loop iterations or calls). The compile takes the functions those polls
 * found running, what was native already, and their direct callees: a
 * sampling profile, so a big module compiles only its hot part; later
 * polls in still-interpreted functions start the next generation. */
#define NATIVE_HOT_POLLS 20

/* The OSR entry of defined function d that inst uses, when it comes from
 * code above level 0 (a tier-up of level-0 code); else NULL. */
void *native_tierup_entry(const rt_instance_t *inst, uint32_t d);

/* Compiles m now if it has no native code (used by serialize). */
wasmcell_status_t native_module_compile_now(wasmcell_module_t *m, wasmcell_error_t **error);

/* Fingerprint of the struct offsets native code reads (layout.c); the
 * plugin exports its own as NATIVE_PLUGIN_LAYOUT, which must match. */
uint32_t native_layout_fingerprint(void);
#define NATIVE_PLUGIN_LAYOUT "wasmcell_llvm_layout"

/* The LLVM side (llvm_*.c) is a plugin, libwasmcell-llvm.so, loaded with
 * dlopen on the first compile: the runtime itself never links libLLVM, so
 * start-up, memory and embedders who only run precompiled artifacts do not
 * pay for it. It lowers every function of `bin` it can to one LLVM module
 * and emits an ELF object (allocated through `host`, freed with base_free). */
typedef struct native_compiled {
    uint8_t *obj; size_t size;
    char *triple, *cpu, *features;
    uint32_t ncompiled;
} native_compiled_t;
typedef struct native_plugin_host {
    void *(*malloc_fn)(size_t size);
    void *(*realloc_fn)(void *ptr, size_t size);
    void (*free_fn)(void *ptr);
} native_plugin_host_t;
#define NATIVE_PLUGIN_FILE "libwasmcell-llvm.so"
#define NATIVE_PLUGIN_ENTRY "wasmcell_llvm_compile_v3"
/* Compile flags. OSR: on-stack-replacement entries (tier auto). METERED:
 * loops and calls poll (fuel, interrupts); without it native code has no
 * polls at all (loops vectorize) and interrupts reach it by a signal
 * (exec_interrupt.c), while fuel-metered instances stay interpreted. */
#define NATIVE_COMPILE_OSR 1u
#define NATIVE_COMPILE_METERED 2u
/* CHECKED: every memory access compares with the memory's current size
 * (base and size read from the memory object): code that runs on any
 * memory. Without it the code relies on guard pages and runs only in
 * instances whose memories are all guarded (native_adopt). */
#define NATIVE_COMPILE_CHECKED 8u
/* TIERUP: level 0 of tier auto: each loop counts its iterations (per
 * activation) and every NATIVE_TIERUP_CHUNK of them calls wcn_tierup with
 * its locals and operand stack in a frame of slots, which enters newer
 * code for the function at that loop once there is some (tier-up). */
#define NATIVE_COMPILE_TIERUP 16u
#define NATIVE_TIERUP_CHUNK 4096
/* WASMCELL_TIERUP_STRESS=1 (tests): every level-0 compile polls, at every
 * iteration (ctx->tierup_chunk 1), and a poll enters the OSR entry of the
 * function's current code even when that is level 0 too (not from inside
 * such an entry): native-to-native OSR at nearly every loop. */
bool native_tierup_stress(void);
/* Recorded, not passed to the plugin: every function of the module was
 * compiled (not a tier-auto hot set); the cache keeps such an entry. */
#define NATIVE_COMPILE_FULL 4u
/* select: per defined function, nonzero to compile it (NULL: all). With
 * NATIVE_COMPILE_OSR, only functions whose select byte has
 * NATIVE_SELECT_OSR get an OSR entry (the second lowering of the function
 * roughly doubles its compile time; tier auto asks for it only where the
 * interpreter was seen looping); with select NULL, every function with a
 * loop. */
#define NATIVE_SELECT_OSR 2u
/* With NATIVE_SELECT_OSR: only the OSR entry, no typed or slots entry (a
 * function the interpreter was seen looping in but never seen entering,
 * like main: its one frame needs the OSR entry, and the typed entry would
 * double its compile time for nothing). Calls to it from this compile go
 * through its function object. Ignored in a compile with tail calls. */
#define NATIVE_SELECT_OSR_ONLY 4u
typedef bool (*native_plugin_compile_fn)(const native_plugin_host_t *host, const bin_module_t *bin,
                                         const uint8_t *select, uint32_t opt_level, bool generic_cpu,
                                         uint32_t flags, native_compiled_t *out, char *err, size_t errlen);
/* The runtime side (native_plugin.c): finds and loads the plugin once
 * ($WASMCELL_LLVM_PLUGIN, else beside the library or executable, else the
 * install directory); false with *error when it is absent or fails. */
bool native_llvm_available(void);
bool native_llvm_compile(const bin_module_t *bin, const uint8_t *select, uint32_t opt_level,
                         bool generic_cpu, uint32_t flags, native_compiled_t *out,
                         wasmcell_error_t **error);
void native_compiled_free(native_compiled_t *c);

/* Symbol names of function entries. */
#define NATIVE_TYPED_PREFIX "f"
#define NATIVE_SLOTS_PREFIX "s"
#define NATIVE_TAILCC_PREFIX "t" /* the tailcc body of f<i> (llvm_lower.h, LOWER_TAILCC) */
#define NATIVE_OSR_PREFIX "o"   /* i32 o<i>(ctx, inst, slots, loop ordinal): llvm_lower.h */

#endif
