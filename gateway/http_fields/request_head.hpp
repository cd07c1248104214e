#pragma once
// A client's request head as the gateway reads, checks and relays it: the
// request line, and the fields in arrival order in a flat list
// (field_list.hpp), read by proxy/client_request_parser.
//
// Like Beast's request header, it is its own field list: iterated, searched
// (field_lookup.hpp) and edited (header_hygiene) as one. Beast's field set
// costs a node, an allocation and a tree insert per field, about 450
// instructions; a browser sends fifteen to twenty fields with every request.

#include <boost/beast/http/verb.hpp>
#include <string>
#include <string_view>

#include "http_fields/field_list.hpp"

namespace tact::http_fields {

class RequestHead : public FieldList {
  public:
    boost::beast::http::verb method() const { return method_; }
    // As the client wrote it (a method Beast does not know is `unknown` above).
    std::string_view method_string() const { return method_text_; }
    void method(boost::beast::http::verb method) {
        method_ = method;
        method_text_ = boost::beast::http::to_string(method);
    }
    void method(boost::beast::http::verb method, std::string_view text) {
        method_ = method;
        method_text_.assign(text);
    }

    std::string_view target() const { return target_; }
    void target(std::string_view target) { target_.assign(target); }

    unsigned version() const { return version_; }  // 11 for HTTP/1.1
    void version(unsigned version) { version_ = version; }

  private:
    boost::beast::http::verb method_ = boost::beast::http::verb::get;
    std::string method_text_ = "GET";
    std::string target_ = "/";
    unsigned version_ = 11;
};

}  // namespace tact::http_fields
