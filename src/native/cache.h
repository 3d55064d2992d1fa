/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* cache.h — the native code cache: a directory of artifacts (artifact.h)
 * keyed by module hash + engine version + target + CPU features + opt
 * level, so a second run of the same module starts native. An entry is
 * only bytes to this file: read it with native_artifact_read (and
 * native_artifact_check_host) as if it came from a user. */
#ifndef NATIVE_CACHE_H
#define NATIVE_CACHE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The directory to use: `configured` when non-NULL ("" = disabled: NULL
 * result), else $XDG_CACHE_HOME/wasmcell (when that is an absolute path),
 * else $HOME/.cache/wasmcell (likewise); NULL when none can be determined
 * or out of memory. Owned (base_malloc). */
char *native_cache_dir(const char *configured);
/* Entry name for a key: 64 lowercase hex digits of a SHA-256 over the
 * key's parts (and the artifact format), each behind its length so that no
 * two different keys run into the same bytes. Owned (base_malloc); NULL
 * when out of memory. NULL strings count as "". */
char *native_cache_key(const uint8_t module_hash[32], const char *engine_version,
                       const char *triple, const char *cpu, const char *features,
                       uint32_t opt_level);
/* Reads entry dir/key (a regular file of 1 byte to 1 GiB) whole into
 * *bytes (owned, base_malloc); false when absent, unreadable, too big, or
 * when the key is not a plain name ([0-9A-Za-z_-], at most 128). */
bool native_cache_load(const char *dir, const char *key, uint8_t **bytes, size_t *size);
/* Writes an entry atomically: the directories are created (mode 0700),
 * the bytes go to a fresh temporary file in `dir` that is then renamed
 * over dir/key, so readers see the old entry or the new one, never a
 * part. No temporary file is left behind on failure. Failures are silent
 * (a cache is an optimisation): false. Not fsync'ed: after a crash an
 * entry may be damaged, which the artifact checksum catches. */
bool native_cache_store(const char *dir, const char *key, const uint8_t *bytes, size_t size);

/* One process at a time fills an entry (a whole-module compile of a big
 * module takes tens of CPU seconds and hundreds of MiB; every run of a hot
 * module until the entry exists would start another). The lock is an
 * flock on dir/key.filling, so it dies with its process. begin: a file
 * descriptor to hand to native_cache_fill_end (the caller then fills),
 * NATIVE_CACHE_FILL_BUSY when another process fills this key now, or
 * NATIVE_CACHE_FILL_FAILED (no directory, bad key: fill anyway or not,
 * the entry write fails the same way). */
#define NATIVE_CACHE_FILL_BUSY (-1)
#define NATIVE_CACHE_FILL_FAILED (-2)
int native_cache_fill_begin(const char *dir, const char *key);
void native_cache_fill_end(const char *dir, const char *key, int fd);
/* Does another process fill dir/key now? */
bool native_cache_filling(const char *dir, const char *key);

#endif
