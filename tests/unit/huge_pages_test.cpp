#include "ownercare/core/huge_pages.hpp"

#include <catch2/catch.hpp>
#include <string>

#if defined(__linux__)
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace {

// What `printenv GLIBC_TUNABLES` prints when a child process, with `tunables` (or none) and
// `setting` as OWNERCARE_HUGE_PAGES (or none) in its environment, calls use_huge_pages with
// printenv as the program to start again. "(not started again)" when the call returned.
std::string child_sees(const char* tunables, const char* setting) {
  int pipe_ends[2];
  REQUIRE(pipe(pipe_ends) == 0);
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    dup2(pipe_ends[1], STDOUT_FILENO);
    close(pipe_ends[0]);
    if (tunables) setenv("GLIBC_TUNABLES", tunables, 1);
    else unsetenv("GLIBC_TUNABLES");
    if (setting) setenv("OWNERCARE_HUGE_PAGES", setting, 1);
    else unsetenv("OWNERCARE_HUGE_PAGES");
    char program[] = "printenv";
    char name[] = "GLIBC_TUNABLES";
    char* argv[] = {program, name, nullptr};
    ownercare::use_huge_pages(argv, "/usr/bin/printenv");
    const char* after = std::getenv("GLIBC_TUNABLES");
    std::string said = std::string("(not started again) ") + (after ? after : "(unset)");
    (void)!write(STDOUT_FILENO, said.data(), said.size());
    _exit(0);
  }
  close(pipe_ends[1]);
  std::string out;
  char buffer[256];
  ssize_t got;
  while ((got = read(pipe_ends[0], buffer, sizeof buffer)) > 0) {
    out.append(buffer, static_cast<std::size_t>(got));
  }
  close(pipe_ends[0]);
  int status = 0;
  waitpid(child, &status, 0);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

TEST_CASE("a tool starts itself again with huge pages asked of glibc", "[huge_pages]") {
  CHECK(child_sees(nullptr, nullptr) == "glibc.malloc.hugetlb=1");
}

TEST_CASE("the user's own glibc tunables are kept beside huge pages", "[huge_pages]") {
  CHECK(child_sees("glibc.malloc.check=0", nullptr) ==
        "glibc.malloc.check=0:glibc.malloc.hugetlb=1");
}

TEST_CASE("huge pages already chosen, or turned off, start nothing again", "[huge_pages]") {
  CHECK(child_sees("glibc.malloc.hugetlb=0", nullptr) ==
        "(not started again) glibc.malloc.hugetlb=0");
  CHECK(child_sees(nullptr, "0") == "(not started again) (unset)");
}

TEST_CASE("a program that cannot be started again runs on as it was", "[huge_pages]") {
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    setenv("GLIBC_TUNABLES", "glibc.malloc.check=0", 1);
    unsetenv("OWNERCARE_HUGE_PAGES");
    char program[] = "nothing";
    char* argv[] = {program, nullptr};
    ownercare::use_huge_pages(argv, "/nonexistent/ownercare-nothing");
    const char* after = std::getenv("GLIBC_TUNABLES");
    _exit(after && std::string(after) == "glibc.malloc.check=0" ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

#endif
