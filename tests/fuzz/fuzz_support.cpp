#include "fuzz_support.hpp"

#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>
#include <system_error>

namespace ownercare::fuzz {

namespace {

std::filesystem::path make_folder() {
  std::random_device random;
  auto base = std::filesystem::temp_directory_path();
  for (int tries = 0; tries < 100; ++tries) {
    auto candidate = base / ("ownercare-fuzz-" + std::to_string(random()));
    if (std::filesystem::create_directory(candidate)) return candidate;
  }
  throw std::runtime_error("cannot create a temporary folder");
}

}  // namespace

const std::filesystem::path& temp_folder() {
  static const std::filesystem::path folder = [] {
    auto made = make_folder();
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(temp_folder(), ignored);
    });
    return made;
  }();
  return folder;
}

void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace ownercare::fuzz
