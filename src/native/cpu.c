/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* cpu.c — which instruction sets this CPU has (cpuid, and xgetbv for the
 * register state the OS saves), spelled as LLVM's x86 feature names, and the
 * triple this runtime runs native code for. The compiler targets the list
 * native_cpu_host_features() writes; the loader checks an artifact's list
 * with native_cpu_supports(); both sides use the one table below. */
#include "artifact.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

static bool fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(char *err, size_t errlen, const char *fmt, ...) {
    if (err && errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return false;
}

const char *native_machine_triple(void) {
#if defined(__x86_64__) && defined(__linux__)
    return "x86_64-pc-linux-gnu";
#elif defined(__aarch64__) && defined(__linux__)
    return "aarch64-unknown-linux-gnu";
#else
    return NULL;
#endif
}

const char *native_host_triple(void) {
#if defined(__x86_64__) && defined(__linux__)
    return native_machine_triple();
#else
    return NULL; /* the loader handles x86-64 ELF only (loader.h) */
#endif
}

#if defined(__x86_64__)

/* The cpuid words the table reads. */
enum cpuid_word {
    L1_ECX, L1_EDX,           /* leaf 1 */
    L7_EBX, L7_ECX, L7_EDX,   /* leaf 7, subleaf 0 */
    L7S1_EAX,                 /* leaf 7, subleaf 1 */
    LD1_EAX,                  /* leaf 0xd, subleaf 1 (xsave variants) */
    E1_ECX, E1_EDX,           /* leaf 0x80000001 */
    E8_EBX,                   /* leaf 0x80000008 */
    WORD_COUNT,
};

/* What the OS must also do for a feature to be usable: save the AVX
 * (ymm) or the AVX-512 (opmask, zmm) register state on context switches,
 * as XCR0 reports. Without it the instructions fault even though cpuid
 * lists them. */
enum os_state { OS_NONE, OS_AVX, OS_AVX512 };

typedef struct feature {
    const char *name; /* LLVM's spelling (llc -mattr=help) */
    uint8_t word;     /* enum cpuid_word */
    uint8_t bit;
    uint8_t os;       /* enum os_state */
} feature_t;

/* Bit positions from the Intel SDM (CPUID, vol. 2A) and AMD APM vol. 3
 * (CPUID Fn8000_0001/Fn8000_0008). The OS requirements follow what LLVM's
 * own host detection requires, so that the two agree on every name. */
#define X86_FEATURES(F) \
    F("64bit", E1_EDX, 29, OS_NONE) /* long mode */ \
    F("x87", L1_EDX, 0, OS_NONE) \
    F("cx8", L1_EDX, 8, OS_NONE) \
    F("cmov", L1_EDX, 15, OS_NONE) \
    F("mmx", L1_EDX, 23, OS_NONE) \
    F("fxsr", L1_EDX, 24, OS_NONE) \
    F("sse", L1_EDX, 25, OS_NONE) \
    F("sse2", L1_EDX, 26, OS_NONE) \
    F("nopl", E1_EDX, 29, OS_NONE) /* every 64-bit CPU has the long NOP */ \
    F("sse3", L1_ECX, 0, OS_NONE) \
    F("pclmul", L1_ECX, 1, OS_NONE) \
    F("ssse3", L1_ECX, 9, OS_NONE) \
    F("fma", L1_ECX, 12, OS_AVX) \
    F("cx16", L1_ECX, 13, OS_NONE) \
    F("sse4.1", L1_ECX, 19, OS_NONE) \
    F("sse4.2", L1_ECX, 20, OS_NONE) \
    F("crc32", L1_ECX, 20, OS_NONE) /* the CRC32 instruction of SSE4.2 */ \
    F("movbe", L1_ECX, 22, OS_NONE) \
    F("popcnt", L1_ECX, 23, OS_NONE) \
    F("aes", L1_ECX, 25, OS_NONE) \
    F("xsave", L1_ECX, 26, OS_AVX) \
    F("avx", L1_ECX, 28, OS_AVX) \
    F("f16c", L1_ECX, 29, OS_AVX) \
    F("rdrnd", L1_ECX, 30, OS_NONE) \
    F("fsgsbase", L7_EBX, 0, OS_NONE) \
    F("bmi", L7_EBX, 3, OS_NONE) \
    F("avx2", L7_EBX, 5, OS_AVX) \
    F("bmi2", L7_EBX, 8, OS_NONE) \
    F("invpcid", L7_EBX, 10, OS_NONE) \
    F("rtm", L7_EBX, 11, OS_NONE) \
    F("avx512f", L7_EBX, 16, OS_AVX512) \
    F("evex512", L7_EBX, 16, OS_AVX512) /* zmm registers: part of AVX-512F */ \
    F("avx512dq", L7_EBX, 17, OS_AVX512) \
    F("rdseed", L7_EBX, 18, OS_NONE) \
    F("adx", L7_EBX, 19, OS_NONE) \
    F("avx512ifma", L7_EBX, 21, OS_AVX512) \
    F("clflushopt", L7_EBX, 23, OS_NONE) \
    F("clwb", L7_EBX, 24, OS_NONE) \
    F("avx512cd", L7_EBX, 28, OS_AVX512) \
    F("sha", L7_EBX, 29, OS_NONE) \
    F("avx512bw", L7_EBX, 30, OS_AVX512) \
    F("avx512vl", L7_EBX, 31, OS_AVX512) \
    F("avx512vbmi", L7_ECX, 1, OS_AVX512) \
    F("pku", L7_ECX, 4, OS_NONE) /* OSPKE: protection keys enabled by the OS */ \
    F("waitpkg", L7_ECX, 5, OS_NONE) \
    F("avx512vbmi2", L7_ECX, 6, OS_AVX512) \
    F("shstk", L7_ECX, 7, OS_NONE) \
    F("gfni", L7_ECX, 8, OS_NONE) \
    F("vaes", L7_ECX, 9, OS_AVX) \
    F("vpclmulqdq", L7_ECX, 10, OS_AVX) \
    F("avx512vnni", L7_ECX, 11, OS_AVX512) \
    F("avx512bitalg", L7_ECX, 12, OS_AVX512) \
    F("avx512vpopcntdq", L7_ECX, 14, OS_AVX512) \
    F("rdpid", L7_ECX, 22, OS_NONE) \
    F("cldemote", L7_ECX, 25, OS_NONE) \
    F("movdiri", L7_ECX, 27, OS_NONE) \
    F("movdir64b", L7_ECX, 28, OS_NONE) \
    F("avx512vp2intersect", L7_EDX, 8, OS_AVX512) \
    F("serialize", L7_EDX, 14, OS_NONE) \
    F("avx512fp16", L7_EDX, 23, OS_AVX512) \
    F("avxvnni", L7S1_EAX, 4, OS_AVX) \
    F("avx512bf16", L7S1_EAX, 5, OS_AVX512) \
    F("avxifma", L7S1_EAX, 23, OS_AVX) \
    F("xsaveopt", LD1_EAX, 0, OS_AVX) \
    F("xsavec", LD1_EAX, 1, OS_AVX) \
    F("xsaves", LD1_EAX, 3, OS_AVX) \
    F("sahf", E1_ECX, 0, OS_NONE) /* LAHF/SAHF in 64-bit mode */ \
    F("lzcnt", E1_ECX, 5, OS_NONE) \
    F("sse4a", E1_ECX, 6, OS_NONE) \
    F("prfchw", E1_ECX, 8, OS_NONE) \
    F("xop", E1_ECX, 11, OS_AVX) \
    F("lwp", E1_ECX, 15, OS_NONE) \
    F("fma4", E1_ECX, 16, OS_AVX) \
    F("tbm", E1_ECX, 21, OS_NONE) \
    F("mwaitx", E1_ECX, 29, OS_NONE) \
    F("clzero", E8_EBX, 0, OS_NONE) \
    F("rdpru", E8_EBX, 4, OS_NONE) \
    F("wbnoinvd", E8_EBX, 9, OS_NONE)

#define AS_ENTRY(name, word, bit, os) {name, word, bit, os},
#define AS_NAME(name, word, bit, os) name,
static const feature_t features_table[] = {X86_FEATURES(AS_ENTRY)};
static const char *const known_feature_names[] = {X86_FEATURES(AS_NAME) NULL};
#define FEATURE_COUNT (sizeof features_table / sizeof features_table[0])

typedef struct cpu_info {
    uint32_t word[WORD_COUNT];
    bool avx_state, avx512_state;
} cpu_info_t;

static uint64_t read_xcr0(void) {
    uint32_t lo, hi;
    /* xgetbv by its encoding's mnemonic; the intrinsic would need -mxsave. */
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (uint64_t)hi << 32 | lo;
}

static void query_cpu(cpu_info_t *info) {
    unsigned a, b, c, d;
    memset(info, 0, sizeof *info);
    if (__get_cpuid_count(1, 0, &a, &b, &c, &d)) {
        info->word[L1_ECX] = c;
        info->word[L1_EDX] = d;
    }
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        unsigned max_subleaf = a;
        info->word[L7_EBX] = b;
        info->word[L7_ECX] = c;
        info->word[L7_EDX] = d;
        if (max_subleaf >= 1 && __get_cpuid_count(7, 1, &a, &b, &c, &d))
            info->word[L7S1_EAX] = a;
    }
    if (__get_cpuid_count(0xd, 1, &a, &b, &c, &d))
        info->word[LD1_EAX] = a;
    if (__get_cpuid_count(0x80000001, 0, &a, &b, &c, &d)) {
        info->word[E1_ECX] = c;
        info->word[E1_EDX] = d;
    }
    if (__get_cpuid_count(0x80000008, 0, &a, &b, &c, &d))
        info->word[E8_EBX] = b;

    /* OSXSAVE (leaf 1 ECX bit 27): the OS enabled xgetbv. XCR0 bits 1-2 are
     * the SSE and AVX (upper ymm) state, bits 5-7 the AVX-512 opmask, upper
     * zmm0-15 and zmm16-31 state. */
    bool osxsave = info->word[L1_ECX] >> 27 & 1;
    uint64_t xcr0 = osxsave ? read_xcr0() : 0;
    info->avx_state = (xcr0 & 0x6) == 0x6;
    info->avx512_state = info->avx_state && (xcr0 & 0xe0) == 0xe0;
}

static bool has_feature(const cpu_info_t *info, const feature_t *f) {
    if (!(info->word[f->word] >> f->bit & 1))
        return false;
    switch ((enum os_state)f->os) {
    case OS_NONE: return true;
    case OS_AVX: return info->avx_state;
    case OS_AVX512: return info->avx512_state;
    }
    return false;
}

static const char *const *known_names(void) { return known_feature_names; }

static const feature_t *find_feature(const char *name, size_t len) {
    for (size_t i = 0; i < FEATURE_COUNT; i++)
        if (strlen(features_table[i].name) == len && memcmp(features_table[i].name, name, len) == 0)
            return &features_table[i];
    return NULL;
}

#else /* no cpuid: nothing can be checked, so every required feature is refused */

typedef struct feature feature_t;
typedef struct cpu_info {
    int unused;
} cpu_info_t;

static void query_cpu(cpu_info_t *info) { info->unused = 0; }
static bool has_feature(const cpu_info_t *info, const feature_t *f) { return false; }
static const char *const *known_names(void) {
    static const char *const none[1] = {NULL};
    return none;
}
static const feature_t *find_feature(const char *name, size_t len) { return NULL; }

#endif

const char *const *native_cpu_known_features(void) { return known_names(); }

bool native_cpu_supports(const char *features, char *err, size_t errlen) {
    cpu_info_t info;
    query_cpu(&info);
    const char *p = features ? features : "";
    while (*p) {
        size_t len = strcspn(p, ",");
        const char *name = p;
        size_t name_len = len;
        p += len;
        if (*p == ',')
            p++;
        if (name_len == 0 || name[0] == '-')
            continue; /* what the artifact does not use needs no check */
        if (name[0] == '+') {
            name++;
            name_len--;
        }
        int shown = name_len > 64 ? 64 : (int)name_len;
        const feature_t *f = find_feature(name, name_len);
        if (!f)
            return fail(err, errlen,
                        "the artifact needs CPU feature %.*s, which wasmcell cannot check on "
                        "this machine; recompile with --target-cpu generic",
                        shown, name);
        if (!has_feature(&info, f))
            return fail(err, errlen,
                        "this CPU lacks %.*s, which the artifact needs; recompile with "
                        "--target-cpu generic",
                        shown, name);
    }
    return true;
}

bool native_cpu_host_features(char *buf, size_t len) {
    if (len == 0)
        return false;
    buf[0] = '\0';
#if defined(__x86_64__)
    cpu_info_t info;
    query_cpu(&info);
    size_t used = 0;
    for (size_t i = 0; i < FEATURE_COUNT; i++) {
        if (!has_feature(&info, &features_table[i]))
            continue;
        int n = snprintf(buf + used, len - used, "%s+%s", used ? "," : "", features_table[i].name);
        if (n < 0 || (size_t)n >= len - used) {
            buf[0] = '\0';
            return false;
        }
        used += (size_t)n;
    }
#endif
    return true;
}
