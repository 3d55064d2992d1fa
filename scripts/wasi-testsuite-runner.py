#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Runs the official wasi-testsuite (prod/testsuite-base: prebuilt
tests/*/testsuite/wasm32-wasip1/*.wasm + *.json) against a runtime through
scripts/wasi-testsuite-adapter.py, without the official runner's dependencies.

Each test: the adapter's command line, stdin an empty pipe, the test's `root`
directory copied to a fresh temp dir (so runs never touch the checkout and
may run in parallel), exit code and the leading stdout/stderr compared as the
official runner does. Prints a line per failure (all with -v), per-suite
counts, and closes with "N passed, N failed".

  wasi-testsuite-runner.py [--suite-root DIR] [--runtime CMD] [-j N] [-v]
                           [--filter SUBSTR] [--errno-mode unix] [--json FILE]
"""
import argparse
import concurrent.futures
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_adapter():
    spec = importlib.util.spec_from_file_location("wasmcell_adapter", HERE / "wasi-testsuite-adapter.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def find_suites(root: Path):
    suites = []
    for manifest in sorted(root.glob("tests/*/testsuite/*/manifest.json")):
        meta = json.loads(manifest.read_text())
        suites.append((meta.get("name", str(manifest.parent)), meta.get("version", ""), manifest.parent))
    return suites


def load_config(wasm: Path):
    cfg_path = wasm.with_suffix(".json")
    cfg = json.loads(cfg_path.read_text()) if cfg_path.exists() else {}
    if "operations" in cfg or "proposals" in cfg or "servers" in cfg:
        return None, cfg   # new-style configs (http, sockets): not supported here
    return cfg, cfg


def run_one(adapter, wasm: Path, cfg: dict, timeout: float):
    args = cfg.get("args", [])
    env = cfg.get("env", {})
    tmp = None
    root = None
    if cfg.get("root"):
        tmp = Path(tempfile.mkdtemp(prefix="wasi-testsuite-"))
        root = tmp / "root"
        shutil.copytree(wasm.parent / cfg["root"], root, symlinks=True)
    argv = adapter.compute_argv(str(wasm), (args, env, root), [], "wasi:cli/command", "wasm32-wasip1")
    started = time.monotonic()
    try:
        proc = subprocess.run(argv, input=b"", capture_output=True, timeout=timeout)
        rc, out, err = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as e:
        rc, out, err = None, e.stdout or b"", e.stderr or b""
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    elapsed = time.monotonic() - started
    failures = []
    want_rc = cfg.get("exit_code", 0)
    if rc is None:
        failures.append(f"timeout after {timeout:.0f}s")
    elif rc != want_rc:
        failures.append(f"exit code {rc}, want {want_rc}")
    for stream, data in (("stdout", out), ("stderr", err)):
        want = cfg.get(stream)
        if want is not None:
            got = data.decode("utf-8", "replace")[:len(want)]
            if got != want:
                failures.append(f"{stream} {got!r}, want {want!r}")
    return failures, argv, out, err, elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--suite-root", default=os.getenv("WASI_TESTSUITE", "/work/ext/wasi-testsuite"))
    ap.add_argument("--runtime", help="runtime command (default $WASMCELL or build/wasmcell)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--filter", default="", help="only tests whose path contains this")
    ap.add_argument("--errno-mode", choices=["unix", "macos", "windows"],
                    help="pass ERRNO_MODE_<MODE>=1 to the guests (strict errno checks)")
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--json", help="write per-test results here")
    opts = ap.parse_args()
    if opts.runtime:
        os.environ["WASMCELL"] = opts.runtime
    if opts.errno_mode:
        os.environ[f"ERRNO_MODE_{opts.errno_mode.upper()}"] = "1"
    adapter = load_adapter()
    root = Path(opts.suite_root)
    suites = find_suites(root)
    if not suites:
        print(f"no wasi-testsuite found under {root}", file=sys.stderr)
        return 2
    print(f"runtime: {' '.join(adapter.WASMCELL)}" + (f" (ERRNO_MODE_{opts.errno_mode.upper()})" if opts.errno_mode else ""))
    results = []
    total_pass = total_fail = total_skip = 0
    for name, version, directory in suites:
        if version not in adapter.get_wasi_versions():
            print(f"{name}: skipped (runtime supports {', '.join(adapter.get_wasi_versions())})")
            continue
        tests = []
        skipped = 0
        for wasm in sorted(directory.glob("*.wasm")):
            if opts.filter not in str(wasm):
                continue
            cfg, raw = load_config(wasm)
            if cfg is None:
                skipped += 1
                continue
            tests.append((wasm, cfg))
        passed = failed = 0
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
            futures = {pool.submit(run_one, adapter, w, c, opts.timeout): w for w, c in tests}
            outcome = {}
            for fut in concurrent.futures.as_completed(futures):
                outcome[futures[fut]] = fut.result()
        for wasm, _ in tests:
            failures, argv, out, err, elapsed = outcome[wasm]
            ok = not failures
            passed += ok
            failed += not ok
            results.append({"suite": name, "test": wasm.stem, "passed": ok, "failures": failures,
                            "seconds": round(elapsed, 3)})
            if not ok or opts.verbose:
                print(f"  {'PASS' if ok else 'FAIL'} {wasm.stem}" + ("" if ok else ": " + "; ".join(failures)))
                if not ok and opts.verbose:
                    print("    $ " + " ".join(argv))
                    for label, data in (("stdout", out), ("stderr", err)):
                        text = data.decode("utf-8", "replace").strip()
                        if text:
                            print(f"    {label}: " + text[:600].replace("\n", "\n      "))
        print(f"{name}: {passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
        total_pass += passed
        total_fail += failed
        total_skip += skipped
    if opts.json:
        Path(opts.json).write_text(json.dumps(results, indent=1))
    print(f"wasi-testsuite: {total_pass} passed, {total_fail} failed" + (f", {total_skip} skipped" if total_skip else ""))
    return 0 if total_fail == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
