// Which request framings are accepted before a body is read (RFC 9112 6).
#include "proxy/request_framing.hpp"

#include <catch2/catch.hpp>

#include "http_fields/field_list.hpp"
#include "proxy/request_head_checks.hpp"

namespace http = boost::beast::http;
using namespace tact::proxy;

namespace {

unsigned verdict(std::initializer_list<std::pair<const char*, const char*>> fields) {
    tact::http_fields::FieldList f;
    for (const auto& [name, value] : fields) f.append(name, value);
    return judge_request_framing(f).status;
}

}  // namespace

TEST_CASE("request framing verdicts") {
    CHECK(verdict({}) == 0);
    CHECK(verdict({{"Content-Length", "10"}}) == 0);
    CHECK(verdict({{"Transfer-Encoding", "chunked"}}) == 0);
    CHECK(verdict({{"Transfer-Encoding", "Chunked"}}) == 0);
    CHECK(verdict({{"Content-Length", "10"}, {"Transfer-Encoding", "chunked"}}) == 400);
    CHECK(verdict({{"Content-Length", "10"}, {"Content-Length", "10"}}) == 400);
    CHECK(verdict({{"Transfer-Encoding", "chunked, identity"}}) == 400);
    CHECK(verdict({{"Transfer-Encoding", "xchunked"}}) == 400);
    CHECK(verdict({{"Transfer-Encoding", "gzip"}}) == 400);
    CHECK(verdict({{"Transfer-Encoding", ""}}) == 400);
    CHECK(verdict({{"Transfer-Encoding", "chunked;q=1"}}) == 400);
    CHECK(verdict({{"Transfer-Encoding", "gzip, chunked"}}) == 501);
    CHECK(verdict({{"Transfer-Encoding", "gzip"}, {"Transfer-Encoding", "chunked"}}) == 501);
    CHECK(verdict({{"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}}) == 400);
    CHECK(verdict({{"Host", "a"}, {"Host", "b"}}) == 400);
    CHECK(verdict({{"Host", "a"}}) == 0);
}

TEST_CASE("raw head problems Beast 1.74 would let through") {
    CHECK(find_raw_head_problem("GET / HTTP/1.1\r\nHost: a\r\n\r\n") == RawHeadProblem::none);
    CHECK(find_raw_head_problem("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n") ==
          RawHeadProblem::obs_fold);
    CHECK(find_raw_head_problem("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n\t2\r\n\r\n") ==
          RawHeadProblem::obs_fold);
    CHECK(find_raw_head_problem("GET / HTTP/1.1\r\nHost : a\r\n\r\n") ==
          RawHeadProblem::space_before_colon);
    CHECK(find_raw_head_problem("GET / HTTP/1.1\r\nHost\t: a\r\n\r\n") ==
          RawHeadProblem::space_before_colon);
    CHECK(find_raw_head_problem("GET / HTTP/1.1\nHost: a\n\n") == RawHeadProblem::bare_line_feed);
    CHECK(find_raw_head_problem("GET / HTTP/1.1\r\nHost: a\n\r\n") ==
          RawHeadProblem::bare_line_feed);
    // A colon inside a value is not a field name's colon.
    CHECK(find_raw_head_problem("GET / HTTP/1.1\r\nReferer: http://a/b :c\r\n\r\n") ==
          RawHeadProblem::none);
}
