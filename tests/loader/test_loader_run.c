/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_loader_run.c — loads one fixture object (built by the host compiler
 * or clang-19, PIC, non-PIC or large model), resolves its externals, calls
 * each function and checks the result, and checks the mapping's
 * protections. Usage: test_loader_run pic|nopic|large FIXTURE.o EXTDATA.o */
#include <math.h>
#include "loader_util.h"
#include "native/loader.h"

static const char *variant;
static uint8_t *obj;
static size_t obj_size;
static uint8_t *ext_obj;
static size_t ext_size;

long host_add(long a, long b);
long host_scale(long x);
long host_data[4] = {1, 2, 3, 4};
static int host_calls;

long host_add(long a, long b)
{
    host_calls++;
    return a + b;
}

long host_scale(long x) { return x * 100; }

/* Far from any mapping the loader may choose (low 2 GiB or near libs). */
#define FAR_DATA ((void *)(uintptr_t)0x100000000000ull)

static void *resolve(void *user, const char *name)
{
    if (strcmp(name, "host_add") == 0) return (void *)host_add;
    if (strcmp(name, "host_scale") == 0) return (void *)host_scale;
    if (strcmp(name, "host_data") == 0) return user ? user : (void *)host_data;
    if (strcmp(name, "memcpy") == 0) return (void *)memcpy;
    if (strcmp(name, "memset") == 0) return (void *)memset;
    return NULL;
}

static native_image_t *load(const uint8_t *bytes, size_t size, void *user)
{
    char err[256];
    native_image_t *img = native_image_load(bytes, size, resolve, user, err, sizeof err);
    CHECK_MSG(img != NULL, "%s", err);
    return img;
}

#define SYM(img, type, name) ((type)native_image_symbol((img), (name)))

static int ref_switch(int op, int x)
{
    switch (op) {
    case 0: return x + 11;
    case 1: return x * 3;
    case 2: return x ^ 0x55;
    case 3: return x - 7;
    case 4: return x * 4;
    case 5: return x / 3;
    case 6: return ~x;
    case 7: return x * x;
    case 8: return x % 5;
    case 9: return -x;
    default: return -1;
    }
}

static void test_switch_jump_table(void)
{
    native_image_t *img = load(obj, obj_size, NULL);
    int (*f)(int, int) = SYM(img, int (*)(int, int), "fx_switch");
    CHECK(f != NULL);
    for (int op = -2; op < 13; op++)
        for (int x = -9; x < 40; x += 7)
            CHECK_MSG(f(op, x) == ref_switch(op, x), "op %d x %d", op, x);
    native_image_free(img);
}

static void test_constant_pools(void)
{
    native_image_t *img = load(obj, obj_size, NULL);
    double (*poly)(double) = SYM(img, double (*)(double), "fx_poly");
    float (*polyf)(float) = SYM(img, float (*)(float), "fx_polyf");
    void (*scale)(double *, int) = SYM(img, void (*)(double *, int), "fx_scale");
    CHECK(poly && polyf && scale);
    double want = 3.14159265358979 * 4 + 2.718281828 * 2 - 1.4142135623;
    CHECK(fabs(poly(2.0) - want) < 1e-9);
    CHECK(polyf(2.0f) == 1.25f * 4 - 0.375f * 2 + 0.0625f);
    double v[9];
    for (int i = 0; i < 9; i++)
        v[i] = i;
    scale(v, 9);
    for (int i = 0; i < 9; i++)
        CHECK(v[i] == i * 1.5 + 0.25);
    native_image_free(img);
}

typedef int (*binop_t)(int, int);

static void test_function_pointers(void)
{
    native_image_t *img = load(obj, obj_size, NULL);
    int (*apply)(int, int, int) = SYM(img, int (*)(int, int, int), "fx_apply");
    binop_t (*get_op)(int) = SYM(img, binop_t (*)(int), "fx_get_op");
    binop_t (*get_mul)(void) = SYM(img, binop_t (*)(void), "fx_get_mul");
    CHECK(apply && get_op && get_mul);
    CHECK(apply(0, 7, 3) == 10 && apply(1, 7, 3) == 4 && apply(2, 7, 3) == 21);
    CHECK(get_op(2)(6, 7) == 42);
    /* The table's pointer (data relocation) and the one taken in code
     * agree, and both are the local symbol's address. */
    CHECK(get_mul() == get_op(2));
    CHECK((void *)get_mul() == native_image_symbol(img, "op_mul"));
    native_image_free(img);
}

static void test_data_and_bss(void)
{
    native_image_t *img = load(obj, obj_size, NULL);
    int (*bump)(void) = SYM(img, int (*)(void), "fx_bump");
    long (*bss)(int, int) = SYM(img, long (*)(int, int), "fx_bss");
    CHECK(bump && bss);
    CHECK(bump() == 42 && bump() == 43);
    CHECK(bss(5, 10) == 10);
    CHECK(bss(5, 3) == 10 * 1000000 + 3);
    CHECK(bss(900, 4) == 7);
    native_image_free(img);
    /* A fresh load starts from the object's initial data again. */
    img = load(obj, obj_size, NULL);
    bump = SYM(img, int (*)(void), "fx_bump");
    bss = SYM(img, long (*)(int, int), "fx_bss");
    CHECK(bump() == 42 && bss(5, 1) == 1);
    native_image_free(img);
}

static void test_recursion(void)
{
    native_image_t *img = load(obj, obj_size, NULL);
    long (*ack)(long, long) = SYM(img, long (*)(long, long), "fx_ack");
    CHECK(ack != NULL);
    CHECK(ack(2, 3) == 9 && ack(3, 3) == 61);
    native_image_free(img);
}

static void test_external_calls(void)
{
    native_image_t *img = load(obj, obj_size, NULL);
    long (*call_host)(long, long) = SYM(img, long (*)(long, long), "fx_call_host");
    int (*copy)(char *, const char *, size_t, int) =
        SYM(img, int (*)(char *, const char *, size_t, int), "fx_copy");
    const char *(*greeting)(void) = SYM(img, const char *(*)(void), "fx_greeting");
    CHECK(call_host && copy && greeting);
    host_calls = 0;
    CHECK(call_host(20, 1) == 42 && host_calls == 1);
    char buf[16] = {0};
    CHECK(copy(buf, "abcdef", 6, 'z') == 'z');
    CHECK(memcmp(buf, "abcdefzzzz", 11) == 0);
    CHECK_STR(greeting(), "hello from the loader");
    native_image_free(img);
}

static void test_external_data(void)
{
    if (strcmp(variant, "nopic") == 0) {
        /* Non-PIC code reaches data PC-relatively: a far address cannot be
         * patched in, and the load says so. */
        char err[256];
        CHECK(native_image_load(ext_obj, ext_size, resolve, FAR_DATA, err, sizeof err) == NULL);
        CHECK_MSG(strstr(err, "out of range") && strstr(err, "host_data"), "%s", err);
        return;
    }
    native_image_t *img = load(ext_obj, ext_size, NULL);
    long (*sum)(void) = SYM(img, long (*)(void), "fx_host_sum");
    void (*set)(int, long) = SYM(img, void (*)(int, long), "fx_host_set");
    long (*indirect)(void) = SYM(img, long (*)(void), "fx_host_indirect");
    long **ptr = SYM(img, long **, "fx_host_ptr");
    CHECK(sum && set && indirect && ptr);
    CHECK(*ptr == &host_data[2]);
    CHECK(sum() == 10);
    set(1, 20);
    CHECK(host_data[1] == 20 && sum() == 28);
    CHECK(indirect() == 3 + 300);
    host_data[1] = 2;
    native_image_free(img);
}

static void test_symbols_and_ranges(void)
{
    native_image_t *img = load(obj, obj_size, NULL);
    uintptr_t f = (uintptr_t)native_image_symbol(img, "fx_switch");
    CHECK(f != 0);
    CHECK(native_image_symbol(img, "no_such_symbol") == NULL);
    CHECK(native_image_symbol(img, "host_add") == NULL);   /* undefined: not ours */
    uintptr_t start = 0;
    size_t size = 0;
    CHECK_STR(native_image_func_at(img, f + 1, &start, &size), "fx_switch");
    CHECK(start == f && size > 1);
    CHECK(native_image_func_at(img, f + size, NULL, NULL) == NULL ||
          strcmp(native_image_func_at(img, f + size, NULL, NULL), "fx_switch") != 0);
    CHECK(native_image_code_size(img) >= size);
    CHECK(native_image_find(f) == img && native_image_is_code(f));
    uintptr_t counter = (uintptr_t)native_image_symbol(img, "counter");
    CHECK(counter != 0 && native_image_find(counter) == img && !native_image_is_code(counter));
    native_image_free(img);
    CHECK(native_image_find(f) == NULL && !native_image_is_code(f));
}

/* W^X: code r-x, constants and relocated pointer tables r--, data rw-. */
static void test_protections(void)
{
    native_image_t *img = load(obj, obj_size, NULL);
    char p[5];
    perms_of((uintptr_t)native_image_symbol(img, "fx_switch"), p);
    CHECK_STR(p, "r-xp");
    const char *(*greeting)(void) = SYM(img, const char *(*)(void), "fx_greeting");
    perms_of((uintptr_t)greeting(), p);
    CHECK_STR(p, "r--p");
    perms_of((uintptr_t)native_image_symbol(img, "ops"), p);
    CHECK_STR(p, "r--p");
    perms_of((uintptr_t)native_image_symbol(img, "counter"), p);
    CHECK_STR(p, "rw-p");
    perms_of((uintptr_t)native_image_symbol(img, "zeroes"), p);
    CHECK_STR(p, "rw-p");
    native_image_free(img);
}

int main(int argc, char **argv)
{
    CHECK_MSG(argc == 4, "usage: test_loader_run pic|nopic|large FIXTURE.o EXTDATA.o");
    variant = argv[1];
    obj = read_file(argv[2], &obj_size);
    ext_obj = read_file(argv[3], &ext_size);
    RUN(test_switch_jump_table);
    RUN(test_constant_pools);
    RUN(test_function_pointers);
    RUN(test_data_and_bss);
    RUN(test_recursion);
    RUN(test_external_calls);
    RUN(test_external_data);
    RUN(test_symbols_and_ranges);
    RUN(test_protections);
    free(obj);
    free(ext_obj);
    return 0;
}
