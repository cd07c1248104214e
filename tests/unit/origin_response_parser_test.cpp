// The origin's response read into a flat field list must say what Beast's
// own parser says of the same bytes: status, reason, version, every field in
// order, the framing, and the body.
#include "proxy/origin_response_parser.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/optional/optional_io.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "http_fields/field_lookup.hpp"
#include "parse_in_pieces.hpp"

namespace http = boost::beast::http;
using tact::proxy::OriginResponseParser;

using tact::test::Field;
using tact::test::fields_of;
using tact::test::parse_in_pieces;

TEST_CASE("an origin's response reads the same as with Beast's own parser") {
    const std::string responses[] = {
        "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\nContent-Length: 11\r\n"
        "X-Thing: a\r\nx-thing: b\r\nETag: \"v1\"\r\n\r\nhello world",
        "HTTP/1.0 404 \r\nContent-Length: 3\r\n\r\nnah",
        "HTTP/1.1 200 Fine Thanks\r\nTransfer-Encoding: chunked\r\nVary: Accept-Encoding\r\n"
        "Vary: Cookie\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
        "HTTP/1.1 204 No Content\r\nCache-Control: no-store\r\n\r\n",
    };
    for (const auto& wire : responses) {
        INFO(wire);
        http::response_parser<http::string_body> beast;
        beast.eager(true);  // the whole message in one call
        boost::system::error_code beast_ec;
        beast.put(boost::asio::buffer(wire), beast_ec);
        if (!beast.is_done()) beast.put_eof(beast_ec);
        REQUIRE_FALSE(beast_ec);

        for (const std::size_t room : {std::size_t{1}, std::size_t{4}, std::size_t{4096}}) {
            OriginResponseParser ours;
            boost::system::error_code ec;
            const auto body = parse_in_pieces(ours, wire, room, ec);
            REQUIRE_FALSE(ec);
            const auto& head = ours.head();
            CHECK(head.status == beast.get().result_int());
            // An empty reason is kept empty; Beast's answers with the standard
            // one, which is also what the gateway writes (format_head).
            CHECK((head.reason.empty() ? std::string(http::obsolete_reason(head.result()))
                                       : head.reason) == std::string(beast.get().reason()));
            CHECK(head.version == beast.get().version());
            CHECK(fields_of(head.fields) == fields_of(beast.get()));
            CHECK(ours.chunked() == beast.chunked());
            CHECK(ours.content_length() == beast.content_length());
            CHECK(ours.keep_alive() == beast.keep_alive());
            CHECK(body == beast.get().body());
        }
    }
}

TEST_CASE("a flat field list is read, walked and edited like Beast's fields") {
    tact::http_fields::FieldList fields;
    fields.append(http::field::content_type, "text/html");
    fields.append(http::field::unknown, "X-Mine", "1");
    fields.append(http::field::vary, "Cookie");
    fields.append(http::field::vary, "Accept-Language");
    using tact::http_fields::combined_value;
    using tact::http_fields::field_value;
    CHECK(field_value(fields, http::field::content_type) == "text/html");
    CHECK(field_value(fields, "x-mine") == "1");
    CHECK(field_value(fields, http::field::etag).empty());
    std::string storage;
    CHECK(combined_value(fields, http::field::vary, storage) == "Cookie, Accept-Language");
    CHECK(tact::http_fields::field_count(fields, http::field::vary) == 2);

    // Erasing while walking goes on at the next field, as with Beast's.
    for (auto it = fields.begin(); it != fields.end();)
        it = it->name() == http::field::vary ? fields.erase(it) : std::next(it);
    CHECK(fields_of(fields) ==
          std::vector<Field>{{http::field::content_type, "Content-Type", "text/html"},
                             {http::field::unknown, "X-Mine", "1"}});
    fields.erase(http::field::content_type);
    CHECK(fields.size() == 1);
    CHECK((*fields.begin()).name_string() == "X-Mine");
}
