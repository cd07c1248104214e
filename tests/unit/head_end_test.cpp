// Where a request head ends: the examples, and the same answer as the two
// whole-head searches it replaced, for heads arriving in any pieces.
#include "proxy/head_end.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>

using tact::proxy::head_end;

namespace {

constexpr auto npos = std::string_view::npos;

// The definition: the first CRLF CRLF or the first LF LF, whichever ends first.
std::size_t searched_whole(std::string_view bytes) {
    const auto crlf = bytes.find("\r\n\r\n");
    const auto bare = bytes.find("\n\n");
    if (crlf == npos && bare == npos) return npos;
    return std::min(crlf == npos ? npos : crlf + 4, bare == npos ? npos : bare + 2);
}

}  // namespace

TEST_CASE("a request head ends just past its empty line") {
    CHECK(head_end("GET / HTTP/1.1\r\nHost: a\r\n\r\n", 0) == 27);
    CHECK(head_end("GET / HTTP/1.1\r\nHost: a\r\n\r\nbody", 0) == 27);
    CHECK(head_end("GET / HTTP/1.1\nHost: a\n\n", 0) == 24);        // bare LFs
    CHECK(head_end("GET / HTTP/1.1\r\nHost: a\n\r\n", 0) == npos);  // LF CR LF: neither
    CHECK(head_end("GET / HTTP/1.1\r\nHost: a\r\n\n", 0) == 26);    // CRLF then LF
    CHECK(head_end("GET / HTTP/1.1\r\nHost: a\r\n\r", 0) == npos);  // not yet
    CHECK(head_end("GET / HTTP/1.1\r\nHost: a\r\n", 0) == npos);
    CHECK(head_end("", 0) == npos);
    CHECK(head_end("\n\n", 0) == 2);
    CHECK(head_end("\r\n\r\n", 0) == 4);
    // Going on from three bytes before the end of what was looked at.
    CHECK(head_end("GET / HTTP/1.1\r\nHost: a\r\n\r\n", 22) == 27);
    CHECK(head_end("GET / HTTP/1.1\r\nHost: a\r\n\r\n", 24) == 27);
    CHECK(head_end("GET / HTTP/1.1\nHost: a\n\n", 21) == 24);
}

TEST_CASE("a request head is found where the whole-head searches find it, in any pieces") {
    std::mt19937 random(20261202);
    const std::string alphabet = "\r\n\r\nab: ";
    for (int round = 0; round < 20000; ++round) {
        std::string bytes(std::uniform_int_distribution<std::size_t>(0, 40)(random), ' ');
        for (auto& c : bytes)
            c = alphabet[std::uniform_int_distribution<std::size_t>(0,
                                                                    alphabet.size() - 1)(random)];
        INFO("bytes: " << bytes.size() << " round " << round);
        // As the reader does: each time more has come, from 3 bytes before the old end.
        std::size_t size = 0, searched = 0, found = npos;
        while (found == npos && size < bytes.size()) {
            size = std::min(bytes.size(),
                            size + std::uniform_int_distribution<std::size_t>(1, 7)(random));
            const std::string_view arrived(bytes.data(), size);
            found = head_end(arrived, searched);
            CHECK(found == searched_whole(arrived));
            searched = size > 3 ? size - 3 : 0;
        }
    }
}
