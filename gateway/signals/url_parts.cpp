#include "signals/url_parts.hpp"

#include <algorithm>

#include "signals/ascii.hpp"

namespace tact::signals {

std::optional<AbsoluteUrl> split_absolute_url(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return std::nullopt;
    const auto after = url.substr(scheme + 3);
    const auto end = find_stop(after, "/?#");
    const auto authority = after.substr(0, end);
    if (authority.find('@') != std::string_view::npos) return std::nullopt;
    return AbsoluteUrl{authority, after.substr(end)};
}

namespace {

constexpr std::size_t kMaxParameters = 64;  // past this many query parameters, none is read

// Calls `visit(name, value)` for each name=value pair of the query (at most
// kMaxParameters of them) until it returns false.
template <typename Visit>
void for_each_query_parameter(std::string_view url, Visit visit) {
    url = url.substr(0, kMaxUrlBytes);
    const auto question = url.find('?');
    if (question == std::string_view::npos) return;
    auto query = url.substr(question + 1);
    query = query.substr(0, query.find('#'));
    std::size_t seen = 0;
    for (std::size_t at = 0; at <= query.size() && seen < kMaxParameters;) {
        const auto amp = std::min(query.find('&', at), query.size());
        const auto pair = query.substr(at, amp - at);
        const auto equals = pair.find('=');
        at = amp + 1;
        if (equals == std::string_view::npos) continue;
        ++seen;
        if (!visit(pair.substr(0, equals), pair.substr(equals + 1))) return;
    }
}

}  // namespace

QueryParameters query_parameters(std::string_view url) {
    QueryParameters parameters;
    for_each_query_parameter(url, [&](std::string_view name, std::string_view value) {
        parameters.emplace_back(name, value);
        return true;
    });
    return parameters;
}

std::string_view query_parameter(std::string_view url, std::string_view name) {
    std::string_view found;
    for_each_query_parameter(url, [&](std::string_view key, std::string_view value) {
        if (key == name) found = value;
        return key != name;
    });
    return found;
}

std::string_view query_value(const QueryParameters& parameters, std::string_view name) {
    for (const auto& [key, value] : parameters)
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
