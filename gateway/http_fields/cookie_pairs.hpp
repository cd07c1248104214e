// The "name=value" pairs of a Cookie field (RFC 6265 5.4: joined by "; "),
// read one way wherever the gateway reads them: to find its own cookies, and
// to take them out before the origin.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace tact::http_fields {

// Calls `visit` with each non-empty pair, the spaces before it left out,
// while it returns true.
template <class Visit>
void for_each_cookie_pair(std::string_view value, Visit visit) {
    for (std::size_t at = 0; at < value.size();) {
        const auto semicolon = std::min(value.find(';', at), value.size());
        auto pair = value.substr(at, semicolon - at);
        at = semicolon + 1;
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        if (!pair.empty() && !visit(pair)) return;
    }
}

// A pair's name, or nothing for a pair without '=' (a value without a name,
// as browsers read it).
inline std::string_view cookie_pair_name(std::string_view pair) {
    const auto equals = pair.find('=');
    return equals == std::string_view::npos ? std::string_view() : pair.substr(0, equals);
}

}  // namespace tact::http_fields
