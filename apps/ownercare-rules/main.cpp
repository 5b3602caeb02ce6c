// ownercare-rules: see lib/ownercare/cli/rules_command.hpp.
#include "ownercare/cli/rules_command.hpp"

int main(int argc, char** argv) { return ownercare::cli::rules_main(argc, argv); }
