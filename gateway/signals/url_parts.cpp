#include "signals/url_parts.hpp"

#include <algorithm>

namespace tact::signals {
namespace {

constexpr std::size_t kMaxParameters = 64;  // past this many query parameters, none is read

}  // namespace

std::optional<AbsoluteUrl> split_absolute_url(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return std::nullopt;
    const auto after = url.substr(scheme + 3);
    const auto end = std::min(after.find_first_of("/?#"), after.size());
    const auto authority = after.substr(0, end);
    if (authority.find('@') != std::string_view::npos) return std::nullopt;
    return AbsoluteUrl{authority, after.substr(end)};
}

std::vector<std::pair<std::string_view, std::string_view>> query_parameters(std::string_view url) {
    std::vector<std::pair<std::string_view, std::string_view>> parameters;
    url = url.substr(0, kMaxUrlBytes);
    const auto question = url.find('?');
    if (question == std::string_view::npos) return parameters;
    auto query = url.substr(question + 1);
    query = query.substr(0, query.find('#'));
    for (std::size_t at = 0; at <= query.size() && parameters.size() < kMaxParameters;) {
        const auto amp = std::min(query.find('&', at), query.size());
        const auto pair = query.substr(at, amp - at);
        const auto equals = pair.find('=');
        if (equals != std::string_view::npos)
            parameters.emplace_back(pair.substr(0, equals), pair.substr(equals + 1));
        at = amp + 1;
    }
    return parameters;
}
std::string_view query_parameter(std::string_view url, std::string_view name) {
    for (const auto& [key, value] : query_parameters(url))
        if (key == name) return value;
    return {};
}

std::string without_query_parameter(std::string_view target, std::string_view parameter) {
    const auto question = target.find('?');
    if (question == std::string_view::npos || parameter.empty()) return std::string(target);
    std::string out(target.substr(0, question));
    auto query = target.substr(question + 1);
    const auto hash = query.find('#');
    const auto fragment = hash == std::string_view::npos ? std::string_view() : query.substr(hash);
    query = query.substr(0, hash);
    std::string kept;
    for (std::size_t at = 0; at <= query.size();) {
        const auto amp = std::min(query.find('&', at), query.size());
        const auto pair = query.substr(at, amp - at);
        at = amp + 1;
        if (pair.empty() || pair.substr(0, pair.find('=')) == parameter) continue;
        kept += kept.empty() ? "" : "&";
        kept += pair;
    }
    if (!kept.empty()) out += "?" + kept;
    return out + std::string(fragment);
}

}  // namespace tact::signals
