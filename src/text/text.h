/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* text.h — internals of the WebAssembly text format layer: the lexer's
 * tokens, byte buffers with LEB128 writers, literal parsing, and the
 * module encoder (text -> binary format bytes) used by the script reader.
 *
 * The text layer produces binary format bytes, not a module description:
 * the one decoder + validator then judge every module, so verdicts (and
 * malformed-vs-invalid) are the same as for .wasm input. */
#ifndef TEXT_TEXT_H
#define TEXT_TEXT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- byte buffers --------------------------------------------------------- */

typedef struct txt_buf {
    uint8_t *data;
    size_t len, cap;
    bool oom; /* sticky: an allocation failed, contents incomplete */
} txt_buf_t;

void txt_buf_fini(txt_buf_t *b);
void txt_buf_byte(txt_buf_t *b, uint8_t v);
void txt_buf_bytes(txt_buf_t *b, const void *p, size_t n);
void txt_buf_u64(txt_buf_t *b, uint64_t v); /* unsigned LEB128 */
void txt_buf_s64(txt_buf_t *b, int64_t v);  /* signed LEB128 */
void txt_buf_name(txt_buf_t *b, const void *p, size_t n); /* vec(byte) */
/* A section: id, size, contents (skipped when `always` is false and count is 0). */
void txt_buf_section(txt_buf_t *out, uint8_t id, uint32_t count, const txt_buf_t *body, bool always);

/* Allocation failures seen by this thread so far (a count: compare it
 * before and after an operation). Every out-of-memory path notes one, so
 * a result built while one happened is reported as WASMCELL_ERR_NOMEM. */
unsigned long txt_oom_count(void);
void txt_oom_note(void);

/* ---- tokens ---------------------------------------------------------------- */

typedef enum txt_tok_kind {
    TK_EOF,
    TK_LPAREN,
    TK_RPAREN,
    TK_KEYWORD,  /* starts with a-z: keywords, nan, inf, offset=4 */
    TK_NUM,      /* starts with a digit or a sign */
    TK_ID,       /* $name or $"quoted" */
    TK_STRING,
    TK_RESERVED, /* any other idchar run */
} txt_tok_kind_t;

typedef struct txt_tok {
    txt_tok_kind_t kind;
    uint32_t line, col;
    const char *text; /* raw source text */
    uint32_t len;
    uint32_t match;   /* TK_LPAREN: index of the matching TK_RPAREN */
    const char *name; /* TK_ID: the name without '$' (decoded when quoted) */
    uint32_t name_len;
} txt_tok_t;

typedef struct txt_lexed {
    txt_tok_t *toks; /* ends with TK_EOF */
    size_t count;
    char **owned;    /* decoded quoted ids */
    size_t nowned;
} txt_lexed_t;

/* Tokenizes text[0..len). false with "line:col: reason" in err on a lexical
 * error (unknown character, bad string, unterminated comment, unbalanced
 * parentheses). Annotations (@name ...) and comments are dropped. */
bool txt_lex(const char *text, size_t len, txt_lexed_t *out, char *err, size_t err_size);
void txt_lexed_fini(txt_lexed_t *lx);

bool txt_tok_is(const txt_tok_t *t, const char *keyword);

/* ---- literals ----------------------------------------------------------------- */

/* Decodes a TK_STRING token's escapes, appending the bytes to out. */
void txt_string_decode(const txt_tok_t *t, txt_buf_t *out);
/* Unsigned integer (decimal or 0x hex, underscores between digits) below 2^bits. */
bool txt_parse_uint(const txt_tok_t *t, unsigned bits, uint64_t *out);
/* iN: signed or unsigned, the bit pattern in the low `bits` bits. */
bool txt_parse_int(const txt_tok_t *t, unsigned bits, uint64_t *out);
bool txt_parse_f32(const txt_tok_t *t, uint32_t *bits);
bool txt_parse_f64(const txt_tok_t *t, uint64_t *bits);
/* Reason for the last failed number parse (range or syntax). */
const char *txt_number_error(const txt_tok_t *t);

/* ---- encoding a module ----------------------------------------------------------- */

typedef struct txt_result {
    uint8_t *bytes; /* owned (malloc) on success */
    size_t size;
    int status;     /* a wasmcell_status_t: 0, MALFORMED or NOMEM */
    char message[512];
} txt_result_t;

/* Encodes the module fields in toks[begin..end) (the inside of a
 * `(module ...)` after its optional $id, or a whole file of fields). */
void txt_encode_module(const txt_lexed_t *lx, size_t begin, size_t end, txt_result_t *res);
/* Whole text: `(module $id? field*)` or bare fields. */
void txt_wat_to_wasm(const char *text, size_t len, txt_result_t *res);

#endif
