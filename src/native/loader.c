/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* loader.c — maps a relocatable ELF64 x86-64 object (what LLVM emits for
 * the JIT, the cache and `.cwasm` artifacts) into one mapping, applies its
 * relocations, indexes its symbols, and keeps the process-wide registry of
 * loaded images. Every byte of the object is bounds checked before use;
 * it is never written. No libLLVM, no dlopen, no <elf.h> (for portability:
 * the structures below follow the System V gABI and the x86-64 psABI). */
#include "loader.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "../base/alloc.h"

#if defined(__x86_64__) && defined(__linux__)
#define LOADER_HOST_OK 1
#else
#define LOADER_HOST_OK 0
#endif

/* ---- ELF definitions (gABI "ELF Header", "Sections", "Symbol Table") -- */

enum {
    EHDR_SIZE = 64, SHDR_SIZE = 64, SYM_SIZE = 24, RELA_SIZE = 24,
    ET_REL = 1, EM_X86_64 = 62,
    SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_RELA = 4, SHT_NOBITS = 8,
    SHT_REL = 9, SHT_NOTE = 7, SHT_INIT_ARRAY = 14, SHT_FINI_ARRAY = 15,
    SHT_PREINIT_ARRAY = 16, SHT_SYMTAB_SHNDX = 18, SHT_X86_64_UNWIND = 0x70000001,
    SHN_UNDEF = 0, SHN_LORESERVE = 0xff00, SHN_ABS = 0xfff1, SHN_COMMON = 0xfff2,
    SHN_XINDEX = 0xffff,
    STB_LOCAL = 0, STB_WEAK = 2,
    STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_TLS = 6,
};
#define SHF_WRITE 0x1u
#define SHF_ALLOC 0x2u
#define SHF_EXECINSTR 0x4u
#define SHF_TLS 0x400u

/* x86-64 psABI, "Relocation Types". */
enum {
    R_NONE = 0, R_64 = 1, R_PC32 = 2, R_GOT32 = 3, R_PLT32 = 4, R_GOTPCREL = 9,
    R_32 = 10, R_32S = 11, R_PC64 = 24, R_GOTOFF64 = 25, R_GOTPC32 = 26,
    R_GOT64 = 27, R_GOTPCREL64 = 28, R_GOTPC64 = 29, R_PLTOFF64 = 31,
    R_GOTPCRELX = 41, R_REX_GOTPCRELX = 42,
};

typedef struct shdr {
    uint32_t name, type;
    uint64_t flags, addr, offset, size;
    uint32_t link, info;
    uint64_t addralign, entsize;
} shdr_t;

typedef struct sym {
    uint32_t name;
    uint8_t info;
    uint32_t shndx;         /* after SHN_XINDEX is resolved */
    uint64_t value, size;
} sym_t;

/* Where a loaded section goes; the classes are laid out in this order,
 * each starting on a page, so each gets its own protection. */
typedef enum { SEC_SKIP, SEC_TEXT, SEC_RO, SEC_RW } sec_class_t;

typedef struct sec {
    shdr_t h;
    sec_class_t cls;
    size_t map_off;
} sec_t;

#define NO_SLOT UINT32_MAX
enum { SYM_REFERENCED = 1, SYM_RESOLVED = 2, STUB_SIZE = 16, GOT_ENTRY = 8 };

/* Per-symbol state while loading. */
typedef struct sym_state {
    uintptr_t addr;
    uint32_t got_slot, stub_slot;
    uint8_t flags;
} sym_state_t;

typedef struct hash_entry {
    const char *name;       /* NULL: empty */
    uintptr_t addr;
    uint32_t hash;
} hash_entry_t;

typedef struct func_range {
    uintptr_t start;
    size_t size;
    const char *name;
} func_range_t;

struct native_image {
    uint8_t *map;
    size_t map_size;
    size_t text_end;        /* [map, map+text_end): text and stubs */
    size_t code_size;
    char *names;            /* copy of the symbol string table */
    hash_entry_t *hash;
    size_t hash_mask;
    func_range_t *funcs;
    size_t nfuncs;
    void *user;
    struct reg_slot *reg_slot;   /* in the registry; NULL until registered */
};

/* Everything known while one object is loaded. */
typedef struct ld {
    const uint8_t *obj;
    size_t size;
    char *err;
    size_t errlen;
    native_resolve_fn resolve;
    void *resolve_user;
    sec_t *secs;
    size_t nsecs;
    const char *shstr;
    size_t shstr_size;
    size_t symtab_idx;
    sym_t *syms;
    sym_state_t *st;
    size_t nsyms;
    const char *str;        /* symbol names, NUL terminated (checked) */
    size_t str_size;
    uint32_t ngot, nstubs;
    bool needs_low;         /* absolute 32-bit relocations: map below 2 GiB */
    size_t stub_off, got_off, ro_off, rw_off;
    native_image_t *img;
} ld_t;

static bool fail(ld_t *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool fail(ld_t *ld, const char *fmt, ...)
{
    if (ld->errlen == 0)
        return false;
    int n = snprintf(ld->err, ld->errlen, "native object: ");
    size_t used = n > 0 && (size_t)n < ld->errlen ? (size_t)n : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ld->err + used, ld->errlen - used, fmt, ap);
    va_end(ap);
    return false;
}

/* ---- bounded little-endian reads of the object ---------------------- */

static bool in_file(const ld_t *ld, uint64_t off, uint64_t len)
{
    return off <= ld->size && len <= ld->size - off;
}

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16; }
static uint64_t rd64(const uint8_t *p) { return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32; }

static void read_shdr(const uint8_t *p, shdr_t *h)
{
    h->name = rd32(p);
    h->type = rd32(p + 4);
    h->flags = rd64(p + 8);
    h->addr = rd64(p + 16);
    h->offset = rd64(p + 24);
    h->size = rd64(p + 32);
    h->link = rd32(p + 40);
    h->info = rd32(p + 44);
    h->addralign = rd64(p + 48);
    h->entsize = rd64(p + 56);
}

static const char *sec_name(const ld_t *ld, size_t idx)
{
    uint32_t off = ld->secs[idx].h.name;
    return ld->shstr && off < ld->shstr_size ? ld->shstr + off : "?";
}

static const char *sym_name(const ld_t *ld, size_t sym_idx)
{
    return ld->str + ld->syms[sym_idx].name;
}

/* A string table must end in NUL so that every in-range offset names a
 * terminated string; then no later read needs its own scan. */
static bool string_table(ld_t *ld, size_t idx, const char **out, size_t *size)
{
    if (idx == 0 || idx >= ld->nsecs)
        return fail(ld, "string table index %zu out of range", idx);
    const shdr_t *h = &ld->secs[idx].h;
    if (h->type != SHT_STRTAB || h->size == 0 || !in_file(ld, h->offset, h->size))
        return fail(ld, "section %zu is not a valid string table", idx);
    const char *s = (const char *)ld->obj + h->offset;
    if (s[h->size - 1] != '\0')
        return fail(ld, "string table %zu is not NUL terminated", idx);
    *out = s;
    *size = (size_t)h->size;
    return true;
}

/* ---- headers and sections ------------------------------------------- */

static bool read_header(ld_t *ld, uint64_t *shoff, size_t *shnum, size_t *shstrndx)
{
    const uint8_t *e = ld->obj;
    if (ld->size < EHDR_SIZE)
        return fail(ld, "truncated ELF header (%zu bytes)", ld->size);
    if (memcmp(e, "\177ELF", 4) != 0)
        return fail(ld, "not an ELF file");
    if (e[4] != 2 || e[5] != 1 || e[6] != 1)
        return fail(ld, "not a 64-bit little-endian ELF version 1 object");
    if (rd16(e + 16) != ET_REL)
        return fail(ld, "ELF type %u is not a relocatable object", rd16(e + 16));
    if (rd16(e + 18) != EM_X86_64)
        return fail(ld, "ELF machine %u is not x86-64", rd16(e + 18));
    *shoff = rd64(e + 40);
    if (rd16(e + 58) != SHDR_SIZE)
        return fail(ld, "section header size %u, expected 64", rd16(e + 58));
    *shnum = rd16(e + 60);
    *shstrndx = rd16(e + 62);
    if (*shoff == 0)
        return fail(ld, "no section header table");
    if (!in_file(ld, *shoff, SHDR_SIZE))
        return fail(ld, "section header table outside the file");
    /* gABI extended numbering: section 0 holds the real count / index. */
    shdr_t h0;
    read_shdr(e + *shoff, &h0);
    if (*shnum == 0)
        *shnum = h0.size > SIZE_MAX ? SIZE_MAX : (size_t)h0.size;
    if (*shstrndx == SHN_XINDEX)
        *shstrndx = h0.link;
    if (*shnum == 0 || *shnum > (ld->size - *shoff) / SHDR_SIZE)
        return fail(ld, "section header table (%zu entries) outside the file", *shnum);
    return true;
}

static bool is_pow2(uint64_t x) { return x != 0 && (x & (x - 1)) == 0; }

/* Which sections are mapped: SHF_ALLOC code and data. Unwind tables and
 * notes are left out (nothing here unwinds through native code), as are
 * non-ALLOC sections (.comment, .llvm_addrsig, groups, debug info). */
static bool classify(ld_t *ld, size_t idx)
{
    sec_t *s = &ld->secs[idx];
    const shdr_t *h = &s->h;
    s->cls = SEC_SKIP;
    if (!(h->flags & SHF_ALLOC) || h->type == SHT_NOTE || h->type == SHT_X86_64_UNWIND)
        return true;
    const char *name = sec_name(ld, idx);
    if (strcmp(name, ".eh_frame") == 0)
        return true;
    if (h->flags & SHF_TLS)
        return fail(ld, "section %zu (%s): thread-local storage is not supported", idx, name);
    if (h->type != SHT_PROGBITS && h->type != SHT_NOBITS && h->type != SHT_INIT_ARRAY &&
        h->type != SHT_FINI_ARRAY && h->type != SHT_PREINIT_ARRAY)
        return fail(ld, "section %zu (%s): unsupported allocated section type 0x%x", idx, name,
                    h->type);
    if (h->addralign > 4096 || (h->addralign > 1 && !is_pow2(h->addralign)))
        return fail(ld, "section %zu (%s): bad alignment %llu", idx, name,
                    (unsigned long long)h->addralign);
    if (h->size > (1u << 30))
        return fail(ld, "section %zu (%s): too large", idx, name);
    if (h->type != SHT_NOBITS && !in_file(ld, h->offset, h->size))
        return fail(ld, "section %zu (%s): contents outside the file", idx, name);
    if (h->flags & SHF_EXECINSTR) {
        if ((h->flags & SHF_WRITE) || h->type == SHT_NOBITS)
            return fail(ld, "section %zu (%s): writable or empty code", idx, name);
        s->cls = SEC_TEXT;
    } else if (!(h->flags & SHF_WRITE) || strncmp(name, ".data.rel.ro", 12) == 0 ||
               strncmp(name, ".ldata.rel.ro", 13) == 0) {
        /* .data.rel.ro (.ldata.rel.ro in the large code model) is writable
         * only until relocated (RELRO). */
        s->cls = h->type == SHT_NOBITS ? SEC_RW : SEC_RO;
    } else {
        s->cls = SEC_RW;
    }
    return true;
}

static bool read_sections(ld_t *ld)
{
    uint64_t shoff = 0;
    size_t shstrndx = 0;
    if (!read_header(ld, &shoff, &ld->nsecs, &shstrndx))
        return false;
    ld->secs = base_calloc(ld->nsecs, sizeof *ld->secs);
    if (!ld->secs)
        return fail(ld, "out of memory");
    for (size_t i = 0; i < ld->nsecs; i++)
        read_shdr(ld->obj + shoff + i * SHDR_SIZE, &ld->secs[i].h);
    if (shstrndx != SHN_UNDEF && !string_table(ld, shstrndx, &ld->shstr, &ld->shstr_size))
        return false;
    for (size_t i = 1; i < ld->nsecs; i++) {
        if (ld->secs[i].h.type == SHT_SYMTAB) {
            if (ld->symtab_idx)
                return fail(ld, "more than one symbol table");
            ld->symtab_idx = i;
        }
        if (!classify(ld, i))
            return false;
    }
    return true;
}

/* ---- symbols ---------------------------------------------------------- */

/* The SHT_SYMTAB_SHNDX section for the symbol table, if any. */
static bool shndx_table(ld_t *ld, const uint8_t **out)
{
    *out = NULL;
    for (size_t i = 1; i < ld->nsecs; i++) {
        const shdr_t *h = &ld->secs[i].h;
        if (h->type != SHT_SYMTAB_SHNDX || h->link != ld->symtab_idx)
            continue;
        if (h->size / 4 < ld->nsyms || !in_file(ld, h->offset, h->size))
            return fail(ld, "extended section index table %zu too small or outside the file", i);
        *out = ld->obj + h->offset;
    }
    return true;
}

static bool check_symbol(ld_t *ld, size_t i)
{
    const sym_t *s = &ld->syms[i];
    if (s->name >= ld->str_size)
        return fail(ld, "symbol %zu: name offset out of range", i);
    if (s->shndx == SHN_COMMON)
        return fail(ld, "symbol %zu (%s): common symbols are not supported (use -fno-common)", i,
                    sym_name(ld, i));
    if ((s->info & 0xf) == STT_TLS)
        return fail(ld, "symbol %zu (%s): thread-local symbols are not supported", i,
                    sym_name(ld, i));
    if (s->shndx == SHN_UNDEF || s->shndx == SHN_ABS)
        return true;
    if (s->shndx >= ld->nsecs)
        return fail(ld, "symbol %zu (%s): section index %u out of range", i, sym_name(ld, i),
                    s->shndx);
    const sec_t *sec = &ld->secs[s->shndx];
    if (sec->cls != SEC_SKIP && (s->value > sec->h.size || s->size > sec->h.size - s->value))
        return fail(ld, "symbol %zu (%s) lies outside its section", i, sym_name(ld, i));
    return true;
}

static bool read_symbols(ld_t *ld)
{
    if (ld->symtab_idx == 0)
        return true;        /* nothing to relocate or export */
    const shdr_t *h = &ld->secs[ld->symtab_idx].h;
    if (h->entsize != SYM_SIZE || h->size % SYM_SIZE || !in_file(ld, h->offset, h->size))
        return fail(ld, "symbol table malformed or outside the file");
    if (!string_table(ld, h->link, &ld->str, &ld->str_size))
        return false;
    ld->nsyms = (size_t)(h->size / SYM_SIZE);
    const uint8_t *xidx;
    if (!shndx_table(ld, &xidx))
        return false;
    ld->syms = base_calloc(ld->nsyms ? ld->nsyms : 1, sizeof *ld->syms);
    ld->st = base_calloc(ld->nsyms ? ld->nsyms : 1, sizeof *ld->st);
    if (!ld->syms || !ld->st)
        return fail(ld, "out of memory");
    const uint8_t *p = ld->obj + h->offset;
    for (size_t i = 0; i < ld->nsyms; i++, p += SYM_SIZE) {
        sym_t *s = &ld->syms[i];
        s->name = rd32(p);
        s->info = p[4];
        s->shndx = rd16(p + 6);
        s->value = rd64(p + 8);
        s->size = rd64(p + 16);
        if (s->shndx == SHN_XINDEX) {
            if (!xidx)
                return fail(ld, "symbol %zu: extended section index without a table", i);
            s->shndx = rd32(xidx + 4 * i);
        } else if (s->shndx >= SHN_LORESERVE && s->shndx != SHN_ABS && s->shndx != SHN_COMMON) {
            return fail(ld, "symbol %zu: reserved section index 0x%x", i, s->shndx);
        }
        ld->st[i].got_slot = ld->st[i].stub_slot = NO_SLOT;
        if (!check_symbol(ld, i))
            return false;
    }
    return true;
}

/* External: its address comes from outside the mapping and may be far. */
static bool sym_external(const sym_t *s)
{
    return s->shndx == SHN_UNDEF || s->shndx == SHN_ABS;
}

static bool is_got_base(const ld_t *ld, size_t sym_idx)
{
    return ld->syms[sym_idx].shndx == SHN_UNDEF &&
           strcmp(sym_name(ld, sym_idx), "_GLOBAL_OFFSET_TABLE_") == 0;
}

/* ---- relocation sections: validate and count GOT slots and stubs ----- */

/* Whether section idx is a relocation section applying to a loaded section
 * (then checked to be a well-formed SHT_RELA table). */
static bool rela_target(ld_t *ld, size_t idx, bool *applies)
{
    const shdr_t *h = &ld->secs[idx].h;
    *applies = false;
    if (h->type != SHT_RELA && h->type != SHT_REL)
        return true;
    if (h->info == 0 || h->info >= ld->nsecs)
        return fail(ld, "relocation section %zu: target %u out of range", idx, h->info);
    if (ld->secs[h->info].cls == SEC_SKIP)
        return true;
    if (h->type == SHT_REL)
        return fail(ld, "relocation section %zu: SHT_REL is not used on x86-64", idx);
    if (h->link != ld->symtab_idx || ld->symtab_idx == 0)
        return fail(ld, "relocation section %zu: not linked to the symbol table", idx);
    if (h->entsize != RELA_SIZE || h->size % RELA_SIZE || !in_file(ld, h->offset, h->size))
        return fail(ld, "relocation section %zu malformed or outside the file", idx);
    if (ld->secs[h->info].h.type == SHT_NOBITS)
        return fail(ld, "relocation section %zu applies to a section without contents", idx);
    *applies = true;
    return true;
}

/* Patch width of a relocation type, 0 for R_X86_64_NONE or an unknown type. */
static unsigned reloc_width(uint32_t type)
{
    switch (type) {
    case R_PC32: case R_PLT32: case R_GOTPCREL: case R_32: case R_32S: case R_GOTPC32:
    case R_GOTPCRELX: case R_REX_GOTPCRELX: return 4;
    case R_64: case R_PC64: case R_GOTOFF64: case R_GOT64: case R_GOTPCREL64: case R_GOTPC64:
    case R_PLTOFF64: return 8;
    default: return 0;
    }
}

static bool scan_one(ld_t *ld, size_t rsec, size_t k, uint64_t off, uint32_t type, size_t sym_idx)
{
    const shdr_t *target = &ld->secs[ld->secs[rsec].h.info].h;
    unsigned width = reloc_width(type);
    if (width == 0 && type != R_NONE)
        return fail(ld, "relocation section %zu entry %zu: unsupported relocation type %u", rsec, k,
                    type);
    if (off > target->size || width > target->size - off)
        return fail(ld, "relocation section %zu entry %zu: offset 0x%llx outside its section",
                    rsec, k, (unsigned long long)off);
    if (sym_idx >= ld->nsyms)
        return fail(ld, "relocation section %zu entry %zu: symbol index %zu out of range", rsec, k,
                    sym_idx);
    sym_state_t *st = &ld->st[sym_idx];
    st->flags |= SYM_REFERENCED;
    if (type == R_32 || type == R_32S)
        ld->needs_low = true;
    if ((type == R_GOTPCREL || type == R_GOTPCRELX || type == R_REX_GOTPCRELX ||
         type == R_GOT64 || type == R_GOTPCREL64) && st->got_slot == NO_SLOT)
        st->got_slot = ld->ngot++;
    if ((type == R_PLT32 || type == R_PC32 || type == R_PLTOFF64) &&
        sym_external(&ld->syms[sym_idx]) && st->stub_slot == NO_SLOT && !is_got_base(ld, sym_idx))
        st->stub_slot = ld->nstubs++;
    return true;
}

static bool scan_relocs(ld_t *ld)
{
    for (size_t i = 1; i < ld->nsecs; i++) {
        bool applies;
        if (!rela_target(ld, i, &applies))
            return false;
        if (!applies)
            continue;
        const shdr_t *h = &ld->secs[i].h;
        const uint8_t *p = ld->obj + h->offset;
        for (size_t k = 0; k < h->size / RELA_SIZE; k++, p += RELA_SIZE) {
            uint64_t info = rd64(p + 8);
            if (!scan_one(ld, i, k, rd64(p), (uint32_t)info, (size_t)(info >> 32)))
                return false;
        }
    }
    return true;
}

/* ---- layout and mapping ----------------------------------------------- */

static size_t page_size(void) { return 4096; }
static size_t align_up(size_t x, size_t a) { return (x + a - 1) & ~(a - 1); }

/* Places the sections of one class from *off on; sizes are bounded by
 * classify (each <= 1 GiB), and the total is checked by the caller. */
static bool place_class(ld_t *ld, sec_class_t cls, size_t *off)
{
    for (size_t i = 1; i < ld->nsecs; i++) {
        sec_t *s = &ld->secs[i];
        if (s->cls != cls)
            continue;
        size_t a = s->h.addralign > 1 ? (size_t)s->h.addralign : 1;
        s->map_off = align_up(*off, a);
        *off = s->map_off + (size_t)s->h.size;
        if (*off > (1u << 30))
            return fail(ld, "loaded sections exceed 1 GiB");
        if (cls == SEC_TEXT)
            ld->img->code_size += (size_t)s->h.size;
    }
    return true;
}

/* Text, then stubs; a page boundary; read-only data, then the GOT; a page
 * boundary; writable data. One mapping keeps all of it within +-2 GiB. */
static bool layout(ld_t *ld)
{
    size_t off = 0, page = page_size();
    if (!place_class(ld, SEC_TEXT, &off))
        return false;
    ld->stub_off = align_up(off, STUB_SIZE);
    off = ld->stub_off + (size_t)ld->nstubs * STUB_SIZE;
    ld->img->text_end = off;
    ld->ro_off = off = align_up(off, page);
    if (!place_class(ld, SEC_RO, &off))
        return false;
    ld->got_off = align_up(off, GOT_ENTRY);
    off = ld->got_off + (size_t)ld->ngot * GOT_ENTRY;
    ld->rw_off = off = align_up(off, page);
    if (!place_class(ld, SEC_RW, &off))
        return false;
    if (off > (1u << 30))   /* GOT and stubs too: all must stay within PC32 reach */
        return fail(ld, "loaded sections exceed 1 GiB");
    ld->img->map_size = align_up(off, page) ? align_up(off, page) : page;
    return true;
}

static bool map_image(ld_t *ld)
{
    int flags = MAP_PRIVATE | MAP_ANONYMOUS;
#ifdef MAP_32BIT
    /* Absolute 32-bit relocations (-fno-pic, small code model) reach only
     * the low 2 GiB. */
    if (ld->needs_low)
        flags |= MAP_32BIT;
#endif
    /* MAP_POPULATE: every page is written below; one call, not a fault
     * per page */
    void *m = mmap(NULL, ld->img->map_size, PROT_READ | PROT_WRITE, flags | MAP_POPULATE, -1, 0);
    if (m == MAP_FAILED)
        return fail(ld, "cannot map %zu bytes%s", ld->img->map_size,
                    ld->needs_low ? " below 2 GiB (object is not position independent)" : "");
    ld->img->map = m;
    for (size_t i = 1; i < ld->nsecs; i++) {
        const sec_t *s = &ld->secs[i];
        if (s->cls != SEC_SKIP && s->h.type != SHT_NOBITS)
            memcpy(ld->img->map + s->map_off, ld->obj + s->h.offset, (size_t)s->h.size);
    }
    return true;
}

/* ---- symbol addresses, GOT and stubs ----------------------------------- */

static bool resolve_symbol(ld_t *ld, size_t i)
{
    const sym_t *s = &ld->syms[i];
    sym_state_t *st = &ld->st[i];
    if (i == 0) {
        st->addr = 0;
    } else if (s->shndx == SHN_ABS) {
        st->addr = (uintptr_t)s->value;
    } else if (s->shndx == SHN_UNDEF) {
        if (is_got_base(ld, i)) {
            st->addr = (uintptr_t)(ld->img->map + ld->got_off);
        } else {
            const char *name = sym_name(ld, i);
            void *a = name[0] && ld->resolve ? ld->resolve(ld->resolve_user, name) : NULL;
            if (!a && (s->info >> 4) != STB_WEAK)
                return fail(ld, "undefined symbol '%s'", name);
            st->addr = (uintptr_t)a;
        }
    } else if (ld->secs[s->shndx].cls == SEC_SKIP) {
        return true;        /* in a section we did not load: no address */
    } else {
        st->addr = (uintptr_t)(ld->img->map + ld->secs[s->shndx].map_off + s->value);
    }
    st->flags |= SYM_RESOLVED;
    return true;
}

/* `jmp *0(%rip)` followed by the 8-byte target, padded with int3. */
static void write_stub(uint8_t *p, uintptr_t target)
{
    static const uint8_t jmp[6] = {0xff, 0x25, 0, 0, 0, 0};
    memcpy(p, jmp, sizeof jmp);
    uint64_t t = target;
    memcpy(p + 6, &t, 8);
    p[14] = p[15] = 0xcc;
}

static bool resolve_symbols(ld_t *ld)
{
    for (size_t i = 0; i < ld->nsyms; i++) {
        const sym_t *s = &ld->syms[i];
        bool wanted = (ld->st[i].flags & SYM_REFERENCED) || s->shndx != SHN_UNDEF;
        if (wanted && !resolve_symbol(ld, i))
            return false;
        const sym_state_t *st = &ld->st[i];
        if (st->got_slot != NO_SLOT) {
            uint64_t a = st->addr;
            memcpy(ld->img->map + ld->got_off + (size_t)st->got_slot * GOT_ENTRY, &a, 8);
        }
        if (st->stub_slot != NO_SLOT)
            write_stub(ld->img->map + ld->stub_off + (size_t)st->stub_slot * STUB_SIZE, st->addr);
    }
    return true;
}

/* ---- applying relocations (x86-64 psABI "Relocation Types") ----------- */

static const char *reloc_type_name(uint32_t type)
{
    switch (type) {
    case R_PC32: return "R_X86_64_PC32";
    case R_PLT32: return "R_X86_64_PLT32";
    case R_GOTPCREL: return "R_X86_64_GOTPCREL";
    case R_32: return "R_X86_64_32";
    case R_32S: return "R_X86_64_32S";
    case R_GOTPC32: return "R_X86_64_GOTPC32";
    case R_GOTPCRELX: return "R_X86_64_GOTPCRELX";
    case R_REX_GOTPCRELX: return "R_X86_64_REX_GOTPCRELX";
    default: return "relocation";
    }
}

/* A PC32 to an external symbol out of reach still works for a direct
 * call or jump (opcode e8/e9 just before the field): route it through
 * the symbol's stub. */
static bool is_call_or_jmp(const ld_t *ld, const sec_t *target, uint64_t off)
{
    if (off == 0)
        return false;
    uint8_t op = ld->img->map[target->map_off + off - 1];
    return op == 0xe8 || op == 0xe9;
}

typedef struct reloc {
    size_t rsec, k, sym_idx;
    uint32_t type;
    uint64_t off;
    int64_t addend;
} reloc_t;

static bool store32(ld_t *ld, const reloc_t *r, uint8_t *where, int64_t v, bool is_signed)
{
    bool fits = is_signed ? v >= INT32_MIN && v <= INT32_MAX : v >= 0 && v <= (int64_t)UINT32_MAX;
    if (!fits)
        return fail(ld, "relocation section %zu entry %zu: %s to '%s' out of range", r->rsec, r->k,
                    reloc_type_name(r->type), sym_name(ld, r->sym_idx));
    uint32_t u = (uint32_t)v;
    memcpy(where, &u, 4);
    return true;
}

static void store64(uint8_t *where, uint64_t v) { memcpy(where, &v, 8); }

static bool apply_one(ld_t *ld, const reloc_t *r)
{
    const sec_t *target = &ld->secs[ld->secs[r->rsec].h.info];
    const sym_state_t *st = &ld->st[r->sym_idx];
    if (!(st->flags & SYM_RESOLVED))
        return fail(ld, "relocation section %zu entry %zu: symbol '%s' is in a section that is not "
                    "loaded", r->rsec, r->k, sym_name(ld, r->sym_idx));
    uint8_t *where = ld->img->map + target->map_off + r->off;
    /* Unsigned wrap-around arithmetic, then reinterpreted: the range checks
     * below are on the mathematical value as the psABI defines it. */
    uint64_t S = st->addr, A = (uint64_t)r->addend, P = (uintptr_t)where;
    uint64_t GOT = (uintptr_t)(ld->img->map + ld->got_off);
    uint64_t G = (uint64_t)st->got_slot * GOT_ENTRY;
    uint64_t L = st->stub_slot != NO_SLOT ? (uintptr_t)(ld->img->map + ld->stub_off +
                                                        (size_t)st->stub_slot * STUB_SIZE) : S;
    switch (r->type) {
    case R_NONE: return true;
    case R_64: store64(where, S + A); return true;
    case R_PC64: store64(where, S + A - P); return true;
    case R_GOTOFF64: store64(where, S + A - GOT); return true;
    case R_GOTPC64: store64(where, GOT + A - P); return true;
    case R_GOT64: store64(where, G + A); return true;
    case R_GOTPCREL64: store64(where, G + GOT + A - P); return true;
    case R_PLTOFF64: store64(where, L + A - GOT); return true;
    case R_32: return store32(ld, r, where, (int64_t)(S + A), false);
    case R_32S: return store32(ld, r, where, (int64_t)(S + A), true);
    case R_PLT32: return store32(ld, r, where, (int64_t)(L + A - P), true);
    case R_GOTPC32: return store32(ld, r, where, (int64_t)(GOT + A - P), true);
    case R_GOTPCREL: case R_GOTPCRELX: case R_REX_GOTPCRELX:
        return store32(ld, r, where, (int64_t)(GOT + G + A - P), true);
    case R_PC32: {
        int64_t v = (int64_t)(S + A - P);
        if ((v < INT32_MIN || v > INT32_MAX) && L != S && is_call_or_jmp(ld, target, r->off))
            v = (int64_t)(L + A - P);
        return store32(ld, r, where, v, true);
    }
    default:
        return fail(ld, "unsupported relocation type %u", r->type);
    }
}

static bool apply_relocs(ld_t *ld)
{
    for (size_t i = 1; i < ld->nsecs; i++) {
        bool applies;
        if (!rela_target(ld, i, &applies))
            return false;
        if (!applies)
            continue;
        const shdr_t *h = &ld->secs[i].h;
        const uint8_t *p = ld->obj + h->offset;
        for (size_t k = 0; k < h->size / RELA_SIZE; k++, p += RELA_SIZE) {
            uint64_t info = rd64(p + 8);
            reloc_t r = {.rsec = i, .k = k, .sym_idx = (size_t)(info >> 32),
                         .type = (uint32_t)info, .off = rd64(p), .addend = (int64_t)rd64(p + 16)};
            if (!apply_one(ld, &r))
                return false;
        }
    }
    return true;
}

/* W^X: text becomes read+execute, read-only data and the GOT read-only. */
static bool protect(ld_t *ld)
{
    native_image_t *img = ld->img;
    size_t text_pages = align_up(img->text_end, page_size());
    if (text_pages && mprotect(img->map, text_pages, PROT_READ | PROT_EXEC) != 0)
        return fail(ld, "cannot make code executable");
    if (ld->rw_off > ld->ro_off && mprotect(img->map + ld->ro_off, ld->rw_off - ld->ro_off,
                                            PROT_READ) != 0)
        return fail(ld, "cannot make data read-only");
    return true;
}

/* ---- the image's symbol index ---------------------------------------- */

static uint32_t hash_name(const char *s)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

static hash_entry_t *hash_slot(const native_image_t *img, const char *name, uint32_t h)
{
    for (size_t i = h & img->hash_mask;; i = (i + 1) & img->hash_mask) {
        hash_entry_t *e = &img->hash[i];
        if (!e->name || (e->hash == h && strcmp(e->name, name) == 0))
            return e;
    }
}

/* Named, defined, addressable: what native_image_symbol can return. */
static bool exported(const ld_t *ld, size_t i)
{
    const sym_t *s = &ld->syms[i];
    unsigned type = s->info & 0xf;
    return s->name != 0 && s->shndx != SHN_UNDEF && (ld->st[i].flags & SYM_RESOLVED) &&
           type != STT_SECTION && type != 4 /* STT_FILE */;
}

/* Global symbols win over a local of the same name: pass 0 inserts the
 * globals, pass 1 the locals whose names are still free. */
static void fill_hash(ld_t *ld)
{
    native_image_t *img = ld->img;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 1; i < ld->nsyms; i++) {
            bool local = (ld->syms[i].info >> 4) == STB_LOCAL;
            if (!exported(ld, i) || local != (pass == 1))
                continue;
            const char *name = img->names + ld->syms[i].name;
            uint32_t h = hash_name(name);
            hash_entry_t *e = hash_slot(img, name, h);
            if (!e->name)
                *e = (hash_entry_t){.name = name, .addr = ld->st[i].addr, .hash = h};
        }
    }
}

static int cmp_func(const void *a, const void *b)
{
    const func_range_t *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static bool build_index(ld_t *ld)
{
    native_image_t *img = ld->img;
    size_t nexp = 0, nfuncs = 0;
    for (size_t i = 1; i < ld->nsyms; i++) {
        if (!exported(ld, i))
            continue;
        nexp++;
        nfuncs += (ld->syms[i].info & 0xf) == STT_FUNC && ld->syms[i].size > 0;
    }
    size_t cap = 16;
    while (cap < 2 * nexp)
        cap *= 2;
    img->hash_mask = cap - 1;
    img->names = base_malloc(ld->str_size ? ld->str_size : 1);
    img->hash = base_calloc(cap, sizeof *img->hash);
    img->funcs = base_calloc(nfuncs ? nfuncs : 1, sizeof *img->funcs);
    if (!img->names || !img->hash || !img->funcs)
        return fail(ld, "out of memory");
    if (ld->str_size)
        memcpy(img->names, ld->str, ld->str_size);
    fill_hash(ld);
    for (size_t i = 1; i < ld->nsyms; i++) {
        const sym_t *s = &ld->syms[i];
        if (exported(ld, i) && (s->info & 0xf) == STT_FUNC && s->size > 0)
            img->funcs[img->nfuncs++] = (func_range_t){
                .start = ld->st[i].addr, .size = (size_t)s->size, .name = img->names + s->name};
    }
    qsort(img->funcs, img->nfuncs, sizeof *img->funcs, cmp_func);
    return true;
}

void *native_image_symbol(const native_image_t *img, const char *name)
{
    if (!img || !name || !img->hash)
        return NULL;
    const hash_entry_t *e = hash_slot(img, name, hash_name(name));
    return e->name ? (void *)e->addr : NULL;
}

const char *native_image_func_at(const native_image_t *img, uintptr_t addr, uintptr_t *start,
                                 size_t *size)
{
    if (!img || img->nfuncs == 0)
        return NULL;
    size_t lo = 0, hi = img->nfuncs;   /* first function starting after addr */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (img->funcs[mid].start <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    const func_range_t *f = &img->funcs[lo - 1];
    if (addr - f->start >= f->size)
        return NULL;
    if (start)
        *start = f->start;
    if (size)
        *size = f->size;
    return f->name;
}

size_t native_image_code_size(const native_image_t *img) { return img ? img->code_size : 0; }
void native_image_set_user(native_image_t *img, void *user) { img->user = user; }
void *native_image_user(const native_image_t *img) { return img->user; }

/* ---- the process-wide registry ----------------------------------------
 * Chunks of slots, never freed, so that native_image_is_code (called from
 * a signal handler) can walk them without a lock. Each slot is a seqlock:
 * a reader that sees an odd or changed sequence skips the slot, it never
 * waits (the writer may be the very thread the signal interrupted). A
 * slot being written belongs to an image not yet or no longer running. */

enum { REG_CHUNK = 128 };

typedef struct reg_slot {
    atomic_uint seq;
    atomic_uintptr_t start, end;    /* text range */
    native_image_t *img;            /* under reg_lock only */
} reg_slot_t;

typedef struct reg_chunk {
    reg_slot_t slots[REG_CHUNK];
    struct reg_chunk *_Atomic next;
} reg_chunk_t;

static reg_chunk_t reg_first;
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;

static void slot_write(reg_slot_t *s, uintptr_t start, uintptr_t end)
{
    unsigned seq = atomic_load_explicit(&s->seq, memory_order_relaxed);
    atomic_store_explicit(&s->seq, seq + 1, memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
    atomic_store_explicit(&s->start, start, memory_order_relaxed);
    atomic_store_explicit(&s->end, end, memory_order_relaxed);
    atomic_store_explicit(&s->seq, seq + 2, memory_order_release);
}

/* A free slot, adding a chunk when all are taken; under reg_lock. */
static reg_slot_t *slot_take(void)
{
    reg_chunk_t *c = &reg_first, *last = c;
    for (; c; last = c, c = atomic_load_explicit(&c->next, memory_order_acquire))
        for (size_t i = 0; i < REG_CHUNK; i++)
            if (!c->slots[i].img)
                return &c->slots[i];
    /* mmap, not base_malloc: chunks live as long as the process. */
    void *m = mmap(NULL, sizeof(reg_chunk_t), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    reg_chunk_t *fresh = m;
    atomic_store_explicit(&last->next, fresh, memory_order_release);
    return &fresh->slots[0];
}

static bool reg_add(ld_t *ld)
{
    native_image_t *img = ld->img;
    pthread_mutex_lock(&reg_lock);
    reg_slot_t *s = slot_take();
    if (s) {
        s->img = img;
        slot_write(s, (uintptr_t)img->map, (uintptr_t)img->map + img->text_end);
        img->reg_slot = s;
    }
    pthread_mutex_unlock(&reg_lock);
    return s ? true : fail(ld, "out of memory (image registry)");
}

static void reg_remove(native_image_t *img)
{
    reg_slot_t *s = img->reg_slot;
    if (!s)
        return;
    pthread_mutex_lock(&reg_lock);
    slot_write(s, 0, 0);
    s->img = NULL;
    pthread_mutex_unlock(&reg_lock);
}

native_image_t *native_image_find(uintptr_t addr)
{
    native_image_t *found = NULL;
    pthread_mutex_lock(&reg_lock);
    for (reg_chunk_t *c = &reg_first; c && !found; c = atomic_load(&c->next)) {
        for (size_t i = 0; i < REG_CHUNK; i++) {
            native_image_t *img = c->slots[i].img;
            if (img && addr >= (uintptr_t)img->map && addr - (uintptr_t)img->map < img->map_size) {
                found = img;
                break;
            }
        }
    }
    pthread_mutex_unlock(&reg_lock);
    return found;
}

bool native_image_is_code(uintptr_t addr)
{
    for (reg_chunk_t *c = &reg_first; c;
         c = atomic_load_explicit(&c->next, memory_order_acquire)) {
        for (size_t i = 0; i < REG_CHUNK; i++) {
            reg_slot_t *s = &c->slots[i];
            unsigned seq = atomic_load_explicit(&s->seq, memory_order_acquire);
            uintptr_t start = atomic_load_explicit(&s->start, memory_order_relaxed);
            uintptr_t end = atomic_load_explicit(&s->end, memory_order_relaxed);
            atomic_thread_fence(memory_order_acquire);
            if (seq & 1 || atomic_load_explicit(&s->seq, memory_order_relaxed) != seq)
                continue;
            if (addr >= start && addr < end)
                return true;
        }
    }
    return false;
}

/* ---- load and free ----------------------------------------------------- */

void native_image_free(native_image_t *img)
{
    if (!img)
        return;
    reg_remove(img);
    if (img->map)
        munmap(img->map, img->map_size);
    base_free(img->names);
    base_free(img->hash);
    base_free(img->funcs);
    base_free(img);
}

static bool load_steps(ld_t *ld)
{
    return read_sections(ld) && read_symbols(ld) && scan_relocs(ld) && layout(ld) &&
           map_image(ld) && resolve_symbols(ld) && apply_relocs(ld) && protect(ld) &&
           build_index(ld) && reg_add(ld);
}

native_image_t *native_image_load(const uint8_t *obj, size_t size, native_resolve_fn resolve,
                                  void *user, char *err, size_t errlen)
{
    ld_t ld = {.obj = obj, .size = obj ? size : 0, .err = err, .errlen = errlen,
               .resolve = resolve, .resolve_user = user};
    if (errlen)
        err[0] = '\0';
    if (!LOADER_HOST_OK) {
        fail(&ld, "loading native code is supported only on x86-64 Linux");
        return NULL;
    }
    ld.img = base_calloc(1, sizeof *ld.img);
    bool ok = ld.img ? load_steps(&ld) : fail(&ld, "out of memory");
    base_free(ld.secs);
    base_free(ld.syms);
    base_free(ld.st);
    if (!ok) {
        native_image_free(ld.img);
        return NULL;
    }
    return ld.img;
}
