// Chinese file and folder names, as dealers' Windows PCs have them (issue 10, point 7): a
// GB18030 snapshot named in Chinese in a Chinese folder is imported into a database in another
// one, its rejects file is named after it, a night is written into a Chinese output folder,
// and the messages name the files in UTF-8. On Windows (under Wine) the arguments go through
// the wide command line and the names on disk are checked in UTF-16 as well, so a name that
// came out as mojibake would fail here.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace ownercare::test {
namespace {

namespace fs = std::filesystem;

// 车辆ID,车牌号,车主,手机,状态 in GB18030, a good row of 京A1 (offline) and a row whose
// status is 7.
const std::string kGb18030Snapshot =
    "\xB3\xB5\xC1\xBE" "ID,\xB3\xB5\xC5\xC6\xBA\xC5,\xB3\xB5\xD6\xF7,\xCA\xD6\xBB\xFA,"
    "\xD7\xB4\xCC\xAC\n"
    "G1,\xBE\xA9" "A1,\xD5\xC5\xCE\xB0,13800000001,-1\n"
    "G2,\xBE\xA9" "A2,\xC0\xEE\xC4\xC8,13800000002,7\n"
    "G3,\xBE\xA9" "A3,\xCD\xF5\xB7\xBC,13800000003,1\n"
    "G4,\xBE\xA9" "A4,\xC1\xF5\xD1\xF4,13800000004,1\n"
    "G5,\xBE\xA9" "A5,\xB3\xC2\xBE\xB2,13800000005,1\n"
    "G6,\xBE\xA9" "A6,\xD1\xEE\xB9\xE2,13800000006,1\n"
    "G7,\xBE\xA9" "A7,\xD5\xD4\xC0\xF6,13800000007,1\n"
    "G8,\xBE\xA9" "A8,\xBB\xC6\xC3\xF7,13800000008,1\n"
    "G9,\xBE\xA9" "A9,\xD6\xDC\xBD\xA8,13800000009,1\n"
    "G10,\xBE\xA9" "A10,\xCE\xE2\xC3\xF4,13800000010,1\n"
    "G11,\xBE\xA9" "A11,\xD6\xA3\xBA\xEC,13800000011,1\n";

}  // namespace

TEST_CASE("Chinese file and folder names: import, rejects, evaluate and export under them",
          "[cli][names]") {
  Workspace ws;
  ws.write("收件箱/车队-2026-03-01.csv", kGb18030Snapshot);
  fs::create_directory(ws / "数据");
  auto import = ws.run("ownercare-import", {"--db", "数据/车主.db", "--kind", "fleet", "--as-of",
                                            "2026-03-01", "收件箱/车队-2026-03-01.csv"});
  CHECK(import.exit_code == 0);
  CHECK(import.err ==
        "ownercare-import: rejected: 收件箱/车队-2026-03-01.csv:3:5: status: \"7\" is not one of "
        "1, 0, -1, -2\n"
        "ownercare-import: 1 rejected row written to 收件箱/车队-2026-03-01.rejects.csv\n");
  CHECK(ws.exists("数据/车主.db"));
  auto rejects = read_csv(ws / "收件箱/车队-2026-03-01.rejects.csv");
  REQUIRE(rejects.size() == 2);
  CHECK(rejects[1][0] == "3");

  ws.copy_rules("规则");
  auto night = ws.run("ownercare-evaluate", {"--db", "数据/车主.db", "--rules", "规则", "--as-of",
                                             "2026-03-01", "--out", "输出"});
  CHECK(night.exit_code == 0);
  CHECK(night.err.empty());
  CHECK(night.out == "2026-03-01: 1 sms, 0 calls, 0 hand-offs, 0 delistings -> 输出/2026-03-01\n");
  auto sms = read_csv(ws / "输出/2026-03-01/sms.csv");
  REQUIRE(sms.size() == 2);
  CHECK(sms[1][2] == "G1");

  auto exported = ws.run("ownercare-export", {"--db", "数据/车主.db", "--out", "输出/车辆.csv",
                                              "vehicles"});
  CHECK(exported.exit_code == 0);
  CHECK(read_csv(ws / "输出/车辆.csv").size() == 11);

#ifdef _WIN32
  // The same names as Windows holds them (UTF-16), spelt out: 收件箱 U+6536 U+4EF6 U+7BB1,
  // 车队 U+8F66 U+961F, 数据 U+6570 U+636E, 车主 U+8F66 U+4E3B, 输出 U+8F93 U+51FA,
  // 车辆 U+8F66 U+8F86.
  CHECK(fs::exists(ws.path() /
                   fs::path(L"\u6536\u4EF6\u7BB1\\\u8F66\u961F-2026-03-01.rejects.csv")));
  CHECK(fs::exists(ws.path() / fs::path(L"\u6570\u636E\\\u8F66\u4E3B.db")));
  CHECK(fs::exists(ws.path() / fs::path(L"\u8F93\u51FA\\2026-03-01\\sms.csv")));
  CHECK(fs::exists(ws.path() / fs::path(L"\u8F93\u51FA\\\u8F66\u8F86.csv")));
#endif
}

TEST_CASE("a missing file with a Chinese name is named in UTF-8 in the error", "[cli][names]") {
  Workspace ws;
  auto result = ws.run("ownercare-import",
                       {"--db", "车主.db", "--kind", "fleet", "--as-of", "2026-03-01", "车队.csv"});
  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "ownercare-import: error: 车队.csv: cannot open (No such file or directory)\n");
}

}  // namespace ownercare::test
