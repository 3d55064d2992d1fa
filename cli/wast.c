/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* wast.c — `wasmcell wast FILE.wast...`: reads each script with the
 * text-format parser (wasmcell_text.h) and runs its commands (module,
 * module definition/instance, register, actions and the assert_* family)
 * against the engine, counting passed/failed/skipped.
 *
 * Skipped, never passed: anything that fails with WASMCELL_ERR_UNSUPPORTED
 * or a WASMCELL_TRAP_UNSUPPORTED trap, and values the public API cannot
 * express. A failure of the right category whose message differs from the
 * expected text passes with a warning (counted as a message mismatch);
 * text-format assert_malformed modules are judged by category only.
 */
#include "cli.h"
#include "wast.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char wast_usage[] =
    "usage: wasmcell wast [options] FILE.wast...\n"
    "\n"
    "Runs WebAssembly spec-style test scripts with wasmcell's own text-format\n"
    "parser (no external tools). Prints one line per file,\n"
    "`FILE: N passed, N failed, N skipped`, each failure with its line, and a\n"
    "total line.\n"
    "\n"
    "options:\n"
    "  -q, --quiet     do not print message-mismatch warnings (still counted)\n"
    "  -v, --verbose   print spectest.print* output and every skipped command\n"
    "  --timeout SECONDS  fail any single invoke that runs longer (interrupts it)\n"
    "  --tier interp|native|auto  execution tier (default interp; WASMCELL_TIER sets\n"
    "                  the default): native compiles every function before it runs\n"
    "  --opt 0|1|2|3   native code's optimisation level (default: 2 for --tier\n"
    "                  native; auto compiles at 1, or 0 for big hot sets)\n"
    "  --wasm 2.0|3.0  WebAssembly version the modules must keep to (default 3.0:\n"
    "                  every feature supported; 2.0 refuses tail calls, extended\n"
    "                  constant expressions, relaxed SIMD, multiple memories,\n"
    "                  memory64/table64, exception handling and typed function\n"
    "                  references, as the 2.0 spec\n"
    "                  suite expects)\n"
    "  --bounds-checks  every linear memory bounds-checked instead of guarded by\n"
    "                  an 8 GiB reservation (the results must be the same;\n"
    "                  WASMCELL_BOUNDS_CHECKS=1 sets it by default)\n"
    "  -h, --help      this help\n"
    "\n"
    "Skipped: commands using features the engine reports as unsupported, and\n"
    "values the API cannot express. externref N is passed as the host pointer\n"
    "value N + 1 (so ref.extern 0 differs from ref.null).\n"
    "\n"
    "exit status: 0 nothing failed, 1 some command failed, 125 usage error\n";

typedef enum outcome { PASS, FAIL, SKIP } outcome_t;

/* A module the script defined: its instance (or, for `module definition`,
 * its compiled module), or why it has none. */
typedef struct slot {
    char *name;                    /* "M1" (the $id without '$'), or NULL for anonymous */
    wasmcell_module_t *module;     /* owned; definitions only */
    wasmcell_instance_t *instance; /* owned; NULL when failed/unsupported */
    bool unsupported;
} slot_t;

typedef struct runner {
    const char *wast_path;
    long line;
    bool quiet, verbose;
    double timeout_seconds; /* per invoke; 0 = none */
    wasmcell_tier_t tier;   /* native: every function compiled before it runs */
    uint32_t wasm_features; /* wasmcell_config_t.wasm_features (--wasm) */
    bool bounds_checks;     /* wasmcell_config_t.bounds_checks (--bounds-checks) */
    uint32_t opt_level;     /* wasmcell_config_t.opt_level (--opt) */
    wasmcell_engine_t *engine;
    wasmcell_linker_t *linker;
    wasmcell_instance_t *spectest;
    struct wast_print_env print_envs[WAST_PRINT_FUNCS];
    slot_t *slots; /* every module command, in order */
    size_t nslots;
    size_t current;            /* index + 1 of the last module defined; 0 = none */
    char **unsupported_names;  /* registered names whose module was unsupported */
    size_t nunsupported_names;
    size_t passed, failed, skipped, mismatches;
} runner_t;

typedef const wasmcell_wast_command_t cmd_t;

/* The result of running one action. */
typedef struct action {
    outcome_t harness;       /* FAIL: the harness could not run it; SKIP: unsupported target */
    wasmcell_status_t status;
    wasmcell_error_t *error; /* owned */
    wasmcell_val_t *results; /* owned, nresults */
    size_t nresults;
    char why[512];
} action_t;

static void report(runner_t *r, outcome_t o, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(runner_t *r, outcome_t o, const char *fmt, ...)
{
    if (o == PASS) {
        r->passed++;
        return;
    }
    if (o == FAIL)
        r->failed++;
    else
        r->skipped++;
    if (o == SKIP && !r->verbose)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (r->line > 0)
        printf("%s:%ld: %s: ", r->wast_path, r->line, o == FAIL ? "FAIL" : "skipped");
    else
        printf("%s: %s: ", r->wast_path, o == FAIL ? "FAIL" : "skipped");
    vprintf(fmt, ap);
    putchar('\n');
    va_end(ap);
}

static const char *msg_of(const wasmcell_error_t *error)
{
    return error ? wasmcell_error_message(error) : "(no message)";
}

static bool is_unsupported(wasmcell_status_t st, const wasmcell_error_t *error)
{
    return st == WASMCELL_ERR_UNSUPPORTED ||
           (st == WASMCELL_ERR_TRAP && error &&
            wasmcell_error_trap_kind(error) == WASMCELL_TRAP_UNSUPPORTED);
}

/* The category is right; compare the message with the spec's text. */
static void check_message(runner_t *r, const char *expected, const wasmcell_error_t *error)
{
    const char *actual = msg_of(error);
    if (!expected || strstr(actual, expected))
        return;
    r->mismatches++;
    if (!r->quiet)
        printf("%s:%ld: warning: expected message \"%s\", got \"%s\"\n", r->wast_path, r->line,
               expected, actual);
}

/* ---- modules -------------------------------------------------------------- */

/* Decodes + validates the command's module; text that did not encode is
 * WASMCELL_ERR_MALFORMED with the parser's message in why. */
static wasmcell_status_t load_module(runner_t *r, cmd_t *c, wasmcell_module_t **out,
                                     wasmcell_error_t **error, char *why, size_t why_size)
{
    *out = NULL;
    if (!c->module_bytes) {
        snprintf(why, why_size, "text: %s", c->module_error ? c->module_error : "no module");
        return WASMCELL_ERR_MALFORMED;
    }
    return wasmcell_module_new(r->engine, c->module_bytes, c->module_size, out, error);
}

static bool name_is_unsupported(const runner_t *r, const char *name)
{
    for (size_t i = 0; i < r->nunsupported_names; i++)
        if (strcmp(r->unsupported_names[i], name) == 0)
            return true;
    return false;
}

/* A link error caused by importing from a registered module that was
 * skipped as unsupported is itself a skip, not a failure. */
static bool imports_unsupported(const runner_t *r, const wasmcell_module_t *module)
{
    size_t n = wasmcell_module_import_count(module);
    for (size_t i = 0; i < n; i++) {
        wasmcell_import_desc_t d;
        if (wasmcell_module_import(module, i, &d) == WASMCELL_OK && name_is_unsupported(r, d.module))
            return true;
    }
    return false;
}

static slot_t *new_slot(runner_t *r, const char *name)
{
    slot_t *slots = realloc(r->slots, (r->nslots + 1) * sizeof *slots);
    if (!slots)
        return NULL;
    r->slots = slots;
    slot_t *s = &slots[r->nslots++];
    memset(s, 0, sizeof *s);
    s->name = name ? strdup(name) : NULL;
    return s;
}

static slot_t *find_slot(runner_t *r, const char *name)
{
    if (!name)
        return r->current ? &r->slots[r->current - 1] : NULL;
    for (size_t i = r->nslots; i-- > 0;)
        if (r->slots[i].name && strcmp(r->slots[i].name, name) == 0)
            return &r->slots[i];
    return NULL;
}

/* Instantiates `module` into slot s_index, reporting the outcome. */
static void instantiate_into(runner_t *r, size_t s_index, wasmcell_module_t *module, const char *what)
{
    wasmcell_error_t *error = NULL;
    wasmcell_instance_t *inst = NULL;
    wasmcell_status_t st = wasmcell_linker_instantiate(r->linker, module, &inst, &error);
    slot_t *s = &r->slots[s_index];
    s->instance = inst;
    if (st == WASMCELL_OK) {
        report(r, PASS, "%s", what);
    } else if (is_unsupported(st, error) || (st == WASMCELL_ERR_LINK && imports_unsupported(r, module))) {
        s->unsupported = true;
        report(r, SKIP, "%s: %s", what, msg_of(error));
    } else {
        report(r, FAIL, "%s: %s: %s", what, wasmcell_status_name(st), msg_of(error));
    }
    wasmcell_error_delete(error);
}

static void cmd_module(runner_t *r, cmd_t *c)
{
    slot_t *s = new_slot(r, c->module_id);
    if (!s) {
        report(r, FAIL, "out of memory");
        return;
    }
    size_t index = (size_t)(s - r->slots);
    r->current = index + 1;
    char why[600] = "";
    wasmcell_module_t *module = NULL;
    wasmcell_error_t *error = NULL;
    wasmcell_status_t st = load_module(r, c, &module, &error, why, sizeof why);
    if (st != WASMCELL_OK) {
        if (is_unsupported(st, error)) {
            s->unsupported = true;
            report(r, SKIP, "module: %s", msg_of(error));
        } else {
            report(r, FAIL, "module: %s: %s", wasmcell_status_name(st), *why ? why : msg_of(error));
        }
    } else if (c->module_definition) {
        s->module = module;
        module = NULL;
        report(r, PASS, "module definition");
    } else {
        instantiate_into(r, index, module, "module");
    }
    wasmcell_error_delete(error);
    wasmcell_module_delete(module);
}

/* (module instance $i? $def?): instantiate a definition again. */
static void cmd_module_instance(runner_t *r, cmd_t *c)
{
    slot_t *def = find_slot(r, c->instance_of);
    if (def && def->unsupported) {
        report(r, SKIP, "module instance: the definition is unsupported");
        return;
    }
    if (!def || !def->module) {
        report(r, FAIL, "module instance: no module definition %s", c->instance_of ? c->instance_of : "");
        return;
    }
    wasmcell_module_t *module = def->module;
    slot_t *s = new_slot(r, c->module_id);
    if (!s) {
        report(r, FAIL, "out of memory");
        return;
    }
    r->current = (size_t)(s - r->slots) + 1;
    instantiate_into(r, r->current - 1, module, "module instance");
}

static void cmd_register(runner_t *r, cmd_t *c)
{
    const char *as = c->name;
    slot_t *s = find_slot(r, c->module_id);
    if (!as) {
        report(r, FAIL, "register: no \"as\" name");
    } else if (s && s->unsupported) {
        char **names = realloc(r->unsupported_names, (r->nunsupported_names + 1) * sizeof *names);
        if (names) {
            r->unsupported_names = names;
            names[r->nunsupported_names++] = strdup(as);
        }
        report(r, SKIP, "register \"%s\": the module is unsupported", as);
    } else if (!s || !s->instance) {
        report(r, FAIL, "register \"%s\": no such module (or it failed to load)", as);
    } else {
        wasmcell_status_t st = wasmcell_linker_define_instance(r->linker, as, s->instance);
        if (st == WASMCELL_OK)
            report(r, PASS, "register");
        else
            report(r, FAIL, "register \"%s\": %s", as, wasmcell_status_name(st));
    }
}

/* ---- actions ---------------------------------------------------------------- */

static void action_fini(action_t *a)
{
    wasmcell_error_delete(a->error);
    free(a->results);
}

static void run_invoke(runner_t *r, wasmcell_instance_t *inst, cmd_t *c, action_t *a)
{
    const char *field = c->name;
    wasmcell_extern_t ext;
    wasmcell_func_t *func = wasmcell_instance_export_n(inst, field, c->name_len, &ext) == WASMCELL_OK &&
                                    ext.kind == WASMCELL_EXTERN_FUNC
                                ? ext.of.func
                                : NULL;
    if (!func) {
        snprintf(a->why, sizeof a->why, "no exported function \"%s\"", field);
        a->harness = FAIL;
        return;
    }
    size_t nargs = c->nargs, nparams = wasmcell_func_param_count(func);
    if (nargs != nparams) {
        snprintf(a->why, sizeof a->why, "\"%s\" takes %zu arguments, the script passes %zu",
                 field, nparams, nargs);
        a->harness = FAIL;
        return;
    }
    wasmcell_val_t *vals = calloc(nargs + 1, sizeof *vals);
    a->nresults = wasmcell_func_result_count(func);
    a->results = calloc(a->nresults + 1, sizeof *a->results);
    if (!vals || !a->results) {
        free(vals);
        snprintf(a->why, sizeof a->why, "out of memory");
        a->harness = FAIL;
        return;
    }
    for (size_t i = 0; i < nargs; i++) {
        if (!wast_arg_to_val(&c->args[i], wasmcell_func_param_type(func, i), &vals[i], a->why,
                             sizeof a->why)) {
            free(vals);
            a->harness = SKIP;
            return;
        }
    }
    cli_watchdog_t *watchdog = NULL;
    if (r->timeout_seconds > 0 && !(watchdog = cli_watchdog_start(inst, r->timeout_seconds))) {
        free(vals);
        snprintf(a->why, sizeof a->why, "cannot start the --timeout thread");
        a->harness = FAIL;
        return;
    }
    a->status = wasmcell_func_call(func, vals, nargs, a->results, a->nresults, &a->error);
    free(vals);
    if (cli_watchdog_stop(watchdog) && a->status == WASMCELL_ERR_TRAP &&
        wasmcell_error_trap_kind(a->error) == WASMCELL_TRAP_INTERRUPTED) {
        snprintf(a->why, sizeof a->why, "\"%s\" timed out after %g s", field, r->timeout_seconds);
        a->harness = FAIL;
    }
}

static void run_get(wasmcell_instance_t *inst, const char *field, size_t len, action_t *a)
{
    wasmcell_extern_t ext;
    if (wasmcell_instance_export_n(inst, field, len, &ext) != WASMCELL_OK ||
        ext.kind != WASMCELL_EXTERN_GLOBAL) {
        snprintf(a->why, sizeof a->why, "no exported global \"%s\"", field);
        a->harness = FAIL;
        return;
    }
    a->nresults = 1;
    a->results = calloc(1, sizeof *a->results);
    if (!a->results) {
        snprintf(a->why, sizeof a->why, "out of memory");
        a->harness = FAIL;
        return;
    }
    a->status = wasmcell_global_get(ext.of.global, a->results);
}

/* Runs an "invoke" or "get" action. a->harness is PASS when the engine was
 * reached; then a->status (+ a->error) tell what the engine said. */
static void run_action(runner_t *r, cmd_t *c, action_t *a)
{
    memset(a, 0, sizeof *a);
    slot_t *s = find_slot(r, c->module_id);
    if (!c->name) {
        snprintf(a->why, sizeof a->why, "malformed action");
        a->harness = FAIL;
    } else if (s && s->unsupported) {
        snprintf(a->why, sizeof a->why, "its module is unsupported");
        a->harness = SKIP;
    } else if (!s || !s->instance) {
        snprintf(a->why, sizeof a->why, "no module %s (or it failed to load)",
                 c->module_id ? c->module_id : "defined");
        a->harness = FAIL;
    } else if (c->action_is_get) {
        run_get(s->instance, c->name, c->name_len, a);
    } else {
        run_invoke(r, s->instance, c, a);
    }
}

/* Common handling of an action that did not reach a verdict: harness
 * failures, skips, unsupported. Returns true when it reported. */
static bool action_reported(runner_t *r, const char *what, const action_t *a)
{
    if (a->harness != PASS) {
        report(r, a->harness, "%s: %s", what, a->why);
        return true;
    }
    if (is_unsupported(a->status, a->error)) {
        report(r, SKIP, "%s: %s", what, msg_of(a->error));
        return true;
    }
    return false;
}

static const char *field_of(cmd_t *c)
{
    return c->name ? c->name : "?";
}

static void cmd_action(runner_t *r, cmd_t *c)
{
    action_t a;
    run_action(r, c, &a);
    if (!action_reported(r, "action", &a)) {
        if (a.status == WASMCELL_OK)
            report(r, PASS, "action");
        else
            report(r, FAIL, "action \"%s\": %s: %s", field_of(c), wasmcell_status_name(a.status),
                   msg_of(a.error));
    }
    action_fini(&a);
}

static outcome_t compare_results(cmd_t *c, const action_t *a, char *why, size_t why_size)
{
    if (c->nexpected != a->nresults) {
        snprintf(why, why_size, "%zu results, expected %zu", a->nresults, c->nexpected);
        return FAIL;
    }
    for (size_t i = 0; i < a->nresults; i++) {
        char want[200], got[160];
        /* ref.exn: any non-null exnref; other GC heap types have no API value */
        if (c->expected[i].kind == WASMCELL_WAST_REF_OTHER && strcmp(c->expected[i].heap, "exn") != 0) {
            snprintf(why, why_size, "result pattern ref.%s not expressible in the API",
                     c->expected[i].heap);
            return SKIP;
        }
        if (!wast_value_matches(&c->expected[i], &a->results[i])) {
            wast_format_expected(&c->expected[i], want, sizeof want);
            wast_format_value(&a->results[i], got, sizeof got);
            snprintf(why, why_size, "result %zu: got %s, expected %s", i, got, want);
            return FAIL;
        }
    }
    return PASS;
}

static void cmd_assert_return(runner_t *r, cmd_t *c)
{
    action_t a;
    run_action(r, c, &a);
    if (!action_reported(r, "assert_return", &a)) {
        char why[512];
        outcome_t o;
        if (a.status != WASMCELL_OK)
            report(r, FAIL, "assert_return \"%s\": %s: %s", field_of(c),
                   wasmcell_status_name(a.status), msg_of(a.error));
        else if ((o = compare_results(c, &a, why, sizeof why)) == PASS)
            report(r, PASS, "assert_return");
        else
            report(r, o, "assert_return \"%s\": %s", field_of(c), why);
    }
    action_fini(&a);
}

/* assert_trap, assert_exhaustion and assert_exception on an action: a
 * trap, or for assert_exception an exception nobody caught. */
static void cmd_assert_trap(runner_t *r, cmd_t *c, const char *what)
{
    action_t a;
    bool want_exception = c->kind == WASMCELL_WAST_ASSERT_EXCEPTION;
    run_action(r, c, &a);
    if (!action_reported(r, what, &a)) {
        const char *text = c->message;
        if (want_exception && a.status == WASMCELL_ERR_EXCEPTION) {
            report(r, PASS, "%s", what);
        } else if (!want_exception && a.status == WASMCELL_ERR_TRAP) {
            check_message(r, text, a.error);
            report(r, PASS, "%s", what);
        } else if (a.status == WASMCELL_OK) {
            report(r, FAIL, "%s \"%s\": returned normally, expected trap \"%s\"", what,
                   field_of(c), text ? text : "");
        } else {
            report(r, FAIL, "%s \"%s\": %s: %s, expected trap \"%s\"", what, field_of(c),
                   wasmcell_status_name(a.status), msg_of(a.error), text ? text : "");
        }
    }
    action_fini(&a);
}

/* assert_invalid / assert_malformed: text encoding, decoding or validation
 * must fail with `want`. */
static void cmd_assert_bad_module(runner_t *r, cmd_t *c, const char *what, wasmcell_status_t want)
{
    const char *text = c->message;
    char why[600] = "";
    wasmcell_module_t *module = NULL;
    wasmcell_error_t *error = NULL;
    wasmcell_status_t st = load_module(r, c, &module, &error, why, sizeof why);
    if (st == want) {
        if (!*why) /* our text messages are not the reference interpreter's */
            check_message(r, text, error);
        report(r, PASS, "%s", what);
    } else if (st == WASMCELL_OK) {
        report(r, FAIL, "%s: module was accepted, expected %s \"%s\"", what,
               wasmcell_status_name(want), text ? text : "");
    } else if (st == WASMCELL_ERR_UNSUPPORTED) {
        report(r, SKIP, "%s: %s", what, msg_of(error));
    } else {
        report(r, FAIL, "%s: got %s \"%s\", expected %s \"%s\"", what, wasmcell_status_name(st),
               *why ? why : msg_of(error), wasmcell_status_name(want), text ? text : "");
    }
    wasmcell_error_delete(error);
    wasmcell_module_delete(module);
}

/* assert_unlinkable / assert_uninstantiable / assert_trap on a module: the
 * module decodes and validates, instantiation fails with `want`. */
static void cmd_assert_instantiate_fails(runner_t *r, cmd_t *c, const char *what,
                                         wasmcell_status_t want)
{
    const char *text = c->message;
    char why[600] = "";
    wasmcell_module_t *module = NULL;
    wasmcell_instance_t *inst = NULL;
    wasmcell_error_t *error = NULL;
    wasmcell_status_t st = load_module(r, c, &module, &error, why, sizeof why);
    bool loaded = st == WASMCELL_OK;
    if (loaded)
        st = wasmcell_linker_instantiate(r->linker, module, &inst, &error);
    if (is_unsupported(st, error) || (st == WASMCELL_ERR_LINK && module && imports_unsupported(r, module))) {
        report(r, SKIP, "%s: %s", what, msg_of(error));
    } else if (st == want) {
        check_message(r, text, error);
        report(r, PASS, "%s", what);
    } else if (st == WASMCELL_OK) {
        report(r, FAIL, "%s: module instantiated, expected %s \"%s\"", what,
               wasmcell_status_name(want), text ? text : "");
    } else {
        report(r, FAIL, "%s: %s %s \"%s\", expected %s \"%s\"", what,
               loaded ? "instantiation gave" : "loading gave", wasmcell_status_name(st),
               *why ? why : msg_of(error), wasmcell_status_name(want), text ? text : "");
    }
    wasmcell_instance_delete(inst);
    wasmcell_error_delete(error);
    wasmcell_module_delete(module);
}

static void run_command(runner_t *r, cmd_t *c)
{
    r->line = (long)c->line;
    switch (c->kind) {
    case WASMCELL_WAST_MODULE: cmd_module(r, c); break;
    case WASMCELL_WAST_MODULE_INSTANCE: cmd_module_instance(r, c); break;
    case WASMCELL_WAST_REGISTER: cmd_register(r, c); break;
    case WASMCELL_WAST_ACTION: cmd_action(r, c); break;
    case WASMCELL_WAST_ASSERT_RETURN: cmd_assert_return(r, c); break;
    case WASMCELL_WAST_ASSERT_TRAP:
        if (c->has_action)
            cmd_assert_trap(r, c, "assert_trap");
        else
            cmd_assert_instantiate_fails(r, c, "assert_trap", WASMCELL_ERR_TRAP);
        break;
    case WASMCELL_WAST_ASSERT_EXHAUSTION: cmd_assert_trap(r, c, "assert_exhaustion"); break;
    case WASMCELL_WAST_ASSERT_EXCEPTION: cmd_assert_trap(r, c, "assert_exception"); break;
    case WASMCELL_WAST_ASSERT_INVALID:
        cmd_assert_bad_module(r, c, "assert_invalid", WASMCELL_ERR_INVALID);
        break;
    case WASMCELL_WAST_ASSERT_MALFORMED:
        cmd_assert_bad_module(r, c, "assert_malformed", WASMCELL_ERR_MALFORMED);
        break;
    case WASMCELL_WAST_ASSERT_UNLINKABLE:
        cmd_assert_instantiate_fails(r, c, "assert_unlinkable", WASMCELL_ERR_LINK);
        break;
    case WASMCELL_WAST_ASSERT_UNINSTANTIABLE:
        cmd_assert_instantiate_fails(r, c, "assert_uninstantiable", WASMCELL_ERR_TRAP);
        break;
    default: report(r, FAIL, "unknown command kind %d", (int)c->kind); break;
    }
    fflush(stdout);
}

/* ---- files ------------------------------------------------------------------- */

static bool runner_init(runner_t *r)
{
    wasmcell_error_t *error = NULL;
    wasmcell_config_t config;
    wasmcell_config_init(&config);
    config.tier = r->tier;
    config.wasm_features = r->wasm_features;
    config.bounds_checks = r->bounds_checks;
    config.opt_level = r->opt_level;
    config.cache_dir = ""; /* thousands of tiny modules: compile, never cache */
    r->engine = wasmcell_engine_new(&config);
    r->linker = r->engine ? wasmcell_linker_new(r->engine) : NULL;
    if (!r->linker) {
        report(r, FAIL, "cannot create an engine: out of memory");
        return false;
    }
    for (size_t i = 0; i < WAST_PRINT_FUNCS; i++)
        r->print_envs[i].verbose = r->verbose;
    wasmcell_status_t st =
        wast_spectest_define(r->engine, r->linker, r->print_envs, &r->spectest, &error);
    if (st != WASMCELL_OK) {
        report(r, FAIL, "cannot define the spectest module: %s: %s", wasmcell_status_name(st),
               msg_of(error));
        wasmcell_error_delete(error);
        return false;
    }
    return true;
}

static void runner_fini(runner_t *r)
{
    for (size_t i = 0; i < r->nslots; i++) {
        wasmcell_instance_delete(r->slots[i].instance);
        wasmcell_module_delete(r->slots[i].module);
        free(r->slots[i].name);
    }
    free(r->slots);
    for (size_t i = 0; i < r->nunsupported_names; i++)
        free(r->unsupported_names[i]);
    free(r->unsupported_names);
    wasmcell_linker_delete(r->linker);
    wasmcell_instance_delete(r->spectest);
    wasmcell_engine_delete(r->engine);
}

/* Parses and runs one script; adds its counts to *total. */
static void run_file(const char *path, const runner_t *options, runner_t *total)
{
    runner_t r;
    memset(&r, 0, sizeof r);
    r.wast_path = path;
    r.quiet = options->quiet;
    r.verbose = options->verbose;
    r.timeout_seconds = options->timeout_seconds;
    r.tier = options->tier;
    r.wasm_features = options->wasm_features;
    r.bounds_checks = options->bounds_checks;
    r.opt_level = options->opt_level;
    uint8_t *text = NULL;
    size_t size = 0;
    if (!cli_read_file(path, &text, &size)) {
        report(&r, FAIL, "cannot read the script");
    } else {
        wasmcell_wast_t *script = NULL;
        wasmcell_error_t *error = NULL;
        wasmcell_status_t st = wasmcell_wast_parse((const char *)text, size, &script, &error);
        size_t n = wasmcell_wast_count(script);
        if (script && n && runner_init(&r))
            for (size_t i = 0; i < n; i++)
                run_command(&r, wasmcell_wast_at(script, i));
        if (st != WASMCELL_OK) {
            r.line = 0;
            report(&r, FAIL, "cannot parse the script: %s", msg_of(error));
        }
        runner_fini(&r);
        wasmcell_error_delete(error);
        wasmcell_wast_delete(script);
        free(text);
    }
    printf("%s: %zu passed, %zu failed, %zu skipped\n", path, r.passed, r.failed, r.skipped);
    fflush(stdout);
    total->passed += r.passed;
    total->failed += r.failed;
    total->skipped += r.skipped;
    total->mismatches += r.mismatches;
}

int cli_wast_main(int argc, char **argv)
{
    runner_t options;
    memset(&options, 0, sizeof options);
    /* scripts make thousands of short-lived modules: interpret unless asked */
    options.tier = WASMCELL_TIER_INTERP;
    options.bounds_checks = cli_env_bounds_checks();
    options.opt_level = WASMCELL_OPT_DEFAULT;
    const char *env_tier = getenv("WASMCELL_TIER");
    if (env_tier && *env_tier && !cli_parse_tier(env_tier, &options.tier)) {
        cli_errorf("wast: WASMCELL_TIER='%s': expected auto, native or interp", env_tier);
        return CLI_EXIT_ERROR;
    }
    int first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        const char *opt = argv[first];
        if (strcmp(opt, "-h") == 0 || strcmp(opt, "--help") == 0) {
            fputs(wast_usage, stdout);
            return CLI_EXIT_OK;
        } else if (strcmp(opt, "-q") == 0 || strcmp(opt, "--quiet") == 0) {
            options.quiet = true;
        } else if (strcmp(opt, "-v") == 0 || strcmp(opt, "--verbose") == 0) {
            options.verbose = true;
        } else if (strcmp(opt, "--bounds-checks") == 0) {
            options.bounds_checks = true;
        } else if (strncmp(opt, "--timeout", 9) == 0 && (opt[9] == '=' || opt[9] == '\0')) {
            const char *value = opt[9] == '=' ? opt + 10 : first + 1 < argc ? argv[++first] : NULL;
            if (!value || !cli_parse_seconds(value, &options.timeout_seconds)) {
                cli_errorf("wast: --timeout needs a positive number of seconds");
                return CLI_EXIT_ERROR;
            }
        } else if (strncmp(opt, "--tier", 6) == 0 && (opt[6] == '=' || opt[6] == '\0')) {
            const char *value = opt[6] == '=' ? opt + 7 : first + 1 < argc ? argv[++first] : NULL;
            if (!value || !cli_parse_tier(value, &options.tier)) {
                cli_errorf("wast: --tier needs auto, native or interp");
                return CLI_EXIT_ERROR;
            }
        } else if (strncmp(opt, "--opt", 5) == 0 && (opt[5] == '=' || opt[5] == '\0')) {
            const char *value = opt[5] == '=' ? opt + 6 : first + 1 < argc ? argv[++first] : NULL;
            if (!value || !cli_parse_opt(value, &options.opt_level)) {
                cli_errorf("wast: --opt needs 0, 1, 2 or 3");
                return CLI_EXIT_ERROR;
            }
        } else if (strncmp(opt, "--wasm", 6) == 0 && (opt[6] == '=' || opt[6] == '\0')) {
            const char *value = opt[6] == '=' ? opt + 7 : first + 1 < argc ? argv[++first] : NULL;
            if (!value || !cli_parse_wasm_version(value, &options.wasm_features)) {
                cli_errorf("wast: --wasm needs 2.0 or 3.0");
                return CLI_EXIT_ERROR;
            }
        } else if (strcmp(opt, "--") == 0) {
            first++;
            break;
        } else {
            cli_errorf("wast: unknown option '%s' (try 'wasmcell wast --help')", opt);
            return CLI_EXIT_ERROR;
        }
    }
    if (first >= argc) {
        cli_errorf("wast: missing FILE.wast (try 'wasmcell wast --help')");
        return CLI_EXIT_ERROR;
    }
    runner_t total;
    memset(&total, 0, sizeof total);
    for (int i = first; i < argc; i++)
        run_file(argv[i], &options, &total);
    if (total.mismatches)
        printf("%zu message mismatches (right category, different text)\n", total.mismatches);
    printf("%zu passed, %zu failed, %zu skipped\n", total.passed, total.failed, total.skipped);
    return total.failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}
