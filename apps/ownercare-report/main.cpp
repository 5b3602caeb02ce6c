// ownercare-report: see lib/ownercare/cli/report_command.hpp.
#include "ownercare/cli/report_command.hpp"

int main(int argc, char** argv) { return ownercare::cli::report_main(argc, argv); }
