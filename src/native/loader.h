/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* loader.h — our own loader for the relocatable ELF64 objects LLVM emits
 * (x86-64; aarch64 later). It is what lets a build without LLVM run native
 * code: the JIT, the cache and `.cwasm` artifacts all produce an object
 * file, and this loader maps it, applies its relocations and hands out the
 * addresses of its symbols. No libLLVM, no dlopen.
 *
 * Input is trusted code (an artifact is trusted, like wasmtime's
 * deserialize), but the loader still never reads or writes outside the
 * object or its mapping: a truncated or corrupt object is refused with a
 * message, never crashes the host. */
#ifndef NATIVE_LOADER_H
#define NATIVE_LOADER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct native_image native_image_t;

/* Address of an undefined (external) symbol the object references, or
 * NULL when unknown (the load then fails naming the symbol). */
typedef void *(*native_resolve_fn)(void *user, const char *name);

/* Loads an ELF64 little-endian x86-64 ET_REL object: every SHF_ALLOC
 * section into one mapping (so that PC32/PLT32 reach), SHT_NOBITS zeroed,
 * relocations applied (R_X86_64_64, PC32, PLT32, 32, 32S, PC64,
 * GOTPCREL, GOTPCRELX, REX_GOTPCRELX, GOTPC32, and the large code
 * model's GOTOFF64, GOTPC64, GOT64, GOTPCREL64, PLTOFF64), external
 * functions called through stubs placed in the mapping (so a far libc
 * address is reachable), a GOT in the mapping, then text mapped
 * read+execute, read-only data, .data.rel.ro and the GOT read-only (W^X).
 * An object with absolute 32-bit relocations (-fno-pic, small model) is
 * mapped below 2 GiB. Not loaded: .eh_frame, notes, non-ALLOC sections.
 * Refused: thread-local storage, common symbols, SHT_REL, a relocation
 * that overflows (the message names the type and symbol) or of a type
 * not listed (the message names its number). `resolve` is asked only for
 * undefined symbols that relocations use; a weak one may resolve to NULL.
 * `obj` is borrowed for the call. NULL on failure with a message in
 * err[0..errlen). */
native_image_t *native_image_load(const uint8_t *obj, size_t size, native_resolve_fn resolve,
                                  void *user, char *err, size_t errlen);
void native_image_free(native_image_t *img);

/* Address of the defined symbol `name` (function or data, global or
 * local; a global wins over a local of the same name), or NULL. Hashed. */
void *native_image_symbol(const native_image_t *img, const char *name);
/* The defined function symbol (STT_FUNC) whose [value, value+size) holds
 * addr: its name (owned by the image), with *start set; NULL if none. */
const char *native_image_func_at(const native_image_t *img, uintptr_t addr, uintptr_t *start,
                                 size_t *size);
/* Executable bytes of the image (sum of its text sections). */
size_t native_image_code_size(const native_image_t *img);

/* Process-wide registry of loaded images (images register on load and
 * unregister on free), for backtraces: the image whose mapping holds addr,
 * or NULL. Thread safe (not async-signal-safe: call it outside signal
 * handlers). */
native_image_t *native_image_find(uintptr_t addr);
/* Async-signal-safe: true when addr lies in the text of some live image. */
bool native_image_is_code(uintptr_t addr);
/* User pointer attached to an image (e.g. the module it implements). */
void native_image_set_user(native_image_t *img, void *user);
void *native_image_user(const native_image_t *img);

#endif
