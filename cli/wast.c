/* wast.c — `wasmcell wast FILE.wast...`: converts each script with wabt's
 * wast2json and runs its commands (module, register, action and the
 * assert_* family) against the engine, counting passed/failed/skipped.
 *
 * Skipped, never passed: text-format assert_malformed/assert_invalid
 * modules (wast2json cannot produce their bytes), and anything that fails
 * with WASMCELL_ERR_UNSUPPORTED or a WASMCELL_TRAP_UNSUPPORTED trap.
 * A failure of the right category whose message differs from the
 * expected text passes with a warning (counted as a message mismatch).
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
    "Runs WebAssembly spec-style test scripts. Each script is converted with\n"
    "wabt's wast2json, then its commands run in order. Prints one line per\n"
    "file, `FILE: N passed, N failed, N skipped`, each failure with its line,\n"
    "and a total line.\n"
    "\n"
    "options:\n"
    "  -q, --quiet     do not print message-mismatch warnings (still counted)\n"
    "  -v, --verbose   print spectest.print* output and every skipped command\n"
    "  --timeout SECONDS  fail any single invoke that runs longer (interrupts it)\n"
    "  --tier interp|native|auto  execution tier (default interp; WASMCELL_TIER sets\n"
    "                  the default): native compiles every function before it runs\n"
    "  -h, --help      this help\n"
    "\n"
    "Skipped: text-format assert_malformed/assert_invalid modules, and commands\n"
    "using features the engine reports as unsupported. externref N is passed as\n"
    "the host pointer value N + 1 (so ref.extern 0 differs from ref.null).\n"
    "\n"
    "exit status: 0 nothing failed, 1 some command failed, 125 usage error\n";

typedef enum outcome { PASS, FAIL, SKIP } outcome_t;

/* A module the script defined: its instance, or why it has none. */
typedef struct slot {
    char *name;                    /* "$M1", or NULL for anonymous */
    wasmcell_instance_t *instance; /* owned; NULL when failed/unsupported */
    bool unsupported;
} slot_t;

typedef struct runner {
    const char *wast_path;
    const char *json_dir;
    long line;
    bool quiet, verbose;
    double timeout_seconds; /* per invoke; 0 = none */
    wasmcell_tier_t tier;   /* native: every function compiled before it runs */
    wasmcell_engine_t *engine;
    wasmcell_linker_t *linker;
    wasmcell_instance_t *spectest;
    struct wast_print_env print_envs[WAST_PRINT_FUNCS];
    slot_t *slots; /* every module command, in order */
    size_t nslots;
    slot_t *current;           /* the last module defined, or NULL */
    char **unsupported_names;  /* registered names whose module was unsupported */
    size_t nunsupported_names;
    size_t passed, failed, skipped, mismatches;
} runner_t;

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

static wasmcell_status_t load_module(runner_t *r, const char *filename, wasmcell_module_t **out,
                                     wasmcell_error_t **error, char *why, size_t why_size)
{
    *out = NULL;
    if (!filename || strchr(filename, '/')) {
        snprintf(why, why_size, "bad module file name in the JSON");
        return WASMCELL_ERR_IO;
    }
    size_t n = strlen(r->json_dir) + strlen(filename) + 2;
    char *path = malloc(n);
    uint8_t *bytes = NULL;
    size_t size = 0;
    if (!path)
        return WASMCELL_ERR_NOMEM;
    snprintf(path, n, "%s/%s", r->json_dir, filename);
    bool read_ok = cli_read_file(path, &bytes, &size);
    free(path);
    if (!read_ok) {
        snprintf(why, why_size, "cannot read %s", filename);
        return WASMCELL_ERR_IO;
    }
    wasmcell_status_t st = wasmcell_module_new(r->engine, bytes, size, out, error);
    free(bytes);
    return st;
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
        return r->current;
    for (size_t i = r->nslots; i-- > 0;)
        if (r->slots[i].name && strcmp(r->slots[i].name, name) == 0)
            return &r->slots[i];
    return NULL;
}

static void cmd_module(runner_t *r, const json_t *cmd)
{
    const char *name = json_get_str(cmd, "name");
    size_t current_index = 0;
    slot_t *s = new_slot(r, name);
    if (!s) {
        report(r, FAIL, "out of memory");
        return;
    }
    current_index = (size_t)(s - r->slots);
    r->current = s;
    char why[256] = "";
    wasmcell_module_t *module = NULL;
    wasmcell_error_t *error = NULL;
    wasmcell_status_t st = load_module(r, json_get_str(cmd, "filename"), &module, &error, why,
                                       sizeof why);
    if (st == WASMCELL_OK)
        st = wasmcell_linker_instantiate(r->linker, module, &s->instance, &error);
    s = &r->slots[current_index];
    if (st == WASMCELL_OK) {
        report(r, PASS, "module");
    } else if (is_unsupported(st, error) || (st == WASMCELL_ERR_LINK && module &&
                                             imports_unsupported(r, module))) {
        s->unsupported = true;
        report(r, SKIP, "module: %s", msg_of(error));
    } else {
        report(r, FAIL, "module: %s: %s", wasmcell_status_name(st), *why ? why : msg_of(error));
    }
    wasmcell_error_delete(error);
    wasmcell_module_delete(module);
}

static void cmd_register(runner_t *r, const json_t *cmd)
{
    const char *name = json_get_str(cmd, "name");
    const char *as = json_get_str(cmd, "as");
    slot_t *s = find_slot(r, name);
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

static void run_invoke(runner_t *r, wasmcell_instance_t *inst, const json_t *act, const char *field,
                       action_t *a)
{
    wasmcell_func_t *func = wasmcell_instance_func(inst, field);
    if (!func) {
        snprintf(a->why, sizeof a->why, "no exported function \"%s\"", field);
        a->harness = FAIL;
        return;
    }
    const json_t *args = json_get(act, "args");
    size_t nargs = json_len(args), nparams = wasmcell_func_param_count(func);
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
        if (!wast_parse_arg(json_at(args, i), &vals[i], a->why, sizeof a->why)) {
            free(vals);
            a->harness = FAIL;
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

static void run_get(wasmcell_instance_t *inst, const char *field, action_t *a)
{
    wasmcell_extern_t ext;
    if (wasmcell_instance_export(inst, field, &ext) != WASMCELL_OK ||
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
static void run_action(runner_t *r, const json_t *act, action_t *a)
{
    memset(a, 0, sizeof *a);
    const char *type = json_get_str(act, "type");
    const char *module_name = json_get_str(act, "module");
    const json_t *field_json = json_get(act, "field");
    slot_t *s = find_slot(r, module_name);
    if (!field_json || field_json->kind != JSON_STRING || !type) {
        snprintf(a->why, sizeof a->why, "malformed action in the JSON");
        a->harness = FAIL;
    } else if (strlen(field_json->str) != field_json->str_len) {
        /* The public API looks exports up by C string. */
        snprintf(a->why, sizeof a->why, "export name contains NUL (not expressible in the API)");
        a->harness = SKIP;
    } else if (s && s->unsupported) {
        snprintf(a->why, sizeof a->why, "its module is unsupported");
        a->harness = SKIP;
    } else if (!s || !s->instance) {
        snprintf(a->why, sizeof a->why, "no module %s (or it failed to load)",
                 module_name ? module_name : "defined");
        a->harness = FAIL;
    } else if (strcmp(type, "invoke") == 0) {
        run_invoke(r, s->instance, act, field_json->str, a);
    } else if (strcmp(type, "get") == 0) {
        run_get(s->instance, field_json->str, a);
    } else {
        snprintf(a->why, sizeof a->why, "unknown action type \"%s\"", type);
        a->harness = FAIL;
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

static const char *field_of(const json_t *cmd)
{
    const char *f = json_get_str(json_get(cmd, "action"), "field");
    return f ? f : "?";
}

static void cmd_action(runner_t *r, const json_t *cmd)
{
    action_t a;
    run_action(r, json_get(cmd, "action"), &a);
    if (!action_reported(r, "action", &a)) {
        if (a.status == WASMCELL_OK)
            report(r, PASS, "action");
        else
            report(r, FAIL, "action \"%s\": %s: %s", field_of(cmd), wasmcell_status_name(a.status),
                   msg_of(a.error));
    }
    action_fini(&a);
}

static outcome_t compare_results(runner_t *r, const json_t *cmd, const action_t *a, char *why,
                                 size_t why_size)
{
    const json_t *expected = json_get(cmd, "expected");
    if (json_len(expected) != a->nresults) {
        snprintf(why, why_size, "%zu results, expected %zu", a->nresults, json_len(expected));
        return FAIL;
    }
    for (size_t i = 0; i < a->nresults; i++) {
        wast_expected_t e;
        char want[160], got[160];
        if (!wast_parse_expected(json_at(expected, i), &e, why, why_size))
            return FAIL;
        if (!wast_value_matches(&e, &a->results[i])) {
            wast_format_expected(&e, want, sizeof want);
            wast_format_value(&a->results[i], got, sizeof got);
            snprintf(why, why_size, "result %zu: got %s, expected %s", i, got, want);
            return FAIL;
        }
    }
    (void)r;
    return PASS;
}

static void cmd_assert_return(runner_t *r, const json_t *cmd)
{
    action_t a;
    run_action(r, json_get(cmd, "action"), &a);
    if (!action_reported(r, "assert_return", &a)) {
        char why[512];
        if (a.status != WASMCELL_OK)
            report(r, FAIL, "assert_return \"%s\": %s: %s", field_of(cmd),
                   wasmcell_status_name(a.status), msg_of(a.error));
        else if (compare_results(r, cmd, &a, why, sizeof why) == PASS)
            report(r, PASS, "assert_return");
        else
            report(r, FAIL, "assert_return \"%s\": %s", field_of(cmd), why);
    }
    action_fini(&a);
}

/* assert_trap and assert_exhaustion on an action. */
static void cmd_assert_trap(runner_t *r, const json_t *cmd, const char *what)
{
    action_t a;
    run_action(r, json_get(cmd, "action"), &a);
    if (!action_reported(r, what, &a)) {
        const char *text = json_get_str(cmd, "text");
        if (a.status == WASMCELL_ERR_TRAP) {
            check_message(r, text, a.error);
            report(r, PASS, "%s", what);
        } else if (a.status == WASMCELL_OK) {
            report(r, FAIL, "%s \"%s\": returned normally, expected trap \"%s\"", what,
                   field_of(cmd), text ? text : "");
        } else {
            report(r, FAIL, "%s \"%s\": %s: %s, expected trap \"%s\"", what, field_of(cmd),
                   wasmcell_status_name(a.status), msg_of(a.error), text ? text : "");
        }
    }
    action_fini(&a);
}

/* assert_invalid / assert_malformed: decoding+validation must fail with
 * `want`. Text-format modules are skipped. */
static void cmd_assert_bad_module(runner_t *r, const json_t *cmd, const char *what,
                                  wasmcell_status_t want)
{
    const char *module_type = json_get_str(cmd, "module_type");
    const char *text = json_get_str(cmd, "text");
    if (module_type && strcmp(module_type, "binary") != 0) {
        report(r, SKIP, "%s: text-format module", what);
        return;
    }
    char why[256] = "";
    wasmcell_module_t *module = NULL;
    wasmcell_error_t *error = NULL;
    wasmcell_status_t st = load_module(r, json_get_str(cmd, "filename"), &module, &error, why,
                                       sizeof why);
    if (st == want) {
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

/* assert_unlinkable / assert_uninstantiable: the module decodes and
 * validates, instantiation fails with `want`. */
static void cmd_assert_instantiate_fails(runner_t *r, const json_t *cmd, const char *what,
                                         wasmcell_status_t want)
{
    const char *text = json_get_str(cmd, "text");
    char why[256] = "";
    wasmcell_module_t *module = NULL;
    wasmcell_instance_t *inst = NULL;
    wasmcell_error_t *error = NULL;
    wasmcell_status_t st = load_module(r, json_get_str(cmd, "filename"), &module, &error, why,
                                       sizeof why);
    bool loaded = st == WASMCELL_OK;
    if (loaded)
        st = wasmcell_linker_instantiate(r->linker, module, &inst, &error);
    if (is_unsupported(st, error)) {
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

static void run_command(runner_t *r, const json_t *cmd)
{
    const char *type = json_get_str(cmd, "type");
    r->line = json_get_int(cmd, "line", 0);
    if (!type)
        report(r, FAIL, "command without a type");
    else if (strcmp(type, "module") == 0)
        cmd_module(r, cmd);
    else if (strcmp(type, "register") == 0)
        cmd_register(r, cmd);
    else if (strcmp(type, "action") == 0)
        cmd_action(r, cmd);
    else if (strcmp(type, "assert_return") == 0)
        cmd_assert_return(r, cmd);
    else if (strcmp(type, "assert_trap") == 0)
        cmd_assert_trap(r, cmd, "assert_trap");
    else if (strcmp(type, "assert_exhaustion") == 0)
        cmd_assert_trap(r, cmd, "assert_exhaustion");
    else if (strcmp(type, "assert_invalid") == 0)
        cmd_assert_bad_module(r, cmd, "assert_invalid", WASMCELL_ERR_INVALID);
    else if (strcmp(type, "assert_malformed") == 0)
        cmd_assert_bad_module(r, cmd, "assert_malformed", WASMCELL_ERR_MALFORMED);
    else if (strcmp(type, "assert_unlinkable") == 0)
        cmd_assert_instantiate_fails(r, cmd, "assert_unlinkable", WASMCELL_ERR_LINK);
    else if (strcmp(type, "assert_uninstantiable") == 0)
        cmd_assert_instantiate_fails(r, cmd, "assert_uninstantiable", WASMCELL_ERR_TRAP);
    else
        report(r, FAIL, "unknown command type \"%s\"", type);
    fflush(stdout);
}

/* ---- files ------------------------------------------------------------------- */

static bool runner_init(runner_t *r)
{
    wasmcell_error_t *error = NULL;
    wasmcell_config_t config;
    wasmcell_config_init(&config);
    config.tier = r->tier;
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

static void run_commands(runner_t *r, const char *json_path)
{
    uint8_t *text;
    size_t size;
    if (!cli_read_file(json_path, &text, &size)) {
        report(r, FAIL, "cannot read wast2json's output");
        return;
    }
    char err[256];
    json_t *doc = json_parse((const char *)text, size, err, sizeof err);
    free(text);
    const json_t *commands = json_get(doc, "commands");
    if (!doc || !commands || commands->kind != JSON_ARRAY) {
        report(r, FAIL, "cannot parse wast2json's output: %s", doc ? "no commands" : err);
    } else if (runner_init(r)) {
        for (size_t i = 0; i < commands->count; i++)
            run_command(r, commands->items[i]);
    }
    runner_fini(r);
    json_free(doc);
}

/* Converts and runs one script; adds its counts to *total. */
static void run_file(const char *path, const runner_t *options, runner_t *total)
{
    runner_t r;
    memset(&r, 0, sizeof r);
    r.wast_path = path;
    r.quiet = options->quiet;
    r.verbose = options->verbose;
    r.timeout_seconds = options->timeout_seconds;
    r.tier = options->tier;
    char *dir = cli_tmpdir_new();
    if (!dir) {
        report(&r, FAIL, "cannot create a temporary directory");
    } else {
        r.json_dir = dir;
        size_t n = strlen(dir) + sizeof "/script.json";
        char *json_path = malloc(n);
        if (json_path) {
            snprintf(json_path, n, "%s/script.json", dir);
            const char *argv[] = {"wast2json", path, "-o", json_path, NULL};
            int rc = cli_spawn(argv, false);
            if (rc == 127)
                report(&r, FAIL, "wast2json not found on PATH (install wabt)");
            else if (rc != 0)
                report(&r, FAIL, "wast2json could not convert the script (exit status %d%s)", rc,
                       rc > 128 ? ", killed by a signal" : "");
            else
                run_commands(&r, json_path);
            free(json_path);
        }
        cli_tmpdir_remove(dir);
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
