#include "pipeline/structured_field.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

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

// What each byte is to the serializer, as bits: a token character (RFC 9110
// tchar, plus ':' and '/', RFC 8941 sf-token), a byte a String escapes with a
// backslash, a byte only a Display String can carry. One table lookup per
// byte instead of a search of the token marks.
constexpr std::uint8_t kTokenChar = 1, kEscapedInString = 2, kNotInString = 4;
constexpr auto kByteClass = [] {
    std::array<std::uint8_t, 256> table{};
    for (int c = 0; c < 256; ++c) {
        if (c < 0x20 || c >= 0x7f) table[c] = kNotInString;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            table[c] = kTokenChar;
    }
    for (const unsigned char c : std::string_view("!#$%&'*+-.^_`|~:/")) table[c] = kTokenChar;
    table['"'] = table['\\'] = kEscapedInString;
    return table;
}();

std::uint8_t classes_of(std::string_view value) {
    std::uint8_t seen = 0;
    for (const char c : value) seen |= kByteClass[static_cast<unsigned char>(c)];
    return seen;
}

bool is_token(std::string_view value) {
    return !value.empty() && (is_alpha(value[0]) || value[0] == '*') &&
           std::all_of(value.begin(), value.end(), [](char c) {
               return kByteClass[static_cast<unsigned char>(c)] & kTokenChar;
           });
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
    const auto seen = classes_of(value);
    if (seen & kNotInString) {
        append_display_string(out, value);
    } else if (seen & kEscapedInString) {
        append_quoted(out, value);
    } else {  // most values: copied whole between the quotes
        out += '"';
        out += value;
        out += '"';
    }
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
    out.append(value ? "?1" : "?0", 2);
}

}  // namespace tact::pipeline
