#pragma once
// Reading a field Beast knows by name, on the request path.
//
// Beast's own `fields[http::field::x]` turns the name back into text and
// searches its ordered set with a case-insensitive comparison byte by byte:
// about 150 instructions per lookup, and the gateway looks up about twenty
// fields per request. A head has a dozen fields or so, and Beast keeps each
// one's name as an enum beside its text (the parser and every insert by enum
// set it), so walking them in order and comparing one integer is cheaper.
//
// Each takes a FieldList (field_list.hpp), the form of both heads the gateway
// relays, or Beast's fields (the gateway's own answers, tests).
//
// Only for names Beast knows (not http::field::unknown): a field inserted as
// `unknown` under a known name's text would be missed, and the gateway never
// inserts one that way.

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/fields.hpp>
#include <string>
#include <string_view>

namespace tact::http_fields {

// The value of the first field called `name`, or "" when there is none (as
// Beast's operator[] answers).
template <class Fields>
std::string_view field_value(const Fields& fields, boost::beast::http::field name) {
    for (const auto& field : fields)
        if (field.name() == name) return field.value();
    return {};
}

// The same for a name Beast does not know (Sec-Fetch-Dest, ...), compared
// case-insensitively, and only where the lengths agree.
template <class Fields>
std::string_view field_value(const Fields& fields, std::string_view name) {
    for (const auto& field : fields) {
        const auto field_name = field.name_string();
        if (field_name.size() == name.size() && boost::beast::iequals(field_name, name))
            return field.value();
    }
    return {};
}

// The value of every field line called `name` as one list: several lines of
// a list field (Cache-Control, Vary, Content-Encoding, ...) mean what one
// line with their values joined by commas means (RFC 9110 5.3). One line
// (the usual case): its value, not copied. Several: joined into `storage`.
template <class Fields>
std::string_view combined_value(const Fields& fields, boost::beast::http::field name,
                                std::string& storage) {
    std::string_view first;
    std::size_t lines = 0;
    for (const auto& field : fields) {
        if (field.name() != name) continue;
        if (++lines == 1) {
            first = field.value();
            continue;
        }
        if (lines == 2) storage.assign(first);
        storage += ", ";
        storage += field.value();
    }
    return lines > 1 ? std::string_view(storage) : first;
}

// How many fields are called `name` (framing checks reject duplicates).
template <class Fields>
std::size_t field_count(const Fields& fields, boost::beast::http::field name) {
    std::size_t count = 0;
    for (const auto& field : fields) count += field.name() == name ? 1 : 0;
    return count;
}

}  // namespace tact::http_fields
