# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# tiers.cmake — included by tests/CMakeLists.txt: runs the CLI-driven test
# areas (wast, wasi, sandbox, cli) in both execution tiers, and keeps every
# test away from the user's native code cache.
include_guard(GLOBAL)

# Every test sees XDG_CACHE_HOME under the build tree, so that the native
# tier's code cache (default $XDG_CACHE_HOME/wasmcell) never reads or writes
# the user's real cache: set(ENV) in a file that ctest includes changes the
# environment of ctest itself, hence of every test it starts (examples/ and
# tests/api included, whose engines use the default cache directory).
set(WASMCELL_TEST_CACHE_HOME ${PROJECT_BINARY_DIR}/tests/xdg-cache)
file(MAKE_DIRECTORY ${WASMCELL_TEST_CACHE_HOME})
file(WRITE ${PROJECT_BINARY_DIR}/tests/test_env.cmake
     "set(ENV{XDG_CACHE_HOME} \"${WASMCELL_TEST_CACHE_HOME}\")\n"
     # a tier-auto run that got hot fills the cache in a detached process:
     # tests wait for it, so that no test leaves one behind
     "set(ENV{WASMCELL_CACHE_FILL_WAIT} 1)\n")
set_property(DIRECTORY ${PROJECT_SOURCE_DIR}/tests APPEND PROPERTY TEST_INCLUDE_FILES
             ${PROJECT_BINARY_DIR}/tests/test_env.cmake)

# wasmcell_tier_test(NAME COMMAND cmd... [LABELS label...] [ENVIRONMENT VAR=value...]
#                    [PROPERTIES prop value...] [INTERP_ONLY])
# Registers NAME with WASMCELL_TIER=interp (LABELS ... interp), NAME_native
# with WASMCELL_TIER=native (LABELS ... native) and NAME_jit with the
# interpreter's functions all JIT-compiled (WASMCELL_JIT=all, LABELS ... jit):
# `wasmcell run` and `wasmcell wast` take their default tier from
# WASMCELL_TIER. INTERP_ONLY registers
# NAME alone (say why where it is used). A test that does not depend on the
# tier (help text, usage errors, validate) is registered with plain add_test.
# PROPERTIES must not set LABELS or ENVIRONMENT (use the keywords).
function(wasmcell_tier_test name)
  cmake_parse_arguments(PARSE_ARGV 1 T "INTERP_ONLY" "" "COMMAND;LABELS;ENVIRONMENT;PROPERTIES")
  if(NOT T_COMMAND)
    message(FATAL_ERROR "wasmcell_tier_test(${name}): COMMAND missing")
  endif()
  set(tiers interp)
  if(NOT T_INTERP_ONLY)
    list(APPEND tiers native jit)
  endif()
  foreach(tier ${tiers})
    if(tier STREQUAL "interp")
      set(test ${name})
    else()
      set(test ${name}_${tier})
    endif()
    set(labels ${T_LABELS} ${tier})
    if(tier STREQUAL "jit")
      # the baseline JIT (src/exec/jit.h) for every function, from its
      # first call: what the interpreter would run, run as machine code
      set(env ${T_ENVIRONMENT} WASMCELL_TIER=interp WASMCELL_JIT=all XDG_CACHE_HOME=${WASMCELL_TEST_CACHE_HOME})
    else()
      set(env ${T_ENVIRONMENT} WASMCELL_TIER=${tier} XDG_CACHE_HOME=${WASMCELL_TEST_CACHE_HOME})
    endif()
    add_test(NAME ${test} COMMAND ${T_COMMAND})
    set_tests_properties(${test} PROPERTIES ${T_PROPERTIES} LABELS "${labels}" ENVIRONMENT "${env}")
  endforeach()
endfunction()
