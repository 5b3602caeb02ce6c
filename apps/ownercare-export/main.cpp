// ownercare-export: see lib/ownercare/cli/export_command.hpp.
#include "ownercare/cli/export_command.hpp"

int main(int argc, char** argv) { return ownercare::cli::export_main(argc, argv); }
