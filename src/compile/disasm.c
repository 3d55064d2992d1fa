/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* disasm.c — text form of internal code, for `wasmcell inspect --icode`
 * and for tests: one instruction per line, "  pos: NAME operands". */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "../base/alloc.h"
#include "compile.h"
#include "icode.h"
#include "../binary/instr.h"

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

static int op_of(const uint16_t *offsets, uint64_t word)
{
    for (int i = 0; i < IC_COUNT_; i++)
        if (offsets[i] == ICODE_HANDLER(word)) return i;
    return -1;
}

#define F(k) icode_field(ip, (k))

static void operands(strbuf_t *sb, int op, icode_format_t fmt, const uint64_t *ip)
{
    switch (fmt) {
    case FMT_N: break;
    case FMT_D: sb_printf(sb, " s%u", F(0)); break;
    case FMT_DA: sb_printf(sb, " s%u, s%u", F(0), F(1)); break;
    case FMT_DAB: sb_printf(sb, " s%u, s%u, s%u", F(0), F(1), F(2)); break;
    case FMT_DABC:
        op = icode_guarded_twin((icode_op_t)op);
        if ((op >= IC_I32_LOAD_X && op <= IC_I32_STORE16_X) ||
            (op >= IC_I32_LOAD_S2 && op <= IC_F64_STORE_S3)) /* fused address: offset */
            sb_printf(sb, " s%u, s%u, s%u, +%u", F(0), F(1), F(2), F(3));
        else
            sb_printf(sb, " s%u, s%u, s%u, s%u", F(0), F(1), F(2), F(3));
        break;
    case FMT_DA_O: case FMT_VA_O: sb_printf(sb, " s%u, s%u, +%u", F(0), F(1), F(2)); break;
    case FMT_DA_W:
        sb_printf(sb, " s%u, s%u, +%u (%s)", F(0), F(1), icode_imm1(ip),
                  F(2) < IC_COUNT_ ? icode_info[F(2)].name : "?");
        break;
    case FMT_D_I: case FMT_A_I: sb_printf(sb, " s%u, #%u", F(0), icode_imm0(ip)); break;
    case FMT_BR: sb_printf(sb, " ->%+d", ICODE_REL(ip[0])); break;
    case FMT_BR_C: sb_printf(sb, " s%u ->%+d", F(0), ICODE_REL(ip[0])); break;
    case FMT_BR_AB: sb_printf(sb, " s%u, s%u ->%+d", F(0), F(1), ICODE_REL(ip[1])); break;
    case FMT_BR_MOV: sb_printf(sb, " s%u, s%u ->%+d", F(0), F(1), ICODE_REL(ip[1])); break;
    case FMT_BR_TABLE:
        sb_printf(sb, " s%u [", F(0));
        for (uint32_t i = 0; i <= icode_imm0(ip); i++)
            sb_printf(sb, "%s%+d", i ? " " : "", ICODE_REL(ip[1 + i]));
        sb_printf(sb, "]");
        break;
    case FMT_CALL: sb_printf(sb, " args@s%u, func %u", F(0), icode_imm0(ip)); break;
    case FMT_CALL_A:
        sb_printf(sb, " args@s%u, func %u (s%u s%u s%u s%u)", F(0), icode_imm0(ip), F(3), F(4),
                  F(5), F(6));
        break;
    case FMT_CALL_IND:
        sb_printf(sb, " args@s%u, s%u, table %u, sig %u", F(0), F(1), F(2), icode_imm1(ip));
        break;
    case FMT_RCALL: sb_printf(sb, " args@s%u (%u slots), func %u", F(0), F(3), icode_imm0(ip)); break;
    case FMT_RCALL_IND:
        sb_printf(sb, " args@s%u (%u slots), s%u, table %u, sig %u", F(0), F(3), F(1), F(2),
                  icode_imm1(ip));
        break;
    case FMT_MEM:
        sb_printf(sb, " s%u, s%u, s%u, %s memory %u lane %u +%llu", F(0), F(1), F(2),
                  F(3) < OP_COUNT_ ? bin_opinfo[F(3)].name : "?", F(4), F(5),
                  (unsigned long long)ip[2]);
        break;
    case FMT_DAB_X:
        sb_printf(sb, " s%u, s%u, s%u, #%u, #%u", F(0), F(1), F(2), (uint32_t)ip[1],
                  (uint32_t)(ip[1] >> 32));
        break;
    case FMT_ADD_BR:
        sb_printf(sb, " s%u, s%u, s%u; s%u, s%u ->%+d", F(0), F(1), F(2), F(3), F(4),
                  ICODE_REL(ip[1]));
        break;
    case FMT_SIMD_IMM_NONE:
        if (icode_simd_ternary((icode_op_t)op))
            sb_printf(sb, " s%u, s%u, s%u, s%u", F(0), F(1), F(2), F(3));
        else
            sb_printf(sb, " s%u, s%u, s%u", F(0), F(1), F(2));
        break;
    case FMT_SIMD_IMM_LANE: sb_printf(sb, " s%u, s%u, s%u, lane %u", F(0), F(1), F(2), F(3)); break;
    case FMT_SIMD_IMM_MEMARG: sb_printf(sb, " s%u, s%u, +%u", F(0), F(1), icode_imm1(ip)); break;
    case FMT_SIMD_IMM_MEMARG_LANE:
        sb_printf(sb, " s%u, s%u, s%u, +%u, lane %u", F(0), F(1), F(2), icode_imm1(ip), F(3));
        break;
    case FMT_SIMD_IMM_SHUFFLE: sb_printf(sb, " s%u, s%u, s%u, lanes s%u", F(0), F(1), F(2), F(3)); break;
    case FMT_SIMD_IMM_V128: break;
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
    uint16_t offsets[IC_COUNT_];
    if (!icode_handler_codes(handlers, offsets)) return NULL;
    uint32_t pos = 0;
    while (pos < f->code_words && !sb.failed) {
        const uint64_t *ip = f->code + pos;
        int op = op_of(offsets, ip[0]);
        if (op < 0) {
            sb_printf(&sb, "  %4u: ??? 0x%llx\n", pos, (unsigned long long)ip[0]);
            pos++;
            continue;
        }
        icode_format_t fmt = icode_info[op].format;
        sb_printf(&sb, "  %4u: %s", pos, icode_info[op].name);
        operands(&sb, op, fmt, ip);
        sb_printf(&sb, "\n");
        pos += icode_op_words((icode_op_t)op) + (fmt == FMT_BR_TABLE ? icode_imm0(ip) + 1 : 0);
    }
    if (sb.failed) {
        base_free(sb.data);
        return NULL;
    }
    return sb.data;
}
