/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* artifact.c — writes and reads `.cwasm` artifacts (layout in artifact.h).
 * The reader trusts nothing about the bytes: every length is checked
 * against what is left before it is used, and it never allocates. */
#include "artifact.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../base/alloc.h"
#include "wasmcell.h"

#define CHECKSUM_SIZE 32
#define HEADER_SIZE (NATIVE_ARTIFACT_MAGIC_SIZE + 4)

_Static_assert(sizeof NATIVE_ARTIFACT_MAGIC - 1 == NATIVE_ARTIFACT_MAGIC_SIZE, "magic is 8 bytes");

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

static uint32_t load_le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void store_le32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Zero bytes to put at `pos` so that the object bytes, after their u32
 * length, start at a multiple of NATIVE_ARTIFACT_OBJECT_ALIGN. */
static size_t object_padding(size_t pos) {
    return (NATIVE_ARTIFACT_OBJECT_ALIGN - (pos + 4) % NATIVE_ARTIFACT_OBJECT_ALIGN) %
           NATIVE_ARTIFACT_OBJECT_ALIGN;
}

bool native_artifact_is(const uint8_t *bytes, size_t size) {
    return bytes && size >= NATIVE_ARTIFACT_MAGIC_SIZE &&
           memcmp(bytes, NATIVE_ARTIFACT_MAGIC, NATIVE_ARTIFACT_MAGIC_SIZE) == 0;
}

/* ---- writing ------------------------------------------------------------------ */

typedef struct writer {
    uint8_t *p;
} writer_t;

static void put_bytes(writer_t *w, const void *data, size_t len) {
    if (len > 0)
        memcpy(w->p, data, len);
    w->p += len;
}

static void put_u32(writer_t *w, uint32_t v) {
    store_le32(w->p, v);
    w->p += 4;
}

static void put_str(writer_t *w, const char *s) {
    size_t len = strlen(s) + 1;
    put_u32(w, (uint32_t)len);
    put_bytes(w, s, len);
}

/* Adds a field of `len` payload bytes behind a u32 length to *total;
 * false when the length does not fit a u32 or the total overflows. */
static bool add_field(size_t *total, size_t len) {
    return len <= UINT32_MAX && !__builtin_add_overflow(*total, len + 4, total);
}

static bool artifact_size(const native_artifact_t *a, size_t *out) {
    const char *strs[4] = {a->engine_version, a->triple, a->cpu, a->features};
    size_t total = HEADER_SIZE;
    for (int i = 0; i < 4; i++) {
        size_t len = strlen(strs[i]);
        if (len >= UINT32_MAX || !add_field(&total, len + 1))
            return false;
    }
    if (__builtin_add_overflow(total, 4 + 4 + 32, &total) || !add_field(&total, a->module_size))
        return false;
    size_t pad = object_padding(total);
    if (__builtin_add_overflow(total, pad, &total) || !add_field(&total, a->object_size) ||
        __builtin_add_overflow(total, CHECKSUM_SIZE, &total))
        return false;
    *out = total;
    return true;
}

bool native_artifact_write(const native_artifact_t *a, uint8_t **out, size_t *size) {
    size_t total;
    if (!artifact_size(a, &total))
        return false;
    uint8_t *buf = base_malloc(total);
    if (!buf)
        return false;
    uint8_t module_hash[32];
    native_sha256(a->module, a->module_size, module_hash);

    writer_t w = {buf};
    put_bytes(&w, NATIVE_ARTIFACT_MAGIC, NATIVE_ARTIFACT_MAGIC_SIZE);
    put_u32(&w, NATIVE_ARTIFACT_FORMAT);
    put_str(&w, a->engine_version);
    put_str(&w, a->triple);
    put_str(&w, a->cpu);
    put_str(&w, a->features);
    put_u32(&w, a->opt_level);
    put_u32(&w, a->flags);
    put_bytes(&w, module_hash, sizeof module_hash);
    put_u32(&w, (uint32_t)a->module_size);
    put_bytes(&w, a->module, a->module_size);
    size_t pad = object_padding((size_t)(w.p - buf));
    memset(w.p, 0, pad);
    w.p += pad;
    put_u32(&w, (uint32_t)a->object_size);
    put_bytes(&w, a->object, a->object_size);
    native_sha256(buf, (size_t)(w.p - buf), w.p);
    w.p += CHECKSUM_SIZE;

    if ((size_t)(w.p - buf) != total) { /* artifact_size and this disagree: a bug */
        base_free(buf);
        return false;
    }
    *out = buf;
    *size = total;
    return true;
}

/* ---- reading ------------------------------------------------------------------ */

/* A cursor over bytes[pos..end). `why` names the first problem; `short_input`
 * says it was running out of bytes (as opposed to a bad value). */
typedef struct reader {
    const uint8_t *bytes;
    size_t pos, end;
    const char *why;
    bool short_input;
} reader_t;

static bool take(reader_t *r, size_t len, const uint8_t **out) {
    if (r->why)
        return false;
    if (len > r->end - r->pos) {
        r->why = "truncated";
        r->short_input = true;
        return false;
    }
    *out = r->bytes + r->pos;
    r->pos += len;
    return true;
}

static bool take_u32(reader_t *r, uint32_t *out) {
    const uint8_t *p;
    if (!take(r, 4, &p))
        return false;
    *out = load_le32(p);
    return true;
}

static bool take_blob(reader_t *r, const uint8_t **data, size_t *len) {
    uint32_t n;
    if (!take_u32(r, &n) || !take(r, n, data))
        return false;
    *len = n;
    return true;
}

/* A string field: its length counts a terminating NUL, which must be its
 * last byte and its only NUL. */
static bool take_str(reader_t *r, const char **out, const char *what) {
    const uint8_t *p;
    size_t len;
    if (!take_blob(r, &p, &len))
        return false;
    if (len == 0 || p[len - 1] != 0 || memchr(p, 0, len - 1) != NULL) {
        r->why = what;
        return false;
    }
    *out = (const char *)p;
    return true;
}

static bool take_padding(reader_t *r) {
    const uint8_t *p;
    size_t pad = object_padding(r->pos);
    if (!take(r, pad, &p))
        return false;
    for (size_t i = 0; i < pad; i++)
        if (p[i] != 0) {
            r->why = "nonzero padding";
            return false;
        }
    return true;
}

/* The fields after the header, up to (not including) the checksum. */
static bool take_fields(reader_t *r, native_artifact_t *a) {
    const uint8_t *hash;
    r->pos = HEADER_SIZE;
    take_str(r, &a->engine_version, "engine version is not a NUL-terminated string");
    take_str(r, &a->triple, "target triple is not a NUL-terminated string");
    take_str(r, &a->cpu, "CPU name is not a NUL-terminated string");
    take_str(r, &a->features, "CPU features are not a NUL-terminated string");
    take_u32(r, &a->opt_level);
    take_u32(r, &a->flags);
    if (take(r, 32, &hash))
        memcpy(a->module_hash, hash, 32);
    take_blob(r, &a->module, &a->module_size);
    take_padding(r);
    take_blob(r, &a->object, &a->object_size);
    return r->why == NULL;
}

/* The checksum did not match: the fields running past the end (or into
 * the checksum) mean the file was cut short; anything else is corruption. */
static bool checksum_failure(const uint8_t *bytes, size_t size, char *err, size_t errlen) {
    native_artifact_t scratch;
    reader_t r = {bytes, HEADER_SIZE, size, NULL, false};
    take_fields(&r, &scratch);
    if (r.short_input || (!r.why && size - r.pos < CHECKSUM_SIZE))
        return fail(err, errlen, "artifact truncated");
    return fail(err, errlen, "artifact checksum mismatch (corrupt file)");
}

bool native_artifact_parse(const uint8_t *bytes, size_t size, native_artifact_t *out,
                           char *err, size_t errlen) {
    if (!native_artifact_is(bytes, size))
        return fail(err, errlen, "not a wasmcell artifact");
    if (size < HEADER_SIZE)
        return fail(err, errlen, "artifact truncated");
    uint32_t format = load_le32(bytes + NATIVE_ARTIFACT_MAGIC_SIZE);
    if (format != NATIVE_ARTIFACT_FORMAT)
        return fail(err, errlen,
                    "artifact format %u is not supported (wasmcell %s reads format %d); "
                    "recompile the module",
                    format, WASMCELL_VERSION, NATIVE_ARTIFACT_FORMAT);
    if (size < HEADER_SIZE + CHECKSUM_SIZE)
        return fail(err, errlen, "artifact truncated");

    size_t body = size - CHECKSUM_SIZE;
    uint8_t sum[32];
    native_sha256(bytes, body, sum);
    if (memcmp(sum, bytes + body, CHECKSUM_SIZE) != 0)
        return checksum_failure(bytes, size, err, errlen);

    /* The checksum holds, so what follows only fails for a file some other
     * writer got wrong; the checks are there all the same. */
    native_artifact_t a;
    reader_t r = {bytes, HEADER_SIZE, body, NULL, false};
    if (!take_fields(&r, &a))
        return fail(err, errlen, "artifact malformed: %s", r.why);
    if (r.pos != body)
        return fail(err, errlen, "artifact malformed: %zu unexpected bytes before the checksum",
                    body - r.pos);
    /* a.module_hash is not hashed again: the checksum covers the module,
     * and hashing its bytes twice was 1 % of SQLite's AOT run */
    *out = a;
    return true;
}

/* "0.1.0" and "0.1.0+anything": the part after '+' (SemVer's build
 * metadata) is for the caller to compare, e.g. a native ABI number. */
static bool same_release(const char *engine_version) {
    size_t n = strlen(WASMCELL_VERSION);
    return strncmp(engine_version, WASMCELL_VERSION, n) == 0 &&
           (engine_version[n] == '\0' || engine_version[n] == '+');
}

bool native_artifact_read(const uint8_t *bytes, size_t size, native_artifact_t *out,
                          char *err, size_t errlen) {
    native_artifact_t a;
    if (!native_artifact_parse(bytes, size, &a, err, errlen))
        return false;
    if (!same_release(a.engine_version))
        return fail(err, errlen, "artifact was made by wasmcell %.64s, this is %s; recompile the module",
                    a.engine_version, WASMCELL_VERSION);
    *out = a;
    return true;
}

/* ---- the host ------------------------------------------------------------------ */

/* Instruction sets the x86-64 levels add (LLVM's x86-64-v2..v4 CPUs); the
 * baseline (generic, x86-64) is in every x86-64 CPU. */
static const struct {
    const char *cpu;
    const char *features;
} x86_levels[] = {
    {"generic", ""},
    {"x86-64", ""},
    {"x86-64-v2", "+cx16,+sahf,+popcnt,+crc32,+sse3,+ssse3,+sse4.1,+sse4.2"},
    {"x86-64-v3", "+cx16,+sahf,+popcnt,+crc32,+sse3,+ssse3,+sse4.1,+sse4.2,"
                  "+avx,+avx2,+bmi,+bmi2,+f16c,+fma,+lzcnt,+movbe,+xsave"},
    {"x86-64-v4", "+cx16,+sahf,+popcnt,+crc32,+sse3,+ssse3,+sse4.1,+sse4.2,"
                  "+avx,+avx2,+bmi,+bmi2,+f16c,+fma,+lzcnt,+movbe,+xsave,"
                  "+avx512f,+avx512bw,+avx512cd,+avx512dq,+avx512vl"},
};

static bool check_cpu_name(const char *cpu, char *err, size_t errlen) {
    if (cpu[0] == '\0')
        return true;
    for (size_t i = 0; i < sizeof x86_levels / sizeof x86_levels[0]; i++)
        if (strcmp(cpu, x86_levels[i].cpu) == 0)
            return native_cpu_supports(x86_levels[i].features, err, errlen);
    return fail(err, errlen,
                "artifact was compiled for CPU %.64s, whose features wasmcell cannot check; "
                "recompile with --target-cpu generic",
                cpu);
}

bool native_artifact_check_host(const native_artifact_t *a, char *err, size_t errlen) {
    const char *host = native_host_triple();
    if (!host) {
        const char *machine = native_machine_triple();
        return fail(err, errlen, "this wasmcell cannot run native code on %s",
                    machine ? machine : "this machine");
    }
    if (strcmp(a->triple, host) != 0)
        return fail(err, errlen, "artifact is for %.64s, this machine is %s", a->triple, host);
    return check_cpu_name(a->cpu, err, errlen) && native_cpu_supports(a->features, err, errlen);
}
