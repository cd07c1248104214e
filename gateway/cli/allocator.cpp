#include "cli/allocator.hpp"

#include <cstdlib>
#include <string>

#ifdef TACT_WITH_MIMALLOC
#include <mimalloc.h>
#endif

namespace tact::cli {

// Release builds link Debian's mimalloc: the proxy allocates dozens of small
// blocks per request (header fields, coroutine frames), where glibc's malloc
// cost about a seventh of the gateway's CPU time (bench/README.md). Linked
// before libc, its malloc and free take the place of glibc's for the whole
// process. Sanitizer builds keep the sanitizer's allocator.
std::string allocator_in_use() {
#ifdef TACT_WITH_MIMALLOC
    void* probe = std::calloc(1, 16);  // calloc: GCC warns of reading malloc's bytes
    const bool served_by_mimalloc = probe != nullptr && mi_is_in_heap_region(probe);
    std::free(probe);
    if (served_by_mimalloc) {
        const int version = mi_version();  // e.g. 209
        return "mimalloc " + std::to_string(version / 100) + "." +
               std::to_string(version / 10 % 10) + "." + std::to_string(version % 10);
    }
#endif
    return "system malloc";
}

}  // namespace tact::cli
