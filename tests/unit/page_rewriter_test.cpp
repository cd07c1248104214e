#include "personalize/page_rewriter.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "reference_body_end.hpp"

using tact::personalize::PageRewriter;
using tact::personalize::SlotContent;

namespace {

constexpr std::string_view kMark = "[UI]";

// A row of the table tests: a page and what the rewriter makes of it.
struct PageCase {
    std::string_view page, expected;
};

// What `rewriter` makes of the page fed in pieces of the given sizes (the
// rest as one last piece).
std::string feed_in_pieces(PageRewriter rewriter, std::string_view page,
                           const std::vector<std::size_t>& sizes) {
    std::string out;
    std::size_t at = 0;
    for (const auto size : sizes) {
        if (at >= page.size()) break;
        rewriter.feed(page.substr(at, size), out);
        at += size;
    }
    if (at < page.size()) rewriter.feed(page.substr(at), out);
    rewriter.finish(out);
    return out;
}

// The banner markup alone.
std::string inject(std::string_view page, const std::vector<std::size_t>& sizes = {}) {
    return feed_in_pieces(PageRewriter{std::string(kMark), {}}, page, sizes);
}

std::string every_byte_alone(std::string_view page) {
    return inject(page, std::vector<std::size_t>(page.size(), 1));
}

}  // namespace

TEST_CASE("the markup goes just before the page's </body>", "[injector]") {
    const std::vector<PageCase> cases = {
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
        // In SVG and MathML, CDATA is a section that only "]]>" ends.
        {"<svg><![CDATA[ a > </body> ]]></svg></body>",
         "<svg><![CDATA[ a > </body> ]]></svg>[UI]</body>"},
        {"<math><![CDATA[ ]] > </body> ]]></math></body>",
         "<math><![CDATA[ ]] > </body> ]]></math>[UI]</body>"},
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
    PageRewriter injector{std::string(kMark), {}};
    std::string out;
    injector.feed("<p>hello</bo", out);
    CHECK(out == "<p>hello");  // "</bo" could still become </body>
    injector.feed("dy>", out);
    CHECK(out == "<p>hello[UI]</body>");
    CHECK(injector.body_end_inserted());
    std::string rest;
    injector.feed(std::string(100000, 'x'), rest);
    CHECK(rest.size() == 100000);
}

namespace {

const std::vector<SlotContent> kSlots = {{"hero", "evening", "<b>E</b>"},
                                         {"promo", "discount", "<i>-10%</i>"}};

// The page rewritten with kSlots (and `body_end`), fed in pieces of `sizes`.
std::string rewrite(std::string_view page, const std::vector<std::size_t>& sizes = {},
                    std::string body_end = "") {
    return feed_in_pieces(PageRewriter{std::move(body_end), kSlots}, page, sizes);
}

// The page rewritten with kSlots gives `expected` whole and cut into
// pieces of 1, 2, 3, 5, 7 and 13 bytes.
void check_in_any_pieces(std::string_view page, std::string_view expected) {
    for (const std::size_t piece : {0, 1, 2, 3, 5, 7, 13}) {
        INFO(page << " in pieces of " << piece);
        const std::vector<std::size_t> sizes =
            piece == 0 ? std::vector<std::size_t>{}
                       : std::vector<std::size_t>(page.size() / piece + 1, piece);
        CHECK(rewrite(page, sizes) == expected);
    }
}

std::vector<std::size_t> random_sizes(std::size_t total, std::mt19937& random, std::size_t most) {
    std::vector<std::size_t> sizes;
    for (std::size_t sum = 0; sum < total;) {
        sizes.push_back(std::uniform_int_distribution<std::size_t>(1, most)(random));
        sum += sizes.back();
    }
    return sizes;
}

}  // namespace

TEST_CASE("a slot's content becomes the chosen variant", "[rewriter]") {
    const std::vector<PageCase> cases = {
        {"<div data-tact-slot=\"hero\">old</div>",
         "<div data-tact-slot=\"hero\" data-tact-variant=\"evening\"><b>E</b></div>"},
        {"<p>a</p><div class=x data-tact-slot=hero>old</div><p>b</p>",
         "<p>a</p><div class=x data-tact-slot=hero data-tact-variant=\"evening\"><b>E</b></div>"
         "<p>b</p>"},
        // Names of elements and attributes in any case; single quotes.
        {"<SECTION Data-Tact-Slot='hero'>old</Section>",
         "<SECTION Data-Tact-Slot='hero' data-tact-variant=\"evening\"><b>E</b></Section>"},
        // Nested elements of the slot's own name end inside it.
        {"<div data-tact-slot=hero><div>a</div><div><div>b</div></div></div><div>after</div>",
         "<div data-tact-slot=hero data-tact-variant=\"evening\"><b>E</b></div><div>after</div>"},
        // An end tag in a comment, a script or an attribute value inside the slot ends nothing.
        {"<div data-tact-slot=hero><!-- </div> -->x<script>w('</div>')</script>"
         "<a title=\"</div>\">y</a></div>z",
         "<div data-tact-slot=hero data-tact-variant=\"evening\"><b>E</b></div>z"},
        // Raw-text elements can be slots too.
        {"<title data-tact-slot=hero>Old <b></title>",
         "<title data-tact-slot=hero data-tact-variant=\"evening\"><b>E</b></title>"},
        // Every slot of the page, each its own variant; like an id, a slot
        // name fills its first element only.
        {"<div data-tact-slot=hero>1</div><span data-tact-slot=promo>2</span>"
         "<div data-tact-slot=hero>3</div>",
         "<div data-tact-slot=hero data-tact-variant=\"evening\"><b>E</b></div>"
         "<span data-tact-slot=promo data-tact-variant=\"discount\"><i>-10%</i></span>"
         "<div data-tact-slot=hero>3</div>"},
        // `/>` does not close a div in HTML: its content still follows.
        {"<div data-tact-slot=\"hero\"/>old</div>",
         "<div data-tact-slot=\"hero\"/ data-tact-variant=\"evening\"><b>E</b></div>"},
        // A slot inside a slot goes with the outer slot's content.
        {"<div data-tact-slot=hero><p data-tact-slot=promo>x</p></div>",
         "<div data-tact-slot=hero data-tact-variant=\"evening\"><b>E</b></div>"},
    };
    for (const auto& c : cases) check_in_any_pieces(c.page, c.expected);
}

TEST_CASE("what is not a slot, or not a chosen one, passes unchanged", "[rewriter]") {
    const std::vector<std::string_view> pages = {
        "<div data-tact-slot=\"other\">keep</div>",                 // no variant chosen
        "<!-- <div data-tact-slot=\"hero\">x</div> -->",            // in a comment
        "<script>s='<div data-tact-slot=hero>x</div>'</script>",    // in a script
        "<textarea><div data-tact-slot=hero>x</div></textarea>",    // in RCDATA
        "<div title='data-tact-slot=\"hero\"'>x</div>",             // in a value
        "<div data-tact-slotx=hero>x</div>",                        // another attribute
        "<div data-tact-slot=\"hero \">x</div>",                    // another name
        "<img data-tact-slot=hero src=a.png><p>x</p>",              // void: no content
        "<div data-tact-slot=hero>never ends",                      // malformed: unchanged
        "<div data-tact-slot=hero><div>x</div>",                    // its own end tag missing
        "<div data-tact-slot=hero",                                 // the page ends in the tag
        "<plaintext><div data-tact-slot=hero>x</div>",              // all text after plaintext
        "<![CDATA[x]]><?php x ?><!DOCTYPE html><p>a < b</p>",       // no slot at all
        "<svg><![CDATA[<div data-tact-slot=hero>x</div>]]></svg>",  // in an SVG CDATA section
    };
    for (const auto page : pages) check_in_any_pieces(page, page);
}

// Most start tags are read once, in a quick pass over `name="value"`
// attributes that opens a slot from there; other shapes are read again whole.
// Both readings must agree, however the page is cut.
TEST_CASE("a slot attribute is read alike on the quick path and off it", "[rewriter]") {
    const std::vector<PageCase> cases = {
        // Duplicates: the first counts, as in browsers.
        {"<div data-tact-slot=\"other\" data-tact-slot=\"hero\">x</div>",
         "<div data-tact-slot=\"other\" data-tact-slot=\"hero\">x</div>"},
        {"<div data-tact-slot=\"hero\" data-tact-slot=\"other\">x</div>",
         "<div data-tact-slot=\"hero\" data-tact-slot=\"other\" data-tact-variant=\"evening\">"
         "<b>E</b></div>"},
        // Another name as long as the slot attribute, before it and alone.
        {"<div abcdefghijklmn=\"hero\" data-tact-slot=\"hero\">x</div>",
         "<div abcdefghijklmn=\"hero\" data-tact-slot=\"hero\" data-tact-variant=\"evening\">"
         "<b>E</b></div>"},
        {"<div abcdefghijklmn=\"hero\">x</div>", "<div abcdefghijklmn=\"hero\">x</div>"},
        // After other quoted attributes, in capitals.
        {"<div class=\"a\" id='b' DATA-TACT-SLOT=\"hero\">x</div>",
         "<div class=\"a\" id='b' DATA-TACT-SLOT=\"hero\" data-tact-variant=\"evening\">"
         "<b>E</b></div>"},
        // Quoted, after an unquoted or a valueless attribute (off the quick path).
        {"<div class=a data-tact-slot=\"hero\">x</div>",
         "<div class=a data-tact-slot=\"hero\" data-tact-variant=\"evening\"><b>E</b></div>"},
        {"<div hidden data-tact-slot=\"hero\">x</div>",
         "<div hidden data-tact-slot=\"hero\" data-tact-variant=\"evening\"><b>E</b></div>"},
        {"<div data-tact-slot>x</div>", "<div data-tact-slot>x</div>"},
        // Read on the quick path, then other shapes after it: it still counts,
        // and it still comes first.
        {"<div data-tact-slot=\"hero\" hidden>x</div>",
         "<div data-tact-slot=\"hero\" hidden data-tact-variant=\"evening\"><b>E</b></div>"},
        {"<div data-tact-slot=\"other\" hidden data-tact-slot=\"hero\">x</div>",
         "<div data-tact-slot=\"other\" hidden data-tact-slot=\"hero\">x</div>"},
        {"<div data-tact-slot=\"\">x</div>", "<div data-tact-slot=\"\">x</div>"},
        // Void elements on the quick path.
        {"<img data-tact-slot=\"hero\"><p>x</p>", "<img data-tact-slot=\"hero\"><p>x</p>"},
        {"<IMG data-tact-slot='hero' alt=\"\"><p>x</p></IMG>",
         "<IMG data-tact-slot='hero' alt=\"\"><p>x</p></IMG>"},
        // Self-closing and unquoted neighbours; an unquoted value runs on
        // over a '/' ("hero/" is no slot's name).
        {"<br/><input type=text name=q disabled><div data-tact-slot=hero>x</div>",
         "<br/><input type=text name=q disabled><div data-tact-slot=hero "
         "data-tact-variant=\"evening\"><b>E</b></div>"},
        {"<div data-tact-slot=hero/>x</div>", "<div data-tact-slot=hero/>x</div>"},
        // An end tag carrying a name of that length, inside a slot.
        {"<div data-tact-slot=\"hero\"><div data-tact-slot=\"promo\">a</div></div "
         "abcdefghijklmn=\"\">b",
         "<div data-tact-slot=\"hero\" data-tact-variant=\"evening\"><b>E</b></div "
         "abcdefghijklmn=\"\">b"},
        // The page's last '>' is the slot tag's (the slot never ends).
        {"<p>t</p><div data-tact-slot=\"hero\">", "<p>t</p><div data-tact-slot=\"hero\">"},
    };
    for (const auto& c : cases) check_in_any_pieces(c.page, c.expected);
}

TEST_CASE("slots and the body-end markup together, in any chunking", "[rewriter]") {
    const std::string page =
        "<!DOCTYPE html><html><head><title>T</title><script>a<b</script></head>"
        "<body><header data-tact-slot=\"hero\"><h1>Welcome</h1><header>inner</header></header>"
        "<!-- <div data-tact-slot=promo> --><main><aside data-tact-slot='promo'>"
        "<p>old promo</p></aside><textarea></body></textarea></main></body></html>";
    const std::string expected =
        "<!DOCTYPE html><html><head><title>T</title><script>a<b</script></head>"
        "<body><header data-tact-slot=\"hero\" data-tact-variant=\"evening\"><b>E</b></header>"
        "<!-- <div data-tact-slot=promo> --><main><aside data-tact-slot='promo' "
        "data-tact-variant=\"discount\"><i>-10%</i></aside><textarea></body></textarea></main>"
        "[UI]</body></html>";
    CHECK(rewrite(page, {}, "[UI]") == expected);
    std::mt19937 random(20261201);
    for (int round = 0; round < 500; ++round) {
        INFO("round " << round);
        REQUIRE(rewrite(page, random_sizes(page.size(), random, 16), "[UI]") == expected);
    }
}

TEST_CASE("a page without slots comes out byte for byte, however it is cut", "[rewriter]") {
    // Random pages from HTML's awkward pieces: tags split anywhere, quotes,
    // comments, raw text, stray '<', non-ASCII text.
    const std::vector<std::string_view> atoms = {"<div>",
                                                 "</div>",
                                                 "<p class=\"a>b\">",
                                                 "<a href='x'>",
                                                 "</a>",
                                                 "<!-- c -->",
                                                 "<!--",
                                                 "-->",
                                                 "<script>",
                                                 "</script>",
                                                 "<style>p{}</style>",
                                                 "<br/>",
                                                 "<img src=x>",
                                                 "text ",
                                                 "a < b ",
                                                 "</",
                                                 "<",
                                                 ">",
                                                 "\"",
                                                 "'",
                                                 "تخفیف ",
                                                 "<!DOCTYPE html>",
                                                 "<textarea>",
                                                 "</textarea>",
                                                 "<data-tact-slot>",
                                                 "<div data-tact=slot>",
                                                 "<svg><![CDATA[ x ]]></svg>"};
    std::mt19937 random(7);
    for (int round = 0; round < 400; ++round) {
        std::string page;
        const auto count = std::uniform_int_distribution<int>(1, 60)(random);
        for (int k = 0; k < count; ++k)
            page += atoms[std::uniform_int_distribution<std::size_t>(0, atoms.size() - 1)(random)];
        INFO(page);
        REQUIRE(rewrite(page, random_sizes(page.size(), random, 24)) == page);
    }
}

TEST_CASE("memory stays bounded: long tags and long slots pass through", "[rewriter]") {
    // A start tag longer than the rewriter holds: it passes unread, the page unchanged.
    // (Compared with REQUIRE(... == ...) on sizes first: a failure would print megabytes.)
    const std::string long_value(3 * PageRewriter::kLongestHeldTag, 'v');
    const std::string long_tag = "<div title=\"" + long_value + "\" data-tact-slot=hero>x</div>";
    const auto tag_out =
        rewrite(long_tag, std::vector<std::size_t>(long_tag.size() / 4096 + 1, 4096));
    CHECK(tag_out.size() == long_tag.size());
    CHECK((tag_out == long_tag));
    // A slot whose content outgrows the limit keeps it.
    const std::string long_slot =
        "<div data-tact-slot=hero>" + std::string(PageRewriter::kLongestSlot + 1, 'c') + "</div>";
    const auto slot_out =
        rewrite(long_slot, std::vector<std::size_t>(long_slot.size() / 4096 + 1, 4096));
    CHECK(slot_out.size() == long_slot.size());
    CHECK((slot_out == long_slot));

    // Between pieces, text is never held: only an unfinished tag is.
    PageRewriter rewriter{"", kSlots};
    std::string out;
    rewriter.feed("<p>hello <div data-tact-sl", out);
    CHECK(out == "<p>hello ");
    rewriter.feed("ot=hero>old</d", out);
    CHECK(out == "<p>hello ");  // the slot's original is held until it ends
    rewriter.feed("iv>", out);
    CHECK(out == "<p>hello <div data-tact-slot=hero data-tact-variant=\"evening\"><b>E</b></div>");
    CHECK(rewriter.slots_replaced() == 1);
}

TEST_CASE("real pages pass byte for byte, and with a slot added only the slot changes",
          "[rewriter]") {
    // HTML documentation installed by Debian packages (the build's own
    // packages bring some: ccache's manual, GCC's release notes).
    std::vector<std::filesystem::path> pages;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator("/usr/share/doc", ec);
         !ec && it != std::filesystem::recursive_directory_iterator() && pages.size() < 60;
         it.increment(ec))
        if (it->path().extension() == ".html" && it->is_regular_file() &&
            it->file_size() < (std::uintmax_t{4} << 20))
            pages.push_back(it->path());
    REQUIRE(pages.size() >= 2);
    std::mt19937 random(2026);
    for (const auto& file : pages) {
        std::ifstream in(file, std::ios::binary);
        const std::string page{std::istreambuf_iterator<char>(in), {}};
        INFO(file.string());
        const auto sizes = random_sizes(page.size(), random, 8192);
        const auto same = rewrite(page, sizes);
        CHECK(same.size() == page.size());
        CHECK((same == page));

        // A slot right after the <body> tag (or at the start): only it changes.
        auto body = page.find("<body");
        body = body == std::string::npos ? 0 : page.find('>', body) + 1;
        if (body == 0 || body > page.size()) continue;  // no <body>, or it never closes
        const std::string slotted = page.substr(0, body) +
                                    "<div data-tact-slot=\"hero\"><p>original</p></div>" +
                                    page.substr(body);
        const std::string expected =
            page.substr(0, body) +
            "<div data-tact-slot=\"hero\" data-tact-variant=\"evening\"><b>E</b></div>" +
            page.substr(body);
        const auto out = rewrite(slotted, random_sizes(slotted.size(), random, 8192));
        CHECK(out.size() == expected.size());
        CHECK((out == expected));
    }
}

TEST_CASE("the markup lands where a plain reading of the tokenizer finds </body>", "[injector]") {
    // Random pages made of tags with every shape of attribute the tokenizer
    // knows, raw text, comments and stray quotes; the rewriter (fed in random
    // pieces) against the byte-at-a-time oracle in reference_body_end.hpp.
    const std::vector<std::string_view> atoms = {"<a href=\"x\">",
                                                 "<a href='y'>",
                                                 "<a title=\"a>b\">",
                                                 "<a title='</body>'>",
                                                 "<p class=x>",
                                                 "<p class=x/>",
                                                 "<a =\"</body>\">",
                                                 "<a b==\">\">",
                                                 "<a b c = 'd'>",
                                                 "<img src=\"a\"/>",
                                                 "<div\nclass=\"x\"\n>",
                                                 "<a b\"c=\"d>",
                                                 "<a b='c'd=\"e\">",
                                                 "<a b=\"c\"/ d>",
                                                 "<a\tb\t=\t'</body>'\t>",
                                                 "<x-y data-z=\"1\">",
                                                 "</p>",
                                                 "</a b=\">\">",
                                                 "<!-- x -->",
                                                 "<!--",
                                                 "-->",
                                                 "--!>",
                                                 "-",
                                                 "!",
                                                 "-!-",
                                                 "<!-->",
                                                 "<script>",
                                                 "</script>",
                                                 "<script x=\">\">",
                                                 "<style>",
                                                 "</style >",
                                                 "<title>",
                                                 "</title>",
                                                 "<textarea>",
                                                 "</textarea>",
                                                 "text ",
                                                 " ",
                                                 "<",
                                                 ">",
                                                 "\"",
                                                 "'",
                                                 "=",
                                                 "/",
                                                 "</body>",
                                                 "</BODY >",
                                                 "</body x=\">\">",
                                                 "<body>",
                                                 "<svg>",
                                                 "</svg>",
                                                 "<![CDATA[",
                                                 "]]>",
                                                 "<!x>",
                                                 "<?p?>",
                                                 "</3>",
                                                 "</>",
                                                 "<br/>",
                                                 "<p data-tact-slot=\"s\">"};
    std::mt19937 random(20261201);
    int found = 0;
    constexpr int kRounds = 3000;
    for (int round = 0; round < kRounds; ++round) {
        std::string page;
        const auto count = std::uniform_int_distribution<int>(1, 40)(random);
        for (int k = 0; k < count; ++k)
            page += atoms[std::uniform_int_distribution<std::size_t>(0, atoms.size() - 1)(random)];
        const auto body_end = tact::testing::reference_body_end(page);
        if (!body_end) continue;  // where it ends up then depends on how the page ends
        ++found;
        const auto expected =
            page.substr(0, *body_end) + std::string(kMark) + page.substr(*body_end);
        INFO(page);
        REQUIRE(inject(page) == expected);
        REQUIRE(inject(page, random_sizes(page.size(), random, 40)) == expected);
    }
    CHECK(found > kRounds / 4);  // the comparison was made often enough to mean something
}

TEST_CASE("a comment ends where the tokenizer ends it, however its dashes fall", "[injector]") {
    // Every text of up to six bytes of '-', '!', '>' and 'x' inside a comment,
    // then </body>: the rewriter (whole, and in pieces) against the oracle.
    std::mt19937 random(20261202);
    std::vector<std::string> texts = {""};
    for (std::size_t begin = 0, length = 0; length < 6; ++length) {
        const std::size_t end = texts.size();
        for (std::size_t k = begin; k < end; ++k)
            for (const char c : {'-', '!', '>', 'x'}) texts.push_back(texts[k] + c);
        begin = end;
    }
    int compared = 0;
    for (const auto& text : texts) {
        const std::string page = "<p>a<!--" + text + "</body>";
        const auto body_end = tact::testing::reference_body_end(page);
        // Where the comment swallows </body>, the page ends inside it and
        // gets no markup at all.
        const auto expected =
            body_end ? page.substr(0, *body_end) + std::string(kMark) + page.substr(*body_end)
                     : page;
        compared += body_end ? 1 : 0;
        INFO(page);
        REQUIRE(inject(page) == expected);
        REQUIRE(inject(page, random_sizes(page.size(), random, 4)) == expected);
    }
    CHECK(compared > 1000);               // comments that end before </body>
    CHECK(compared < int(texts.size()));  // and comments that do not
}
