/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* host_function.c — C functions called from wasm.
 *
 * A host function has one shape: it receives its arguments in 64-bit slots
 * and writes its results into the same slots. Its wasm type is given as a
 * signature string: parameter letters, ':', result letters
 * (i=i32 I=i64 f=f32 F=f64 v=v128 r=funcref x=externref).
 *
 * usage: host_function GUEST.wasm    (the guest: examples/wasm/host_function.wat)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wasmcell.h>

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *bytes = NULL;
    size_t cap = 0, len = 0, n;
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            uint8_t *grown = realloc(bytes, cap);
            if (!grown) {
                free(bytes);
                fclose(f);
                return NULL;
            }
            bytes = grown;
        }
        n = fread(bytes + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    *size = len;
    return bytes;
}

/* What the host functions share: passed as `env` to every call. */
struct host_state {
    const char *prefix;
    unsigned calls;
};

/* env.print(ptr: i32, len: i32) — signature "ii:". Reads guest memory,
 * checking the range first: the guest chooses ptr and len. */
static wasmcell_error_t *host_print(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    struct host_state *state = env;
    uint32_t ptr = (uint32_t)slots[0], len = (uint32_t)slots[1];
    uint64_t mem_size;
    uint8_t *mem = wasmcell_caller_memory(caller, &mem_size);
    if (!mem || (uint64_t)ptr + len > mem_size)
        return wasmcell_trap_new("print: string out of bounds");
    state->calls++;
    printf("%s%.*s\n", state->prefix, (int)len, (const char *)mem + ptr);
    return NULL;
}

/* env.square(x: i64) -> i64 — signature "I:I". */
static wasmcell_error_t *host_square(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    struct host_state *state = env;
    int64_t x = (int64_t)slots[0];
    state->calls++;
    slots[0] = (uint64_t)(x * x);
    return NULL;
}

/* env.check(x: i32) — signature "i:". Traps on negative numbers. */
static wasmcell_error_t *host_check(wasmcell_caller_t *caller, void *env, uint64_t *slots)
{
    int32_t x = (int32_t)(uint32_t)slots[0];
    if (x < 0)
        return wasmcell_trap_new("check: negative argument");
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: host_function GUEST.wasm\n");
        return 2;
    }
    size_t size;
    uint8_t *bytes = read_file(argv[1], &size);
    if (!bytes) {
        perror(argv[1]);
        return 1;
    }
    wasmcell_error_t *error = NULL;
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_module_t *module = NULL;
    if (!engine || wasmcell_module_new(engine, bytes, size, &module, &error) != WASMCELL_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], error ? wasmcell_error_message(error) : "no memory");
        return 1;
    }
    free(bytes);

    /* Define the imports, then instantiate. */
    struct host_state state = {.prefix = "[guest] ", .calls = 0};
    wasmcell_linker_t *linker = wasmcell_linker_new(engine);
    if (!linker ||
        wasmcell_linker_define_func(linker, "env", "print", "ii:", host_print, &state) ||
        wasmcell_linker_define_func(linker, "env", "square", "I:I", host_square, &state) ||
        wasmcell_linker_define_func(linker, "env", "check", "i:", host_check, &state)) {
        fprintf(stderr, "cannot define the host functions\n");
        return 1;
    }
    wasmcell_instance_t *instance = NULL;
    if (wasmcell_linker_instantiate(linker, module, &instance, &error) != WASMCELL_OK) {
        fprintf(stderr, "instantiate: %s\n", wasmcell_error_message(error));
        return 1;
    }

    /* Call run(10): arguments and results are typed values. */
    wasmcell_func_t *run = wasmcell_instance_func(instance, "run");
    wasmcell_val_t args[1] = {{.type = WASMCELL_I32, .of.i32 = 10}};
    wasmcell_val_t results[1];
    if (!run || wasmcell_func_call(run, args, 1, results, 1, &error) != WASMCELL_OK) {
        fprintf(stderr, "run: %s\n", error ? wasmcell_error_message(error) : "no export");
        return 1;
    }
    printf("run(10) = %" PRId64 " after %u host calls\n", results[0].of.i64, state.calls);

    /* A host function's trap unwinds the guest: the call fails with
     * WASMCELL_ERR_TRAP, kind WASMCELL_TRAP_HOST, and the host's message. */
    wasmcell_func_t *checked = wasmcell_instance_func(instance, "checked");
    args[0].of.i32 = 21;
    if (wasmcell_func_call(checked, args, 1, results, 1, &error) == WASMCELL_OK)
        printf("checked(21) = %d\n", (int)results[0].of.i32);
    args[0].of.i32 = -1;
    wasmcell_status_t status = wasmcell_func_call(checked, args, 1, results, 1, &error);
    if (status == WASMCELL_ERR_TRAP) {
        printf("checked(-1): %s, host trap: %s, message: %s\n", wasmcell_status_name(status),
               wasmcell_error_trap_kind(error) == WASMCELL_TRAP_HOST ? "yes" : "no",
               wasmcell_error_message(error));
        wasmcell_error_delete(error);
    } else {
        printf("checked(-1) did not trap\n");
    }

    wasmcell_instance_delete(instance);
    wasmcell_linker_delete(linker);
    wasmcell_module_delete(module);
    wasmcell_engine_delete(engine);
    return 0;
}
