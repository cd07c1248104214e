#include "personalize/rewritable_page.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "http_fields/field_lookup.hpp"
#include "personalize/content_coding.hpp"
#include "signals/ascii.hpp"

namespace tact::personalize {
namespace {

namespace http = boost::beast::http;
using http_fields::combined_value;
using http_fields::field_value;

// '<' and '>' are the bytes 0x3C and 0x3E only in charsets that keep ASCII
// as it is. Without a charset the page is UTF-8 or windows-1252 (WHATWG
// encoding sniffing), both of which do.
bool ascii_compatible(std::string_view content_type) {
    using signals::iequals_ascii;
    using signals::starts_with_ascii_nocase;
    const auto at = signals::find_ascii_nocase(content_type, "charset=");
    if (at == std::string_view::npos) return true;
    auto charset = signals::trimmed_ows(content_type.substr(at + 8));
    charset = charset.substr(0, charset.find(';'));
    if (charset.size() >= 2 && charset.front() == '"')
        charset = charset.substr(1, charset.size() - 2);
    return iequals_ascii(charset, "utf-8") || iequals_ascii(charset, "utf8") ||
           iequals_ascii(charset, "us-ascii") || starts_with_ascii_nocase(charset, "iso-8859-") ||
           starts_with_ascii_nocase(charset, "windows-125");
}

}  // namespace

std::optional<ContentCoding> rewritable_page_coding(const http_fields::ResponseHead& head) {
    if (head.status != 200) return std::nullopt;
    // (Read in place, in any case: a lowered copy was an allocation a page.)
    const auto type = field_value(head.fields, http::field::content_type);
    if (!signals::starts_with_ascii_nocase(type, "text/html") || !ascii_compatible(type))
        return std::nullopt;
    std::string codings;  // gzip on one line and br on another is both, which is refused
    return parse_content_coding(
        combined_value(head.fields, http::field::content_encoding, codings));
}

bool varies_by_context(const http_fields::ResponseHead& head) {
    std::string lines;
    for (const auto item :
         signals::CommaItems(combined_value(head.fields, http::field::vary, lines)))
        if (signals::starts_with_ascii_nocase(item, "tact-")) return true;
    return false;
}

void make_private(http_fields::ResponseHead& head, http_fields::AddedFields& added) {
    auto& fields = head.fields;
    using signals::iequals_ascii;
    std::string cache_control = "private";
    bool no_store = false;
    std::string lines;  // an origin's no-store may come on a second line
    for (const auto directive :
         signals::CommaItems(combined_value(fields, http::field::cache_control, lines))) {
        const auto name = directive.substr(0, directive.find('='));
        if (iequals_ascii(name, "public") || iequals_ascii(name, "private") ||
            iequals_ascii(name, "s-maxage") || iequals_ascii(name, "proxy-revalidate"))
            continue;  // directives for shared caches, which must not store this page
        no_store = no_store || iequals_ascii(name, "no-store");
        cache_control += ", ";
        cache_control += directive;
    }
    added.add("Cache-Control",
              no_store ? std::string_view(cache_control).substr(9) : cache_control);

    const auto etag = field_value(fields, http::field::etag);
    const bool weakened = !etag.empty() && !etag.starts_with("W/");
    if (weakened) added.add("ETag", "W/", etag);

    const std::string_view vary = combined_value(fields, http::field::vary, lines);
    const signals::CommaItems listed_before(vary);
    const bool everything = [&] {  // the list is "*" alone
        auto item = listed_before.begin();
        return item != listed_before.end() && *item == "*" && ++item == listed_before.end();
    }();
    // What the origin's list lacks, written after it (no string joins them).
    constexpr std::array<std::string_view, 2> kVariesBy{"Accept-Language", "Cookie"};
    std::array<char, 32> missing;
    static_assert(kVariesBy.size() * 2 + kVariesBy[0].size() + kVariesBy[1].size() <=
                      std::tuple_size_v<decltype(missing)>,
                  "room for each name and a separator before it");
    std::size_t missing_size = 0;
    for (const auto by : kVariesBy) {
        const bool listed = everything || std::any_of(listed_before.begin(), listed_before.end(),
                                                      [&](std::string_view item) {
                                                          return iequals_ascii(item, by);
                                                      });
        if (listed) continue;
        const std::string_view separator = !vary.empty() || missing_size > 0 ? ", " : "";
        for (const auto part : {separator, by}) {
            std::copy(part.begin(), part.end(), missing.data() + missing_size);
            missing_size += part.size();
        }
    }
    added.add("Vary", vary, {missing.data(), missing_size});

    // The origin's lines leave last: the values above were read from them.
    fields.erase(http::field::cache_control);
    fields.erase(http::field::vary);
    if (weakened) fields.erase(http::field::etag);
}

}  // namespace tact::personalize
