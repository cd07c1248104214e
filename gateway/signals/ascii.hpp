// ASCII helpers for the header and URL text signals read. They ignore the C
// locale (std::tolower consults it on every call) and stay inline: signals run
// on every request.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
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

constexpr bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}

constexpr bool iequals_ascii(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

constexpr bool starts_with_ascii_nocase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && iequals_ascii(text.substr(0, prefix.size()), prefix);
}

// Where `needle` first occurs in `text`, ASCII case ignored; npos if nowhere.
constexpr std::size_t find_ascii_nocase(std::string_view text, std::string_view needle) {
    for (std::size_t at = 0; at + needle.size() <= text.size(); ++at)
        if (iequals_ascii(text.substr(at, needle.size()), needle)) return at;
    return std::string_view::npos;
}

// `s` without the spaces and tabs around it (RFC 9110's optional whitespace).
constexpr std::string_view trimmed_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// The items of a comma-separated header value, trimmed, empty ones skipped,
// walked in place: `for (auto item : CommaItems(value))`. (A vector of them
// cost an allocation per list; lists are read on every request and response.)
class CommaItems {
  public:
    class iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = std::string_view;
        using difference_type = std::ptrdiff_t;
        using pointer = const std::string_view*;
        using reference = std::string_view;

        constexpr iterator() = default;  // the end
        constexpr explicit iterator(std::string_view value) : value_(value), done_(false) {
            advance();
        }
        constexpr std::string_view operator*() const { return item_; }
        constexpr iterator& operator++() {
            advance();
            return *this;
        }
        constexpr iterator operator++(int) {
            auto before = *this;
            advance();
            return before;
        }
        constexpr bool operator==(const iterator& other) const {
            return done_ == other.done_ && (done_ || next_ == other.next_);
        }

      private:
        constexpr void advance() {
            while (next_ <= value_.size()) {
                const auto comma = std::min(value_.find(',', next_), value_.size());
                item_ = trimmed_ows(value_.substr(next_, comma - next_));
                next_ = comma + 1;
                if (!item_.empty()) return;
            }
            done_ = true;
            item_ = {};
        }

        std::string_view value_;
        std::size_t next_ = 0;
        std::string_view item_;
        bool done_ = true;
    };

    constexpr explicit CommaItems(std::string_view value) : value_(value) {}
    constexpr iterator begin() const { return iterator(value_); }
    constexpr iterator end() const { return {}; }

  private:
    std::string_view value_;
};

// Where the first of a few `stops` is in `text`, or text.size(). One pass,
// where string_view::find_first_of searches `stops` once per character.
constexpr std::size_t find_stop(std::string_view text, std::string_view stops) {
    const auto at = std::find_if(text.begin(), text.end(), [&](char c) {
        return std::find(stops.begin(), stops.end(), c) != stops.end();
    });
    return static_cast<std::size_t>(at - text.begin());
}

}  // namespace tact::signals
