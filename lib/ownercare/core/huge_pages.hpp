// Transparent huge pages for the heap. A night touches a few hundred megabytes of fresh
// memory (SQLite's page cache, the packed snapshot, the task lists); on 4 KiB pages every one
// is a page fault, which on a virtual machine costs a fifth of the night. glibc (2.35 and
// later) backs the heap with huge pages when the tunable glibc.malloc.hugetlb=1 is set, but
// it reads tunables only when a program starts, so a tool that wants them starts itself
// again once with the tunable added to GLIBC_TUNABLES (execv of its own path, read from
// /proc/self/exe; same arguments, same process id, nothing done yet). Started again, it also
// lets the heap grow 32 MiB at a time (M_TOP_PAD), since glibc asks for huge pages only for a
// growth of at least one. Linux only; elsewhere nothing happens.
//
// Not done when GLIBC_TUNABLES already names glibc.malloc.hugetlb (the user's choice, or this
// is the second start), when OWNERCARE_HUGE_PAGES=0, or when the program cannot be started
// again (no /proc): the tool then just runs on 4 KiB pages.
#pragma once

namespace ownercare {

// Starts `exe` (nullptr: this program) again with argv and glibc.malloc.hugetlb=1 added to
// GLIBC_TUNABLES, and does not return when that works. Returns when nothing is to be done or
// the start failed, with the environment as it was.
void use_huge_pages(char** argv, const char* exe = nullptr);

}  // namespace ownercare
