// ownercare-record: see lib/ownercare/cli/record_command.hpp.
#include "ownercare/cli/record_command.hpp"

int main(int argc, char** argv) { return ownercare::cli::record_main(argc, argv); }
