#include "ownercare/core/huge_pages.hpp"

#if defined(__linux__)
#include <malloc.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>
#endif

namespace ownercare {

#if defined(__linux__)

void use_huge_pages(char** argv, const char* exe) {
  const char* setting = std::getenv("OWNERCARE_HUGE_PAGES");
  if (setting && std::strcmp(setting, "0") == 0) return;
  const char* before = std::getenv("GLIBC_TUNABLES");
  if (before && std::strstr(before, "glibc.malloc.hugetlb")) {
    // The heap grows 32 MiB at a time: glibc asks for huge pages only for a growth of at
    // least one huge page (2 MiB), which its default 128 KiB steps never are. Only what is
    // touched becomes resident. What is freed stays for the next allocation instead of going
    // back to the system (trim) or living in a mapping of its own (mmap) up to 32 MiB: a
    // huge page given back is zeroed again by the kernel when touched anew, which was a fifth
    // of an evaluation's time. The tools are short-lived; their peak is what they hold.
    mallopt(M_TOP_PAD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    return;
  }
  std::string saved = before ? before : "";
  std::string tunables = saved.empty() ? "glibc.malloc.hugetlb=1"
                                       : saved + ":glibc.malloc.hugetlb=1";
  // The program's own path, not /proc/self/exe, so that ps and top still show its name.
  std::string path = exe ? exe : "";
  if (!exe) {
    char buffer[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    if (length <= 0) return;
    path.assign(buffer, static_cast<std::size_t>(length));
  }
  if (setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0) return;
  execv(path.c_str(), argv);
  // Not started again: carry on as this process, as if nothing had been tried.
  if (before) setenv("GLIBC_TUNABLES", saved.c_str(), 1);
  else unsetenv("GLIBC_TUNABLES");
}

#else

void use_huge_pages(char**, const char*) {}

#endif

}  // namespace ownercare
