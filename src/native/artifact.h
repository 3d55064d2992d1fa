/* artifact.h — the `.cwasm` artifact format (wasmcell compile), also the
 * format of the native code cache's entries, and the CPU checks that decide
 * whether an artifact may run on this machine. Needs no LLVM.
 *
 * Layout (little endian):
 *   magic "\0cwasm\x01\xce" (8 bytes; starts with \0 so it is never a
 *   valid wasm or text module), u32 format version, then fields, each a u32
 *   length and bytes: engine version ("0.1.0"), target triple, CPU name,
 *   CPU features (comma separated "+sse4.1,+avx2,..." as LLVM spelled
 *   them), u32 opt level, the SHA-256 of the module bytes (32 bytes), the
 *   module bytes, the object code; then a SHA-256 of everything before it.
 */
#ifndef NATIVE_ARTIFACT_H
#define NATIVE_ARTIFACT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NATIVE_ARTIFACT_MAGIC "\0cwasm\x01\xce"
#define NATIVE_ARTIFACT_FORMAT 1

typedef struct native_artifact {
    const char *engine_version;     /* NUL terminated */
    const char *triple;
    const char *cpu;
    const char *features;
    uint32_t opt_level;
    uint8_t module_hash[32];
    const uint8_t *module; size_t module_size;
    const uint8_t *object; size_t object_size;
} native_artifact_t;

/* Serializes `a` (module_hash is computed here from a->module). *out is
 * allocated with base_malloc. false when out of memory. */
bool native_artifact_write(const native_artifact_t *a, uint8_t **out, size_t *size);
/* Parses bytes (borrowed: the result's pointers point into `bytes`, whose
 * strings are copied into `strbuf`... see the implementation note).
 * Checks the magic, format, lengths, the trailing checksum and the module
 * hash; false with a message in err on any mismatch. */
bool native_artifact_read(const uint8_t *bytes, size_t size, native_artifact_t *out,
                          char *err, size_t errlen);
bool native_artifact_is(const uint8_t *bytes, size_t size);

/* SHA-256. */
void native_sha256(const uint8_t *data, size_t size, uint8_t out[32]);

/* CPU checks without LLVM: every "+feature" of an artifact's features
 * string must be present on this CPU (cpuid); features this code does not
 * know are treated as absent (the artifact is refused, naming it). */
bool native_cpu_supports(const char *features, char *err, size_t errlen);
/* The host triple this runtime runs native code for ("x86_64-pc-linux-gnu"),
 * or NULL where the loader has no support. */
const char *native_host_triple(void);

#endif
