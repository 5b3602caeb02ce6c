// What the libFuzzer targets share: one temporary folder per process for the files a loader
// must read from disk (removed when the process ends), and the input as text.
//
// Fuzz targets write nowhere else. Each catches ownercare::Error, the library's documented
// way to refuse an input; anything else escaping (another exception, a crash, a sanitizer
// report) is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace ownercare::fuzz {

// The process's temporary folder, created on first use under the system's temp folder.
const std::filesystem::path& temp_folder();

// Writes `bytes` to `path` (created or truncated).
void write_file(const std::filesystem::path& path, std::string_view bytes);

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace ownercare::fuzz
