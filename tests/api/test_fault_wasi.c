/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_fault_wasi.c — allocation-failure injection over a WASI session:
 * wasmcell_wasi_new with args, env and a preopen, the import object,
 * instantiation, start (stdout, args, path_open in the preopen, close,
 * proc_exit) and teardown. Failing the Nth allocation, for every N, must
 * give a clean error (or a guest-visible errno) and leak nothing. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "harness.h"
#include "modules.h"
#include "fault_inject.h"
#include "wasmcell_wasi.h"

static char sandbox[64];
static int devnull = -1;

/* One whole session; true when the guest ran to proc_exit(7). */
static int wasi_session(void)
{
    static const char *const argv[] = {"prog", "arg"};
    static const char *const env[] = {"X=1"};
    wasmcell_wasi_preopen_t pre = {.guest_path = "/sandbox", .host_path = sandbox};
    wasmcell_wasi_options_t opts;
    wasmcell_wasi_options_init(&opts);
    opts.version = "preview1";
    opts.argc = 2;
    opts.argv = argv;
    opts.envc = 1;
    opts.env = env;
    opts.npreopens = 1;
    opts.preopens = &pre;
    opts.stdout_fd = devnull;

    int ok = 0;
    int32_t code = -1;
    wasmcell_error_t *err = NULL;
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
    wasmcell_wasi_t *wasi = engine ? wasmcell_wasi_new(&opts, &err) : NULL;
    wasmcell_linker_t *linker = wasi ? wasmcell_linker_new(engine) : NULL;
    wasmcell_module_t *module = NULL;
    wasmcell_instance_t *instance = NULL;
    if (linker && wasmcell_wasi_define_imports(wasi, linker) == WASMCELL_OK &&
        wasmcell_module_new(engine, wasm_wasi_session, sizeof wasm_wasi_session, &module,
                            &err) == WASMCELL_OK &&
        wasmcell_linker_instantiate(linker, module, &instance, &err) == WASMCELL_OK &&
        wasmcell_wasi_start(wasi, instance, &code, &err) == WASMCELL_OK)
        ok = code == 7;
    if (err) {
        CHECK(wasmcell_error_message(err) != NULL);
        wasmcell_error_delete(err);
    }
    wasmcell_instance_delete(instance);
    wasmcell_module_delete(module);
    wasmcell_linker_delete(linker);
    wasmcell_wasi_delete(wasi);
    wasmcell_engine_delete(engine);
    return ok;
}

static void fault_wasi_session_fails_cleanly(void)
{
    run_with_failures(wasi_session);
    /* the last (complete) run created the file inside the preopen */
    char path[128];
    snprintf(path, sizeof path, "%s/out.txt", sandbox);
    CHECK(access(path, F_OK) == 0);
}

int main(int argc, char **argv)
{
    snprintf(sandbox, sizeof sandbox, "/tmp/wasmcell-fault-XXXXXX");
    if (!mkdtemp(sandbox)) return 1;
    devnull = open("/dev/null", O_WRONLY);
    static const harness_test_t tests[] = {
        TEST(fault_wasi_session_fails_cleanly),
    };
    int rc = harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
    char path[128];
    snprintf(path, sizeof path, "%s/out.txt", sandbox);
    unlink(path);
    rmdir(sandbox);
    return rc;
}
