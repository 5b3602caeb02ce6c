// libFuzzer target: the config and column-map loaders (cli/config, ingest/column_map,
// core/toml_text, core/toml_number).
//
// The first byte picks the loader; the rest is the file.
#include <cstdint>

#include "fuzz_support.hpp"
#include "ownercare/cli/config.hpp"
#include "ownercare/core/errors.hpp"
#include "ownercare/ingest/column_map.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto file = ownercare::fuzz::temp_folder() / "input.toml";
  ownercare::fuzz::write_file(file, ownercare::fuzz::as_text(data + 1, size - 1));
  try {
    if (data[0] % 2 == 0) {
      (void)ownercare::cli::load_config(file);
    } else {
      (void)ownercare::ingest::load_column_map(file);
    }
  } catch (const ownercare::Error&) {
    // A refused file: the documented outcome.
  }
  return 0;
}
