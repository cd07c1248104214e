#include "signals/path_signals.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace tact::signals {
namespace {

constexpr std::size_t kMaxPath = 256;  // longer paths are cut: rules match prefixes

std::string_view path_of(std::string_view target) {
    target = target.substr(0, target.find_first_of("?#"));
    return target.substr(0, kMaxPath);
}

bool same_host(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// "https://shop.example/a/b?q" -> host "shop.example", path "/a/b".
bool split_url(std::string_view url, std::string_view& host, std::string_view& path) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return false;
    const auto rest = url.substr(scheme + 3);
    const auto slash = rest.find_first_of("/?#");
    host = rest.substr(0, slash);
    if (host.find('@') != std::string_view::npos)
        return false;  // userinfo: not a plain page address
    path = slash == std::string_view::npos || rest[slash] != '/' ? std::string_view("/")
                                                                 : path_of(rest.substr(slash));
    return !host.empty();
}

}  // namespace

void add_path_signals(Signals& out, const PathFacts& facts) {
    const auto path = path_of(facts.target);
    if (path.empty() || path.front() != '/') return;  // not origin-form: nothing to say
    out.push_back({"path.current", std::string(path), Privacy::contextual, "path"});
    const auto first = path.substr(
        1, path.find('/', 1) == std::string_view::npos ? path.size() - 1 : path.find('/', 1) - 1);
    if (!first.empty())
        out.push_back({"path.section", std::string(first), Privacy::contextual, "section"});

    std::string_view host, referring_path;
    if (split_url(facts.referer.substr(0, 2048), host, referring_path) &&
        same_host(host, facts.host))
        out.push_back({"path.referrer", std::string(referring_path), Privacy::contextual, "path"});
}

}  // namespace tact::signals
