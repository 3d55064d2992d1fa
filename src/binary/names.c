/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* names.c — the "name" custom section: module name and function names
 * (Name Section, Custom Sections appendix). Anything malformed in it is
 * ignored, as the spec allows; the decoder never fails because of it. */
#include <string.h>
#include "../base/alloc.h"
#include "../base/utf8.h"
#include "binread.h"

enum { NAME_MODULE = 0, NAME_FUNCTION = 1 };

static bool read_name(base_reader_t *r, char **out)
{
    uint32_t len;
    const uint8_t *bytes;
    if (base_read_u32(r, &len) || base_read_bytes(r, len, &bytes)) return false;
    if (!base_utf8_valid(bytes, len)) return false;
    *out = base_strndup((const char *)bytes, len);
    return *out != NULL;
}

static bool read_func_names(bin_module_t *m, base_reader_t *r)
{
    uint32_t count;
    if (base_read_u32(r, &count)) return false;
    if (!m->func_names && m->nfuncs) {
        m->func_names = base_calloc(m->nfuncs, sizeof *m->func_names);
        if (!m->func_names) return false;
    }
    for (uint32_t i = 0; i < count; i++) {
        uint32_t func_idx;
        char *name;
        if (base_read_u32(r, &func_idx) || !read_name(r, &name)) return false;
        if (func_idx >= m->nfuncs || m->func_names[func_idx]) {
            base_free(name); /* out of range or repeated: keep the first */
            continue;
        }
        m->func_names[func_idx] = name;
    }
    return base_reader_done(r);
}

static bool read_subsections(bin_module_t *m, const uint8_t *bytes, size_t size)
{
    base_reader_t r;
    base_reader_init(&r, bytes, size);
    while (!base_reader_done(&r)) {
        uint8_t id;
        uint32_t len;
        const uint8_t *content;
        if (base_read_u8(&r, &id) || base_read_u32(&r, &len) || base_read_bytes(&r, len, &content))
            return false;
        base_reader_t sub;
        base_reader_init(&sub, content, len);
        if (id == NAME_MODULE) {
            if (m->module_name || !read_name(&sub, &m->module_name) || !base_reader_done(&sub))
                return false;
        } else if (id == NAME_FUNCTION) {
            if (!read_func_names(m, &sub)) return false;
        }
    }
    return true;
}

void bin_read_names(bin_module_t *m)
{
    for (uint32_t i = 0; i < m->ncustoms; i++) {
        if (strcmp(m->customs[i].name, "name") != 0) continue;
        if (!read_subsections(m, m->customs[i].bytes, m->customs[i].size)) bin_free_names(m);
        return;
    }
}

void bin_free_names(bin_module_t *m)
{
    base_free(m->module_name);
    m->module_name = NULL;
    if (m->func_names)
        for (uint32_t i = 0; i < m->nfuncs; i++) base_free(m->func_names[i]);
    base_free(m->func_names);
    m->func_names = NULL;
}
