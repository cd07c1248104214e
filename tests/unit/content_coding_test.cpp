#include "personalize/content_coding.hpp"

#include <catch2/catch.hpp>
#include <iterator>
#include <random>
#include <string_view>
#include <vector>

#include "personalize/page_transform.hpp"
#include "signals/ascii.hpp"

using namespace tact::personalize;

namespace {

// `text` encoded in `coding` through the gateway's own encoder, in pieces.
std::string encoded(ContentCoding coding, const std::string& text, std::size_t piece) {
    BodyEncoder encoder(coding);
    std::string out;
    for (std::size_t at = 0; at < text.size(); at += piece)
        encoder.feed(std::string_view(text).substr(at, piece), out);
    encoder.finish(out);
    return out;
}

std::string decoded(ContentCoding coding, const std::string& body, std::size_t piece) {
    BodyDecoder decoder(coding);
    std::string out;
    for (std::size_t at = 0; at < body.size(); at += piece)
        REQUIRE(decoder.feed(std::string_view(body).substr(at, piece), out));
    REQUIRE(decoder.finished());
    return out;
}

std::string sample_page() {
    std::string page = "<!doctype html><html><body><div data-tact-slot=hero>old</div>";
    for (int i = 0; i < 3000; ++i) page += "<p class=x>line " + std::to_string(i) + "</p>\n";
    return page + "</body></html>";
}

}  // namespace

TEST_CASE("a list's items are read in place, trimmed, empty ones skipped") {
    const auto items = [](std::string_view value) {
        std::vector<std::string_view> out;
        for (const auto item : tact::signals::CommaItems(value)) out.push_back(item);
        return out;
    };
    using List = std::vector<std::string_view>;
    CHECK(items("a, ,b,,\t c d ;q=1 ") == List{"a", "b", "c d ;q=1"});
    CHECK(items("").empty());
    CHECK(items(" , ,").empty());
    CHECK(items("*") == List{"*"});
    CHECK(items("a,") == List{"a"});
    auto walk = tact::signals::CommaItems("p, q").begin();
    CHECK(*walk++ == "p");
    CHECK(*walk == "q");
    CHECK(++walk == tact::signals::CommaItems::iterator());
    const tact::signals::CommaItems twice("x,y");  // walked again from the start
    CHECK(std::distance(twice.begin(), twice.end()) == 2);
    CHECK(std::distance(twice.begin(), twice.end()) == 2);
}

TEST_CASE("only codings the gateway decodes are asked of the origin") {
    CHECK(decodable_accept_encoding("gzip, deflate, br, zstd") == "gzip, br");
    CHECK(decodable_accept_encoding("br;q=1.0, gzip;q=0.5, *;q=0") == "br;q=1.0, gzip;q=0.5");
    CHECK(decodable_accept_encoding("zstd") == "identity");
    CHECK(decodable_accept_encoding("") == "identity");
    CHECK(decodable_accept_encoding(" , GZIP ,, X-Gzip;q=0.1,\tIdentity ") ==
          "GZIP, X-Gzip;q=0.1, Identity");
    CHECK(parse_content_coding("GZIP") == ContentCoding::gzip);
    CHECK(parse_content_coding(" br ") == ContentCoding::br);
    CHECK(parse_content_coding("") == ContentCoding::identity);
    CHECK_FALSE(parse_content_coding("deflate"));
    CHECK_FALSE(parse_content_coding("gzip, br"));
}

TEST_CASE("gzip and brotli bodies round-trip through the gateway's decoder and encoder") {
    const auto page = sample_page();
    for (const auto coding : {ContentCoding::gzip, ContentCoding::br, ContentCoding::identity}) {
        for (const std::size_t piece : {1, 7, 4096, 1 << 20}) {
            INFO(static_cast<int>(coding) << " in pieces of " << piece);
            const auto body = encoded(coding, page, piece);
            // Each piece is flushed (the client's bytes leave when the origin's
            // do): only pieces of a few KiB compress well.
            if (coding != ContentCoding::identity && piece >= 4096)
                CHECK(body.size() < page.size() / 3);
            CHECK(decoded(coding, body, piece == 1 ? 3 : piece) == page);
        }
    }
}

TEST_CASE("a compressed page is rewritten like a plain one, in any chunking") {
    const auto page = sample_page();
    PageRewriter plain_rewriter("[UI]", {{"hero", "v", "new"}});
    std::string expected;
    plain_rewriter.feed(page, expected);
    plain_rewriter.finish(expected);
    REQUIRE(expected.find("data-tact-variant=\"v\">new</div>") != std::string::npos);
    std::mt19937 random(11);
    for (const auto coding : {ContentCoding::gzip, ContentCoding::br}) {
        const auto body = encoded(coding, page, 4096);
        for (int round = 0; round < 20; ++round) {
            PageTransform transform(coding, {"[UI]", {{"hero", "v", "new"}}});
            std::string out;
            for (std::size_t at = 0; at < body.size();) {
                const auto n = std::uniform_int_distribution<std::size_t>(1, 3000)(random);
                REQUIRE(transform.feed(std::string_view(body).substr(at, n), out));
                at += n;
            }
            REQUIRE(transform.finish(out));
            CHECK(decoded(coding, out, 4096) == expected);
        }
    }
}

TEST_CASE("a body that is not valid in its coding is refused, not passed on") {
    const auto page = sample_page();
    for (const auto coding : {ContentCoding::gzip, ContentCoding::br}) {
        INFO(static_cast<int>(coding));
        PageTransform not_compressed(coding, {"[UI]", {}});
        std::string out;
        CHECK_FALSE(not_compressed.feed(page, out));

        auto body = encoded(coding, page, 4096);
        body.resize(body.size() / 2);  // cut off: each piece decodes, the end never comes
        PageTransform cut(coding, {"[UI]", {}});
        out.clear();
        CHECK(cut.feed(body, out));
        CHECK_FALSE(cut.finish(out));
    }
    // A decompression bomb: 64 MiB of zeros in a few kilobytes is refused.
    const auto bomb = encoded(ContentCoding::gzip, std::string(64u << 20, '\0'), 1u << 20);
    BodyDecoder decoder(ContentCoding::gzip);
    std::string out;
    CHECK_FALSE(decoder.feed(bomb, out));
}
