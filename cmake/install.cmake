# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# cmake/install.cmake — `make install` / `cmake --install`: the static and the
# shared library, the headers, the CLI, wasmcell.pc, the CMake package
# (find_package(wasmcell) → wasmcell::wasmcell) and the man page wasmcell(1).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Only the API symbols leave the shared library (see cmake/wasmcell.map).
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  set(wasmcell_map ${PROJECT_SOURCE_DIR}/cmake/wasmcell.map)
  target_link_options(wasmcell_shared PRIVATE "LINKER:--version-script=${wasmcell_map}")
  set_target_properties(wasmcell_shared PROPERTIES LINK_DEPENDS ${wasmcell_map})
endif()

# Exported as wasmcell::wasmcell_shared and wasmcell::wasmcell_static;
# wasmcellConfig.cmake adds wasmcell::wasmcell, one of the two.
set_target_properties(wasmcell_shared PROPERTIES EXPORT_NAME wasmcell_shared)
set_target_properties(wasmcell_archive PROPERTIES EXPORT_NAME wasmcell_static)

install(TARGETS wasmcell_shared wasmcell_archive EXPORT wasmcellTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS wasmcell RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(FILES ${PROJECT_SOURCE_DIR}/include/wasmcell.h ${PROJECT_SOURCE_DIR}/include/wasmcell_wasi.h
              ${PROJECT_SOURCE_DIR}/include/wasmcell_text.h ${PROJECT_SOURCE_DIR}/include/wasm.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)
install(FILES ${PROJECT_SOURCE_DIR}/docs/wasmcell.1
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)

# pkg-config: the prefix is found relative to the .pc file, so
# `cmake --install build --prefix X` and DESTDIR staging both work.
file(RELATIVE_PATH WASMCELL_PC_PREFIX_REL
     /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" WASMCELL_PC_PREFIX_REL "${WASMCELL_PC_PREFIX_REL}")
if(WASMCELL_PC_PREFIX_REL STREQUAL "")
  set(WASMCELL_PC_PREFIX_REL ".")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/wasmcell.pc.in
               ${PROJECT_BINARY_DIR}/wasmcell.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/wasmcell.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

# CMake package.
set(wasmcell_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/wasmcell)
install(EXPORT wasmcellTargets NAMESPACE wasmcell:: DESTINATION ${wasmcell_cmake_dir}
  COMPONENT dev)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/wasmcellConfig.cmake.in
  ${PROJECT_BINARY_DIR}/wasmcellConfig.cmake
  INSTALL_DESTINATION ${wasmcell_cmake_dir}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/wasmcellConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/wasmcellConfig.cmake
              ${PROJECT_BINARY_DIR}/wasmcellConfigVersion.cmake
  DESTINATION ${wasmcell_cmake_dir} COMPONENT dev)
