/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* parse.h — the module encoder's shared state: token cursor, index spaces
 * (names from $ids), types known so far, section buffers, the current
 * function's locals and labels. Used by module.c, types.c and instr.c. */
#ifndef TEXT_PARSE_H
#define TEXT_PARSE_H
#include "text.h"

enum { SP_TYPE, SP_FUNC, SP_TABLE, SP_MEM, SP_GLOBAL, SP_TAG, SP_ELEM, SP_DATA, SP_COUNT };

typedef struct txt_name {
    const char *s; /* NULL: no $id */
    uint32_t n;
} txt_name_t;

typedef struct txt_names {
    txt_name_t *v;
    uint32_t len, cap;
    uint32_t *hash; /* index + 1 by name, once the list is long; NULL: linear search */
    uint32_t hash_cap;
} txt_names_t;

typedef struct txt_type {
    uint8_t kind;       /* 0x60 func, 0x5F struct, 0x5E array */
    bool plain;         /* a singleton, final, supertype-less func: typeuse may reuse it */
    txt_buf_t sig;      /* func: vec(param) vec(result) as encoded */
    uint32_t nparams;
    txt_names_t fields; /* struct: field names */
} txt_type_t;

enum {
    SEC_CUSTOM, SEC_TYPE, SEC_IMPORT, SEC_FUNC, SEC_TABLE, SEC_MEM, SEC_GLOBAL, SEC_EXPORT,
    SEC_START, SEC_ELEM, SEC_CODE, SEC_DATA, SEC_DATACOUNT, SEC_TAG, SEC_COUNT
};

typedef struct txt_parser {
    const txt_tok_t *t; /* tokens */
    size_t pos, end;
    bool failed;
    char msg[512];
    txt_names_t names[SP_COUNT];
    txt_type_t *types;
    uint32_t ntypes, types_cap;
    txt_buf_t sec[SEC_COUNT];
    uint32_t count[SEC_COUNT];
    bool seen_definition; /* a func/table/memory/global/tag defined (imports must precede) */
    bool has_start, uses_data_idx;
    uint8_t *mem_is64, *table_is64; /* per index, for inline data/elem offsets */
    uint32_t nfuncs_defined;
    /* the function being encoded */
    txt_names_t locals;
    txt_names_t labels; /* innermost last */
    txt_buf_t func_names, local_names;
    uint32_t nfunc_names, nlocal_funcs;
    const char *module_name;
    uint32_t module_name_len;
    uint32_t depth; /* nesting of instructions: bounded, the parser recurses */
} txt_parser_t;

/* Deeper nesting is refused (the C stack of a recursive parser is finite). */
#define TXT_MAX_DEPTH 2000

/* ---- cursor ---- */
static inline const txt_tok_t *txt_cur(const txt_parser_t *p) { return &p->t[p->pos]; }
static inline const txt_tok_t *txt_peek(const txt_parser_t *p, size_t k)
{
    size_t i = p->pos + k;
    return i < p->end ? &p->t[i] : &p->t[p->end];
}
bool txt_fail(txt_parser_t *p, const txt_tok_t *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Fails with "unexpected token X, expected <what>". */
bool txt_expected(txt_parser_t *p, const char *what);
bool txt_at_kw(const txt_parser_t *p, const char *kw);       /* keyword at the cursor */
bool txt_at_lparen_kw(const txt_parser_t *p, const char *kw); /* "(" kw */
bool txt_expect_kw(txt_parser_t *p, const char *kw);
bool txt_expect_lparen(txt_parser_t *p);
bool txt_expect_rparen(txt_parser_t *p);
/* Index in `space`: a u32 or a $id known in that space. */
bool txt_at_idx(const txt_parser_t *p);
bool txt_parse_idx(txt_parser_t *p, int space, uint32_t *out);
bool txt_resolve(txt_parser_t *p, const txt_names_t *names, const txt_tok_t *t, const char *what,
                 uint32_t *out);
bool txt_parse_u32(txt_parser_t *p, uint32_t *out);
bool txt_parse_u64(txt_parser_t *p, uint64_t *out);
/* One or more strings, appended. */
bool txt_parse_strings(txt_parser_t *p, txt_buf_t *out, bool at_least_one);
/* An optional $id: consumed and stored (n = 0 / s = NULL when absent). */
txt_name_t txt_opt_id(txt_parser_t *p);

const char *txt_space_name(int space); /* "function", "table", ... */
bool txt_names_push(txt_names_t *ns, txt_name_t name);
void txt_names_fini(txt_names_t *ns);
void txt_names_clear(txt_names_t *ns);
int64_t txt_names_find(const txt_names_t *ns, const char *s, uint32_t n);

/* ---- types.c ---- */
bool txt_at_valtype(const txt_parser_t *p);
bool txt_valtype(txt_parser_t *p, txt_buf_t *out);
bool txt_heaptype(txt_parser_t *p, txt_buf_t *out);
bool txt_reftype(txt_parser_t *p, txt_buf_t *out);
/* `(type x)? (param ..)* (result ..)*`: the type index, adding an implicit
 * function type when no existing one matches. param_names (may be NULL)
 * receives one entry per parameter. */
bool txt_typeuse(txt_parser_t *p, uint32_t *type_idx, txt_names_t *param_names);
/* Block type: 0x40, a value type, or an s33 type index. */
bool txt_blocktype(txt_parser_t *p, txt_buf_t *out);
/* `(type ...)` or `(rec ...)` at the cursor: encodes into the type section. */
bool txt_type_field(txt_parser_t *p);
/* Struct field of type_idx by name or number. */
bool txt_parse_field_idx(txt_parser_t *p, uint32_t type_idx, uint32_t *out);

/* ---- instr.c ---- */
/* Instructions until ")" or a block terminator (end/else/catch/delegate). */
bool txt_instrs(txt_parser_t *p, txt_buf_t *out);
/* Instructions then the `end` opcode: a constant expression or a body. */
bool txt_expr(txt_parser_t *p, txt_buf_t *out);
bool txt_at_instr(const txt_parser_t *p);

#endif
