/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_decode.c — bin_decode on a complete module (every field recorded)
 * and on malformed ones: header, section ids and order, sizes, counts,
 * locals, instruction immediates, segment forms, names and UTF-8. */
#include <stdint.h>
#include "binary/module.h"
#include "check.h"
#include "sample_module.h"
#include "wasmcell.h"

static const char *reason_of(const uint8_t *b, size_t n)
{
    static base_diag_t d;
    memset(&d, 0, sizeof d);
    bin_module_t *m = (bin_module_t *)1;
    if (bin_decode(b, n, &m, &d)) {
        bin_module_free(m);
        return "ok";
    }
    CHECK(m == NULL);
    CHECK(d.set);
    return d.reason;
}

static const char *reason_w(const wbuf_t *w) { return reason_of(w->b, w->n); }

/* The same under 2.0's rules (no memory indices, 64-bit limits). */
static const char *reason_w20(const wbuf_t *w)
{
    static base_diag_t d;
    memset(&d, 0, sizeof d);
    bin_module_t *m = NULL;
    if (bin_decode_features(w->b, w->n, WASMCELL_FEATURES_2_0, &m, &d)) {
        bin_module_free(m);
        return "ok";
    }
    return d.reason;
}

/* A module: header plus `n` raw section bytes. */
static wbuf_t mod(const uint8_t *sections, size_t n)
{
    wbuf_t w = {.n = 0};
    put_header(&w);
    put(&w, sections, n);
    return w;
}
#define MOD(...) mod((const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

/* One function of type () -> () whose body (locals included) is given. */
static wbuf_t func_mod(const uint8_t *body, size_t n)
{
    wbuf_t w = MOD(0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00);
    w.b[w.n++] = 0x0A;
    put_u32(&w, (uint32_t)(n + 2));
    PUT(&w, 0x01);
    put_u32(&w, (uint32_t)n);
    put(&w, body, n);
    return w;
}
#define FUNC(...) func_mod((const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

static void test_decode_sample_fields(void)
{
    sample_t s;
    sample_build(&s);
    bin_module_t *m = NULL;
    base_diag_t d = {0};
    CHECK_MSG(bin_decode(s.w.b, s.w.n, &m, &d), "%s", d.message);
    CHECK(m->size == s.w.n && m->bytes != s.w.b && memcmp(m->bytes, s.w.b, s.w.n) == 0);
    CHECK(m->ntypes == 3);
    CHECK(m->types[2].nparams == 2 && m->types[2].params[0] == VT_I32 && m->types[2].params[1] == VT_I64);
    CHECK(m->types[2].nresults == 2 && m->types[2].results[1] == VT_V128);
    CHECK(m->nimports == 3);
    CHECK_STR(m->imports[0].module, "env");
    CHECK_STR(m->imports[1].name, "t");
    CHECK(m->imports[1].kind == EXT_TABLE && m->imports[1].desc.table.elem_type == VT_FUNCREF);
    CHECK(m->imports[1].desc.table.limits.min == 1 && !m->imports[1].desc.table.limits.has_max);
    CHECK(m->imports[2].kind == EXT_GLOBAL && !m->imports[2].desc.global.mutable_);
    CHECK(m->nfuncs == 3 && m->nfunc_imports == 1);
    CHECK(m->func_type_idxs[0] == 1 && m->func_type_idxs[1] == 0 && m->func_type_idxs[2] == 1);
    CHECK(bin_func_type(m, 2)->nparams == 1);
    CHECK(m->ntables == 2 && m->ntable_imports == 1 && m->tables[1].elem_type == VT_EXTERNREF);
    CHECK(m->nmemories == 1 && m->nmemory_imports == 0);
    CHECK(m->memories[0].limits.has_max && m->memories[0].limits.max == 1);
    CHECK(m->nglobals == 3 && m->nglobal_imports == 1);
    CHECK(m->global_types[1].type == VT_I64 && m->global_types[1].mutable_);
    CHECK(m->globals[0].init.size == 3 && m->globals[0].init.code[0] == 0x42);
    CHECK(m->globals[0].init.code[2] == 0x0B);
    CHECK(m->globals[1].type.type == VT_FUNCREF && m->globals[1].init.code == m->bytes + m->globals[1].init.offset);
    CHECK(m->nexports == 2);
    CHECK_STR(m->exports[0].name, "main");
    CHECK(m->exports[1].kind == EXT_MEMORY && m->exports[1].idx == 0);
    CHECK(m->has_start && m->start_func_idx == 1);

    CHECK(m->nelems == 8);
    static const uint8_t modes[8] = {SEG_ACTIVE, SEG_PASSIVE, SEG_ACTIVE, SEG_DECLARATIVE,
                                     SEG_ACTIVE, SEG_PASSIVE, SEG_ACTIVE, SEG_DECLARATIVE};
    /* Function indices are (ref func) in 3.0 (function references). */
    static const bin_valtype_t types[8] = {VT_FUNCREF | VT_NONNULL, VT_FUNCREF | VT_NONNULL,
                                           VT_FUNCREF | VT_NONNULL, VT_FUNCREF | VT_NONNULL,
                                           VT_FUNCREF, VT_EXTERNREF, VT_EXTERNREF, VT_FUNCREF};
    for (int i = 0; i < 8; i++) {
        const bin_elem_t *e = &m->elems[i];
        CHECK_MSG(e->mode == modes[i] && e->elem_type == types[i], "segment %d", i);
        CHECK_MSG((e->func_idxs != NULL) == (i < 4) && (e->exprs != NULL) == (i >= 4), "segment %d", i);
    }
    CHECK(m->elems[0].count == 2 && m->elems[0].func_idxs[1] == 2 && m->elems[0].offset.size == 3);
    CHECK(m->elems[2].table_idx == 0 && m->elems[2].offset.code[1] == 1);
    CHECK(m->elems[6].table_idx == 1);
    CHECK(m->elems[7].count == 2 && m->elems[7].exprs[1].code[0] == 0xD0);

    CHECK(m->has_data_count && m->data_count == 2 && m->ndatas == 2);
    CHECK(m->datas[0].mode == SEG_ACTIVE && m->datas[0].size == 2 && memcmp(m->datas[0].bytes, "hi", 2) == 0);
    CHECK(m->datas[1].mode == SEG_PASSIVE && m->datas[1].size == 3 && memcmp(m->datas[1].bytes, "xyz", 3) == 0);

    const bin_func_t *f1 = &m->funcs[0], *f2 = &m->funcs[1];
    CHECK(f1->type_idx == 0 && f1->nlocals == 3);
    CHECK(f1->local_types[0] == VT_I32 && f1->local_types[1] == VT_I32 && f1->local_types[2] == VT_F64);
    CHECK(f1->body == m->bytes + f1->body_offset && f1->body[0] == 0x02);
    CHECK(f1->body[f1->body_size - 1] == 0x0B);
    CHECK(f2->nlocals == 0 && f2->body_size == 9 && f2->body[0] == 0x20);

    CHECK(m->ncustoms == 2);
    CHECK_STR(m->customs[0].name, "hello");
    CHECK(m->customs[0].size == 3 && m->customs[0].bytes[2] == 3);
    CHECK_STR(m->module_name, "sample");
    CHECK(m->func_names && m->func_names[0] == NULL);
    CHECK_STR(m->func_names[1], "start");
    CHECK_STR(m->func_names[2], "add");
    bin_module_free(m);
    bin_module_free(NULL);
}

static void test_decode_header(void)
{
    CHECK_STR(reason_of(NULL, 0), "unexpected end of section or function");
    CHECK_STR(reason_of((const uint8_t *)"\0as", 3), "unexpected end of section or function");
    CHECK_STR(reason_of((const uint8_t *)"\0asm\1\0\0", 7), "unexpected end of section or function");
    CHECK_STR(reason_of((const uint8_t *)"\0ASM\1\0\0\0", 8), "magic header not detected");
    CHECK_STR(reason_of((const uint8_t *)"asm\0\1\0\0\0", 8), "magic header not detected");
    CHECK_STR(reason_of((const uint8_t *)"\0asm\2\0\0\0", 8), "unknown binary version");
    CHECK_STR(reason_of((const uint8_t *)"\0asm\x0d\0\1\0", 8), "unknown binary version");
    CHECK_STR(reason_of((const uint8_t *)"\0asm\1\0\0\0", 8), "ok");
}

static void test_decode_section_ids(void)
{
    wbuf_t w = MOD(0x0E, 0x00);
    CHECK_STR(reason_w(&w), "malformed section id");
    w = MOD(0x0D, 0x01, 0x00); /* an empty tag section (exception handling) */
    CHECK_STR(reason_w(&w), "ok");
    w = MOD(0x7F, 0x00);
    CHECK_STR(reason_w(&w), "malformed section id");
    w = MOD(0x0C, 0x01, 0x00); /* data count 0, no data section */
    CHECK_STR(reason_w(&w), "ok");
}

static void test_decode_section_order(void)
{
    /* type after function */
    wbuf_t w = MOD(0x03, 0x01, 0x00, 0x01, 0x01, 0x00);
    CHECK_STR(reason_w(&w), "unexpected content after last section");
    /* the same section twice */
    w = MOD(0x01, 0x01, 0x00, 0x01, 0x01, 0x00);
    CHECK_STR(reason_w(&w), "unexpected content after last section");
    /* data count after code */
    w = MOD(0x0A, 0x01, 0x00, 0x0C, 0x01, 0x00);
    CHECK_STR(reason_w(&w), "unexpected content after last section");
    /* data count before code, after element */
    w = MOD(0x09, 0x01, 0x00, 0x0C, 0x01, 0x00, 0x0A, 0x01, 0x00);
    CHECK_STR(reason_w(&w), "ok");
    /* data count before element */
    w = MOD(0x0C, 0x01, 0x00, 0x09, 0x01, 0x00);
    CHECK_STR(reason_w(&w), "unexpected content after last section");
    /* custom sections anywhere, repeated */
    w = MOD(0x00, 0x02, 0x01, 'a', 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x03, 0x01, 0x00, 0x00, 0x02, 0x01, 'a');
    CHECK_STR(reason_w(&w), "ok");
}

static void test_decode_section_sizes(void)
{
    /* type section declares 2 bytes but its content takes 1 */
    wbuf_t w = MOD(0x01, 0x02, 0x00, 0x00);
    CHECK_STR(reason_w(&w), "section size mismatch");
    /* content longer than declared */
    w = MOD(0x01, 0x03, 0x01, 0x60, 0x00, 0x00);
    CHECK_STR(reason_w(&w), "section size mismatch");
    /* size beyond the end of the module */
    w = MOD(0x01, 0x09, 0x01, 0x60, 0x00, 0x00);
    CHECK_STR(reason_w(&w), "length out of bounds");
    /* vector count beyond the end */
    w = MOD(0x01, 0x02, 0x7F, 0x60);
    CHECK_STR(reason_w(&w), "length out of bounds");
    /* section size over-long LEB */
    w = MOD(0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
    CHECK_STR(reason_w(&w), "integer representation too long");
    w = MOD(0x01, 0x80, 0x80, 0x80, 0x80, 0x10);
    CHECK_STR(reason_w(&w), "integer too large");
    /* custom section whose name runs past its size */
    w = MOD(0x00, 0x01, 0x05, 'a', 'b', 'c', 'd', 'e');
    CHECK_STR(reason_w(&w), "unexpected end of section or function");
    w = MOD(0x00, 0x00);
    CHECK_STR(reason_w(&w), "unexpected end of section or function");
}

static void test_decode_counts(void)
{
    /* a function without a body */
    wbuf_t w = MOD(0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00);
    CHECK_STR(reason_w(&w), "function and code section have inconsistent lengths");
    /* a body without a function */
    w = MOD(0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B);
    CHECK_STR(reason_w(&w), "function and code section have inconsistent lengths");
    /* data count 1, no data */
    w = MOD(0x0C, 0x01, 0x01);
    CHECK_STR(reason_w(&w), "data count and data section have inconsistent lengths");
    /* data count 0, one data segment */
    w = MOD(0x05, 0x03, 0x01, 0x00, 0x01, 0x0C, 0x01, 0x00, 0x0B, 0x04, 0x01, 0x01, 0x01, 'x');
    CHECK_STR(reason_w(&w), "data count and data section have inconsistent lengths");
}

static void test_decode_data_count_required(void)
{
    /* data.drop 0 without a data count section, and no data segments at
     * all: decoding leaves it to validation ("unknown data segment"), as
     * the spec suite's memory_init.wast expects of wast2json output */
    wbuf_t w = FUNC(0x00, 0xFC, 0x09, 0x00, 0x0B);
    CHECK_STR(reason_w(&w), "ok");
    /* with a data segment present, the data count section is required */
    w = MOD(0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00,
            0x01, 0x0A, 0x07, 0x01, 0x05, 0x00, 0xFC, 0x09, 0x00, 0x0B, 0x0B, 0x04, 0x01, 0x01,
            0x01, 'x');
    CHECK_STR(reason_w(&w), "data count section required");
    /* memory.init 0, likewise */
    w = FUNC(0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x0B);
    CHECK_STR(reason_w(&w), "ok");
    /* memory.copy needs no data count */
    w = FUNC(0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0A, 0x00, 0x00, 0x0B);
    CHECK_STR(reason_w(&w), "ok");
}

static void test_decode_locals(void)
{
    wbuf_t w = FUNC(0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7E, 0x0B);
    CHECK_STR(reason_w(&w), "too many locals");
    w = FUNC(0x04, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7F, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7E,
             0x80, 0x80, 0x80, 0x80, 0x04, 0x7D, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7C, 0x0B);
    CHECK_STR(reason_w(&w), "too many locals");
    /* valid by the spec but above the implementation limit (50000 per
     * function): rejected as malformed too, never "unsupported" */
    w = FUNC(0x01, 0x80, 0x80, 0x80, 0x80, 0x01, 0x7F, 0x0B);
    base_diag_t d = {0};
    bin_module_t *m;
    CHECK(!bin_decode(w.b, w.n, &m, &d) && d.status == WASMCELL_ERR_MALFORMED);
    CHECK_STR(reason_w(&w), "too many locals");
    w = FUNC(0x01, 0xD1, 0x86, 0x03, 0x7F, 0x0B); /* 50001 */
    CHECK_STR(reason_w(&w), "too many locals");
    w = FUNC(0x01, 0xD0, 0x86, 0x03, 0x7F, 0x0B); /* 50000: at the limit */
    CHECK_STR(reason_w(&w), "ok");
    w = FUNC(0x02, 0x03, 0x7F, 0x00, 0x7E, 0x0B); /* an empty group is fine */
    CHECK_STR(reason_w(&w), "ok");
    w = FUNC(0x01, 0x01, 0x40, 0x0B);
    CHECK_STR(reason_w(&w), "malformed reference type");
}

static void test_decode_bodies(void)
{
    wbuf_t w = FUNC(0x00, 0x0B);
    CHECK_STR(reason_w(&w), "ok");
    w = FUNC(0x00, 0xFF, 0x0B);
    CHECK_STR(reason_w(&w), "illegal opcode");
    w = FUNC(0x00, 0x14, 0x00, 0x0B); /* call_ref 0: typed function references decode */
    CHECK_STR(reason_w(&w), "ok");
    CHECK_STR(reason_w20(&w), "illegal opcode");
    w = FUNC(0x00, 0xD3, 0x0B); /* ref.eq: GC, not here */
    CHECK_STR(reason_w(&w), "illegal opcode");
    w = FUNC(0x00, 0xFC, 0x12, 0x0B);
    CHECK_STR(reason_w(&w), "illegal opcode");
    w = FUNC(0x00, 0xFD, 0x9A, 0x01, 0x0B);
    CHECK_STR(reason_w(&w), "illegal opcode");
    /* memory.grow's reserved byte (2.0; a memory index in 3.0) */
    w = FUNC(0x00, 0x41, 0x00, 0x40, 0x01, 0x1A, 0x0B);
    CHECK_STR(reason_w20(&w), "zero byte expected");
    CHECK_STR(reason_w(&w), "ok");
    w = FUNC(0x00, 0x3F, 0x80, 0x00, 0x1A, 0x0B);
    CHECK_STR(reason_w20(&w), "zero byte expected");
    CHECK_STR(reason_w(&w), "ok");
    /* alignment exponent 32: malformed in 2.0, invalid (later) in 3.0;
     * flags of 128 and more are malformed in both */
    w = FUNC(0x00, 0x41, 0x00, 0x28, 0x20, 0x00, 0x1A, 0x0B);
    CHECK_STR(reason_w20(&w), "malformed memop flags");
    CHECK_STR(reason_w(&w), "ok");
    w = FUNC(0x00, 0x41, 0x00, 0x28, 0x80, 0x01, 0x00, 0x1A, 0x0B);
    CHECK_STR(reason_w(&w), "malformed memop flags");
    w = FUNC(0x00, 0x41, 0x00, 0x28, 0x1F, 0x00, 0x1A, 0x0B); /* malformed? no: invalid, later */
    CHECK_STR(reason_w(&w), "ok");
    /* i32.const with an over-long immediate */
    w = FUNC(0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1A, 0x0B);
    CHECK_STR(reason_w(&w), "integer representation too long");
    w = FUNC(0x00, 0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x4F, 0x1A, 0x0B);
    CHECK_STR(reason_w(&w), "integer too large");
    /* missing end: the next byte is the end of the module */
    w = FUNC(0x00, 0x01);
    CHECK_STR(reason_w(&w), "unexpected end of section or function");
    /* else outside if, and a second else */
    w = FUNC(0x00, 0x05, 0x0B);
    CHECK_STR(reason_w(&w), "END opcode expected");
    w = FUNC(0x00, 0x02, 0x40, 0x05, 0x0B, 0x0B);
    CHECK_STR(reason_w(&w), "END opcode expected");
    w = FUNC(0x00, 0x41, 0x00, 0x04, 0x40, 0x05, 0x05, 0x0B, 0x0B);
    CHECK_STR(reason_w(&w), "END opcode expected");
    w = FUNC(0x00, 0x41, 0x00, 0x04, 0x40, 0x05, 0x0B, 0x0B);
    CHECK_STR(reason_w(&w), "ok");
    /* a body that ends before its declared size */
    w = FUNC(0x00, 0x0B, 0x01);
    CHECK_STR(reason_w(&w), "section size mismatch");
    /* block types: type index, empty, value type, negative */
    w = FUNC(0x00, 0x02, 0x00, 0x0B, 0x0B);
    CHECK_STR(reason_w(&w), "ok");
    w = FUNC(0x00, 0x02, 0x7B, 0x0B, 0x0B);
    CHECK_STR(reason_w(&w), "ok");
    w = FUNC(0x00, 0x02, 0x60, 0x0B, 0x0B);
    CHECK_STR(reason_w(&w), "malformed reference type");
    /* select t with a bad type, ref.null with a non-reference type */
    w = FUNC(0x00, 0x1C, 0x01, 0x40, 0x0B);
    CHECK_STR(reason_w(&w), "malformed reference type");
    w = FUNC(0x00, 0xD0, 0x7F, 0x1A, 0x0B);
    CHECK_STR(reason_w(&w), "malformed reference type");
    /* br_table with a count beyond the end */
    w = FUNC(0x00, 0x41, 0x00, 0x0E, 0x7F, 0x00, 0x0B);
    CHECK_STR(reason_w(&w), "length out of bounds");
}

static void test_decode_types_and_limits(void)
{
    wbuf_t w = MOD(0x01, 0x04, 0x01, 0x61, 0x00, 0x00);
    CHECK_STR(reason_w(&w), "malformed function type");
    w = MOD(0x01, 0x05, 0x01, 0x60, 0x01, 0x7A, 0x00);
    CHECK_STR(reason_w(&w), "malformed reference type");
    w = MOD(0x01, 0x05, 0x01, 0x60, 0x01, 0xFF, 0x00);
    CHECK_STR(reason_w(&w), "integer representation too long");
    w = MOD(0x05, 0x03, 0x01, 0x02, 0x00);
    CHECK_STR(reason_w(&w), "integer too large");
    w = MOD(0x05, 0x04, 0x01, 0x80, 0x00, 0x00);
    CHECK_STR(reason_w(&w), "integer representation too long");
    /* a 2^32 minimum: too large for 2.0's u32; 3.0 reads a u64 and leaves
     * the range to validation */
    w = MOD(0x05, 0x07, 0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10);
    CHECK_STR(reason_w20(&w), "integer too large");
    CHECK_STR(reason_w(&w), "ok");
    w = MOD(0x04, 0x04, 0x01, 0x7F, 0x00, 0x00);
    CHECK_STR(reason_w(&w), "malformed reference type");
    w = MOD(0x06, 0x06, 0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B);
    CHECK_STR(reason_w(&w), "malformed mutability");
    w = MOD(0x02, 0x06, 0x01, 0x00, 0x00, 0x05, 0x00, 0x00); /* 4 is a tag */
    CHECK_STR(reason_w(&w), "malformed import kind");
    w = MOD(0x07, 0x04, 0x01, 0x00, 0x05, 0x00);
    CHECK_STR(reason_w(&w), "malformed export kind");
    w = MOD(0x02, 0x06, 0x01, 0x00, 0x00, 0x04, 0x01, 0x00);
    CHECK_STR(reason_w(&w), "malformed tag attribute");
}

static void test_decode_segments(void)
{
    wbuf_t w = MOD(0x09, 0x01, 0x01, 0x08);
    CHECK_STR(reason_w(&w), "malformed elements segment kind");
    w = MOD(0x09, 0x04, 0x01, 0x01, 0x01, 0x00);
    CHECK_STR(reason_w(&w), "malformed element kind");
    w = MOD(0x09, 0x07, 0x01, 0x05, 0x7F, 0x01, 0xD2, 0x00, 0x0B);
    CHECK_STR(reason_w(&w), "malformed reference type");
    w = MOD(0x0B, 0x02, 0x01, 0x03);
    CHECK_STR(reason_w(&w), "malformed data segment kind");
    /* data bytes beyond the end */
    w = MOD(0x0B, 0x04, 0x01, 0x01, 0x05, 'x');
    CHECK_STR(reason_w(&w), "length out of bounds");
    /* a constant expression without its end */
    w = MOD(0x06, 0x04, 0x01, 0x7F, 0x00, 0x41);
    CHECK_STR(reason_w(&w), "unexpected end of section or function");
}

static void test_decode_utf8_names(void)
{
    wbuf_t w = MOD(0x07, 0x05, 0x01, 0x01, 0x80, 0x00, 0x00);
    CHECK_STR(reason_w(&w), "malformed UTF-8 encoding");
    w = MOD(0x02, 0x07, 0x01, 0x01, 0xC0, 0x01, 'f', 0x00, 0x00);
    CHECK_STR(reason_w(&w), "malformed UTF-8 encoding");
    w = MOD(0x02, 0x07, 0x01, 0x01, 'm', 0x01, 0xFF, 0x00, 0x00);
    CHECK_STR(reason_w(&w), "malformed UTF-8 encoding");
    w = MOD(0x00, 0x03, 0x02, 0xED, 0xA0);
    CHECK_STR(reason_w(&w), "malformed UTF-8 encoding");
    /* names may hold NUL; lengths are kept */
    w = MOD(0x07, 0x06, 0x01, 0x02, 'a', 0x00, 0x03, 0x00);
    bin_module_t *m;
    base_diag_t d = {0};
    CHECK(bin_decode(w.b, w.n, &m, &d));
    CHECK(m->exports[0].name_len == 2 && m->exports[0].name[1] == 0);
    bin_module_free(m);
}

static void test_decode_name_section_malformed_is_ignored(void)
{
    /* "name" custom section with a truncated subsection */
    wbuf_t w = MOD(0x00, 0x08, 0x04, 'n', 'a', 'm', 'e', 0x00, 0x09, 0x01);
    bin_module_t *m;
    base_diag_t d = {0};
    CHECK(bin_decode(w.b, w.n, &m, &d));
    CHECK(m->module_name == NULL && m->func_names == NULL && m->ncustoms == 1);
    bin_module_free(m);
}

/* A "name" custom section with the given subsection bytes, after an
 * imported function and one defined function. */
static bin_module_t *decode_names(const uint8_t *subsections, size_t n)
{
    wbuf_t w = MOD(0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
                   0x02, 0x07, 0x01, 0x01, 'e', 0x01, 'f', 0x00, 0x00,
                   0x03, 0x02, 0x01, 0x00,
                   0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B);
    wbuf_t c = {.n = 0};
    put_name(&c, "name");
    put(&c, subsections, n);
    put_section(&w, 0, &c);
    bin_module_t *m = NULL;
    base_diag_t d = {0};
    CHECK_MSG(bin_decode(w.b, w.n, &m, &d), "%s", d.message);
    return m;
}
#define NAMES(...) decode_names((const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

static void test_decode_name_section_forms(void)
{
    /* function names cover imports; unknown subsections (2: locals) are skipped */
    bin_module_t *m = NAMES(0x02, 0x03, 0x01, 0x00, 0x00,
                            0x01, 0x07, 0x02, 0x00, 0x01, 'i', 0x01, 0x01, 'd');
    CHECK(m->module_name == NULL && m->func_names);
    CHECK_STR(m->func_names[0], "i");
    CHECK_STR(m->func_names[1], "d");
    bin_module_free(m);
    /* an index out of range is ignored; a repeated one keeps the first */
    m = NAMES(0x01, 0x0A, 0x03, 0x05, 0x01, 'x', 0x01, 0x01, 'a', 0x01, 0x01, 'b');
    CHECK(m->func_names && m->func_names[0] == NULL);
    CHECK_STR(m->func_names[1], "a");
    bin_module_free(m);
    /* a name that is not UTF-8 drops the whole name section */
    m = NAMES(0x00, 0x02, 0x01, 'm', 0x01, 0x04, 0x01, 0x00, 0x01, 0xFF);
    CHECK(m->module_name == NULL && m->func_names == NULL);
    bin_module_free(m);
    /* module name only */
    m = NAMES(0x00, 0x03, 0x02, 'm', 'n');
    CHECK_STR(m->module_name, "mn");
    CHECK(m->func_names == NULL);
    bin_module_free(m);
}

static void test_decode_diag_context(void)
{
    wbuf_t w = FUNC(0x00, 0x01, 0xFF, 0x0B);
    bin_module_t *m;
    base_diag_t d = {0};
    CHECK(!bin_decode(w.b, w.n, &m, &d));
    CHECK(d.status == WASMCELL_ERR_MALFORMED);
    CHECK_MSG(strstr(d.message, "section 10 (code)") && strstr(d.message, "function 0") &&
              strstr(d.message, "illegal opcode"), "%s", d.message);
    CHECK(d.offset == w.n - 2);
}

int main(void)
{
    RUN(test_decode_sample_fields);
    RUN(test_decode_header);
    RUN(test_decode_section_ids);
    RUN(test_decode_section_order);
    RUN(test_decode_section_sizes);
    RUN(test_decode_counts);
    RUN(test_decode_data_count_required);
    RUN(test_decode_locals);
    RUN(test_decode_bodies);
    RUN(test_decode_types_and_limits);
    RUN(test_decode_segments);
    RUN(test_decode_utf8_names);
    RUN(test_decode_name_section_malformed_is_ignored);
    RUN(test_decode_name_section_forms);
    RUN(test_decode_diag_context);
    return 0;
}
