// ownercare-rules: see lib/ownercare/cli/rules_command.hpp.
#include "ownercare/cli/rules_command.hpp"
#include "ownercare/cli/utf8_args.hpp"
#include "ownercare/core/huge_pages.hpp"

// The arguments as UTF-8 on Windows too (cli/utf8_args.hpp).
int main(int argc, char** argv) {
  ownercare::use_huge_pages(argv);  // core/huge_pages.hpp
  ownercare::cli::Utf8Args args(argc, argv);
  return ownercare::cli::rules_main(args.argc(), args.argv());
}
