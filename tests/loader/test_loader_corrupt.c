/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_loader_corrupt.c — corrupt objects never crash the loader: every
 * truncated prefix of a real object is refused with a message, and
 * thousands of deterministic random mutations of its headers, section
 * table, symbols and relocations either load or fail cleanly (loaded
 * results are queried but never called). Each copy is allocated at its
 * exact size so that ASan sees any read past the end.
 * Usage: test_loader_corrupt OBJECT.o... */
#include "loader_util.h"
#include "native/loader.h"

static void dummy(void) {}

static void *resolve_any(void *user, const char *name)
{
    (void)user;
    return name[0] == 'z' ? NULL : (void *)dummy;   /* some names stay unresolved */
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static uint64_t rd(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void try_load(const uint8_t *bytes, size_t n, bool must_fail)
{
    char err[200];
    native_image_t *img = native_image_load(bytes, n, resolve_any, NULL, err, sizeof err);
    if (must_fail)
        CHECK_MSG(img == NULL, "prefix of %zu bytes loaded", n);
    if (!img) {
        CHECK(err[0] != '\0' && strlen(err) < sizeof err);
        return;
    }
    /* Loaded: the queries must still be safe. */
    uintptr_t f = (uintptr_t)native_image_symbol(img, "fx_switch");
    (void)native_image_func_at(img, f, NULL, NULL);
    (void)native_image_symbol(img, "");
    CHECK(native_image_code_size(img) < (1u << 30));
    native_image_free(img);
}

static void test_truncated_prefixes(const uint8_t *obj, size_t size)
{
    for (size_t n = 0; n < size; n++) {
        uint8_t *copy = malloc(n ? n : 1);
        memcpy(copy, obj, n);
        try_load(copy, n, true);
        free(copy);
    }
}

/* The byte ranges worth mutating: the ELF header, the section header
 * table, and the contents of symbol, string and relocation tables. */
typedef struct range { size_t off, len; } range_t;

static size_t find_ranges(const uint8_t *obj, size_t size, range_t *out, size_t cap)
{
    size_t n = 0;
    out[n++] = (range_t){0, 64};
    uint64_t shoff = rd(obj + 40, 8), shnum = rd(obj + 60, 2);
    CHECK(shoff + shnum * 64 <= size);
    out[n++] = (range_t){(size_t)shoff, (size_t)shnum * 64};
    for (size_t i = 1; i < shnum && n < cap; i++) {
        const uint8_t *h = obj + shoff + i * 64;
        uint32_t type = (uint32_t)rd(h + 4, 4);
        uint64_t off = rd(h + 24, 8), len = rd(h + 32, 8);
        if ((type == 2 || type == 3 || type == 4) && len && off + len <= size)
            out[n++] = (range_t){(size_t)off, (size_t)len};
    }
    return n;
}

static void mutate(uint8_t *b, const range_t *r)
{
    size_t at = r->off + rnd() % r->len;
    size_t room = r->off + r->len - at;
    switch (rnd() % 6) {
    case 0: b[at] ^= (uint8_t)(1u << rnd() % 8); break;
    case 1: b[at] = (uint8_t)rnd(); break;
    case 2: b[at] = (uint8_t)(rnd() % 2 ? 0 : 0xff); break;
    case 3: if (room >= 4) { uint32_t v = rnd() % 64; memcpy(b + at, &v, 4); } break;
    case 4: if (room >= 8) { uint64_t v = UINT64_MAX - rnd() % 16; memcpy(b + at, &v, 8); } break;
    default: if (room >= 2) { uint16_t v = (uint16_t)(0xff00 | rnd()); memcpy(b + at, &v, 2); } break;
    }
}

static void test_random_mutations(const uint8_t *obj, size_t size, int rounds)
{
    range_t ranges[512];
    size_t nranges = find_ranges(obj, size, ranges, 512);
    uint8_t *copy = malloc(size);
    int loaded = 0;
    for (int i = 0; i < rounds; i++) {
        memcpy(copy, obj, size);
        int flips = 1 + (int)(rnd() % 4);
        for (int k = 0; k < flips; k++)
            mutate(copy, &ranges[rnd() % nranges]);
        char err[200];
        native_image_t *img = native_image_load(copy, size, resolve_any, NULL, err, sizeof err);
        loaded += img != NULL;
        if (img)
            native_image_free(img);
        else
            try_load(copy, size, false);   /* and once more: deterministic */
    }
    free(copy);
    printf("  %d of %d mutated objects loaded\n", loaded, rounds);
}

int main(int argc, char **argv)
{
    CHECK_MSG(argc >= 2, "usage: test_loader_corrupt OBJECT.o...");
    for (int i = 1; i < argc; i++) {
        size_t size;
        uint8_t *obj = read_file(argv[i], &size);
        try_load(obj, size, false);
        test_truncated_prefixes(obj, size);
        printf("ok test_truncated_prefixes %s\n", argv[i]);
        test_random_mutations(obj, size, 1500);
        printf("ok test_random_mutations %s\n", argv[i]);
        free(obj);
    }
    return 0;
}
