# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# wasi_toolchain.cmake — included by tests/wasi and tests/sandbox: finds a
# clang that builds wasm32-wasi programs (WASI_CLANG_EXE, WASI_TOOLCHAIN_OK),
# picks the runner command (wasi_runner), and defines wasmcell_wasi_programs().
include_guard(DIRECTORY)

set(WASI_CLANG "" CACHE STRING "C compiler for the wasm32-wasi test programs (default: clang-19)")
set(WASI_TEST_RUNNER "" CACHE STRING
    "Command that runs the WASI tests (default: build/wasmcell; e.g. 'node scripts/node-wasi-run.mjs' to compare)")
if(NOT WASI_CLANG)
  find_program(WASI_CLANG_FOUND NAMES clang-19)
  if(WASI_CLANG_FOUND)
    set(WASI_CLANG_EXE ${WASI_CLANG_FOUND})
  endif()
else()
  set(WASI_CLANG_EXE ${WASI_CLANG})
endif()

# Usable only when it can really build a wasm32-wasi program (wasi-libc present).
set(WASI_TOOLCHAIN_OK OFF)
if(WASI_CLANG_EXE)
  set(probe_dir ${PROJECT_BINARY_DIR}/tests/wasi-probe)
  file(MAKE_DIRECTORY ${probe_dir})
  file(WRITE ${probe_dir}/probe.c "#include <stdio.h>\nint main(void) { puts(\"ok\"); return 0; }\n")
  execute_process(
    COMMAND ${WASI_CLANG_EXE} --target=wasm32-wasi -O2 ${probe_dir}/probe.c -o ${probe_dir}/probe.wasm
    RESULT_VARIABLE probe_rc OUTPUT_QUIET ERROR_VARIABLE probe_err)
  if(probe_rc EQUAL 0)
    set(WASI_TOOLCHAIN_OK ON)
  elseif(NOT CMAKE_CURRENT_SOURCE_DIR MATCHES "sandbox$")
    message(STATUS "tests/wasi: ${WASI_CLANG_EXE} cannot build wasm32-wasi programs: ${probe_err}")
  endif()
endif()
if(NOT WASI_TOOLCHAIN_OK AND NOT CMAKE_CURRENT_SOURCE_DIR MATCHES "sandbox$")
  message(STATUS "tests/wasi: clang-19 with wasi-libc missing: WASI tests will report SKIPPED (run `make deps`)")
endif()

if(WASI_TEST_RUNNER)
  set(wasi_runner ${WASI_TEST_RUNNER})
else()
  set(wasi_runner $<TARGET_FILE:wasmcell>)
endif()

# .wat programs are converted by `wasmcell convert` (our own text parser).
set(WASI_WAT2WASM $<TARGET_FILE:wasmcell> convert)

# wasmcell_wasi_programs(OUT_VAR DIR FLAGS...): compiles every DIR/*.c (clang)
# and DIR/*.wat (wasmcell convert) into a .wasm beside this directory's build
# output; returns the outputs.
function(wasmcell_wasi_programs out_var src_dir)
  file(GLOB sources CONFIGURE_DEPENDS ${src_dir}/*.c)
  file(GLOB headers CONFIGURE_DEPENDS ${src_dir}/*.h)
  set(outputs)
  foreach(src ${sources})
    get_filename_component(prog ${src} NAME_WE)
    set(wasm ${CMAKE_CURRENT_BINARY_DIR}/${prog}.wasm)
    add_custom_command(
      OUTPUT ${wasm}
      COMMAND ${WASI_CLANG_EXE} --target=wasm32-wasi -O2 -Wall -Wextra -Werror
              -Wno-unused-parameter -I${src_dir} ${ARGN} ${src} -o ${wasm}
      DEPENDS ${src} ${headers}
      COMMENT "wasm32-wasi ${prog}.wasm"
      VERBATIM)
    list(APPEND outputs ${wasm})
  endforeach()
  file(GLOB wat_sources CONFIGURE_DEPENDS ${src_dir}/*.wat)
  foreach(src ${wat_sources})
    get_filename_component(prog ${src} NAME_WE)
    set(wasm ${CMAKE_CURRENT_BINARY_DIR}/${prog}.wasm)
    if(WASI_WAT2WASM)
      add_custom_command(OUTPUT ${wasm} COMMAND ${WASI_WAT2WASM} ${src} -o ${wasm}
                         DEPENDS ${src} wasmcell COMMENT "wasmcell convert ${prog}.wasm" VERBATIM)
      list(APPEND outputs ${wasm})
    else()
      message(STATUS "tests: wat2wasm missing: ${prog}.wasm is not built (make deps installs wabt)")
    endif()
  endforeach()
  set(${out_var} ${outputs} PARENT_SCOPE)
endfunction()

