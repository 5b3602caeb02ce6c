#include "support/temp_dir.hpp"

#include <atomic>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace ownercare::test {

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device device;
  auto base = std::filesystem::temp_directory_path();
  for (int tries = 0; tries < 100; ++tries) {
    auto candidate = base / ("ownercare-test-" + std::to_string(device()) + "-" +
                             std::to_string(counter++));
    if (std::filesystem::create_directory(candidate)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary folder");
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_text(const std::filesystem::path& path, std::string_view text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Absolute: on Windows the compiled-in "/work/..." lacks a drive and would name a folder on the
// drive of wherever a tool runs (a test's workspace is on C:, the checkout on Wine's Z:).
std::filesystem::path source_dir() {
  static const auto path = std::filesystem::absolute(OWNERCARE_SOURCE_DIR);
  return path;
}
std::filesystem::path binary_dir() {
  static const auto path = std::filesystem::absolute(OWNERCARE_BINARY_DIR);
  return path;
}

}  // namespace ownercare::test
