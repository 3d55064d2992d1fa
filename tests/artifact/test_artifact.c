/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_artifact.c — the `.cwasm` format: round trip, the exact layout,
 * and refusal of every truncation, every corrupted byte and every mismatch
 * with the right message. Inputs are copied into exactly sized heap blocks
 * so that the sanitizer build catches any read past the end. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "native/artifact.h"
#include "wasmcell.h"

static const uint8_t sample_module[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                                        0x01, 0x04, 0x01, 0x60, 0x00, 0x00};
static const uint8_t sample_object[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0,
                                        0,    0,   0,   0,   1, 0, 62, 0, 1, 0, 0xc3};

static native_artifact_t sample(void) {
    native_artifact_t a = {
        .engine_version = WASMCELL_VERSION,
        .triple = "x86_64-pc-linux-gnu",
        .cpu = "generic",
        .features = "+sse2,+popcnt,-avx512f",
        .opt_level = 2,
        .module = sample_module,
        .module_size = sizeof sample_module,
        .object = sample_object,
        .object_size = sizeof sample_object,
    };
    return a;
}

static uint8_t *write_sample(const native_artifact_t *a, size_t *size) {
    uint8_t *bytes = NULL;
    CHECK(native_artifact_write(a, &bytes, size));
    CHECK(bytes != NULL);
    return bytes;
}

/* An exactly sized malloc'ed copy (so ASan sees reads past its end). */
static uint8_t *copy_of(const uint8_t *bytes, size_t size) {
    uint8_t *c = malloc(size ? size : 1);
    CHECK(c);
    if (size)
        memcpy(c, bytes, size);
    return c;
}

/* Recomputes the trailing checksum after a deliberate edit. */
static void reseal(uint8_t *bytes, size_t size) {
    native_sha256(bytes, size - 32, bytes + size - 32);
}

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Offset of the u32 module size: header, four strings, opt level, hash. */
static size_t module_len_offset(const native_artifact_t *a) {
    const char *s[4] = {a->engine_version, a->triple, a->cpu, a->features};
    size_t pos = 12;
    for (int i = 0; i < 4; i++)
        pos += 4 + strlen(s[i]) + 1;
    return pos + 4 + 4 + 32; /* opt level, flags, module hash */
}

static void expect_refused(const uint8_t *bytes, size_t size, const char *message) {
    uint8_t *c = copy_of(bytes, size);
    native_artifact_t out;
    char err[256] = "";
    CHECK(!native_artifact_read(c, size, &out, err, sizeof err));
    CHECK_STR(err, message);
    free(c);
}

static void test_artifact_round_trip(void) {
    native_artifact_t a = sample();
    size_t size;
    uint8_t *bytes = write_sample(&a, &size);
    CHECK(native_artifact_is(bytes, size));
    native_artifact_t r;
    char err[256] = "";
    CHECK_MSG(native_artifact_read(bytes, size, &r, err, sizeof err), "%s", err);
    CHECK_STR(r.engine_version, WASMCELL_VERSION);
    CHECK_STR(r.triple, a.triple);
    CHECK_STR(r.cpu, a.cpu);
    CHECK_STR(r.features, a.features);
    CHECK(r.opt_level == 2);
    uint8_t h[32];
    native_sha256(sample_module, sizeof sample_module, h);
    CHECK(memcmp(r.module_hash, h, 32) == 0);
    CHECK(r.module_size == sizeof sample_module);
    CHECK(memcmp(r.module, sample_module, sizeof sample_module) == 0);
    CHECK(r.object_size == sizeof sample_object);
    CHECK(memcmp(r.object, sample_object, sizeof sample_object) == 0);
    /* no allocation: every pointer lies inside the input */
    const uint8_t *ptrs[6] = {(const uint8_t *)r.engine_version, (const uint8_t *)r.triple,
                              (const uint8_t *)r.cpu, (const uint8_t *)r.features, r.module,
                              r.object};
    for (int i = 0; i < 6; i++)
        CHECK(ptrs[i] >= bytes && ptrs[i] < bytes + size);
    free(bytes);
}

/* The layout artifact.h documents, byte by byte. */
static void test_artifact_layout(void) {
    native_artifact_t a = sample();
    size_t size;
    uint8_t *b = write_sample(&a, &size);
    CHECK(memcmp(b, "\0cwasm\x01\xce", 8) == 0);
    CHECK(le32(b + 8) == NATIVE_ARTIFACT_FORMAT);
    size_t pos = 12;
    const char *strs[4] = {a.engine_version, a.triple, a.cpu, a.features};
    for (int i = 0; i < 4; i++) {
        size_t len = strlen(strs[i]) + 1;
        CHECK(le32(b + pos) == len);
        CHECK(memcmp(b + pos + 4, strs[i], len) == 0); /* NUL included */
        pos += 4 + len;
    }
    CHECK(le32(b + pos) == 2);      /* opt level */
    pos += 4;
    CHECK(le32(b + pos) == a.flags); /* compile flags */
    pos += 4;
    uint8_t h[32];
    native_sha256(sample_module, sizeof sample_module, h);
    CHECK(memcmp(b + pos, h, 32) == 0);
    pos += 32;
    CHECK(pos == module_len_offset(&a));
    CHECK(le32(b + pos) == sizeof sample_module);
    pos += 4 + sizeof sample_module;
    while ((pos + 4) % 16 != 0)
        CHECK(b[pos++] == 0);
    CHECK(le32(b + pos) == sizeof sample_object);
    pos += 4;
    CHECK(pos % NATIVE_ARTIFACT_OBJECT_ALIGN == 0);
    CHECK(memcmp(b + pos, sample_object, sizeof sample_object) == 0);
    pos += sizeof sample_object;
    CHECK(pos + 32 == size);
    native_sha256(b, pos, h);
    CHECK(memcmp(b + pos, h, 32) == 0);
    free(b);
}

/* Whatever the module size, the object starts 16-byte aligned. */
static void test_artifact_object_alignment(void) {
    uint8_t module[40];
    memset(module, 0x5a, sizeof module);
    for (size_t n = 0; n <= sizeof module; n++) {
        native_artifact_t a = sample();
        a.module = n ? module : NULL;
        a.module_size = n;
        size_t size;
        uint8_t *b = write_sample(&a, &size);
        native_artifact_t r;
        char err[256] = "";
        CHECK_MSG(native_artifact_read(b, size, &r, err, sizeof err), "%zu: %s", n, err);
        CHECK((size_t)(r.object - b) % 16 == 0);
        CHECK(r.module_size == n);
        free(b);
    }
}

static void test_artifact_empty_fields(void) {
    native_artifact_t a = {.engine_version = WASMCELL_VERSION, .triple = "", .cpu = "",
                           .features = ""};
    size_t size;
    uint8_t *b = write_sample(&a, &size);
    native_artifact_t r;
    char err[256] = "";
    CHECK_MSG(native_artifact_read(b, size, &r, err, sizeof err), "%s", err);
    CHECK_STR(r.triple, "");
    CHECK(r.module_size == 0 && r.object_size == 0);
    free(b);
}

static void test_artifact_every_prefix_refused(void) {
    native_artifact_t a = sample();
    size_t size;
    uint8_t *b = write_sample(&a, &size);
    for (size_t n = 0; n < size; n++)
        expect_refused(b, n, n < 8 ? "not a wasmcell artifact" : "artifact truncated");
    free(b);
}

/* Any changed byte is refused: in the magic or the format by those checks,
 * anywhere else by the checksum (or, for a length grown past the end, as a
 * truncation). */
static void test_artifact_every_byte_flip_refused(void) {
    native_artifact_t a = sample();
    size_t size;
    uint8_t *b = write_sample(&a, &size);
    static const uint8_t masks[] = {0x01, 0x80, 0xff};
    for (size_t i = 0; i < size; i++)
        for (size_t m = 0; m < sizeof masks; m++) {
            uint8_t *c = copy_of(b, size);
            c[i] ^= masks[m];
            native_artifact_t r;
            char err[256] = "";
            CHECK_MSG(!native_artifact_read(c, size, &r, err, sizeof err), "byte %zu", i);
            if (i < 8)
                CHECK_STR(err, "not a wasmcell artifact");
            else if (i < 12)
                CHECK_MSG(strncmp(err, "artifact format ", 16) == 0, "%s", err);
            else
                CHECK_MSG(strcmp(err, "artifact checksum mismatch (corrupt file)") == 0 ||
                              strcmp(err, "artifact truncated") == 0,
                          "byte %zu: %s", i, err);
            free(c);
        }
    free(b);
}

static void test_artifact_wrong_magic(void) {
    native_artifact_t a = sample();
    size_t size;
    uint8_t *b = write_sample(&a, &size);
    b[1] = 'C';
    CHECK(!native_artifact_is(b, size));
    expect_refused(b, size, "not a wasmcell artifact");
    CHECK(!native_artifact_is(sample_module, sizeof sample_module));
    expect_refused(sample_module, sizeof sample_module, "not a wasmcell artifact");
    CHECK(!native_artifact_is(NULL, 0));
    free(b);
}

static void test_artifact_wrong_format(void) {
    native_artifact_t a = sample();
    size_t size;
    uint8_t *b = write_sample(&a, &size);
    put_le32(b + 8, NATIVE_ARTIFACT_FORMAT + 1);
    reseal(b, size);
    char expect[200];
    snprintf(expect, sizeof expect,
             "artifact format %d is not supported (wasmcell %s reads format %d); recompile the module",
             NATIVE_ARTIFACT_FORMAT + 1, WASMCELL_VERSION, NATIVE_ARTIFACT_FORMAT);
    expect_refused(b, size, expect);
    free(b);
}

static void test_artifact_other_engine_version(void) {
    native_artifact_t a = sample();
    a.engine_version = "0.0.9";
    size_t size;
    uint8_t *b = write_sample(&a, &size);
    char expect[200];
    snprintf(expect, sizeof expect,
             "artifact was made by wasmcell 0.0.9, this is %s; recompile the module",
             WASMCELL_VERSION);
    expect_refused(b, size, expect);
    /* parse (for tools describing artifacts) accepts it */
    native_artifact_t r;
    CHECK(native_artifact_parse(b, size, &r, NULL, 0));
    CHECK_STR(r.engine_version, "0.0.9");
    free(b);
}

/* "+build" after this version is the caller's to compare; anything else
 * after it is another version. */
static void test_artifact_engine_build_suffix(void) {
    static const struct {
        const char *suffix;
        bool accepted;
    } cases[] = {{"+abi1", true}, {"+", true}, {"-rc1", false}, {"0", false}, {".1", false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char version[64];
        snprintf(version, sizeof version, "%s%s", WASMCELL_VERSION, cases[i].suffix);
        native_artifact_t a = sample();
        a.engine_version = version;
        size_t size;
        uint8_t *b = write_sample(&a, &size);
        native_artifact_t r;
        char err[256] = "";
        bool ok = native_artifact_read(b, size, &r, err, sizeof err);
        CHECK_MSG(ok == cases[i].accepted, "%s: %s", version, err);
        if (ok)
            CHECK_STR(r.engine_version, version);
        else
            CHECK(strstr(err, "artifact was made by wasmcell ") == err);
        free(b);
    }
}

/* The module's bytes are guarded by the file's checksum alone: a flipped
 * module byte is refused as corruption, and the stored module hash (the
 * cache key's input) is not hashed again on every load; a file resealed
 * over a changed module reads back with that module. */
static void test_artifact_module_guarded_by_checksum(void) {
    native_artifact_t a = sample();
    size_t size;
    uint8_t *b = write_sample(&a, &size);
    size_t at = module_len_offset(&a) + 4 + 3; /* a module byte */
    b[at] ^= 1;
    expect_refused(b, size, "artifact checksum mismatch (corrupt file)");
    reseal(b, size);
    native_artifact_t r;
    char err[256] = "";
    CHECK_MSG(native_artifact_read(b, size, &r, err, sizeof err), "%s", err);
    CHECK(r.module_size == a.module_size && r.module[3] == (uint8_t)(a.module[3] ^ 1));
    free(b);
}

static void test_artifact_string_without_nul(void) {
    native_artifact_t a = sample();
    size_t size;
    uint8_t *b = write_sample(&a, &size);
    b[12 + 4 + strlen(a.engine_version)] = 'x'; /* the engine version's NUL */
    reseal(b, size);
    expect_refused(b, size, "artifact malformed: engine version is not a NUL-terminated string");
    free(b);
}

static void test_artifact_string_with_inner_nul(void) {
    native_artifact_t a = sample();
    size_t size;
    uint8_t *b = write_sample(&a, &size);
    size_t triple = 12 + 4 + strlen(a.engine_version) + 1 + 4;
    b[triple + 2] = 0;
    reseal(b, size);
    expect_refused(b, size, "artifact malformed: target triple is not a NUL-terminated string");
    free(b);
}

static void test_artifact_zero_length_string(void) {
    native_artifact_t a = sample();
    a.engine_version = "";
    size_t size;
    uint8_t *b = write_sample(&a, &size);
    /* length 1 (just the NUL) -> 0, and the NUL becomes the next length's
     * first byte: the fields no longer line up. */
    put_le32(b + 12, 0);
    reseal(b, size);
    uint8_t *c = copy_of(b, size);
    native_artifact_t r;
    char err[256] = "";
    CHECK(!native_artifact_read(c, size, &r, err, sizeof err));
    CHECK_MSG(strncmp(err, "artifact malformed: ", 20) == 0, "%s", err);
    free(c);
    free(b);
}

static void test_artifact_huge_lengths(void) {
    native_artifact_t a = sample();
    size_t size;
    uint8_t *b = write_sample(&a, &size);
    static const uint32_t lens[] = {0xffffffffu, 0xfffffffcu, 0x80000000u, 1000};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        uint8_t *c = copy_of(b, size);
        put_le32(c + module_len_offset(&a), lens[i]);
        reseal(c, size);
        expect_refused(c, size, "artifact malformed: truncated");
        put_le32(c + 12, lens[i]); /* the first string's length too */
        reseal(c, size);
        expect_refused(c, size, "artifact malformed: truncated");
        free(c);
    }
    free(b);
}

static void test_artifact_nonzero_padding(void) {
    native_artifact_t a = sample();
    size_t size;
    uint8_t *b = write_sample(&a, &size);
    size_t pad = module_len_offset(&a) + 4 + a.module_size;
    CHECK((pad + 4) % 16 != 0); /* the sample has padding */
    b[pad] = 1;
    reseal(b, size);
    expect_refused(b, size, "artifact malformed: nonzero padding");
    free(b);
}

static void test_artifact_trailing_bytes(void) {
    native_artifact_t a = sample();
    size_t size;
    uint8_t *b = write_sample(&a, &size);
    uint8_t *c = malloc(size + 1);
    CHECK(c);
    memcpy(c, b, size);
    c[size] = 0;
    expect_refused(c, size + 1, "artifact checksum mismatch (corrupt file)");
    reseal(c, size + 1); /* even with a checksum over them */
    expect_refused(c, size + 1, "artifact malformed: 1 unexpected bytes before the checksum");
    free(c);
    free(b);
}

static void test_artifact_error_buffer_optional(void) {
    native_artifact_t r;
    char small[8];
    CHECK(!native_artifact_read((const uint8_t *)"nope", 4, &r, NULL, 0));
    CHECK(!native_artifact_read((const uint8_t *)"nope", 4, &r, small, sizeof small));
    CHECK_STR(small, "not a w"); /* truncated, NUL terminated */
}

#if defined(__x86_64__) && defined(__linux__)
static void test_artifact_check_host(void) {
    char features[NATIVE_CPU_FEATURES_MAX];
    CHECK(native_cpu_host_features(features, sizeof features));
    native_artifact_t a = sample();
    a.features = features;
    char err[256] = "";
    CHECK_MSG(native_artifact_check_host(&a, err, sizeof err), "%s", err);
    a.cpu = "x86-64";
    CHECK_MSG(native_artifact_check_host(&a, err, sizeof err), "%s", err);

    a.cpu = "skylake";
    CHECK(!native_artifact_check_host(&a, err, sizeof err));
    CHECK_STR(err, "artifact was compiled for CPU skylake, whose features wasmcell cannot check; "
                   "recompile with --target-cpu generic");
    a.cpu = "generic";
    a.triple = "aarch64-unknown-linux-gnu";
    CHECK(!native_artifact_check_host(&a, err, sizeof err));
    CHECK_STR(err, "artifact is for aarch64-unknown-linux-gnu, this machine is x86_64-pc-linux-gnu");
    a.triple = "x86_64-pc-linux-gnu";
    a.features = "+sse2,+nonexistent";
    CHECK(!native_artifact_check_host(&a, err, sizeof err));
    CHECK(strstr(err, "nonexistent") != NULL);
}

/* x86-64-vN names are checked as the features they stand for. */
static void test_artifact_check_host_levels(void) {
    char features[NATIVE_CPU_FEATURES_MAX];
    CHECK(native_cpu_host_features(features, sizeof features));
    native_artifact_t a = sample();
    a.features = "";
    char err[256] = "";
    a.cpu = "x86-64-v4";
    bool v4 = strstr(features, "+avx512vl") && strstr(features, "+avx512bw") &&
              strstr(features, "+avx512dq") && strstr(features, "+avx512cd") &&
              strstr(features, "+avx2,") && strstr(features, "+fma,");
    CHECK(native_artifact_check_host(&a, err, sizeof err) == v4);
    if (!v4)
        CHECK_MSG(strstr(err, "this CPU lacks ") == err, "%s", err);
}
#endif

int main(void) {
    RUN(test_artifact_round_trip);
    RUN(test_artifact_layout);
    RUN(test_artifact_object_alignment);
    RUN(test_artifact_empty_fields);
    RUN(test_artifact_every_prefix_refused);
    RUN(test_artifact_every_byte_flip_refused);
    RUN(test_artifact_wrong_magic);
    RUN(test_artifact_wrong_format);
    RUN(test_artifact_other_engine_version);
    RUN(test_artifact_engine_build_suffix);
    RUN(test_artifact_module_guarded_by_checksum);
    RUN(test_artifact_string_without_nul);
    RUN(test_artifact_string_with_inner_nul);
    RUN(test_artifact_zero_length_string);
    RUN(test_artifact_huge_lengths);
    RUN(test_artifact_nonzero_padding);
    RUN(test_artifact_trailing_bytes);
    RUN(test_artifact_error_buffer_optional);
#if defined(__x86_64__) && defined(__linux__)
    RUN(test_artifact_check_host);
    RUN(test_artifact_check_host_levels);
#endif
    return 0;
}
