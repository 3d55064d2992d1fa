/* json.h — a small JSON reader for the wast2json command files.
 *
 * Parses a whole document into a tree; strings keep their length (a wast
 * name may contain NUL). Numbers are kept as doubles. Not a general-purpose
 * JSON library: enough for what wabt's wast2json writes.
 */
#ifndef WASMCELL_CLI_JSON_H
#define WASMCELL_CLI_JSON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum json_kind {
    JSON_NULL,
    JSON_BOOL,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT,
} json_kind_t;

typedef struct json json_t;
struct json {
    json_kind_t kind;
    bool boolean;
    double number;
    char *str;      /* JSON_STRING: NUL terminated copy, may contain NULs */
    size_t str_len;
    size_t count;   /* JSON_ARRAY / JSON_OBJECT: number of items */
    size_t cap;     /* allocated items */
    json_t **items; /* the values */
    char **keys;    /* JSON_OBJECT: the keys, parallel to items */
};

/* Parse `text[0..len)`. Returns an owned tree (free with json_free) or NULL
 * with a message in err (e.g. "line 3: expected ':'"). */
json_t *json_parse(const char *text, size_t len, char *err, size_t err_size);
void json_free(json_t *value);

/* Lookups that tolerate NULL and wrong kinds (they return NULL / defaults). */
const json_t *json_get(const json_t *object, const char *key);
const char *json_get_str(const json_t *object, const char *key); /* NULL if absent */
long json_get_int(const json_t *object, const char *key, long fallback);
size_t json_len(const json_t *array);
const json_t *json_at(const json_t *array, size_t i);

#endif
