#include "personalize/body_end_injector.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

using tact::personalize::BodyEndInjector;

namespace {

constexpr std::string_view kMark = "[UI]";

// The page fed in pieces of the given sizes (the rest as one last piece).
std::string inject(std::string_view page, const std::vector<std::size_t>& sizes = {}) {
    BodyEndInjector injector{std::string(kMark)};
    std::string out;
    std::size_t at = 0;
    for (const auto size : sizes) {
        if (at >= page.size()) break;
        injector.feed(page.substr(at, size), out);
        at += size;
    }
    if (at < page.size()) injector.feed(page.substr(at), out);
    injector.finish(out);
    return out;
}

std::string every_byte_alone(std::string_view page) {
    return inject(page, std::vector<std::size_t>(page.size(), 1));
}

}  // namespace

TEST_CASE("the markup goes just before the page's </body>", "[injector]") {
    struct Case {
        std::string_view page, expected;
    };
    const std::vector<Case> cases = {
        {"<html><body><p>x</p></body></html>", "<html><body><p>x</p>[UI]</body></html>"},
        {"<p>x</BODY >", "<p>x[UI]</BODY >"},
        {"<p>x</Body\n>", "<p>x[UI]</Body\n>"},
        {"<p>x</body/>", "<p>x[UI]</body/>"},
        // Not the end of the body: a comment, raw text, an attribute value.
        {"<!-- </body> --></body>", "<!-- </body> -->[UI]</body>"},
        {"<!--></body>", "<!-->[UI]</body>"},
        {"<!---></body>", "<!--->[UI]</body>"},
        {"<!-- a --!></body>", "<!-- a --!>[UI]</body>"},
        {"<!-- a -- b --></body>", "<!-- a -- b -->[UI]</body>"},
        {"<script>w(\"</body>\")</script></body>", "<script>w(\"</body>\")</script>[UI]</body>"},
        {"<SCRIPT type=x>a</scriptx></body></Script></body>",
         "<SCRIPT type=x>a</scriptx></body></Script>[UI]</body>"},
        {"<style>a::after{content:\"</body>\"}</style></body>",
         "<style>a::after{content:\"</body>\"}</style>[UI]</body>"},
        {"<textarea></body></textarea></body>", "<textarea></body></textarea>[UI]</body>"},
        {"<title></body></title></body>", "<title></body></title>[UI]</body>"},
        {"<noscript></body></noscript></body>", "<noscript></body></noscript>[UI]</body>"},
        {"<a title=\"</body>\">x</a></body>", "<a title=\"</body>\">x</a>[UI]</body>"},
        {"<a title='</body>'>x</a></body>", "<a title='</body>'>x</a>[UI]</body>"},
        {"<a title = \"x>y\">x</a></body>", "<a title = \"x>y\">x</a>[UI]</body>"},
        {"<a b'c>d</body>", "<a b'c>d[UI]</body>"},  // a quote in a name opens nothing
        {"<!DOCTYPE html><html></body>", "<!DOCTYPE html><html>[UI]</body>"},
        {"<![CDATA[</body>]]></body>", "<![CDATA[</body>]]>[UI]</body>"},  // bogus up to '>'
        {"<?xml x?></body>", "<?xml x?>[UI]</body>"},
        {"a < b and </3 c></body>", "a < b and </3 c>[UI]</body>"},
        {"</bodyx></body>", "</bodyx>[UI]</body>"},
        {"</body></body>", "[UI]</body></body>"},  // once only
        // No </body>: at the end, where the browser puts it in the body anyway.
        {"<p>x</p>", "<p>x</p>[UI]"},
        {"<p>x</p></html>", "<p>x</p></html>[UI]"},
        {"", "[UI]"},
        {"<p>x</bo", "<p>x</bo[UI]"},
        // Ends where markup would not be markup: left alone.
        {"<p>x<!-- open", "<p>x<!-- open"},
        {"<p>x<script>open", "<p>x<script>open"},
        {"<p>x<a href=\"", "<p>x<a href=\""},
        {"<plaintext></body>", "<plaintext></body>"},
    };
    for (const auto& c : cases) {
        INFO(c.page);
        CHECK(inject(c.page) == c.expected);
        CHECK(every_byte_alone(c.page) == c.expected);
    }
}

TEST_CASE("any chunking of a page gives the same output as one piece", "[injector]") {
    const std::vector<std::string> pages = {
        "<!DOCTYPE html><html lang=en><head><title>A </body> title</title>"
        "<script>if (a<b) document.write('</body>');</script><style>p{}</style></head>"
        "<body class='x'><!-- </body> --><p data-x=\"</body>\">Hello</p><br/>"
        "<textarea></body></textarea></BODY></html>",
        "<html><body><div><img src=a.png alt='>'>x</div></html>",
        "<p>no end<!-- c --><script>x</script>",
    };
    std::mt19937 random(20261123);
    for (const auto& page : pages) {
        const auto whole = inject(page);
        for (int round = 0; round < 300; ++round) {
            std::vector<std::size_t> sizes;
            for (std::size_t total = 0; total < page.size();) {
                const auto size = std::uniform_int_distribution<std::size_t>(1, 12)(random);
                sizes.push_back(size);
                total += size;
            }
            INFO(page << " round " << round);
            REQUIRE(inject(page, sizes) == whole);
        }
        CHECK(whole.find(kMark) != std::string::npos);
    }
}

TEST_CASE("the injector holds back only a few bytes between pieces", "[injector]") {
    BodyEndInjector injector{std::string(kMark)};
    std::string out;
    injector.feed("<p>hello</bo", out);
    CHECK(out == "<p>hello");  // "</bo" could still become </body>
    injector.feed("dy>", out);
    CHECK(out == "<p>hello[UI]</body>");
    CHECK(injector.injected());
    std::string rest;
    injector.feed(std::string(100000, 'x'), rest);
    CHECK(rest.size() == 100000);
}
