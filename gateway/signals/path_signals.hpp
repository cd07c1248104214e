// Where the visitor is on the site and where they came from on it:
// path.current, path.section (first segment), path.referrer (the same-site
// page this click came from). Queries are never part of these values.
#pragma once

#include <string_view>

#include "signals/signal.hpp"

namespace tact::signals {

struct PathFacts {
    std::string_view target;   // the request target: "/shoes/trail?x=1"
    std::string_view host;     // the Host header
    std::string_view referer;  // the Referer header
};

void add_path_signals(Signals& out, const PathFacts& facts);

}  // namespace tact::signals
