// Serializing HTTP Structured Field items (RFC 8941, with RFC 9651's Display
// String for text that is not ASCII), so that origins can parse the context
// headers with any structured-field library instead of a Tact-specific one.
#pragma once

#include <string>
#include <string_view>

namespace tact::pipeline {

// Whether `key` may be a dictionary key: lcalpha or '*', then lcalpha, DIGIT,
// '_', '-', '.' or '*'.
bool is_structured_key(std::string_view key);

// Appends one bare item to `out`:
//   token    when `value` fits the token grammar ("evening", "US-CA");
//   string   when it is printable ASCII ("running shoes" -> "running shoes");
//   display  string (RFC 9651, %"...") otherwise, UTF-8 percent-encoded.
void append_text_item(std::string& out, std::string_view value);

// Appends `value` as a String or, when not printable ASCII, a Display String
// (never a token), for values whose type must not change with their content.
void append_string_item(std::string& out, std::string_view value);

// Appends `value` as an Integer when it is one (at most 15 digits), else as text.
void append_integer_item(std::string& out, std::string_view value);

void append_boolean_item(std::string& out, bool value);

}  // namespace tact::pipeline
