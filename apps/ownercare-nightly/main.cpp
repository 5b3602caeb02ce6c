// ownercare-nightly: see lib/ownercare/cli/nightly_command.hpp.
#include "ownercare/cli/nightly_command.hpp"

int main(int argc, char** argv) { return ownercare::cli::nightly_main(argc, argv); }
