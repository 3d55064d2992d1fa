/* icode.h — internal opcodes (icode.def), their formats and operand packing. */
#ifndef CMP_ICODE_H
#define CMP_ICODE_H
#include <stdint.h>

typedef enum icode_format {
    FMT_N, FMT_D, FMT_DA, FMT_DAB, FMT_DABC, FMT_DA_I, FMT_VA_I, FMT_D_I, FMT_A_I,
    FMT_BR, FMT_BR_C, FMT_BR_AB, FMT_BR_TABLE, FMT_CALL, FMT_CALL_IND, FMT_DAB_X, FMT_ADD_BR, FMT_CALL_A,
} icode_format_t;

typedef enum icode_op {
#define IC(name, fmt, meaning) IC_##name,
#include "icode.def"
#undef IC
    IC_COUNT_
} icode_op_t;

typedef struct icode_info {
    const char *name;
    icode_format_t format;
    const char *meaning;
} icode_info_t;
extern const icode_info_t icode_info[IC_COUNT_];

/* Words an instruction of this format occupies (BR_TABLE: without its table). */
static inline uint32_t icode_format_words(icode_format_t f)
{
    switch (f) {
    case FMT_N: return 1;
    case FMT_CALL_IND: case FMT_DAB_X: case FMT_ADD_BR: case FMT_CALL_A: return 3;
    default: return 2;
    }
}

/* Operand word packing: four 16-bit fields, or two fields and an imm32. */
static inline uint64_t icode_pack(uint32_t f0, uint32_t f1, uint32_t f2, uint32_t f3)
{
    return (uint64_t)(uint16_t)f0 | (uint64_t)(uint16_t)f1 << 16 | (uint64_t)(uint16_t)f2 << 32 |
           (uint64_t)(uint16_t)f3 << 48;
}
static inline uint64_t icode_pack_imm(uint32_t f0, uint32_t f1, uint32_t imm32)
{
    return (uint64_t)(uint16_t)f0 | (uint64_t)(uint16_t)f1 << 16 | (uint64_t)imm32 << 32;
}
#define ICODE_F0(w) ((uint32_t)(uint16_t)(w))
#define ICODE_F1(w) ((uint32_t)(uint16_t)((w) >> 16))
#define ICODE_F2(w) ((uint32_t)(uint16_t)((w) >> 32))
#define ICODE_F3(w) ((uint32_t)(uint16_t)((w) >> 48))
#define ICODE_IMM(w) ((uint32_t)((w) >> 32))
#define ICODE_REL(w) ((int32_t)(uint32_t)((w) >> 32))

/* Frames are limited to what a 16-bit slot field can name. */
#define ICODE_MAX_SLOTS 65535u

#endif
