// Unit tests of the nightly backups and restore (issue 10, point 3): copies consistent while
// the write-ahead log holds pages, keep-N rotation, owner-only modes, and restores that undo
// a real import, refuse what is not an ownercare database, wait for no lock and name the
// labels there are.
//
// Every test works in its own TempDir, so no lock or backups/ folder is shared.
#include "ownercare/store/backup.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#ifndef _WIN32
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#endif

#include "ownercare/core/errors.hpp"
#include "ownercare/ingest/fleet_import.hpp"
#include "ownercare/store/database.hpp"
#include "support/temp_dir.hpp"

using ownercare::Date;
using ownercare::store::backup_database;
using ownercare::store::BackupEntry;
using ownercare::store::Database;
using ownercare::store::list_backups;
using ownercare::store::night_started;
using ownercare::store::note_night_started;
using ownercare::store::OpenMode;
using ownercare::store::restore_backup;
using ownercare::test::TempDir;
using ownercare::test::write_text;
namespace fs = std::filesystem;

namespace {

constexpr const char* kFirstSnapshot =
    "vehicle_id,plate,owner_name,owner_phone,city,status,status_since\n"
    "V1,京N10001,车主一,13900000001,北京,1,2026-11-01\n"
    "V2,京N10002,车主二,13900000002,北京,-1,2026-12-01\n";

// The next night's snapshot: a third vehicle, and V2 rentable again.
constexpr const char* kSecondSnapshot =
    "vehicle_id,plate,owner_name,owner_phone,city,status,status_since\n"
    "V1,京N10001,车主一,13900000001,北京,1,2026-11-01\n"
    "V2,京N10002,车主二,13900000002,北京,1,2026-12-06\n"
    "V3,京N10003,车主三,13900000003,北京,1,2026-12-06\n";

void import_snapshot(const TempDir& dir, const char* snapshot, Date as_of) {
  auto file = dir / ("fleet-" + as_of.iso() + ".csv");
  write_text(file, snapshot);
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  ownercare::ingest::ImportOptions options;
  options.file = file;
  options.as_of = as_of;
  ownercare::ingest::import_fleet(db, options);
}

long long count_rows(const fs::path& database, const std::string& table) {
  SQLite::Database db(database.string(), SQLite::OPEN_READONLY);
  return db.execAndGet("SELECT count(*) FROM " + table).getInt64();
}

// A database with a table `probe` of `rows` rows, written through `db`.
void write_probe_rows(SQLite::Database& db, int rows) {
  db.exec("CREATE TABLE IF NOT EXISTS probe (n INTEGER)");
  for (int n = 0; n < rows; ++n) db.exec("INSERT INTO probe VALUES (" + std::to_string(n) + ")");
}

std::vector<std::string> labels(const fs::path& database) {
  std::vector<std::string> result;
  for (const auto& entry : list_backups(database)) result.push_back(entry.label);
  return result;
}

std::vector<std::string> file_names(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& item : fs::directory_iterator(folder)) {
    names.push_back(item.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A database with the ownercare schema and nothing in it, then a backup for each night.
void backups_of_nights(const TempDir& dir, const std::vector<std::string>& nights, int keep) {
  { auto db = Database::open(dir / "ownercare.db", OpenMode::create); }
  for (const auto& night : nights) backup_database(dir / "ownercare.db", night, keep);
}

}  // namespace

// --- backup_database ------------------------------------------------------------------------

TEST_CASE("backup: a copy taken while the write-ahead log holds unchecked pages has them",
          "[backup]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  db.sql().exec("PRAGMA wal_autocheckpoint = 0");
  write_probe_rows(db.sql(), 3);
  // The rows are in the log only: the database file alone does not have them.
  REQUIRE(fs::file_size(dir / "ownercare.db-wal") > 0);
  fs::copy_file(dir / "ownercare.db", dir / "file-only.db");
  {
    SQLite::Database file_only((dir / "file-only.db").string(), SQLite::OPEN_READONLY);
    REQUIRE_FALSE(file_only.tableExists("probe"));
  }

  auto copy = backup_database(dir / "ownercare.db", "2026-12-07", 7);  // while db is open
  REQUIRE(copy);
  CHECK(*copy == dir / "backups" / "ownercare-2026-12-07.db");
  CHECK(count_rows(*copy, "probe") == 3);
  CHECK(count_rows(dir / "ownercare.db", "probe") == 3);  // the database is left as it was
}

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_CASE("backup: a night's copy is the database file after a checkpoint, byte for byte but "
          "the journal mode",
          "[backup]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  db.sql().exec("PRAGMA wal_autocheckpoint = 0");
  write_probe_rows(db.sql(), 50);
  REQUIRE(fs::file_size(dir / "ownercare.db-wal") > 0);

  auto copy = backup_database(dir / "ownercare.db", "2026-12-07", 7);  // while db is open
  REQUIRE(copy);
  // The log was moved into the file and emptied, then the file copied as it is.
  CHECK(fs::file_size(dir / "ownercare.db-wal") == 0);
  std::string original = file_bytes(dir / "ownercare.db");
  std::string copied = file_bytes(*copy);
  REQUIRE(copied.size() == original.size());
  CHECK(original.substr(18, 2) == std::string("\2\2"));  // write-ahead log
  CHECK(copied.substr(18, 2) == std::string("\1\1"));    // rollback journal
  copied.replace(18, 2, "\2\2");
  CHECK(copied == original);
  CHECK(count_rows(*copy, "probe") == 50);
}

TEST_CASE("backup: a reader on an older snapshot keeps the log; the copy still has every "
          "committed row",
          "[backup]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  write_probe_rows(db.sql(), 2);
  SQLite::Database reader((dir / "ownercare.db").string(), SQLite::OPEN_READONLY);
  reader.exec("BEGIN");
  CHECK(reader.execAndGet("SELECT count(*) FROM probe").getInt() == 2);  // its snapshot
  db.sql().exec("PRAGMA wal_autocheckpoint = 0");
  write_probe_rows(db.sql(), 3);  // 2 + 3 rows, the last 3 in the log past the reader

  auto copy = backup_database(dir / "ownercare.db", "2026-12-07", 7);
  REQUIRE(copy);
  CHECK(count_rows(*copy, "probe") == 5);
  CHECK(fs::file_size(dir / "ownercare.db-wal") > 0);  // the reader kept it
  SQLite::Database copied(copy->string(), SQLite::OPEN_READONLY);
  CHECK(copied.execAndGet("PRAGMA journal_mode").getString() == "delete");
  CHECK(copied.execAndGet("PRAGMA integrity_check").getString() == "ok");
  reader.exec("COMMIT");
}

TEST_CASE("backup: a writer holding its lock does not stop the copy, which has what was "
          "committed",
          "[backup]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  write_probe_rows(db.sql(), 4);
  SQLite::Database writer((dir / "ownercare.db").string(), SQLite::OPEN_READWRITE);
  writer.exec("BEGIN IMMEDIATE");
  writer.exec("INSERT INTO probe VALUES (100)");  // not committed

  auto copy = backup_database(dir / "ownercare.db", "2026-12-07", 7);
  REQUIRE(copy);
  CHECK(count_rows(*copy, "probe") == 4);
  writer.exec("COMMIT");
  CHECK(count_rows(dir / "ownercare.db", "probe") == 5);
}

TEST_CASE("backup: a copy is one file in rollback-journal mode, with nothing beside it",
          "[backup]") {
  TempDir dir;
  {
    auto db = Database::open(dir / "ownercare.db", OpenMode::create);
    write_probe_rows(db.sql(), 2);
    backup_database(dir / "ownercare.db", Date(2026, 12, 7));
  }
  CHECK(file_names(dir / "backups") == std::vector<std::string>{"ownercare-2026-12-07.db"});
  SQLite::Database copy((dir / "backups" / "ownercare-2026-12-07.db").string(),
                        SQLite::OPEN_READONLY);
  CHECK(copy.execAndGet("PRAGMA journal_mode").getString() == "delete");
  CHECK(copy.execAndGet("PRAGMA integrity_check").getString() == "ok");
  CHECK(file_names(dir / "backups") == std::vector<std::string>{"ownercare-2026-12-07.db"});
}

TEST_CASE("backup: a database left with a hot journal by a killed bulk load is rolled back "
          "and copied",
          "[backup]") {
  TempDir dir;
  {
    // A transaction in rollback-journal mode caught half-way: its journal and the database
    // file with some of its pages already written, as kill -9 during a bulk load leaves them.
    SQLite::Database loading((dir / "loading.db").string(),
                             SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    loading.exec("PRAGMA journal_mode = DELETE");
    write_probe_rows(loading, 1);
    loading.exec("PRAGMA cache_size = 1");  // pages spill into the file before the commit
    loading.exec("BEGIN");
    for (int n = 0; n < 300; ++n) {
      loading.exec("INSERT INTO probe VALUES (" + std::to_string(n) + " || '" +
                   std::string(200, 'x') + "')");
    }
    fs::copy_file(dir / "loading.db", dir / "ownercare.db");
    fs::copy_file(dir / "loading.db-journal", dir / "ownercare.db-journal");
    loading.exec("ROLLBACK");
  }
  auto copy = backup_database(dir / "ownercare.db", "2026-12-07", 7);
  REQUIRE(copy);
  CHECK(count_rows(*copy, "probe") == 1);
  CHECK(count_rows(dir / "ownercare.db", "probe") == 1);
}

TEST_CASE("backup: no database yet means no copy and no folder", "[backup]") {
  TempDir dir;
  CHECK_FALSE(backup_database(dir / "ownercare.db", "2026-12-07", 7));
  CHECK_FALSE(fs::exists(dir / "backups"));
  CHECK_FALSE(fs::exists(dir / "ownercare.db"));
  CHECK(list_backups(dir / "ownercare.db").empty());
}

TEST_CASE("backup: a second copy of the same night replaces the first", "[backup]") {
  TempDir dir;
  auto db = Database::open(dir / "ownercare.db", OpenMode::create);
  write_probe_rows(db.sql(), 1);
  backup_database(dir / "ownercare.db", "2026-12-07", 7);
  write_probe_rows(db.sql(), 4);
  auto copy = backup_database(dir / "ownercare.db", "2026-12-07", 7);
  CHECK(count_rows(*copy, "probe") == 5);
  CHECK(labels(dir / "ownercare.db") == std::vector<std::string>{"2026-12-07"});
}

TEST_CASE("backup: keeps the newest copies by night and removes older ones", "[backup]") {
  TempDir dir;
  backups_of_nights(dir, {"2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"}, 3);
  CHECK(labels(dir / "ownercare.db") ==
        std::vector<std::string>{"2026-12-04", "2026-12-03", "2026-12-02"});
  CHECK(file_names(dir / "backups") == std::vector<std::string>{"ownercare-2026-12-02.db",
                                                                "ownercare-2026-12-03.db",
                                                                "ownercare-2026-12-04.db"});
}

TEST_CASE("backup: the copy just made stays even when its night is older than those kept",
          "[backup]") {
  TempDir dir;
  backups_of_nights(dir, {"2026-12-05", "2026-12-06", "2026-12-01"}, 2);
  // A night run again after a restore: its copy is what the run would restore to.
  CHECK(labels(dir / "ownercare.db") == std::vector<std::string>{"2026-12-06", "2026-12-01"});
}

TEST_CASE("backup: a label that is not a date and a keep below 1 are refused", "[backup]") {
  TempDir dir;
  { auto db = Database::open(dir / "ownercare.db", OpenMode::create); }
  CHECK_THROWS_AS(backup_database(dir / "ownercare.db", "../../etc/x", 7), ownercare::UsageError);
  CHECK_THROWS_AS(backup_database(dir / "ownercare.db", "2026-12-7", 7), ownercare::UsageError);
  CHECK_THROWS_WITH(backup_database(dir / "ownercare.db", "2026-12-07", 0),
                    "keep_backups must be at least 1, not 0");
  CHECK_FALSE(fs::exists(dir / "backups" / "ownercare-2026-12-07.db"));
}

TEST_CASE("backup: copies of another database in the same folder are neither listed nor removed",
          "[backup]") {
  TempDir dir;
  { auto db = Database::open(dir / "ownercare.db", OpenMode::create); }
  { auto db = Database::open(dir / "ownercare-test.db", OpenMode::create); }
  backup_database(dir / "ownercare-test.db", "2026-12-01", 1);
  write_text(dir / "backups" / "notes.txt", "not a copy");
  write_text(dir / "backups" / "ownercare-latest.db", "not named like a copy");
  backups_of_nights(dir, {"2026-12-05", "2026-12-06"}, 1);
  CHECK(labels(dir / "ownercare.db") == std::vector<std::string>{"2026-12-06"});
  CHECK(labels(dir / "ownercare-test.db") == std::vector<std::string>{"2026-12-01"});
  CHECK(fs::exists(dir / "backups" / "ownercare-test-2026-12-01.db"));
  CHECK(fs::exists(dir / "backups" / "notes.txt"));
  CHECK(fs::exists(dir / "backups" / "ownercare-latest.db"));
}

#ifndef _WIN32
TEST_CASE("backup: temporaries of dead runs are removed, a live run's are left", "[backup]") {
  TempDir dir;
  backups_of_nights(dir, {"2026-12-05"}, 7);
  // No process has a pid this large (pid_max is at most 2^22); the parent process runs.
  const std::string dead = ".ownercare-2026-12-06.db.tmp-999999999";
  const std::string live = ".ownercare-2026-12-06.db.tmp-" + std::to_string(::getppid());
  write_text(dir / "backups" / dead, "half a copy");
  write_text(dir / "backups" / (dead + "-journal"), "its journal");
  write_text(dir / "backups" / live, "a copy being made");
  backup_database(dir / "ownercare.db", "2026-12-06", 7);
  CHECK(file_names(dir / "backups") ==
        std::vector<std::string>{live, "ownercare-2026-12-05.db", "ownercare-2026-12-06.db"});
}

namespace {

unsigned mode_of(const fs::path& path) {
  struct stat status {};
  REQUIRE(::stat(path.c_str(), &status) == 0);
  return status.st_mode & 0777;
}

class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(old_); }
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;

 private:
  mode_t old_;
};

// A limit on the size of any file this process writes (as a full disk stops a write), and
// SIGXFSZ ignored so that a write past it fails with EFBIG instead of ending the process.
class ScopedFileSizeLimit {
 public:
  explicit ScopedFileSizeLimit(rlim_t bytes) {
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &old_) == 0);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit limit = old_;
    limit.rlim_cur = bytes;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &limit) == 0);
  }
  ~ScopedFileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &old_);
    std::signal(SIGXFSZ, old_handler_);
  }
  ScopedFileSizeLimit(const ScopedFileSizeLimit&) = delete;
  ScopedFileSizeLimit& operator=(const ScopedFileSizeLimit&) = delete;

 private:
  struct rlimit old_ {};
  void (*old_handler_)(int) = SIG_DFL;
};

}  // namespace

TEST_CASE("backup: a write that fails mid-copy (a full disk) leaves no copy and says why",
          "[backup]") {
  TempDir dir;
  {
    auto db = Database::open(dir / "ownercare.db", OpenMode::create);
    db.sql().exec("CREATE TABLE probe (n INTEGER, pad TEXT)");
    db.sql().exec(
        "WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 2000)"
        " INSERT INTO probe SELECT value, zeroblob(1000) FROM n");
  }
  REQUIRE(fs::file_size(dir / "ownercare.db") > 1000000);
  fs::create_directory(dir / "backups");
  {
    ScopedFileSizeLimit limit(256 * 1024);
    std::string message;
    try {
      backup_database(dir / "ownercare.db", "2026-12-07", 7);
    } catch (const ownercare::InternalError& error) {
      message = error.what();
    }
    CHECK_THAT(message, Catch::Matchers::StartsWith((dir / "ownercare.db").string() +
                                                    ": cannot back up to ") &&
                            Catch::Matchers::Contains(": cannot write the copy: "));
  }
  CHECK(file_names(dir / "backups").empty());
  CHECK(count_rows(dir / "ownercare.db", "probe") == 2000);
  // With room again, the next night's copy is whole.
  auto copy = backup_database(dir / "ownercare.db", "2026-12-08", 7);
  REQUIRE(copy);
  CHECK(count_rows(*copy, "probe") == 2000);
}

TEST_CASE("backup: under umask 000 the folder is 0700 and copies are 0600", "[backup]") {
  TempDir dir;
  ScopedUmask everything_allowed(0);
  backups_of_nights(dir, {"2026-12-07"}, 7);
  CHECK(mode_of(dir / "backups") == 0700);
  CHECK(mode_of(dir / "backups" / "ownercare-2026-12-07.db") == 0600);
}

TEST_CASE("backup: an existing backups folder open to others is narrowed to 0700", "[backup]") {
  TempDir dir;
  ScopedUmask everything_allowed(0);
  fs::create_directory(dir / "backups");
  fs::permissions(dir / "backups", fs::perms::all);
  backups_of_nights(dir, {"2026-12-07"}, 7);
  CHECK(mode_of(dir / "backups") == 0700);
}

TEST_CASE("backup: through a symbolic link, copies go beside the real file and a restore "
          "replaces the real file, not the link",
          "[backup]") {
  TempDir dir;
  fs::create_directory(dir / "data");
  fs::create_directory(dir / "config");
  import_snapshot(dir, kFirstSnapshot, Date(2026, 12, 6));
  fs::rename(dir / "ownercare.db", dir / "data" / "ownercare.db");
  fs::create_symlink(dir / "data" / "ownercare.db", dir / "config" / "ownercare.db");
  auto link = dir / "config" / "ownercare.db";

  auto copy = backup_database(link, "2026-12-07", 7);
  REQUIRE(copy);
  CHECK(*copy == dir / "data" / "backups" / "ownercare-2026-12-07.db");
  CHECK_FALSE(fs::exists(dir / "config" / "backups"));
  {
    auto db = Database::open(link, OpenMode::read_write);
    write_probe_rows(db.sql(), 2);
  }
  restore_backup(link, "2026-12-07");
  CHECK(fs::is_symlink(link));
  CHECK(fs::exists(dir / "data" / "backups" / "ownercare-before-restore-1.db"));
  SQLite::Database restored((dir / "data" / "ownercare.db").string(), SQLite::OPEN_READONLY);
  CHECK_FALSE(restored.tableExists("probe"));
  CHECK(restored.execAndGet("SELECT count(*) FROM fleet_vehicle").getInt() == 2);
}

TEST_CASE("restore: under umask 000 the restored database and the kept copy are 0600", "[backup]") {
  TempDir dir;
  ScopedUmask everything_allowed(0);
  backups_of_nights(dir, {"2026-12-07"}, 7);
  auto report = restore_backup(dir / "ownercare.db", "2026-12-07");
  CHECK(mode_of(dir / "ownercare.db") == 0600);
  REQUIRE(report.kept);
  CHECK(mode_of(report.kept->path) == 0600);
}
#endif

// --- restore_backup -------------------------------------------------------------------------

TEST_CASE("restore: a restore undoes a later import, and restoring its kept copy undoes it",
          "[backup]") {
  TempDir dir;
  import_snapshot(dir, kFirstSnapshot, Date(2026, 12, 6));
  backup_database(dir / "ownercare.db", "2026-12-07", 7);  // before the night of 12-07
  import_snapshot(dir, kSecondSnapshot, Date(2026, 12, 7));
  REQUIRE(count_rows(dir / "ownercare.db", "fleet_vehicle") == 3);

  auto report = restore_backup(dir / "ownercare.db", "2026-12-07");
  CHECK(report.restored.label == "2026-12-07");
  REQUIRE(report.kept);
  CHECK(report.kept->label == "before-restore-1");
  CHECK(report.kept->kind == BackupEntry::Kind::before_restore);
  CHECK(report.kept->path == dir / "backups" / "ownercare-before-restore-1.db");
  CHECK(count_rows(report.kept->path, "fleet_vehicle") == 3);
  {
    auto db = Database::open(dir / "ownercare.db", OpenMode::read_only);
    CHECK(count_rows(dir / "ownercare.db", "fleet_vehicle") == 2);
    CHECK(count_rows(dir / "ownercare.db", "import_log") == 1);
  }
  // The night of 12-07 can be imported again: the database no longer holds it.
  import_snapshot(dir, kSecondSnapshot, Date(2026, 12, 7));
  CHECK(count_rows(dir / "ownercare.db", "fleet_vehicle") == 3);

  // Undoing the restore: the database as it was before it, kept as before-restore-1.
  auto undo = restore_backup(dir / "ownercare.db", "before-restore-1");
  REQUIRE(undo.kept);
  CHECK(undo.kept->label == "before-restore-2");
  CHECK(count_rows(dir / "ownercare.db", "import_log") == 2);
  CHECK(labels(dir / "ownercare.db") ==
        std::vector<std::string>{"2026-12-07", "before-restore-2", "before-restore-1"});
}

// POSIX only: a database file another connection holds open is replaced there; on Windows
// the restore fails instead (exit 1, the database as it was).
#ifndef _WIN32
TEST_CASE("restore: the current database's write-ahead log is kept, then never read again",
          "[backup]") {
  TempDir dir;
  backups_of_nights(dir, {"2026-12-07"}, 7);
  // Rows written after the copy, still only in the log, through a connection left open.
  SQLite::Database writer((dir / "ownercare.db").string(), SQLite::OPEN_READWRITE);
  writer.exec("PRAGMA wal_autocheckpoint = 0");
  write_probe_rows(writer, 5);
  REQUIRE(fs::file_size(dir / "ownercare.db-wal") > 0);

  auto report = restore_backup(dir / "ownercare.db", "2026-12-07");
  REQUIRE(report.kept);
  CHECK(count_rows(report.kept->path, "probe") == 5);
  CHECK_FALSE(fs::exists(dir / "ownercare.db-wal"));
  auto db = Database::open(dir / "ownercare.db", OpenMode::read_write);
  CHECK_FALSE(db.sql().tableExists("probe"));
  CHECK(db.sql().execAndGet("PRAGMA integrity_check").getString() == "ok");
}
#endif

TEST_CASE("restore: a database that is gone is restored without a kept copy", "[backup]") {
  TempDir dir;
  backups_of_nights(dir, {"2026-12-07"}, 7);
  fs::remove(dir / "ownercare.db");
  auto report = restore_backup(dir / "ownercare.db", "2026-12-07");
  CHECK_FALSE(report.kept);
  auto db = Database::open(dir / "ownercare.db", OpenMode::read_only);
  CHECK(db.schema_version() == Database::newest_schema_version());
}

TEST_CASE("restore: a garbage file named like a copy is refused, naming it", "[backup]") {
  TempDir dir;
  import_snapshot(dir, kFirstSnapshot, Date(2026, 12, 6));
  fs::create_directory(dir / "backups");
  auto garbage = dir / "backups" / "ownercare-2026-12-05.db";
  write_text(garbage, std::string(8192, 'x'));
  try {
    restore_backup(dir / "ownercare.db", "2026-12-05");
    FAIL("restored a garbage file");
  } catch (const ownercare::InputError& error) {
    CHECK_THAT(error.what(), Catch::StartsWith(garbage.string() + ": not restored: "));
    CHECK_THAT(error.what(), Catch::Contains("not an ownercare database"));
  }
  CHECK(count_rows(dir / "ownercare.db", "fleet_vehicle") == 2);
  CHECK(labels(dir / "ownercare.db") == std::vector<std::string>{"2026-12-05"});  // no kept copy
}

TEST_CASE("restore: a SQLite database without the ownercare schema is refused", "[backup]") {
  TempDir dir;
  import_snapshot(dir, kFirstSnapshot, Date(2026, 12, 6));
  fs::create_directory(dir / "backups");
  auto other = dir / "backups" / "ownercare-2026-12-05.db";
  {
    SQLite::Database db(other.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE notes (text TEXT); PRAGMA user_version = 3");
  }
  CHECK_THROWS_WITH(restore_backup(dir / "ownercare.db", "2026-12-05"),
                    other.string() +
                        ": not restored: not an ownercare database (no ownercare schema); "
                        "nothing was changed");
  CHECK(count_rows(dir / "ownercare.db", "fleet_vehicle") == 2);
}

TEST_CASE("restore: a copy from a newer ownercare is refused", "[backup]") {
  TempDir dir;
  backups_of_nights(dir, {"2026-12-07"}, 7);
  auto copy = dir / "backups" / "ownercare-2026-12-07.db";
  {
    SQLite::Database db(copy.string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 999");
  }
  CHECK_THROWS_WITH(restore_backup(dir / "ownercare.db", "2026-12-07"),
                    Catch::Contains("schema version 999 is newer than this ownercare knows"));
}

TEST_CASE("restore: refused while another run holds the lock", "[backup]") {
  TempDir dir;
  import_snapshot(dir, kFirstSnapshot, Date(2026, 12, 6));
  backup_database(dir / "ownercare.db", "2026-12-07", 7);
  import_snapshot(dir, kSecondSnapshot, Date(2026, 12, 7));
  {
    auto running = Database::open(dir / "ownercare.db", OpenMode::read_write);
    CHECK_THROWS_AS(restore_backup(dir / "ownercare.db", "2026-12-07"), ownercare::LockError);
  }
  CHECK(count_rows(dir / "ownercare.db", "fleet_vehicle") == 3);
  CHECK(labels(dir / "ownercare.db") == std::vector<std::string>{"2026-12-07"});
}

TEST_CASE("restore: an unknown label names the labels there are", "[backup]") {
  TempDir dir;
  backups_of_nights(dir, {"2026-12-05", "2026-12-06"}, 7);
  auto db_path = dir / "ownercare.db";
  CHECK_THROWS_WITH(restore_backup(db_path, "2026-12-01"),
                    db_path.string() + ": no backup 2026-12-01 in " + (dir / "backups").string() +
                        "; there are: 2026-12-06, 2026-12-05");
  CHECK_THROWS_AS(restore_backup(db_path, "2026-12-01"), ownercare::InputError);
  // Another way of writing a date names the same copy.
  CHECK(restore_backup(db_path, "2026/12/5").restored.label == "2026-12-05");
}

TEST_CASE("restore: with no copies at all the message says so", "[backup]") {
  TempDir dir;
  { auto db = Database::open(dir / "ownercare.db", OpenMode::create); }
  CHECK_THROWS_WITH(restore_backup(dir / "ownercare.db", "2026-12-01"),
                    Catch::EndsWith("; there are none"));
}

TEST_CASE("backup: a night noted as begun is known, and a copy taken before the note is not",
          "[backup]") {
  TempDir dir;
  auto db_path = dir / "ownercare.db";
  Date night(2026, 12, 7);
  CHECK_FALSE(night_started(db_path, night));  // no database yet
  import_snapshot(dir, kFirstSnapshot, night.plus_days(-1));
  CHECK_FALSE(night_started(db_path, night));
  REQUIRE(backup_database(db_path, night, 7));
  note_night_started(db_path, night);
  note_night_started(db_path, night);  // a second note is no error
  CHECK(night_started(db_path, night));
  CHECK_FALSE(night_started(db_path, night.plus_days(1)));
  CHECK_FALSE(night_started(db_path, night.plus_days(-1)));
  // The copy was taken before the note: restored, it has not begun the night.
  restore_backup(db_path, night.iso());
  CHECK_FALSE(night_started(db_path, night));
}
