#include "pipeline/structured_field.hpp"

#include <algorithm>

namespace tact::pipeline {
namespace {

bool is_lcalpha(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_alpha(char c) {
    return is_lcalpha(c) || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// RFC 9110 tchar, plus ':' and '/' (RFC 8941 sf-token).
bool is_token_char(char c) {
    static constexpr std::string_view kMarks = "!#$%&'*+-.^_`|~:/";
    return is_alpha(c) || is_digit(c) || kMarks.find(c) != std::string_view::npos;
}

bool is_token(std::string_view value) {
    return !value.empty() && (is_alpha(value[0]) || value[0] == '*') &&
           std::all_of(value.begin(), value.end(), is_token_char);
}

bool is_printable_ascii(std::string_view value) {
    return std::all_of(value.begin(), value.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

// Runs without a quote or backslash are copied whole: most values have none.
void append_quoted(std::string& out, std::string_view value) {
    out += '"';
    std::size_t run = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '"' && value[i] != '\\') continue;
        out.append(value, run, i - run);
        out += '\\';
        run = i;  // the quote or backslash itself starts the next run
    }
    out.append(value, run);
    out += '"';
}

// RFC 9651 4.1.11: %"..." with '%', '"' and every byte outside printable
// ASCII as a lower-case %xx escape of the UTF-8 bytes.
void append_display_string(std::string& out, std::string_view value) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += "%\"";
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '%' || c == '"' || byte < 0x20 || byte >= 0x7f) {
            const char escape[3] = {'%', kHex[byte >> 4], kHex[byte & 0xf]};
            out.append(escape, 3);
        } else {
            out += c;
        }
    }
    out += '"';
}

}  // namespace

bool is_structured_key(std::string_view key) {
    auto rest = [](char c) {
        return is_lcalpha(c) || is_digit(c) || c == '_' || c == '-' || c == '.' || c == '*';
    };
    return !key.empty() && (is_lcalpha(key[0]) || key[0] == '*') &&
           std::all_of(key.begin(), key.end(), rest);
}

void append_string_item(std::string& out, std::string_view value) {
    if (is_printable_ascii(value))
        append_quoted(out, value);
    else
        append_display_string(out, value);
}

void append_text_item(std::string& out, std::string_view value) {
    if (is_token(value))
        out += value;
    else
        append_string_item(out, value);
}

void append_integer_item(std::string& out, std::string_view value) {
    constexpr std::size_t kMostDigits = 15;
    const bool integer = !value.empty() && value.size() <= kMostDigits &&
                         std::all_of(value.begin(), value.end(), is_digit);
    if (integer)
        out += value;
    else
        append_text_item(out, value);
}

void append_boolean_item(std::string& out, bool value) {
    out += value ? "?1" : "?0";
}

}  // namespace tact::pipeline
