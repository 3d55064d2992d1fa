#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Race: a directory on the guest's path is swapped for a relative symlink
# (../outside) while the guest resolves paths through it.
. "$(dirname "$0")/lib.sh" "$@"
. "$(dirname "$0")/race_common.sh"
sb_setup
sb_race ../outside
sb_finish
