# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
cmake_minimum_required(VERSION 3.20)
project(consumer C)
find_package(wasmcell 0.1 REQUIRED)
add_executable(prog prog.c)
target_link_libraries(prog PRIVATE wasmcell::wasmcell)
