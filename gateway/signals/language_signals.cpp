#include "signals/language_signals.hpp"

#include <algorithm>

#include "signals/ascii.hpp"

namespace tact::signals {
namespace {

// A language range of the simple BCP 47 shape rules match on: a 2-3 letter
// language, then subtags of 1-8 letters or digits ("fa", "en-GB", "zh-Hant-TW").
bool is_valid_tag(std::string_view tag) {
    std::size_t index = 0, length = 0;
    for (char c : tag) {
        if (c == '-') {
            if (length == 0 || (index == 0 && length < 2)) return false;
            ++index, length = 0;
            continue;
        }
        const bool letter = ascii_lower(c) >= 'a' && ascii_lower(c) <= 'z';
        if (!letter && (index == 0 || !is_ascii_digit(c))) return false;
        if (++length > (index == 0 ? 3u : 8u)) return false;
    }
    return length > 0 && (index > 0 || length >= 2);
}

constexpr int kFullQuality = 1000;

// "q=0.8" -> 800; malformed -> -1 (the range is skipped).
int quality(std::string_view params) {
    params = trimmed_ows(params);
    if (params.empty()) return kFullQuality;
    if (params.size() < 3 || (params[0] != 'q' && params[0] != 'Q') || params[1] != '=') return -1;
    const auto value = params.substr(2);
    if (value.empty() || value.size() > 5 || (value[0] != '0' && value[0] != '1')) return -1;
    int thousandths = (value[0] - '0') * 1000;
    if (value.size() > 1) {
        if (value[1] != '.') return -1;
        int scale = 100;
        for (char c : value.substr(2)) {
            if (!is_ascii_digit(c)) return -1;
            thousandths += (c - '0') * scale;
            scale /= 10;
        }
    }
    return thousandths > kFullQuality ? -1 : thousandths;
}

// Lower-case, with two-letter regions upper-case: "FA-ir" -> "fa-IR".
std::string canonical(std::string_view tag) {
    std::string out(tag);
    for (std::size_t at = 0; at < out.size();) {
        const auto dash = std::min(out.find('-', at), out.size());
        const bool region = at > 0 && dash - at == 2;
        for (auto i = at; i < dash; ++i)
            out[i] = region ? ascii_upper(out[i]) : ascii_lower(out[i]);
        at = dash + 1;
    }
    return out;
}

// Calls visit(tag, quality) for each valid range of the header (its first
// 1 KiB: overlong headers say nothing a short one would not), in order,
// until it returns false.
template <class Visit>
void for_each_language_range(std::string_view header, Visit visit) {
    if (header.size() > 1024) header = header.substr(0, 1024);
    for (std::size_t at = 0; at <= header.size();) {
        const auto comma = std::min(header.find(',', at), header.size());
        const auto range = header.substr(at, comma - at);
        at = comma + 1;
        const auto semicolon = range.find(';');
        const auto tag = trimmed_ows(range.substr(0, semicolon));
        const int q =
            quality(semicolon == std::string_view::npos ? "" : range.substr(semicolon + 1));
        if (q >= 0 && is_valid_tag(tag) && !visit(tag, q)) return;
    }
}

}  // namespace

std::string preferred_language(std::string_view header) {
    std::string_view best;
    int best_quality = 0;
    for_each_language_range(header, [&](std::string_view tag, int q) {
        if (q > best_quality) best = tag, best_quality = q;
        return best_quality < kFullQuality;  // ties keep the first: none can beat q=1
    });
    return best.empty() ? std::string() : canonical(best);
}

std::vector<std::string> accepted_languages(std::string_view header) {
    std::vector<std::pair<int, std::string>> ranked;
    for_each_language_range(header, [&](std::string_view tag, int q) {
        if (q > 0) ranked.emplace_back(q, canonical(tag));
        return true;
    });
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::string> tags;
    for (auto& [q, tag] : ranked) tags.push_back(std::move(tag));
    return tags;
}

void add_language_signals(Signals& out, std::string_view accept_language) {
    const auto tag = preferred_language(accept_language);
    if (tag.empty()) return;
    add_signal(out, "language.preferred", tag, Privacy::contextual, "tag");
    add_signal(out, "language.primary", tag.substr(0, tag.find('-')), Privacy::contextual,
               "language");
}

}  // namespace tact::signals
