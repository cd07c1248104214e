// ASCII helpers for the header and URL text signals read. They ignore the C
// locale (std::tolower consults it on every call) and stay inline: signals run
// on every request.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace tact::signals {

constexpr char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr char ascii_upper(char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// A lower-cased copy (for matching what several rules compare against).
inline std::string ascii_lowered(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

constexpr bool iequals_ascii(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

// Where the first of a few `stops` is in `text`, or text.size(). One pass,
// where string_view::find_first_of searches `stops` once per character.
constexpr std::size_t find_stop(std::string_view text, std::string_view stops) {
    const auto at = std::find_if(text.begin(), text.end(), [&](char c) {
        return std::find(stops.begin(), stops.end(), c) != stops.end();
    });
    return static_cast<std::size_t>(at - text.begin());
}

}  // namespace tact::signals
