/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_loader_elf.c — hand-built objects that pin down one loader rule
 * each: relocation arithmetic and range checks, GOT and stubs, symbol and
 * section index checks, refused features, extended section numbering,
 * and allocation failure at every point of a load. */
#include <wasmcell.h>
#include "elf_build.h"
#include "loader_util.h"
#include "native/loader.h"

enum { TEXT = 1, DATA = 2 };                    /* section indices of simple_obj */
enum { R_64 = 1, R_PC32 = 2, R_PLT32 = 4, R_GOTPCREL = 9, R_32 = 10, R_32S = 11,
       R_GOTPC32 = 26, R_REX_GOTPCRELX = 42 };
enum { SHN_UNDEF = 0, SHN_ABS = 0xfff1, SHN_COMMON = 0xfff2 };
enum { LOCAL_FUNC = 0x02, GLOBAL_FUNC = 0x12, GLOBAL_NOTYPE = 0x10, GLOBAL_OBJECT = 0x11,
       WEAK_NOTYPE = 0x20, GLOBAL_TLS = 0x16 };

typedef struct tsym {
    const char *name;
    uint8_t info;
    uint16_t shndx;
    uint64_t value, size;
} tsym_t;

typedef struct trel {
    uint64_t off;
    uint32_t type, sym;     /* sym: 1-based index into the tsym array */
    int64_t addend;
} trel_t;

/* .text (code), .data (16 zero bytes), .strtab, .symtab, .rela.text. */
static uint8_t *simple_obj(const void *code, size_t code_len, const tsym_t *syms, size_t nsyms,
                           const trel_t *rels, size_t nrels, size_t *size)
{
    eb_t b;
    eb_init(&b);
    static const uint8_t data[16];
    CHECK(eb_section(&b, ".text", 1, 6, code, code_len, 16, 0) == TEXT);
    CHECK(eb_section(&b, ".data", 1, 3, data, sizeof data, 8, 0) == DATA);
    char str[1024] = "";
    size_t str_len = 1;
    uint8_t symtab[24 * 16] = {0};
    CHECK(nsyms < 16);
    for (size_t i = 0; i < nsyms; i++) {
        size_t n = strlen(syms[i].name) + 1;
        CHECK(str_len + n <= sizeof str);
        memcpy(str + str_len, syms[i].name, n);
        eb_sym(symtab + 24 * (i + 1), (uint32_t)str_len, syms[i].info, syms[i].shndx,
               syms[i].value, syms[i].size);
        str_len += n;
    }
    size_t strtab = eb_section(&b, ".strtab", 3, 0, str, str_len, 1, 0);
    size_t symtab_idx = eb_section(&b, ".symtab", 2, 0, symtab, 24 * (nsyms + 1), 8, 24);
    eb_link(&b, symtab_idx, (uint32_t)strtab, 1);
    uint8_t rela[24 * 16];
    CHECK(nrels <= 16);
    for (size_t i = 0; i < nrels; i++)
        eb_rela(rela + 24 * i, rels[i].off, rels[i].type, rels[i].sym, rels[i].addend);
    if (nrels) {
        size_t r = eb_section(&b, ".rela.text", 4, 0x40, rela, 24 * nrels, 8, 24);
        eb_link(&b, r, (uint32_t)symtab_idx, TEXT);
    }
    return eb_finish(&b, size);
}

static long host_value = 0x1234;
static long forty_two(void) { return 42; }
#define FAR_DATA ((void *)(uintptr_t)0x100000000000ull)

static void *resolve(void *user, const char *name)
{
    (void)user;
    if (strcmp(name, "forty_two") == 0) return (void *)forty_two;
    if (strcmp(name, "host_value") == 0) return &host_value;
    if (strcmp(name, "far_data") == 0) return FAR_DATA;
    return NULL;
}

static char err[256];

/* The size is passed by address: it is written by the builder call that
 * is the other argument. */
static native_image_t *load_obj(uint8_t *o, const size_t *n)
{
    native_image_t *img = native_image_load(o, *n, resolve, NULL, err, sizeof err);
    free(o);
    return img;
}

static void expect_error(uint8_t *o, const size_t *n, const char *words)
{
    native_image_t *img = load_obj(o, n);
    CHECK_MSG(img == NULL, "loaded, expected '%s'", words);
    CHECK_MSG(strstr(err, words) != NULL, "'%s' does not say '%s'", err, words);
}

#define OBJ(code, syms, rels, size)                                                   \
    simple_obj(code, sizeof code, syms, sizeof syms / sizeof syms[0], rels,           \
               sizeof rels / sizeof rels[0], size)

static const uint8_t ret42[] = {0xb8, 42, 0, 0, 0, 0xc3};   /* mov $42,%eax; ret */

static void test_elf_minimal_function(void)
{
    tsym_t syms[] = {{"f", GLOBAL_FUNC, TEXT, 0, sizeof ret42}};
    size_t n;
    uint8_t *o = simple_obj(ret42, sizeof ret42, syms, 1, NULL, 0, &n);
    native_image_t *img = load_obj(o, &n);
    CHECK_MSG(img != NULL, "%s", err);
    int (*f)(void) = (int (*)(void))native_image_symbol(img, "f");
    CHECK(f && f() == 42);
    uintptr_t start;
    CHECK_STR(native_image_func_at(img, (uintptr_t)f + 5, &start, NULL), "f");
    CHECK(native_image_func_at(img, (uintptr_t)f + 6, NULL, NULL) == NULL);
    CHECK(native_image_func_at(img, (uintptr_t)f - 1, NULL, NULL) == NULL);
    CHECK(native_image_code_size(img) == sizeof ret42);
    native_image_free(img);
}

/* mov $imm32, %eax; ret — the immediate patched by R_X86_64_32 or 32S. */
static native_image_t *abs32(uint32_t type, uint64_t value)
{
    static const uint8_t code[] = {0xb8, 0, 0, 0, 0, 0xc3};
    tsym_t syms[] = {{"f", GLOBAL_FUNC, TEXT, 0, 6}, {"abs", GLOBAL_NOTYPE, SHN_ABS, value, 0}};
    trel_t rels[] = {{1, type, 2, 0}};
    size_t n;
    uint8_t *o = OBJ(code, syms, rels, &n);
    return load_obj(o, &n);
}

static void test_elf_abs32_ranges(void)
{
    native_image_t *img = abs32(R_32, 0x80000000u);
    CHECK_MSG(img != NULL, "%s", err);
    CHECK(((uint32_t (*)(void))native_image_symbol(img, "f"))() == 0x80000000u);
    native_image_free(img);
    CHECK(abs32(R_32S, 0x80000000u) == NULL && strstr(err, "R_X86_64_32S to 'abs' out of range"));
    img = abs32(R_32S, 0xffffffff80000000ull);
    CHECK_MSG(img != NULL, "%s", err);
    CHECK(((int32_t (*)(void))native_image_symbol(img, "f"))() == INT32_MIN);
    native_image_free(img);
    CHECK(abs32(R_32, 0xffffffff80000000ull) == NULL && strstr(err, "out of range"));
    CHECK(abs32(R_32, 0x100000000ull) == NULL && strstr(err, "out of range"));
}

static void test_elf_unknown_reloc_type_named(void)
{
    tsym_t syms[] = {{"f", GLOBAL_FUNC, TEXT, 0, 6}};
    trel_t rels[] = {{1, 99, 1, 0}};
    size_t n;
    expect_error(OBJ(ret42, syms, rels, &n), &n, "relocation type 99");
}

static void test_elf_reloc_outside_section(void)
{
    tsym_t syms[] = {{"f", GLOBAL_FUNC, TEXT, 0, 6}};
    trel_t end[] = {{3, R_32, 1, 0}};          /* bytes 3..6 of a 6-byte section */
    trel_t wrap[] = {{UINT64_MAX - 1, R_64, 1, 0}};
    size_t n;
    expect_error(OBJ(ret42, syms, end, &n), &n, "outside its section");
    expect_error(OBJ(ret42, syms, wrap, &n), &n, "outside its section");
}

static void test_elf_reloc_bad_symbol_index(void)
{
    tsym_t syms[] = {{"f", GLOBAL_FUNC, TEXT, 0, 6}};
    trel_t rels[] = {{1, R_32, 7, 0}};
    size_t n;
    expect_error(OBJ(ret42, syms, rels, &n), &n, "symbol index 7 out of range");
}

/* movabs $sym, %rax; ret */
static const uint8_t movabs[] = {0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0xc3};

static void test_elf_undefined_symbols(void)
{
    tsym_t strong[] = {{"f", GLOBAL_FUNC, TEXT, 0, 11}, {"nowhere", GLOBAL_NOTYPE, SHN_UNDEF, 0, 0}};
    tsym_t weak[] = {{"f", GLOBAL_FUNC, TEXT, 0, 11}, {"nowhere", WEAK_NOTYPE, SHN_UNDEF, 0, 0}};
    tsym_t found[] = {{"f", GLOBAL_FUNC, TEXT, 0, 11}, {"host_value", GLOBAL_NOTYPE, SHN_UNDEF, 0, 0}};
    trel_t rels[] = {{2, R_64, 2, 8}};
    size_t n;
    expect_error(OBJ(movabs, strong, rels, &n), &n, "undefined symbol 'nowhere'");
    native_image_t *img = load_obj(OBJ(movabs, weak, rels, &n), &n);
    CHECK_MSG(img != NULL, "%s", err);
    CHECK(((uintptr_t (*)(void))native_image_symbol(img, "f"))() == 8);   /* 0 + addend */
    native_image_free(img);
    img = load_obj(OBJ(movabs, found, rels, &n), &n);
    CHECK_MSG(img != NULL, "%s", err);
    CHECK(((uintptr_t (*)(void))native_image_symbol(img, "f"))() == (uintptr_t)&host_value + 8);
    native_image_free(img);
}

static void test_elf_common_and_tls_refused(void)
{
    tsym_t common[] = {{"f", GLOBAL_FUNC, TEXT, 0, 6}, {"c", GLOBAL_OBJECT, SHN_COMMON, 8, 8}};
    tsym_t tls[] = {{"f", GLOBAL_FUNC, TEXT, 0, 6}, {"t", GLOBAL_TLS, DATA, 0, 8}};
    trel_t none[] = {{0, 0, 0, 0}};
    size_t n;
    expect_error(OBJ(ret42, common, none, &n), &n, "common symbols are not supported");
    expect_error(OBJ(ret42, tls, none, &n), &n, "thread-local symbols are not supported");
    eb_t b;
    eb_init(&b);
    eb_section(&b, ".tdata", 1, 0x403, ret42, sizeof ret42, 8, 0);
    uint8_t *o = eb_finish(&b, &n);
    expect_error(o, &n, "thread-local storage is not supported");
}

static void test_elf_got(void)
{
    static const uint8_t code[] = {
        0x48, 0x8d, 0x05, 0, 0, 0, 0, 0xc3,                 /* lea GOT(%rip),%rax */
        0x48, 0x8d, 0x05, 0, 0, 0, 0, 0xc3,                 /* lea v@GOTPCREL(%rip),%rax */
        0x48, 0x8b, 0x05, 0, 0, 0, 0, 0x48, 0x8b, 0x00, 0xc3, /* load through the GOT */
    };
    tsym_t syms[] = {{"got_base", GLOBAL_FUNC, TEXT, 0, 8}, {"got_entry", GLOBAL_FUNC, TEXT, 8, 8},
                     {"load", GLOBAL_FUNC, TEXT, 16, 11},
                     {"_GLOBAL_OFFSET_TABLE_", GLOBAL_NOTYPE, SHN_UNDEF, 0, 0},
                     {"host_value", GLOBAL_NOTYPE, SHN_UNDEF, 0, 0}};
    trel_t rels[] = {{3, R_GOTPC32, 4, -4}, {11, R_GOTPCREL, 5, -4}, {19, R_REX_GOTPCRELX, 5, -4}};
    size_t n;
    native_image_t *img = load_obj(OBJ(code, syms, rels, &n), &n);
    CHECK_MSG(img != NULL, "%s", err);
    void **(*base)(void) = (void **(*)(void))native_image_symbol(img, "got_base");
    void **(*entry)(void) = (void **(*)(void))native_image_symbol(img, "got_entry");
    long (*load)(void) = (long (*)(void))native_image_symbol(img, "load");
    CHECK(base() == entry() && *entry() == &host_value);
    CHECK(load() == 0x1234);
    char p[5];
    perms_of((uintptr_t)base(), p);
    CHECK_STR(p, "r--p");   /* the GOT is read-only once relocated */
    native_image_free(img);
}

static void test_elf_pc32_call_through_stub(void)
{
    /* sub $8,%rsp; call forty_two; add $8,%rsp; ret */
    static const uint8_t code[] = {0x48, 0x83, 0xec, 0x08, 0xe8, 0, 0, 0, 0,
                                   0x48, 0x83, 0xc4, 0x08, 0xc3};
    tsym_t syms[] = {{"f", GLOBAL_FUNC, TEXT, 0, sizeof code},
                     {"forty_two", GLOBAL_NOTYPE, SHN_UNDEF, 0, 0}};
    for (uint32_t type = R_PC32; type <= R_PLT32; type += R_PLT32 - R_PC32) {
        trel_t rels[] = {{5, type, 2, -4}};
        size_t n;
        native_image_t *img = load_obj(OBJ(code, syms, rels, &n), &n);
        CHECK_MSG(img != NULL, "%s", err);
        long (*f)(void) = (long (*)(void))native_image_symbol(img, "f");
        CHECK(f() == 42);
        native_image_free(img);
    }
}

static void test_elf_pc32_far_data_refused(void)
{
    static const uint8_t code[] = {0x8b, 0x05, 0, 0, 0, 0, 0xc3};   /* mov far(%rip),%eax */
    tsym_t syms[] = {{"f", GLOBAL_FUNC, TEXT, 0, 7}, {"far_data", GLOBAL_NOTYPE, SHN_UNDEF, 0, 0}};
    trel_t rels[] = {{2, R_PC32, 2, -4}};
    size_t n;
    expect_error(OBJ(code, syms, rels, &n), &n, "R_X86_64_PC32 to 'far_data' out of range");
}

static void test_elf_symbol_checks(void)
{
    tsym_t beyond[] = {{"f", GLOBAL_FUNC, TEXT, 4, 6}};
    tsym_t bad_sec[] = {{"f", GLOBAL_FUNC, 40, 0, 6}};
    tsym_t reserved[] = {{"f", GLOBAL_FUNC, 0xff05, 0, 6}};
    trel_t none[] = {{0, 0, 0, 0}};
    size_t n;
    expect_error(OBJ(ret42, beyond, none, &n), &n, "outside its section");
    expect_error(OBJ(ret42, bad_sec, none, &n), &n, "section index 40 out of range");
    expect_error(OBJ(ret42, reserved, none, &n), &n, "reserved section index");
}

/* A relocation naming a symbol of a section that is not loaded. */
static void test_elf_reloc_to_unloaded_section(void)
{
    eb_t b;
    eb_init(&b);
    eb_section(&b, ".text", 1, 6, movabs, sizeof movabs, 16, 0);
    eb_section(&b, ".comment", 1, 0, "x", 2, 1, 0);
    uint8_t sym[72];
    eb_sym(sym, 0, 0, 0, 0, 0);
    eb_sym(sym + 24, 1, GLOBAL_FUNC, 1, 0, sizeof movabs);
    eb_sym(sym + 48, 0, 0x03 /* STT_SECTION */, 2, 0, 0);
    size_t str = eb_section(&b, ".strtab", 3, 0, "\0f\0", 3, 1, 0);
    size_t symtab = eb_section(&b, ".symtab", 2, 0, sym, sizeof sym, 8, 24);
    eb_link(&b, symtab, (uint32_t)str, 1);
    uint8_t rela[24];
    eb_rela(rela, 2, R_64, 2, 0);
    size_t r = eb_section(&b, ".rela.text", 4, 0, rela, 24, 8, 24);
    eb_link(&b, r, (uint32_t)symtab, 1);
    size_t n;
    uint8_t *o = eb_finish(&b, &n);
    expect_error(o, &n, "not loaded");
}

static void test_elf_header_checks(void)
{
    static const struct { size_t off; uint8_t val; const char *words; } cases[] = {
        {4, 1, "64-bit little-endian"}, {5, 2, "64-bit little-endian"},
        {16, 2, "not a relocatable object"}, {18, 183, "not x86-64"},
        {58, 40, "section header size"}, {0, 'X', "not an ELF file"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tsym_t syms[] = {{"f", GLOBAL_FUNC, TEXT, 0, 6}};
        size_t n;
        uint8_t *o = simple_obj(ret42, sizeof ret42, syms, 1, NULL, 0, &n);
        o[cases[i].off] = cases[i].val;
        expect_error(o, &n, cases[i].words);
    }
    char tiny[10] = "\177ELF";
    CHECK(native_image_load((const uint8_t *)tiny, sizeof tiny, resolve, NULL, err, sizeof err)
          == NULL && strstr(err, "truncated"));
    CHECK(native_image_load(NULL, 0, resolve, NULL, err, sizeof err) == NULL);
    /* A one-byte error buffer still holds a terminated (empty) message. */
    CHECK(native_image_load(NULL, 0, resolve, NULL, err, 1) == NULL && err[0] == '\0');
}

static void test_elf_section_checks(void)
{
    static const struct { uint64_t flags, align; const char *words; } cases[] = {
        {7, 16, "writable or empty code"}, {6, 3, "bad alignment"}, {6, 8192, "bad alignment"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        eb_t b;
        eb_init(&b);
        eb_section(&b, ".text", 1, cases[i].flags, ret42, sizeof ret42, cases[i].align, 0);
        size_t n;
        uint8_t *o = eb_finish(&b, &n);
        expect_error(o, &n, cases[i].words);
    }
    /* Contents past the end of the file. */
    eb_t b;
    eb_init(&b);
    size_t t = eb_section(&b, ".text", 1, 6, ret42, sizeof ret42, 16, 0);
    b.sec[t].size = 1u << 20;
    size_t n;
    uint8_t *o = eb_finish(&b, &n);
    expect_error(o, &n, "contents outside the file");
}

/* Each section gets the alignment it asks for (up to a page). */
static void test_elf_section_alignment(void)
{
    eb_t b;
    eb_init(&b);
    eb_section(&b, ".text", 1, 6, ret42, sizeof ret42, 16, 0);
    eb_section(&b, ".rodata.a", 1, 2, "abc", 3, 1, 0);
    eb_section(&b, ".rodata.b", 1, 2, "defg", 4, 4096, 0);
    eb_section(&b, ".bss", 8, 3, NULL, 100, 64, 0);
    uint8_t sym[96];
    eb_sym(sym, 0, 0, 0, 0, 0);
    eb_sym(sym + 24, 1, GLOBAL_OBJECT, 2, 0, 3);
    eb_sym(sym + 48, 3, GLOBAL_OBJECT, 3, 0, 4);
    eb_sym(sym + 72, 5, GLOBAL_OBJECT, 4, 0, 100);
    size_t str = eb_section(&b, ".strtab", 3, 0, "\0a\0b\0z", 7, 1, 0);
    size_t symtab = eb_section(&b, ".symtab", 2, 0, sym, sizeof sym, 8, 24);
    eb_link(&b, symtab, (uint32_t)str, 1);
    size_t n;
    native_image_t *img = load_obj(eb_finish(&b, &n), &n);
    CHECK_MSG(img != NULL, "%s", err);
    const char *a = native_image_symbol(img, "a"), *bb = native_image_symbol(img, "b");
    const uint8_t *z = native_image_symbol(img, "z");
    CHECK(a && memcmp(a, "abc", 3) == 0);
    CHECK(bb && (uintptr_t)bb % 4096 == 0 && memcmp(bb, "defg", 4) == 0);
    CHECK(z && (uintptr_t)z % 64 == 0);
    for (int i = 0; i < 100; i++)
        CHECK(z[i] == 0);
    native_image_free(img);
}

/* More than 0xff00 sections: the count, the string table index and the
 * symbols' section indices all move to their extended places. */
static void test_elf_extended_numbering(void)
{
    eb_t b;
    eb_init(&b);
    for (int i = 0; i < 70000; i++)
        eb_section(&b, NULL, 1, 0, NULL, 0, 1, 0);
    size_t text = eb_section(&b, ".text", 1, 6, ret42, sizeof ret42, 16, 0);
    uint8_t sym[48];
    eb_sym(sym, 0, 0, 0, 0, 0);
    eb_sym(sym + 24, 1, GLOBAL_FUNC, 0xffff /* SHN_XINDEX */, 0, sizeof ret42);
    size_t str = eb_section(&b, ".strtab", 3, 0, "\0f", 3, 1, 0);
    size_t symtab = eb_section(&b, ".symtab", 2, 0, sym, sizeof sym, 8, 24);
    eb_link(&b, symtab, (uint32_t)str, 1);
    uint8_t xidx[8] = {0};
    eb_le(xidx + 4, text, 4);
    size_t x = eb_section(&b, ".symtab_shndx", 18, 0, xidx, sizeof xidx, 4, 4);
    eb_link(&b, x, (uint32_t)symtab, 0);
    size_t n;
    uint8_t *o = eb_finish(&b, &n);
    native_image_t *img = native_image_load(o, n, resolve, NULL, err, sizeof err);
    CHECK_MSG(img != NULL, "%s", err);
    CHECK(((int (*)(void))native_image_symbol(img, "f"))() == 42);
    native_image_free(img);
    /* The same with the index table unlinked from the symbol table. */
    uint64_t shoff = 0;
    memcpy(&shoff, o + 40, 8);
    eb_le(o + shoff + x * 64 + 40, 0, 4);
    expect_error(o, &n, "extended section index without a table");
}

/* SQLite-sized: 25,000 functions, each in its own section (as
 * -ffunction-sections gives), all found by name and by address. */
static void test_elf_many_functions(void)
{
    enum { N = 25000 };
    eb_t b;
    eb_init(&b);
    uint8_t *sym = calloc(N + 1, 24);
    char *str = calloc(N, 8);
    size_t str_len = 1;
    for (uint32_t i = 0; i < N; i++) {
        uint8_t code[6] = {0xb8, 0, 0, 0, 0, 0xc3};  /* mov $i,%eax; ret */
        eb_le(code + 1, i, 4);
        size_t sec = eb_section(&b, NULL, 1, 6, code, sizeof code, 16, 0);
        CHECK(sec < 0xff00);
        eb_sym(sym + 24 * (i + 1), (uint32_t)str_len, GLOBAL_FUNC, (uint16_t)sec, 0, 6);
        str_len += (size_t)sprintf(str + str_len, "fn%u", i) + 1;
    }
    size_t strtab = eb_section(&b, ".strtab", 3, 0, str, str_len, 1, 0);
    size_t symtab = eb_section(&b, ".symtab", 2, 0, sym, 24 * (N + 1), 8, 24);
    eb_link(&b, symtab, (uint32_t)strtab, 1);
    free(sym);
    free(str);
    size_t n;
    native_image_t *img = load_obj(eb_finish(&b, &n), &n);
    CHECK_MSG(img != NULL, "%s", err);
    for (uint32_t i = 0; i < N; i++) {
        char name[16];
        snprintf(name, sizeof name, "fn%u", i);
        uintptr_t f = (uintptr_t)native_image_symbol(img, name);
        CHECK_MSG(f != 0, "%s", name);
        uintptr_t start;
        size_t size;
        CHECK_STR(native_image_func_at(img, f + 2, &start, &size), name);
        CHECK(start == f && size == 6);
        CHECK(native_image_func_at(img, f + 6, NULL, NULL) == NULL);   /* padding */
        if (i % 5000 == 0)
            CHECK(((uint32_t (*)(void))f)() == i);
    }
    CHECK(native_image_symbol(img, "fn25000") == NULL && native_image_symbol(img, "fn") == NULL);
    CHECK(native_image_code_size(img) == 6 * N);
    native_image_free(img);
}

/* Every allocation of a load, failed in turn: a clean error, no leak. */
static long alloc_count, fail_at, outstanding;

static void *t_malloc(size_t size, void *user)
{
    (void)user;
    if (alloc_count++ == fail_at)
        return NULL;
    void *p = malloc(size);
    outstanding += p != NULL;
    return p;
}

static void *t_realloc(void *ptr, size_t size, void *user)
{
    (void)user;
    if (alloc_count++ == fail_at)
        return NULL;
    void *p = realloc(ptr, size);
    outstanding += p && !ptr;
    return p;
}

static void t_free(void *ptr, void *user)
{
    (void)user;
    outstanding -= ptr != NULL;
    free(ptr);
}

static void test_elf_allocation_failures(void)
{
    static const uint8_t code[] = {0x48, 0x8b, 0x05, 0, 0, 0, 0, 0x48, 0x8b, 0x00, 0xc3};
    tsym_t syms[] = {{"f", GLOBAL_FUNC, TEXT, 0, 11}, {"host_value", GLOBAL_NOTYPE, SHN_UNDEF, 0, 0}};
    trel_t rels[] = {{3, R_REX_GOTPCRELX, 2, -4}};
    size_t n;
    uint8_t *o = OBJ(code, syms, rels, &n);
    wasmcell_allocator_t a = {t_malloc, t_realloc, t_free, NULL};
    wasmcell_set_allocator(&a);
    long points = 0;
    for (fail_at = 0;; fail_at++) {
        alloc_count = outstanding = 0;
        native_image_t *img = native_image_load(o, n, resolve, NULL, err, sizeof err);
        if (fail_at >= alloc_count) {
            CHECK_MSG(img != NULL, "%s", err);
            CHECK(((long (*)(void))native_image_symbol(img, "f"))() == 0x1234);
            native_image_free(img);
            CHECK(outstanding == 0);
            break;
        }
        CHECK(img == NULL && strstr(err, "out of memory"));
        CHECK_MSG(outstanding == 0, "failing allocation %ld leaked", fail_at);
        points++;
    }
    wasmcell_set_allocator(NULL);
    CHECK(points >= 4);
    free(o);
}

int main(void)
{
    RUN(test_elf_minimal_function);
    RUN(test_elf_abs32_ranges);
    RUN(test_elf_unknown_reloc_type_named);
    RUN(test_elf_reloc_outside_section);
    RUN(test_elf_reloc_bad_symbol_index);
    RUN(test_elf_undefined_symbols);
    RUN(test_elf_common_and_tls_refused);
    RUN(test_elf_got);
    RUN(test_elf_pc32_call_through_stub);
    RUN(test_elf_pc32_far_data_refused);
    RUN(test_elf_symbol_checks);
    RUN(test_elf_reloc_to_unloaded_section);
    RUN(test_elf_header_checks);
    RUN(test_elf_section_checks);
    RUN(test_elf_section_alignment);
    RUN(test_elf_extended_numbering);
    RUN(test_elf_many_functions);
    RUN(test_elf_allocation_failures);
    return 0;
}
