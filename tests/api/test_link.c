/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_link.c — linking and instantiation: import resolution and its
 * errors, host function definitions, segment initialisation (and what a
 * trap during it leaves behind), lifetimes, and large import lists. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include "harness.h"
#include "modules.h"

static wasmcell_error_t *host_nop(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    (void)caller, (void)env, (void)slots;
    return NULL;
}

/* An engine, and a linker defining the exports of exporter.wat as "ex". */
typedef struct fixture {
    wasmcell_engine_t *engine;
    wasmcell_linker_t *linker;
    wasmcell_instance_t *ex;
} fixture_t;

static int fixture_init(fixture_t *f)
{
    memset(f, 0, sizeof *f);
    f->engine = wasmcell_engine_new(NULL);
    f->linker = wasmcell_linker_new(f->engine);
    wasmcell_module_t *m = MODULE(f->engine, wasm_exporter);
    if (!m) return 0;
    wasmcell_error_t *e = NULL;
    wasmcell_status_t st = wasmcell_linker_instantiate(f->linker, m, &f->ex, &e);
    wasmcell_module_delete(m);
    CHECK_STATUS(st, WASMCELL_OK);
    if (st != WASMCELL_OK) {
        fprintf(stderr, "  %s\n", wasmcell_error_message(e));
        wasmcell_error_delete(e);
        return 0;
    }
    CHECK_STATUS(wasmcell_linker_define_instance(f->linker, "ex", f->ex), WASMCELL_OK);
    return 1;
}

static void fixture_fini(fixture_t *f)
{
    wasmcell_instance_delete(f->ex);
    wasmcell_linker_delete(f->linker);
    wasmcell_engine_delete(f->engine);
}

/* Instantiates bytes against the fixture; returns the status, *msg the error text. */
static wasmcell_status_t try_instantiate(fixture_t *f, const uint8_t *bytes, size_t size,
                                         char *msg, size_t msg_size, wasmcell_instance_t **out)
{
    wasmcell_module_t *m = harness_module(f->engine, bytes, size);
    if (!m) return WASMCELL_ERR_INVALID;
    wasmcell_instance_t *inst = NULL;
    wasmcell_error_t *e = NULL;
    wasmcell_status_t st = wasmcell_linker_instantiate(f->linker, m, &inst, &e);
    snprintf(msg, msg_size, "%s", e ? wasmcell_error_message(e) : "");
    CHECK((st == WASMCELL_OK) == (inst != NULL));
    CHECK((st == WASMCELL_OK) == (e == NULL));
    wasmcell_error_delete(e);
    wasmcell_module_delete(m);
    if (out) *out = inst;
    else wasmcell_instance_delete(inst);
    return st;
}
#define TRY(f, arr, msg, out) try_instantiate((f), (arr), sizeof(arr), (msg), sizeof(msg), (out))

static void link_unknown_import_names_it(void)
{
    fixture_t f;
    char msg[256];
    if (fixture_init(&f)) {
        CHECK_STATUS(TRY(&f, wasm_imp_unknown, msg, NULL), WASMCELL_ERR_LINK);
        CHECK_CONTAINS(msg, "unknown import");
        CHECK_CONTAINS(msg, "nope");
    }
    fixture_fini(&f);
}

static void link_incompatible_types(void)
{
    static const struct { const char *what; const uint8_t *bytes; size_t size; } cases[] = {
        {"func signature", wasm_imp_func_bad, sizeof wasm_imp_func_bad},
        {"memory min", wasm_imp_mem_min_bad, sizeof wasm_imp_mem_min_bad},
        {"memory max", wasm_imp_mem_max_bad, sizeof wasm_imp_mem_max_bad},
        {"table without max", wasm_imp_table_nomax_bad, sizeof wasm_imp_table_nomax_bad},
        {"table elem type", wasm_imp_table_type_bad, sizeof wasm_imp_table_type_bad},
        {"global mutability", wasm_imp_global_mut_bad, sizeof wasm_imp_global_mut_bad},
        {"extern kind", wasm_imp_kind_bad, sizeof wasm_imp_kind_bad},
    };
    fixture_t f;
    if (fixture_init(&f)) {
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            char msg[256];
            wasmcell_status_t st = try_instantiate(&f, cases[i].bytes, cases[i].size, msg,
                                                   sizeof msg, NULL);
            if (st != WASMCELL_ERR_LINK) fprintf(stderr, "  case: %s\n", cases[i].what);
            CHECK_STATUS(st, WASMCELL_ERR_LINK);
            CHECK_CONTAINS(msg, "incompatible import type");
        }
    }
    fixture_fini(&f);
}

static void link_compatible_imports(void)
{
    fixture_t f;
    char msg[256];
    if (fixture_init(&f)) {
        CHECK_STATUS(TRY(&f, wasm_imp_func, msg, NULL), WASMCELL_OK);
        CHECK_STATUS(TRY(&f, wasm_imp_mem_ok, msg, NULL), WASMCELL_OK);
        CHECK_STATUS(TRY(&f, wasm_imp_table_ok, msg, NULL), WASMCELL_OK);
        wasmcell_instance_t *inst = NULL;
        CHECK_STATUS(TRY(&f, wasm_imp_global_ok, msg, &inst), WASMCELL_OK);
        if (inst) {
            wasmcell_extern_t ext;
            wasmcell_val_t v;
            CHECK_STATUS(wasmcell_instance_export(inst, "copy", &ext), WASMCELL_OK);
            CHECK(ext.kind == WASMCELL_EXTERN_GLOBAL);
            CHECK_STATUS(wasmcell_global_get(ext.of.global, &v), WASMCELL_OK);
            CHECK(v.type == WASMCELL_I32 && v.of.i32 == 8);
        }
        wasmcell_instance_delete(inst);
    }
    fixture_fini(&f);
}

static void link_host_signature_parsing(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_linker_t *l = wasmcell_linker_new(engine);
    CHECK_STATUS(wasmcell_linker_define_func(l, "m", "a", "iIfFvrx:iIfFvrx", host_nop, NULL),
                 WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_define_func(l, "m", "b", ":", host_nop, NULL), WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_define_func(l, "m", "c", "ii", host_nop, NULL),
                 WASMCELL_ERR_MISUSE);
    CHECK_STATUS(wasmcell_linker_define_func(l, "m", "c", "i:q", host_nop, NULL),
                 WASMCELL_ERR_MISUSE);
    CHECK_STATUS(wasmcell_linker_define_func(l, "m", "c", "i::i", host_nop, NULL),
                 WASMCELL_ERR_MISUSE);
    CHECK_STATUS(wasmcell_linker_define_func(l, "m", "c", "i:i", NULL, NULL), WASMCELL_ERR_MISUSE);
    CHECK_STATUS(wasmcell_linker_define_func(NULL, "m", "c", "i:i", host_nop, NULL),
                 WASMCELL_ERR_MISUSE);
    wasmcell_extern_t bad = {.kind = WASMCELL_EXTERN_MEMORY, .of.memory = NULL};
    CHECK_STATUS(wasmcell_linker_define_extern(l, "m", "x", bad), WASMCELL_ERR_MISUSE);
    wasmcell_linker_delete(l);
    wasmcell_linker_delete(NULL);
    wasmcell_engine_delete(engine);
}

static void link_host_func_type_checked(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_linker_t *l = wasmcell_linker_new(engine);
    wasmcell_module_t *m = MODULE(engine, wasm_basic);
    wasmcell_instance_t *inst = NULL;
    wasmcell_error_t *e = NULL;
    /* env.add is (i32 i32) -> i32: a different signature is incompatible. */
    CHECK_STATUS(wasmcell_linker_define_func(l, "env", "add", "iI:i", host_nop, NULL), WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_instantiate(l, m, &inst, &e), WASMCELL_ERR_LINK);
    CHECK_CONTAINS(wasmcell_error_message(e), "incompatible import type");
    wasmcell_error_delete(e);
    /* Redefining the name replaces the definition. */
    CHECK_STATUS(wasmcell_linker_define_func(l, "env", "add", "ii:i", host_nop, NULL), WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_instantiate(l, m, &inst, NULL), WASMCELL_OK);
    CHECK(inst != NULL);
    /* The linker may go first: the instance keeps its own copy of host functions. */
    wasmcell_linker_delete(l);
    wasmcell_module_delete(m);
    wasmcell_func_t *f = wasmcell_instance_func(inst, "answer");
    CHECK(f != NULL && wasmcell_func_result_count(f) == 1);
    wasmcell_instance_delete(inst);
    wasmcell_engine_delete(engine);
}

static void link_misuse(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_engine_t *other = wasmcell_engine_new(NULL);
    wasmcell_linker_t *l = wasmcell_linker_new(engine);
    wasmcell_module_t *m = MODULE(other, wasm_exporter);
    wasmcell_instance_t *inst = (wasmcell_instance_t *)1;
    wasmcell_error_t *e = NULL;
    CHECK(wasmcell_linker_new(NULL) == NULL);
    CHECK_STATUS(wasmcell_linker_instantiate(l, m, &inst, &e), WASMCELL_ERR_MISUSE);
    CHECK(inst == NULL);
    CHECK_CONTAINS(wasmcell_error_message(e), "engine");
    wasmcell_error_delete(e);
    CHECK_STATUS(wasmcell_linker_instantiate(l, NULL, &inst, NULL), WASMCELL_ERR_MISUSE);
    CHECK_STATUS(wasmcell_linker_define_instance(l, "x", NULL), WASMCELL_ERR_MISUSE);
    wasmcell_module_delete(m);
    wasmcell_linker_delete(l);
    wasmcell_engine_delete(other);
    wasmcell_engine_delete(engine);
}

static uint8_t ex_byte(fixture_t *f, uint32_t addr)
{
    uint64_t size = 0;
    uint8_t *data = wasmcell_memory_data(wasmcell_instance_memory(f->ex, "mem"), &size);
    return data && addr < size ? data[addr] : 0xEE;
}

static void instantiate_data_trap_keeps_earlier_writes(void)
{
    fixture_t f;
    char msg[256];
    if (fixture_init(&f)) {
        CHECK_STATUS(TRY(&f, wasm_seg_trap, msg, NULL), WASMCELL_ERR_TRAP);
        CHECK_CONTAINS(msg, "out of bounds memory access");
        CHECK(ex_byte(&f, 10) == 'x' && ex_byte(&f, 11) == 'y' && ex_byte(&f, 12) == 'z');
        CHECK(ex_byte(&f, 65535) == 0);
    }
    fixture_fini(&f);
}

static void instantiate_elem_trap_stops_before_data(void)
{
    fixture_t f;
    char msg[256];
    if (fixture_init(&f)) {
        CHECK_STATUS(TRY(&f, wasm_elem_trap, msg, NULL), WASMCELL_ERR_TRAP);
        CHECK_CONTAINS(msg, "out of bounds table access");
        CHECK(ex_byte(&f, 20) == 0);
    }
    fixture_fini(&f);
}

static void instantiate_table_too_large_for_limit(void)
{
    wasmcell_config_t c;
    wasmcell_config_init(&c);
    c.max_table_elems = 50;
    wasmcell_engine_t *engine = wasmcell_engine_new(&c);
    wasmcell_linker_t *l = wasmcell_linker_new(engine);
    wasmcell_module_t *m = MODULE(engine, wasm_big_table);
    wasmcell_instance_t *inst = NULL;
    wasmcell_error_t *e = NULL;
    CHECK_STATUS(wasmcell_linker_instantiate(l, m, &inst, &e), WASMCELL_ERR_NOMEM);
    CHECK_CONTAINS(wasmcell_error_message(e), "table");
    wasmcell_error_delete(e);
    wasmcell_module_delete(m);
    wasmcell_linker_delete(l);
    wasmcell_engine_delete(engine);
}

/* ---- many imports and exports --------------------------------------------------- */

typedef struct buf { uint8_t *p; size_t len, cap; } buf_t;

static void put(buf_t *b, const void *bytes, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p) abort();
    }
    memcpy(b->p + b->len, bytes, n);
    b->len += n;
}
static void put_u8(buf_t *b, uint8_t v) { put(b, &v, 1); }
static void put_uleb(buf_t *b, uint64_t v)
{
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        put_u8(b, byte | (v ? 0x80 : 0));
    } while (v);
}
static void put_sleb(buf_t *b, int64_t v)
{
    for (;;) {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        if ((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40))) {
            put_u8(b, byte);
            return;
        }
        put_u8(b, byte | 0x80);
    }
}
static void put_name(buf_t *b, const char *s) { put_uleb(b, strlen(s)); put(b, s, strlen(s)); }
static void put_section(buf_t *m, uint8_t id, buf_t *s)
{
    put_u8(m, id);
    put_uleb(m, s->len);
    put(m, s->p, s->len);
    free(s->p);
    memset(s, 0, sizeof *s);
}

/* n functions () -> i32 returning their index, exported as "<prefix><i>";
 * with `import_from`, also n imports "<import_from>" "f<i>" of that type. */
static buf_t build_many(uint32_t n, const char *prefix, const char *import_from)
{
    buf_t m = {0}, s = {0};
    char name[32];
    put(&m, "\0asm\1\0\0\0", 8);
    put(&s, (const uint8_t[]){1, 0x60, 0, 1, 0x7f}, 5);
    put_section(&m, 1, &s);
    if (import_from) {
        put_uleb(&s, n);
        for (uint32_t i = 0; i < n; i++) {
            snprintf(name, sizeof name, "f%u", i);
            put_name(&s, import_from);
            put_name(&s, name);
            put_u8(&s, 0);
            put_u8(&s, 0);
        }
        put_section(&m, 2, &s);
    }
    put_uleb(&s, n);
    for (uint32_t i = 0; i < n; i++) put_u8(&s, 0);
    put_section(&m, 3, &s);
    put_uleb(&s, n);
    for (uint32_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, "%s%u", prefix, i);
        put_name(&s, name);
        put_u8(&s, 0);
        put_uleb(&s, (import_from ? n : 0) + i);
    }
    put_section(&m, 7, &s);
    put_uleb(&s, n);
    for (uint32_t i = 0; i < n; i++) {
        buf_t body = {0};
        put_u8(&body, 0);
        put_u8(&body, 0x41);
        put_sleb(&body, i);
        put_u8(&body, 0x0b);
        put_uleb(&s, body.len);
        put(&s, body.p, body.len);
        free(body.p);
    }
    put_section(&m, 10, &s);
    return m;
}

static void link_many_imports_fast(void)
{
    enum { N = 20000 };
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_linker_t *l = wasmcell_linker_new(engine);
    buf_t lib_bytes = build_many(N, "f", NULL), user_bytes = build_many(N, "e", "lib");
    wasmcell_module_t *lib = harness_module(engine, lib_bytes.p, lib_bytes.len);
    wasmcell_module_t *user = harness_module(engine, user_bytes.p, user_bytes.len);
    wasmcell_instance_t *li = NULL, *ui = NULL;
    if (!lib || !user) goto out;
    clock_t t0 = clock();
    CHECK_STATUS(wasmcell_linker_instantiate(l, lib, &li, NULL), WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_define_instance(l, "lib", li), WASMCELL_OK);
    CHECK_STATUS(wasmcell_linker_instantiate(l, user, &ui, NULL), WASMCELL_OK);
    char name[32];
    for (uint32_t i = 0; i < N && ui; i += 997) {
        snprintf(name, sizeof name, "e%u", i);
        CHECK(wasmcell_instance_func(ui, name) != NULL);
    }
    CHECK(ui == NULL || wasmcell_instance_func(ui, "e20000") == NULL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("  linking %d imports took %.3f s\n", N, secs);
    CHECK(secs < 0.5);
out:
    wasmcell_instance_delete(ui);
    wasmcell_instance_delete(li);
    wasmcell_module_delete(user);
    wasmcell_module_delete(lib);
    free(lib_bytes.p);
    free(user_bytes.p);
    wasmcell_linker_delete(l);
    wasmcell_engine_delete(engine);
}

/* Threads share one module: each instantiates it and calls every function
 * at once, racing to compile them (the first compiled copy is published). */
enum { RACE_THREADS = 4, RACE_FUNCS = 300 };
typedef struct race { wasmcell_engine_t *engine; wasmcell_module_t *module; pthread_barrier_t *go; int bad; } race_t;

static void *race_thread(void *arg)
{
    race_t *r = arg;
    wasmcell_linker_t *l = wasmcell_linker_new(r->engine);
    wasmcell_instance_t *inst = NULL;
    if (wasmcell_linker_instantiate(l, r->module, &inst, NULL) != WASMCELL_OK) r->bad++;
    pthread_barrier_wait(r->go);
    for (uint32_t i = 0; i < RACE_FUNCS && inst; i++) {
        char name[32];
        snprintf(name, sizeof name, "f%u", i);
        wasmcell_val_t res;
        if (wasmcell_func_call(wasmcell_instance_func(inst, name), NULL, 0, &res, 1, NULL) !=
                WASMCELL_OK || res.of.i32 != (int32_t)i)
            r->bad++;
    }
    wasmcell_instance_delete(inst);
    wasmcell_linker_delete(l);
    return NULL;
}

static void module_shared_between_threads(void)
{
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    buf_t bytes = build_many(RACE_FUNCS, "f", NULL);
    wasmcell_module_t *m = harness_module(engine, bytes.p, bytes.len);
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, RACE_THREADS);
    pthread_t threads[RACE_THREADS];
    race_t races[RACE_THREADS];
    for (int i = 0; i < RACE_THREADS && m; i++) {
        races[i] = (race_t){engine, m, &go, 0};
        CHECK(pthread_create(&threads[i], NULL, race_thread, &races[i]) == 0);
    }
    for (int i = 0; i < RACE_THREADS && m; i++) {
        pthread_join(threads[i], NULL);
        CHECK(races[i].bad == 0);
    }
    pthread_barrier_destroy(&go);
    wasmcell_module_delete(m);
    free(bytes.p);
    wasmcell_engine_delete(engine);
}

int main(int argc, char **argv)
{
    static const harness_test_t tests[] = {
        TEST(link_unknown_import_names_it),
        TEST(link_incompatible_types),
        TEST(link_compatible_imports),
        TEST(link_host_signature_parsing),
        TEST(link_host_func_type_checked),
        TEST(link_misuse),
        TEST(instantiate_data_trap_keeps_earlier_writes),
        TEST(instantiate_elem_trap_stops_before_data),
        TEST(instantiate_table_too_large_for_limit),
        TEST(link_many_imports_fast),
        TEST(module_shared_between_threads),
    };
    return harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
