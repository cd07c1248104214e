// How a request's body is delimited, judged once its head is parsed and
// before any of it reaches the origin (RFC 9112 6.1-6.3; request smuggling).
#pragma once

#include <string_view>

#include "http_fields/field_list.hpp"

namespace tact::proxy {

struct FramingVerdict {
    unsigned status = 0;  // 0: acceptable; else 400 or 501
    std::string_view reason;
    bool acceptable() const { return status == 0; }
};

FramingVerdict judge_request_framing(const http_fields::FieldList& fields);

}  // namespace tact::proxy
