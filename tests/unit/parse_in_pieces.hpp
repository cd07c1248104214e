// Feeding the gateway's parsers (proxy/piecewise_body_parser.hpp) as a
// socket would, and reading back what they kept, to compare with Beast's own.
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <string>
#include <vector>

namespace tact::test {

namespace http = boost::beast::http;

struct Field {
    http::field id;
    std::string name;
    std::string value;
    bool operator==(const Field&) const = default;
};

template <class Fields>
std::vector<Field> fields_of(const Fields& fields) {
    std::vector<Field> out;
    for (const auto& f : fields)
        out.push_back({f.name(), std::string(f.name_string()), std::string(f.value())});
    return out;
}

// Feeds `wire` a few bytes at a time, with a body room of `room` bytes that
// is emptied into `body` whenever it fills.
template <class Parser>
std::string parse_in_pieces(Parser& parser, const std::string& wire, std::size_t room,
                            boost::system::error_code& ec) {
    std::string body;
    std::vector<char> piece(room);
    std::string pending;
    std::size_t at = 0;
    while (!parser.is_done()) {
        if (at < wire.size()) pending += wire.substr(at, 7), at += 7;
        parser.body().data = piece.data();
        parser.body().size = piece.size();
        const auto used = parser.put(boost::asio::buffer(pending), ec);
        pending.erase(0, used);
        body.append(piece.data(), piece.size() - parser.body().size);
        if (ec == http::error::need_more || ec == http::error::need_buffer) {
            ec = {};
            if (at >= wire.size() && used == 0 && parser.body().size == piece.size()) {
                parser.put_eof(ec);
                break;
            }
            continue;
        }
        if (ec) break;
    }
    return body;
}

}  // namespace tact::test
