// ownercare-import: see lib/ownercare/cli/import_command.hpp.
#include "ownercare/cli/import_command.hpp"

int main(int argc, char** argv) { return ownercare::cli::import_main(argc, argv); }
