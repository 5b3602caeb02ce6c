// The one translation unit that holds Catch2's main (compiled once for every test layer).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
