#include "personalize/fragment.hpp"

#include <stdexcept>

#include "consent/noscript_form.hpp"

namespace tact::personalize {
namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

}  // namespace

Fragment::Fragment(std::string_view html) {
    std::size_t at = 0;
    while (at < html.size()) {
        const auto open = html.find("{{", at);
        if (open == std::string_view::npos) break;
        const auto close = html.find("}}", open + 2);
        if (close == std::string_view::npos)
            throw std::invalid_argument("a \"{{\" is never closed with \"}}\"");
        const auto name = trimmed(html.substr(open + 2, close - open - 2));
        if (name.empty()) throw std::invalid_argument("an empty \"{{ }}\" names no signal");
        if (open > at) pieces_.push_back({std::string(html.substr(at, open - at)), false});
        pieces_.push_back({std::string(name), true});
        at = close + 2;
    }
    if (at < html.size()) pieces_.push_back({std::string(html.substr(at)), false});
}

std::optional<std::string> Fragment::render(const policy::Decision& decision) const {
    std::string out;
    for (const auto& piece : pieces_) {
        if (!piece.is_signal) {
            out += piece.text;
            continue;
        }
        const auto* used = decision.find_used(piece.text);
        if (!used) return std::nullopt;
        consent::append_html_escaped(out, used->value);
    }
    return out;
}

void Fragment::add_signals_read(std::set<std::string>& names) const {
    for (const auto& piece : pieces_)
        if (piece.is_signal) names.insert(piece.text);
}

}  // namespace tact::personalize
