/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_cpu.c — CPU feature checks: the host's own list passes, unknown and
 * absent features are refused by name, "-feature" entries are ignored, and
 * cpuid agrees with the kernel's /proc/cpuinfo. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "native/artifact.h"

/* Is `name` an entry "+name" of the comma separated list? */
static bool list_has(const char *list, const char *name) {
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        if (len == n + 1 && p[0] == '+' && memcmp(p + 1, name, n) == 0)
            return true;
        p += len;
        if (*p == ',')
            p++;
    }
    return false;
}

static bool is_known(const char *name) {
    for (const char *const *k = native_cpu_known_features(); *k; k++)
        if (strcmp(*k, name) == 0)
            return true;
    return false;
}

static void host(char *buf) { CHECK(native_cpu_host_features(buf, NATIVE_CPU_FEATURES_MAX)); }

static void test_cpu_triple(void) {
#if defined(__x86_64__) && defined(__linux__)
    CHECK_STR(native_host_triple(), "x86_64-pc-linux-gnu");
    CHECK_STR(native_machine_triple(), "x86_64-pc-linux-gnu");
#elif defined(__aarch64__) && defined(__linux__)
    CHECK(native_host_triple() == NULL);
    CHECK_STR(native_machine_triple(), "aarch64-unknown-linux-gnu");
#endif
}

#if defined(__x86_64__)
static void test_cpu_known_features_cover_the_list(void) {
    static const char *const needed[] = {
        "sse",   "sse2",     "sse3",     "ssse3",    "sse4.1",   "sse4.2", "popcnt", "cx16",
        "avx",   "avx2",     "fma",      "f16c",     "bmi",      "bmi2",   "lzcnt",  "movbe",
        "aes",   "pclmul",   "xsave",    "avx512f",  "avx512bw", "avx512dq", "avx512vl",
        "avx512cd", "crc32", "cmov",     "cx8",      "fxsr",     "mmx",    "x87",    "sahf",
        "64bit", "prfchw",   "rdrnd",    "rdseed",   "adx",
    };
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
        CHECK_MSG(is_known(needed[i]), "%s", needed[i]);
}

static void test_cpu_host_features_accepted(void) {
    char features[NATIVE_CPU_FEATURES_MAX];
    host(features);
    CHECK(list_has(features, "sse2"));
    CHECK(list_has(features, "64bit"));
    CHECK(list_has(features, "cx8"));
    char err[256] = "";
    CHECK_MSG(native_cpu_supports(features, err, sizeof err), "%s: %s", features, err);
    /* each entry is a known name, in "+name" form */
    for (const char *p = features; *p;) {
        size_t len = strcspn(p, ",");
        CHECK(p[0] == '+' && len > 1);
        char name[64];
        CHECK(len - 1 < sizeof name);
        memcpy(name, p + 1, len - 1);
        name[len - 1] = '\0';
        CHECK_MSG(is_known(name), "%s", name);
        p += len;
        if (*p == ',')
            p++;
    }
}

static void test_cpu_unknown_feature_refused(void) {
    char err[256] = "";
    CHECK(!native_cpu_supports("+sse2,+nonexistent,+sse", err, sizeof err));
    CHECK_STR(err, "the artifact needs CPU feature nonexistent, which wasmcell cannot check on "
                   "this machine; recompile with --target-cpu generic");
    /* a bare name counts as required */
    CHECK(!native_cpu_supports("nonexistent", err, sizeof err));
    CHECK(strstr(err, "nonexistent") != NULL);
    CHECK(!native_cpu_supports("+", err, sizeof err));
}

/* A known feature this CPU lacks: the first known one not in the host list. */
static void test_cpu_absent_feature_refused(void) {
    char features[NATIVE_CPU_FEATURES_MAX];
    host(features);
    const char *absent = NULL;
    for (const char *const *k = native_cpu_known_features(); *k && !absent; k++)
        if (!list_has(features, *k))
            absent = *k;
    if (!absent) {
        printf("  (this CPU has every known feature; nothing to refuse)\n");
        return;
    }
    char want[64], expect[256], err[256] = "";
    snprintf(want, sizeof want, "+sse2,+%s", absent);
    snprintf(expect, sizeof expect,
             "this CPU lacks %s, which the artifact needs; recompile with --target-cpu generic",
             absent);
    CHECK(!native_cpu_supports(want, err, sizeof err));
    CHECK_STR(err, expect);
    /* disabling it is fine */
    snprintf(want, sizeof want, "+sse2,-%s", absent);
    CHECK(native_cpu_supports(want, err, sizeof err));
}

static void test_cpu_minus_and_empty_entries_ignored(void) {
    CHECK(native_cpu_supports("", NULL, 0));
    CHECK(native_cpu_supports(NULL, NULL, 0));
    CHECK(native_cpu_supports("-nonexistent,-avx512f", NULL, 0));
    CHECK(native_cpu_supports(",,+sse2,,", NULL, 0));
}

static void test_cpu_host_features_small_buffer(void) {
    char buf[8] = "xxxxxxx";
    CHECK(!native_cpu_host_features(buf, sizeof buf));
    CHECK_STR(buf, "");
    CHECK(!native_cpu_host_features(buf, 0));
}

/* Where the kernel lists the same feature (its names differ from LLVM's),
 * cpuid and the kernel agree. The kernel clears AVX flags when it does not
 * save their state, as our xgetbv check does. ("abm", LZCNT, is left out:
 * a Firecracker guest's kernel hides it while cpuid, and LLVM, report it.) */
static void test_cpu_agrees_with_proc_cpuinfo(void) {
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f) {
        printf("  (no /proc/cpuinfo)\n");
        return;
    }
    static char line[16384];
    char flags[16384] = "";
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "flags", 5) == 0) {
            snprintf(flags, sizeof flags, " %s ", strchr(line, ':') + 1);
            char *nl = strchr(flags, '\n');
            if (nl)
                *nl = ' ';
            break;
        }
    fclose(f);
    if (!flags[0])
        return;
    static const struct {
        const char *kernel, *llvm;
    } pairs[] = {
        {"sse", "sse"},         {"sse2", "sse2"},       {"pni", "sse3"},
        {"ssse3", "ssse3"},     {"sse4_1", "sse4.1"},   {"sse4_2", "sse4.2"},
        {"popcnt", "popcnt"},   {"cx16", "cx16"},       {"avx", "avx"},
        {"avx2", "avx2"},       {"fma", "fma"},         {"f16c", "f16c"},
        {"bmi1", "bmi"},        {"bmi2", "bmi2"},
        {"movbe", "movbe"},     {"aes", "aes"},         {"pclmulqdq", "pclmul"},
        {"avx512f", "avx512f"}, {"avx512bw", "avx512bw"}, {"avx512dq", "avx512dq"},
        {"avx512vl", "avx512vl"}, {"avx512cd", "avx512cd"}, {"cmov", "cmov"},
        {"cx8", "cx8"},         {"fxsr", "fxsr"},       {"mmx", "mmx"},
        {"fpu", "x87"},         {"lahf_lm", "sahf"},    {"lm", "64bit"},
        {"rdrand", "rdrnd"},    {"rdseed", "rdseed"},   {"adx", "adx"},
        {"sha_ni", "sha"},      {"gfni", "gfni"},       {"vaes", "vaes"},
    };
    char features[NATIVE_CPU_FEATURES_MAX];
    host(features);
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char word[64];
        snprintf(word, sizeof word, " %s ", pairs[i].kernel);
        bool kernel = strstr(flags, word) != NULL;
        CHECK_MSG(kernel == list_has(features, pairs[i].llvm), "%s (kernel %s): kernel %d",
                  pairs[i].llvm, pairs[i].kernel, kernel);
    }
}
#endif

int main(void) {
    RUN(test_cpu_triple);
#if defined(__x86_64__)
    RUN(test_cpu_known_features_cover_the_list);
    RUN(test_cpu_host_features_accepted);
    RUN(test_cpu_unknown_feature_refused);
    RUN(test_cpu_absent_feature_refused);
    RUN(test_cpu_minus_and_empty_entries_ignored);
    RUN(test_cpu_host_features_small_buffer);
    RUN(test_cpu_agrees_with_proc_cpuinfo);
#endif
    return 0;
}
