# Dependencies of the Windows cross-build (cmake/mingw-w64.cmake), in place of find_package:
# - SQLiteCpp and SQLite built from Debian's source package (apt-get source sqlitecpp; its
#   tarball carries SQLite's amalgamation in sqlite3/), unpacked at OWNERCARE_SQLITECPP_SOURCE;
# - fmt (header-only mode), CLI11, toml++ and Catch2 v2 from their Debian -dev packages'
#   headers. Only those folders are linked into the build tree, never /usr/include itself,
#   whose glibc headers MinGW must not see.
set(OWNERCARE_SQLITECPP_SOURCE "${CMAKE_SOURCE_DIR}/build-windows/deps/sqlitecpp-3.2.1"
    CACHE PATH "SQLiteCpp source (apt-get source sqlitecpp)")
if(NOT EXISTS "${OWNERCARE_SQLITECPP_SOURCE}/CMakeLists.txt")
  message(FATAL_ERROR "no SQLiteCpp source at ${OWNERCARE_SQLITECPP_SOURCE}: "
                      "run scripts/test-windows (it fetches it with apt-get source sqlitecpp)")
endif()

set(debian_headers "${CMAKE_BINARY_DIR}/debian-headers")
file(MAKE_DIRECTORY "${debian_headers}")
foreach(folder IN ITEMS fmt CLI toml++ catch2)
  if(NOT EXISTS "/usr/include/${folder}")
    message(FATAL_ERROR "/usr/include/${folder} missing: run scripts/install-deps")
  endif()
  file(CREATE_LINK "/usr/include/${folder}" "${debian_headers}/${folder}" SYMBOLIC)
endforeach()

add_library(fmt::fmt INTERFACE IMPORTED)
target_include_directories(fmt::fmt INTERFACE "${debian_headers}")
target_compile_definitions(fmt::fmt INTERFACE FMT_HEADER_ONLY=1)
add_library(CLI11::CLI11 INTERFACE IMPORTED)
target_include_directories(CLI11::CLI11 INTERFACE "${debian_headers}")
add_library(tomlplusplus::tomlplusplus INTERFACE IMPORTED)
target_include_directories(tomlplusplus::tomlplusplus INTERFACE "${debian_headers}")
target_compile_definitions(tomlplusplus::tomlplusplus INTERFACE TOML_HEADER_ONLY=1)
add_library(Catch2::Catch2 INTERFACE IMPORTED)
target_include_directories(Catch2::Catch2 INTERFACE "${debian_headers}")

set(SQLITECPP_INTERNAL_SQLITE ON CACHE BOOL "" FORCE)
set(SQLITECPP_RUN_CPPLINT OFF CACHE BOOL "" FORCE)
set(SQLITECPP_RUN_CPPCHECK OFF CACHE BOOL "" FORCE)
set(SQLITECPP_BUILD_TESTS OFF CACHE BOOL "" FORCE)
set(SQLITECPP_BUILD_EXAMPLES OFF CACHE BOOL "" FORCE)
set(SQLITECPP_INCLUDE_SCRIPT OFF CACHE BOOL "" FORCE)
add_subdirectory("${OWNERCARE_SQLITECPP_SOURCE}" "${CMAKE_BINARY_DIR}/sqlitecpp" EXCLUDE_FROM_ALL)
# Its headers as system headers, as Debian's are on Linux: SQLiteCpp 3.2.1's Database.h line 41
# ("#ifndef __has_include(...)") warns in every file that includes it.
set_target_properties(SQLiteCpp PROPERTIES SYSTEM ON)

find_package(Threads REQUIRED)

# libxlsxwriter (OWNERCARE_XLSX) built from Debian's source package (apt-get source
# libxlsxwriter, unpacked at OWNERCARE_XLSXWRITER_SOURCE by scripts/windows-build) with its
# bundled minizip and tmpfileplus, statically, over zlib from Debian's libz-mingw-w64-dev.
if(OWNERCARE_XLSX)
  set(OWNERCARE_XLSXWRITER_SOURCE "${CMAKE_SOURCE_DIR}/build-windows/deps/libxlsxwriter-1.1.4"
      CACHE PATH "libxlsxwriter source (apt-get source libxlsxwriter)")
  if(NOT EXISTS "${OWNERCARE_XLSXWRITER_SOURCE}/CMakeLists.txt")
    message(FATAL_ERROR "no libxlsxwriter source at ${OWNERCARE_XLSXWRITER_SOURCE}: run "
                        "scripts/windows-build (it fetches it with apt-get source libxlsxwriter)")
  endif()
  enable_language(C)
  # The static libz.a, not the import library of zlib1.dll: each .exe runs alone.
  set(ZLIB_USE_STATIC_LIBS ON)
  set(BUILD_SHARED_LIBS OFF)
  set(BUILD_TESTS OFF CACHE BOOL "" FORCE)
  set(BUILD_EXAMPLES OFF CACHE BOOL "" FORCE)
  add_subdirectory("${OWNERCARE_XLSXWRITER_SOURCE}" "${CMAKE_BINARY_DIR}/xlsxwriter"
                   EXCLUDE_FROM_ALL)
  # Its headers as system headers, and its C left to its own warnings (not ours, not -Werror).
  set_target_properties(xlsxwriter PROPERTIES SYSTEM ON)
  add_library(ownercare_xlsxwriter ALIAS xlsxwriter)
endif()
