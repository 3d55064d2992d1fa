/* cache.h — the native code cache: a directory of artifacts (artifact.h)
 * keyed by module hash + engine version + target + CPU features + opt
 * level, so a second run of the same module starts native. */
#ifndef NATIVE_CACHE_H
#define NATIVE_CACHE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The directory to use: `configured` when non-NULL ("" = disabled: NULL
 * result), else $XDG_CACHE_HOME/wasmcell, else $HOME/.cache/wasmcell;
 * NULL when none can be determined. Owned (base_malloc). */
char *native_cache_dir(const char *configured);
/* Entry name for a key: hex of SHA-256 over the key's parts. Owned. */
char *native_cache_key(const uint8_t module_hash[32], const char *engine_version,
                       const char *triple, const char *cpu, const char *features,
                       uint32_t opt_level);
/* Reads an entry (whole file, base_malloc'ed); false when absent/unreadable. */
bool native_cache_load(const char *dir, const char *key, uint8_t **bytes, size_t *size);
/* Writes an entry atomically (temp file + rename, directories created with
 * mode 0700); failures are silent (a cache is an optimisation): false. */
bool native_cache_store(const char *dir, const char *key, const uint8_t *bytes, size_t size);

#endif
