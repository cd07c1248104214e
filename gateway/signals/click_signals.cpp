#include "signals/click_signals.hpp"

#include <algorithm>
#include <cctype>

#include "signals/ascii.hpp"

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

void add_click_signal(Signals& out, const QueryParameters& landing_query,
                      std::string_view parameter) {
    if (parameter.empty()) return;
    const auto value = query_value(landing_query, parameter);
    if (!is_label(value)) return;
    std::string label(value);
    std::transform(label.begin(), label.end(), label.begin(), ascii_lower);
    add_signal(out, "click.source", std::move(label), Privacy::contextual, "link");
}

}  // namespace tact::signals
