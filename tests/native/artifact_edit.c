/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* artifact_edit.c — makes damaged or mismatched `.cwasm` artifacts for the
 * native-tier tests (layout: src/native/artifact.h).
 *
 *   artifact_edit IN OUT engine-version TEXT   rewrite a field, reseal
 *   artifact_edit IN OUT triple TEXT
 *   artifact_edit IN OUT cpu TEXT
 *   artifact_edit IN OUT features TEXT
 *   artifact_edit IN OUT format N              the u32 format version, reseal
 *   artifact_edit IN OUT module-byte N         flip module byte N, reseal
 *                                              (the stored module hash no longer matches)
 *   artifact_edit IN OUT object-zero           zero the object code, reseal
 *   artifact_edit IN OUT flip N                flip byte N of the file (no reseal)
 *   artifact_edit IN info                      print the fields, one per line
 *
 * "reseal" recomputes the trailing SHA-256, so that only the edited field
 * is wrong. Exit 0 done, 1 the input is not a readable artifact, 2 usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "native/artifact.h"

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *bigger = realloc(buf, cap *= 2);
            if (!bigger) free(buf);
            buf = bigger;
        }
    }
    fclose(f);
    *size = n;
    return buf;
}

static int write_file(const char *path, const uint8_t *bytes, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, size, f) != size || fclose(f) != 0) {
        fprintf(stderr, "artifact_edit: cannot write %s\n", path);
        return 1;
    }
    return 0;
}

static void reseal(uint8_t *bytes, size_t size)
{
    native_sha256(bytes, size - 32, bytes + size - 32);
}

static int usage(void)
{
    fprintf(stderr, "usage: artifact_edit IN OUT engine-version|triple|cpu|features TEXT\n"
                    "       artifact_edit IN OUT format N | module-byte N | flip N | object-zero\n"
                    "       artifact_edit IN info\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 3) return usage();
    size_t size = 0;
    uint8_t *bytes = read_file(argv[1], &size);
    if (!bytes) {
        fprintf(stderr, "artifact_edit: cannot read %s\n", argv[1]);
        return 1;
    }
    const char *op = argc > 3 ? argv[3] : argv[2];
    const char *arg = argc > 4 ? argv[4] : NULL;
    if (strcmp(op, "flip") == 0) { /* raw: no parsing, no reseal */
        if (!arg) return usage();
        size_t at = strtoul(arg, NULL, 0);
        if (at >= size) {
            fprintf(stderr, "artifact_edit: offset %zu beyond %zu bytes\n", at, size);
            return 1;
        }
        bytes[at] ^= 0x5a;
        int rc = write_file(argv[2], bytes, size);
        free(bytes);
        return rc;
    }
    native_artifact_t a;
    char err[300];
    if (!native_artifact_parse(bytes, size, &a, err, sizeof err)) {
        fprintf(stderr, "artifact_edit: %s: %s\n", argv[1], err);
        free(bytes);
        return 1;
    }
    if (strcmp(op, "info") == 0) {
        printf("engine-version %s\ntriple %s\ncpu %s\nfeatures %s\nopt %u\nflags %u\nmodule-size %zu\n"
               "object-size %zu\nobject-offset %zu\nsize %zu\n",
               a.engine_version, a.triple, a.cpu, a.features, a.opt_level, a.flags, a.module_size,
               a.object_size, (size_t)(a.object - bytes), size);
        free(bytes);
        return 0;
    }
    if (argc < 4) return usage();
    const char *out = argv[2];
    if (strcmp(op, "format") == 0 || strcmp(op, "module-byte") == 0 ||
        strcmp(op, "object-zero") == 0) {
        if (strcmp(op, "format") == 0 && arg) {
            unsigned long v = strtoul(arg, NULL, 0);
            for (int i = 0; i < 4; i++) bytes[NATIVE_ARTIFACT_MAGIC_SIZE + i] = (uint8_t)(v >> 8 * i);
        } else if (strcmp(op, "module-byte") == 0 && arg) {
            size_t at = strtoul(arg, NULL, 0);
            if (at >= a.module_size) return usage();
            bytes[(size_t)(a.module - bytes) + at] ^= 0x01;
        } else if (strcmp(op, "object-zero") == 0) {
            memset(bytes + (a.object - bytes), 0, a.object_size);
        } else {
            return usage();
        }
        reseal(bytes, size);
        int rc = write_file(out, bytes, size);
        free(bytes);
        return rc;
    }
    if (!arg) return usage();
    if (strcmp(op, "engine-version") == 0) a.engine_version = arg;
    else if (strcmp(op, "triple") == 0) a.triple = arg;
    else if (strcmp(op, "cpu") == 0) a.cpu = arg;
    else if (strcmp(op, "features") == 0) a.features = arg;
    else return usage();
    uint8_t *edited = NULL;
    size_t edited_size = 0;
    if (!native_artifact_write(&a, &edited, &edited_size)) {
        fprintf(stderr, "artifact_edit: cannot write the edited artifact\n");
        free(bytes);
        return 1;
    }
    int rc = write_file(out, edited, edited_size);
    base_free(edited);
    free(bytes);
    return rc;
}
