/* disasm.c — text form of internal code, for `wasmcell inspect --icode`
 * and for tests: one instruction per line, "  pos: NAME operands". */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "../base/alloc.h"
#include "compile.h"
#include "icode.h"

typedef struct strbuf { char *data; size_t len, cap; bool failed; } strbuf_t;

static void sb_printf(strbuf_t *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(strbuf_t *sb, const char *fmt, ...)
{
    if (sb->failed) return;
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (sb->len + (size_t)n + 1 > sb->cap) {
        size_t cap = sb->cap ? sb->cap : 1024;
        while (sb->len + (size_t)n + 1 > cap) cap *= 2;
        char *p = base_realloc(sb->data, cap);
        if (!p) { sb->failed = true; return; }
        sb->data = p;
        sb->cap = cap;
    }
    memcpy(sb->data + sb->len, tmp, (size_t)n + 1);
    sb->len += (size_t)n;
}

static int op_of(const void *const *handlers, uint64_t word)
{
    for (int i = 0; i < IC_COUNT_; i++)
        if ((uint64_t)(uintptr_t)handlers[i] == word) return i;
    return -1;
}

static void operands(strbuf_t *sb, int op, icode_format_t fmt, const uint64_t *ip)
{
    if (fmt == FMT_N) return; /* one word: nothing after the handler to read */
    uint64_t w = ip[1];
    switch (fmt) {
    case FMT_N: break;
    case FMT_D: sb_printf(sb, " s%u", ICODE_F0(w)); break;
    case FMT_DA: sb_printf(sb, " s%u, s%u", ICODE_F0(w), ICODE_F1(w)); break;
    case FMT_DAB: sb_printf(sb, " s%u, s%u, s%u", ICODE_F0(w), ICODE_F1(w), ICODE_F2(w)); break;
    case FMT_DABC:
        if ((op >= IC_I32_LOAD_X && op <= IC_I32_STORE16_X) ||
            (op >= IC_I32_LOAD_S2 && op <= IC_F64_STORE_S3)) /* fused address: offset */
            sb_printf(sb, " s%u, s%u, s%u, +%u", ICODE_F0(w), ICODE_F1(w), ICODE_F2(w), ICODE_F3(w));
        else
            sb_printf(sb, " s%u, s%u, s%u, s%u", ICODE_F0(w), ICODE_F1(w), ICODE_F2(w), ICODE_F3(w));
        break;
    case FMT_DA_I: case FMT_VA_I:
        sb_printf(sb, " s%u, s%u, +%u", ICODE_F0(w), ICODE_F1(w), ICODE_IMM(w));
        break;
    case FMT_D_I: case FMT_A_I: sb_printf(sb, " s%u, #%u", ICODE_F0(w), ICODE_IMM(w)); break;
    case FMT_BR: sb_printf(sb, " ->%+d", ICODE_REL(w)); break;
    case FMT_BR_C: sb_printf(sb, " s%u ->%+d", ICODE_F0(w), ICODE_REL(w)); break;
    case FMT_BR_AB: sb_printf(sb, " s%u, s%u ->%+d", ICODE_F0(w), ICODE_F1(w), ICODE_REL(w)); break;
    case FMT_BR_TABLE:
        sb_printf(sb, " s%u [", ICODE_F0(w));
        for (uint32_t i = 0; i <= ICODE_IMM(w); i++)
            sb_printf(sb, "%s%+d", i ? " " : "", ICODE_REL(ip[2 + i]));
        sb_printf(sb, "]");
        break;
    case FMT_CALL: sb_printf(sb, " args@s%u, func %u", ICODE_F0(w), ICODE_IMM(w)); break;
    case FMT_CALL_IND:
        sb_printf(sb, " args@s%u, s%u, sig %u, table %u", ICODE_F0(w), ICODE_F1(w), ICODE_IMM(w),
                  (uint32_t)ip[2]);
        break;
    case FMT_CALL_A:
        sb_printf(sb, " args@s%u, func %u (", ICODE_F0(w), ICODE_IMM(w));
        for (uint32_t i = 0; i < ICODE_F1(w) && i < 4; i++)
            sb_printf(sb, "%ss%u", i ? ", " : "", (uint32_t)(uint16_t)(ip[2] >> (16 * i)));
        sb_printf(sb, ")");
        break;
    case FMT_ADD_BR:
        sb_printf(sb, " s%u, s%u, s%u; s%u, s%u ->%+d", ICODE_F0(w), ICODE_F1(w), ICODE_F2(w),
                  ICODE_F3(w), ICODE_F0(ip[2]), ICODE_REL(ip[2]));
        break;
    case FMT_DAB_X:
        sb_printf(sb, " s%u, s%u, s%u, #%u, #%u", ICODE_F0(w), ICODE_F1(w), ICODE_F2(w),
                  (uint32_t)ip[2], (uint32_t)(ip[2] >> 32));
        break;
    }
}

char *cmp_disasm(const cmp_func_t *f, const void *const *handlers)
{
    strbuf_t sb = {0};
    sb_printf(&sb, "func[%u]: %u params, %u local slots, %u consts, %u frame slots\n", f->func_idx,
              f->nparams, f->nlocal_slots, f->nconsts, f->frame_slots);
    for (uint32_t i = 0; i < f->nconsts; i++)
        sb_printf(&sb, "  s%u = const 0x%llx\n", f->nlocal_slots + i,
                  (unsigned long long)f->consts[i]);
    uint32_t pos = 0;
    while (pos < f->code_words && !sb.failed) {
        const uint64_t *ip = f->code + pos;
        int op = op_of(handlers, ip[0]);
        if (op < 0) {
            sb_printf(&sb, "  %4u: ??? 0x%llx\n", pos, (unsigned long long)ip[0]);
            pos++;
            continue;
        }
        icode_format_t fmt = icode_info[op].format;
        sb_printf(&sb, "  %4u: %s", pos, icode_info[op].name);
        operands(&sb, op, fmt, ip);
        sb_printf(&sb, "\n");
        pos += icode_format_words(fmt) + (fmt == FMT_BR_TABLE ? ICODE_IMM(ip[1]) + 1 : 0);
    }
    if (sb.failed) {
        base_free(sb.data);
        return NULL;
    }
    return sb.data;
}
