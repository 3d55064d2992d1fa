/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* artifact.h — the `.cwasm` artifact format (wasmcell compile), also the
 * format of the native code cache's entries; SHA-256; and the CPU checks
 * that decide whether an artifact may run on this machine. Needs no LLVM.
 *
 * Layout (format 2; integers little endian; "str" is a u32 length that
 * counts a terminating NUL, then that many bytes: the last one is NUL and no
 * other is, so the reader hands out pointers into the buffer):
 *
 *   offset 0   magic "\0cwasm\x01\xce" (8 bytes; it starts with \0 so it is
 *              never a valid wasm or text module)
 *   offset 8   u32 format version (NATIVE_ARTIFACT_FORMAT)
 *   offset 12  str engine version ("0.1.0", or "0.1.0+build")
 *              str target triple ("x86_64-pc-linux-gnu")
 *              str CPU name ("generic", "x86-64", "x86-64-v2".."x86-64-v4")
 *              str CPU features ("+sse4.1,+avx2,..." as LLVM spells them)
 *              u32 opt level (WASMCELL_OPT_*)
 *              u32 compile flags (NATIVE_COMPILE_* of native.h: metered, bounds-checked code)
 *              32 bytes: SHA-256 of the module bytes
 *              u32 module size, the module bytes
 *              0-15 zero bytes, so that the object bytes start at an offset
 *              that is a multiple of 16 (the loader may read ELF headers
 *              in place when the buffer itself is 16-byte aligned)
 *              u32 object size, the object code (ELF64 ET_REL)
 *   size-32    32 bytes: SHA-256 of every byte before it
 *
 * Nothing follows the checksum. An artifact is trusted code (see
 * wasmcell_module_deserialize): the checks catch corruption, truncation
 * and mismatched engines or machines, not an attacker who recomputes the
 * checksum.
 */
#ifndef NATIVE_ARTIFACT_H
#define NATIVE_ARTIFACT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NATIVE_ARTIFACT_MAGIC "\0cwasm\x01\xce"
#define NATIVE_ARTIFACT_MAGIC_SIZE 8
#define NATIVE_ARTIFACT_FORMAT 2
/* Where the object bytes start (offset from the artifact's first byte). */
#define NATIVE_ARTIFACT_OBJECT_ALIGN 16

typedef struct native_artifact {
    const char *engine_version; /* each string NUL terminated, NUL free */
    const char *triple;
    const char *cpu;
    const char *features;
    uint32_t opt_level;
    uint32_t flags;
    uint8_t module_hash[32];
    const uint8_t *module; size_t module_size;
    const uint8_t *object; size_t object_size;
} native_artifact_t;

/* Serializes `a` (borrowed; its strings must be non-NULL, module_hash is
 * ignored and computed here from a->module). *out is allocated with
 * base_malloc (owned by the caller). false when out of memory, or when a
 * field does not fit the format's u32 lengths (4 GiB). */
bool native_artifact_write(const native_artifact_t *a, uint8_t **out, size_t *size);

/* Parses and checks an artifact without allocating: on success every
 * pointer in *out points into `bytes` (borrowed: keep it alive and
 * unchanged while *out is used). Checks, in this order: the magic ("not a
 * wasmcell artifact"), the format version, the trailing checksum ("artifact
 * truncated" or "artifact checksum mismatch (corrupt file)"), every length
 * and string, the module hash, and the engine version ("artifact was made by
 * wasmcell X, this is Y": it must be WASMCELL_VERSION, optionally followed
 * by "+build", e.g. "0.1.0+abi1"; a caller that writes such a suffix
 * compares it exactly itself). false with a message in err[0..errlen) (err
 * may be NULL) on the first failure. Does not check the target or CPU: see
 * native_artifact_check_host. */
bool native_artifact_read(const uint8_t *bytes, size_t size, native_artifact_t *out,
                          char *err, size_t errlen);
/* native_artifact_read without the engine version check, for tools that
 * describe artifacts of other versions. */
bool native_artifact_parse(const uint8_t *bytes, size_t size, native_artifact_t *out,
                           char *err, size_t errlen);
/* True when bytes start with the artifact magic (nothing else is checked). */
bool native_artifact_is(const uint8_t *bytes, size_t size);

/* May this machine run the artifact's code? Its triple must be
 * native_host_triple(), its CPU name generic/x86-64 or an x86-64-vN level
 * this CPU has, and every "+feature" must pass native_cpu_supports. A
 * specific CPU name (skylake, znver4, ...) is refused: it implies features
 * the string does not list, which this check cannot see. The compiler
 * should target CPU "generic" with native_cpu_host_features() (or an
 * explicit list) as features, and tune for a CPU with LLVM's "tune-cpu"
 * function attribute, which changes no instruction set. */
bool native_artifact_check_host(const native_artifact_t *a, char *err, size_t errlen);

/* SHA-256 (FIPS 180-4). The streaming form is for inputs in pieces. */
typedef struct native_sha256 {
    uint32_t state[8];
    uint64_t total_bytes;
    uint8_t block[64];
    size_t block_len;
} native_sha256_t;
void native_sha256_init(native_sha256_t *ctx);
void native_sha256_update(native_sha256_t *ctx, const void *data, size_t size);
void native_sha256_final(native_sha256_t *ctx, uint8_t out[32]); /* wipes ctx */
void native_sha256(const uint8_t *data, size_t size, uint8_t out[32]);

/* CPU checks without LLVM (cpuid, and xgetbv for the OS's support of
 * AVX/AVX-512 register state). `features` is a comma separated list of
 * LLVM feature names: every "+name" (or bare "name") must be a feature
 * this file knows (native_cpu_known_features) and this CPU has; "-name"
 * entries and empty entries are ignored. false with a message naming the
 * first unknown or missing feature. */
bool native_cpu_supports(const char *features, char *err, size_t errlen);
/* The LLVM x86 feature names native_cpu_supports can check (NULL
 * terminated; empty where cpuid does not exist). */
const char *const *native_cpu_known_features(void);
/* Writes "+sse2,+sse4.1,..." — the known features this CPU has — into
 * buf[0..len) NUL terminated, so that the compiler targets exactly what
 * native_cpu_supports later checks. false when it does not fit
 * (NATIVE_CPU_FEATURES_MAX always fits). */
#define NATIVE_CPU_FEATURES_MAX 2048
bool native_cpu_host_features(char *buf, size_t len);
/* The host triple this runtime runs native code for ("x86_64-pc-linux-gnu"),
 * or NULL where the loader has no support (only x86-64 Linux for now). */
const char *native_host_triple(void);
/* The triple of the machine this build runs on ("aarch64-unknown-linux-gnu"
 * too), whether or not the loader supports it; NULL when unknown. For
 * messages. */
const char *native_machine_triple(void);

#endif
