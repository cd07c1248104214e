// Which memory allocator serves this process, as `tact --version` reports it.
#pragma once

#include <string>

namespace tact::cli {

// "mimalloc 2.0.9" when mimalloc really serves malloc (checked on a live
// allocation, not assumed from the build), else "system malloc".
std::string allocator_in_use();

}  // namespace tact::cli
