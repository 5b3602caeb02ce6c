// ownercare-evaluate: see lib/ownercare/cli/evaluate_command.hpp.
#include "ownercare/cli/evaluate_command.hpp"

int main(int argc, char** argv) { return ownercare::cli::evaluate_main(argc, argv); }
