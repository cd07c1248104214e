#include "proxy/request_framing.hpp"

#include <boost/beast/core/string.hpp>
#include <cctype>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http_fields/field_lookup.hpp"

namespace tact::proxy {
namespace {

namespace http = boost::beast::http;
using http_fields::field_count;

bool is_token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// The codings named by every Transfer-Encoding line, in order; nullopt when a
// line holds anything but tokens separated by commas and whitespace.
std::optional<std::vector<std::string>> codings_of(const http_fields::FieldList& fields) {
    std::vector<std::string> codings;
    for (const auto& field : fields) {
        if (field.name() != http::field::transfer_encoding) continue;
        std::string current;
        for (char c : field.value()) {
            if (is_token_char(c)) {
                current += c;
            } else if (c == ',' || c == ' ' || c == '\t') {
                if (!current.empty()) codings.push_back(std::exchange(current, {}));
            } else {
                return std::nullopt;
            }
        }
        if (!current.empty()) codings.push_back(current);
    }
    return codings;
}

}  // namespace

FramingVerdict judge_request_framing(const http_fields::FieldList& fields) {
    const auto lengths = field_count(fields, http::field::content_length);
    const auto encodings = field_count(fields, http::field::transfer_encoding);

    if (lengths > 0 && encodings > 0) return {400, "both Content-Length and Transfer-Encoding"};
    if (lengths > 1) return {400, "several Content-Length fields"};
    // Not framing, but the same kind of ambiguity: two hosts, and the origin
    // or a cache may pick another one than the gateway did.
    if (field_count(fields, http::field::host) > 1) return {400, "several Host fields"};

    if (encodings > 0) {
        auto parsed = codings_of(fields);
        if (!parsed) return {400, "a malformed Transfer-Encoding"};
        const auto& codings = *parsed;
        if (codings.empty()) return {400, "an empty Transfer-Encoding"};
        if (!boost::beast::iequals(codings.back(), "chunked"))
            return {400, "a Transfer-Encoding whose final coding is not chunked"};
        // Only "chunked" itself is understood; a request with other codings
        // before it (gzip, chunked) is a coding this server does not implement.
        for (std::size_t i = 0; i + 1 < codings.size(); ++i) {
            if (boost::beast::iequals(codings[i], "chunked"))
                return {400, "chunked applied more than once"};
            return {501, "a transfer coding other than chunked"};
        }
    }
    return {};
}

}  // namespace tact::proxy
