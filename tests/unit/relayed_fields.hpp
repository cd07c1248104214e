// The fields a relayed head goes out with: the ones left in Beast's set,
// then the gateway's added lines, read back into one set so that a test can
// ask for a field by name as a peer would.
#pragma once

#include <boost/beast/http/fields.hpp>
#include <string_view>

#include "http_fields/added_fields.hpp"

namespace tact::test {

// `kept`: Beast's fields or a FieldList.
template <class Fields>
boost::beast::http::fields relayed_fields(const Fields& kept,
                                          const http_fields::AddedFields& added) {
    boost::beast::http::fields out;
    for (const auto& field : kept) out.insert(field.name_string(), field.value());
    std::string_view lines = added.lines();
    while (!lines.empty()) {
        const auto end = lines.find("\r\n");
        const auto line = lines.substr(0, end);
        const auto colon = line.find(": ");
        out.insert(line.substr(0, colon), line.substr(colon + 2));
        lines.remove_prefix(end == std::string_view::npos ? lines.size() : end + 2);
    }
    return out;
}

}  // namespace tact::test
