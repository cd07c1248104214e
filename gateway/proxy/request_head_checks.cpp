#include "proxy/request_head_checks.hpp"

namespace tact::proxy {

RawHeadProblem find_raw_head_problem(std::string_view head) {
    // Skip the request line; every following line is a field line.
    std::size_t at = head.find('\n');
    if (at == std::string_view::npos) return RawHeadProblem::none;
    if (at == 0 || head[at - 1] != '\r') return RawHeadProblem::bare_line_feed;
    ++at;
    while (at < head.size()) {
        std::size_t end = head.find('\n', at);
        if (end == std::string_view::npos) break;
        if (end == at || head[end - 1] != '\r') return RawHeadProblem::bare_line_feed;
        std::string_view line = head.substr(at, end - 1 - at);
        if (line.empty()) break;  // the blank line that ends the head
        // RFC 9112 5.2: a line starting with SP or HTAB continues the previous one.
        if (line.front() == ' ' || line.front() == '\t') return RawHeadProblem::obs_fold;
        // RFC 9112 5.1: no whitespace between the field name and the colon.
        auto colon = line.find(':');
        if (colon != std::string_view::npos && colon > 0 &&
            (line[colon - 1] == ' ' || line[colon - 1] == '\t'))
            return RawHeadProblem::space_before_colon;
        at = end + 1;
    }
    return RawHeadProblem::none;
}

std::string_view describe(RawHeadProblem problem) {
    switch (problem) {
        case RawHeadProblem::obs_fold:
            return "obs-fold (a header line continued on the next line)";
        case RawHeadProblem::space_before_colon:
            return "whitespace between a field name and its colon";
        case RawHeadProblem::bare_line_feed:
            return "a line ended by LF without CR";
        case RawHeadProblem::none:
            break;
    }
    return "none";
}

}  // namespace tact::proxy
