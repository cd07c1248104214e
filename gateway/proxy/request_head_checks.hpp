// Checks on the raw bytes of a request head that Beast 1.74 does not make
// (see BEAST-1.74-NOTES.md): it unfolds obs-fold silently, so the raw block
// is inspected before the parser sees it.
#pragma once

#include <string_view>

namespace tact::proxy {

enum class RawHeadProblem { none, obs_fold, space_before_colon, bare_line_feed };

// `head` is the request head up to and including the blank line.
RawHeadProblem find_raw_head_problem(std::string_view head);

std::string_view describe(RawHeadProblem problem);

}  // namespace tact::proxy
