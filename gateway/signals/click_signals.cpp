#include "signals/click_signals.hpp"

#include <algorithm>
#include <cctype>

#include "signals/keyword_signals.hpp"

namespace tact::signals {
namespace {

constexpr std::size_t kMaxLabel = 64;

// Click labels are the site's own short names: letters, digits, '-', '_'.
bool is_label(std::string_view value) {
    return !value.empty() && value.size() <= kMaxLabel &&
           std::all_of(value.begin(), value.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
           });
}

}  // namespace

void add_click_signal(Signals& out, std::string_view target, std::string_view parameter) {
    if (parameter.empty()) return;
    const auto value = query_parameter(target, parameter);
    if (!is_label(value)) return;
    std::string label(value);
    std::transform(label.begin(), label.end(), label.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    out.push_back({"click.source", std::move(label), Privacy::contextual, "link"});
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
