#include "signals/path_signals.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "signals/ascii.hpp"
#include "signals/url_parts.hpp"

namespace tact::signals {
namespace {

constexpr std::size_t kMaxReferer = 2048;  // a Referer is read this far
constexpr std::size_t kMaxPath = 256;      // longer paths are cut: rules match prefixes

std::string_view path_of(std::string_view target) {
    target = target.substr(0, find_stop(target, "?#"));
    return target.substr(0, kMaxPath);
}

bool same_host(std::string_view a, std::string_view b) {
    return iequals_ascii(a, b);
}

}  // namespace

void add_path_signals(Signals& out, const PathFacts& facts) {
    const auto path = path_of(facts.target);
    if (path.empty() || path.front() != '/') return;  // not origin-form: nothing to say
    add_signal(out, "path.current", std::string(path), Privacy::contextual, "path");
    const auto first = path.substr(
        1, path.find('/', 1) == std::string_view::npos ? path.size() - 1 : path.find('/', 1) - 1);
    if (!first.empty())
        add_signal(out, "path.section", std::string(first), Privacy::contextual, "section");

    const auto referer = split_absolute_url(facts.referer.substr(0, kMaxReferer));
    if (referer && !referer->authority.empty() && same_host(referer->authority, facts.host)) {
        const auto referring_path =
            referer->rest.starts_with('/') ? path_of(referer->rest) : std::string_view("/");
        add_signal(out, "path.referrer", std::string(referring_path), Privacy::contextual, "path");
    }
}

}  // namespace tact::signals
