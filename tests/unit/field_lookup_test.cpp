// Reading fields by walking them (http_fields/field_lookup.hpp) must answer
// what Beast's own search answers.
#include "http_fields/field_lookup.hpp"

#include <boost/beast/http/fields.hpp>
#include <catch2/catch.hpp>

namespace http = boost::beast::http;
using tact::http_fields::combined_value;
using tact::http_fields::field_count;
using tact::http_fields::field_value;

namespace {

// A head as a parser leaves it: known names carry their enum whatever their
// case; inserting by name text looks the enum up just the same.
http::fields sample_head() {
    http::fields f;
    f.insert("host", "shop.example");
    f.insert(http::field::accept, "text/html");
    f.insert("X-Custom", "1");
    f.insert("COOKIE", "a=b");
    f.insert(http::field::cookie, "c=d");
    f.insert("sec-fetch-dest", "document");
    return f;
}

}  // namespace

TEST_CASE("a known field is found by its enum, whatever the case of its name") {
    const auto f = sample_head();
    for (const auto name : {http::field::host, http::field::accept, http::field::cookie,
                            http::field::referer, http::field::content_length}) {
        INFO(http::to_string(name));
        CHECK(field_value(f, name) == f[name]);
    }
    CHECK(field_value(f, http::field::host) == "shop.example");
    CHECK(field_value(f, http::field::cookie) == "a=b");  // the first of two, as Beast
    CHECK(field_value(f, http::field::referer).empty());
}

TEST_CASE("a field Beast does not know is found by its name, case-insensitively") {
    const auto f = sample_head();
    CHECK(field_value(f, "Sec-Fetch-Dest") == "document");
    CHECK(field_value(f, "x-custom") == "1");
    CHECK(field_value(f, "X-Custom-Longer").empty());
    CHECK(field_value(f, "X-Custo").empty());
    CHECK(field_value(f, "Sec-GPC").empty());
}

TEST_CASE("duplicates are counted as Beast counts them") {
    const auto f = sample_head();
    for (const auto name : {http::field::cookie, http::field::host, http::field::content_length}) {
        INFO(http::to_string(name));
        CHECK(field_count(f, name) == f.count(name));
    }
    CHECK(field_count(f, http::field::cookie) == 2);
}

TEST_CASE("a list field on several lines is read as one list, and one line is not copied") {
    auto f = sample_head();
    std::string storage;
    const auto one = combined_value(f, http::field::host, storage);
    CHECK(one == "shop.example");
    CHECK(one.data() == f[http::field::host].data());
    CHECK(storage.empty());
    CHECK(combined_value(f, http::field::cookie, storage) == "a=b, c=d");
    CHECK(combined_value(f, http::field::vary, storage).empty());
    f.insert(http::field::cookie, "e=f");
    CHECK(combined_value(f, http::field::cookie, storage) == "a=b, c=d, e=f");
}
