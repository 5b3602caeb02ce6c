// ownercare-import: see lib/ownercare/cli/import_command.hpp.
#include "ownercare/cli/import_command.hpp"
#include "ownercare/cli/utf8_args.hpp"
#include "ownercare/core/huge_pages.hpp"

// The arguments as UTF-8 on Windows too (cli/utf8_args.hpp).
int main(int argc, char** argv) {
  ownercare::use_huge_pages(argv);  // core/huge_pages.hpp
  ownercare::cli::Utf8Args args(argc, argv);
  return ownercare::cli::import_main(args.argc(), args.argv());
}
