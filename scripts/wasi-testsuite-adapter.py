# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""wasi-testsuite runtime adapter for wasmcell.

Loaded as a module by the official runner (`run-tests --runtime-adapter
scripts/wasi-testsuite-adapter.py`) and by scripts/wasi-testsuite-runner.py.
The runtime command comes from $WASMCELL (default: build/wasmcell beside this
script), and may hold arguments, e.g. WASMCELL="node scripts/node-wasi-run.mjs".
ERRNO_MODE_UNIX / ERRNO_MODE_MACOS / ERRNO_MODE_WINDOWS / NO_DANGLING_FILESYSTEM /
NO_RENAME_DIR_TO_EMPTY_DIR set in our environment are passed to the Rust
tests' guests (they read them to pick strict errno expectations).
"""
import os
import shlex
import subprocess
from pathlib import Path
from typing import Dict, List, Optional, Tuple

_DEFAULT = str(Path(__file__).resolve().parent.parent / "build" / "wasmcell")
WASMCELL = shlex.split(os.getenv("WASMCELL", _DEFAULT))
_GUEST_FLAGS = ("ERRNO_MODE_UNIX", "ERRNO_MODE_MACOS", "ERRNO_MODE_WINDOWS",
                "NO_DANGLING_FILESYSTEM", "NO_RENAME_DIR_TO_EMPTY_DIR")


def get_name() -> str:
    return "node:wasi" if any("node-wasi-run" in word for word in WASMCELL) else "wasmcell"


def get_version() -> str:
    result = subprocess.run(WASMCELL + ["--version"], encoding="UTF-8",
                            capture_output=True, check=True)
    words = (result.stdout.strip() or "unknown").split()
    return words[-1]


def get_wasi_versions() -> List[str]:
    return ["wasm32-wasip1"]


def get_wasi_worlds() -> List[str]:
    return ["wasi:cli/command"]


def get_timeout_seconds() -> float:
    return float(os.getenv("WASI_TESTSUITE_TIMEOUT", "30"))


def compute_argv(test_path: str,
                 args_env_root: Tuple[List[str], Dict[str, str], Optional[Path]],
                 proposals: List[str],
                 wasi_world: str,
                 wasi_version: str) -> List[str]:
    args, env, root = args_env_root
    argv = WASMCELL + ["run"]
    # Only the Rust tests read these; the AssemblyScript ones count the
    # environment, so they must not see extra variables.
    is_rust = "/rust/" in str(test_path).replace(os.sep, "/")
    for name in _GUEST_FLAGS:
        if is_rust and name in os.environ and name not in env:
            argv += ["--env", f"{name}={os.environ[name]}"]
    for key, value in env.items():
        argv += ["--env", f"{key}={value}"]
    if root:
        argv += ["--dir", f"{root}::/"]
    argv += [str(test_path)]
    argv += args
    return argv
