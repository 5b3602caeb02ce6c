#include "ownercare/cli/utf8_args.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "ownercare/core/files.hpp"
#include "support/temp_dir.hpp"

using ownercare::cli::Utf8Args;

TEST_CASE("Utf8Args ends its argv with a null pointer", "[utf8_args]") {
  char tool[] = "ownercare-import";
  char flag[] = "--fleet";
  char* argv[] = {tool, flag, nullptr};
  Utf8Args args(2, argv);
  REQUIRE(args.argc() >= 1);
  CHECK(args.argv()[args.argc()] == nullptr);
#ifndef _WIN32
  // On Windows the arguments are the process's own command line, not these.
  CHECK(args.argc() == 2);
  CHECK(std::string(args.argv()[1]) == "--fleet");
#endif
}

#ifdef _WIN32

TEST_CASE("a Windows command line with Chinese arguments is read as UTF-8", "[utf8_args]") {
  auto args = ownercare::cli::utf8_args_of(
      L"ownercare-import.exe --fleet \"\u8F66\u4E3B \u4E00.csv\" --as-of 2026-12-07");
  REQUIRE(args.size() == 5);
  CHECK(args[0] == "ownercare-import.exe");
  CHECK(args[2] == "车主 一.csv");
  CHECK(args[4] == "2026-12-07");
}

TEST_CASE("a file named by a UTF-8 std::string has that Chinese name on disk", "[utf8_args]") {
  ownercare::test::TempDir dir;
  std::filesystem::path named_by_utf8 = dir.path() / std::string("车主.csv");
  ownercare::test::write_text(named_by_utf8, "plate\n");
  // The name as Windows holds it (UTF-16), written out: 车 U+8F66, 主 U+4E3B.
  CHECK(std::filesystem::exists(dir.path() / std::filesystem::path(L"\u8F66\u4E3B.csv")));
  CHECK(named_by_utf8.filename().string() == "车主.csv");
  CHECK(ownercare::read_file(dir.path() / std::filesystem::path(L"\u8F66\u4E3B.csv")) ==
        "plate\n");
}

#endif  // _WIN32
