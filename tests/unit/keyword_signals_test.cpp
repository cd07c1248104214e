// Search keywords: decoding, normalization across scripts, and their sources.
// Latin folding expectations were checked against Python's casefold + NFKC.
#include "signals/keyword_signals.hpp"

#include <catch2/catch.hpp>
#include <random>

#include "signals/keyword_text.hpp"
#include "signals/url_parts.hpp"

using namespace tact::signals;

namespace {

std::string normalized(std::string_view raw) {
    return normalize_keyword_text(percent_decode(raw));
}

Signals keywords(std::string_view target, std::string_view referer = "") {
    Signals out;
    const auto landing_query = query_parameters(target);
    add_keyword_signals(out, {.landing_query = landing_query,
                              .referer = referer,
                              .site_search_parameters = default_site_search_parameters()});
    return out;
}

}  // namespace

TEST_CASE("percent-decoding: '+' is a space, broken escapes are dropped") {
    CHECK(percent_decode("running+shoes") == "running shoes");
    CHECK(percent_decode("50%25%20off") == "50% off");
    CHECK(percent_decode("%D8%AA%D8%AE") == "تخ");
    CHECK(percent_decode("bad%zzescape%") == "badzzescape");
    CHECK(percent_decode("%4") == "4");
}

TEST_CASE("case folding and compatibility forms") {
    CHECK(normalized("Running+SHOES") == "running shoes");
    CHECK(normalized("Stra%C3%9Fe") == "strasse");
    CHECK(normalized("%C3%89T%C3%89") == "été");
    CHECK(normalized("ＤＩＳＣＯＵＮＴ") == "discount");  // fullwidth letters
    CHECK(normalized("Привет") == "привет");
    CHECK(normalized("ﬁne") == "fine");  // the fi ligature
}

TEST_CASE("Persian and Arabic spellings of a word normalize alike") {
    // "discount" with Arabic yeh (U+064A) and with Persian yeh (U+06CC).
    CHECK(normalized("تخفيض") == normalized("تخفیض"));
    CHECK(normalized("تخفيض") == "\u062a\u062e\u0641\u06cc\u0636");
    // Arabic kaf (U+0643) and keheh (U+06A9): "book".
    CHECK(normalized("كتاب") == normalized("کتاب"));
    CHECK(normalized("كتاب") == "\u06a9\u062a\u0627\u0628");
    // Alef maksura becomes Persian yeh too.
    CHECK(normalized("\u0645\u0648\u0633\u0649") == "\u0645\u0648\u0633\u06cc");
    // Tatweel and harakat are not part of the word.
    CHECK(normalized("تخفـــیف") == "تخفیف");
    CHECK(normalized("تَخْفِیف") == "تخفیف");
    // ZWNJ joins: "می‌خواهم" and "میخواهم" are one word.
    CHECK(normalized("می\u200cخواهم") == normalized("میخواهم"));
    // Arabic-Indic and Persian digits are digits.
    CHECK(normalized("\u0662\u0660") == "20");
    CHECK(normalized("\u06f2\u06f0") == "20");
}

TEST_CASE("invalid UTF-8 is dropped, never passed on") {
    CHECK(normalized("abc%FF%FEdef") == "abcdef");
    CHECK(normalized("%C3") == "");
    CHECK(normalized("%ED%A0%80x") == "x");  // an encoded surrogate
    CHECK(normalized("%C0%AFx") == "x");     // an overlong '/'
}

TEST_CASE("tokens: words split on spaces and punctuation of any script, capped") {
    CHECK(keyword_tokens("running, shoes! size 42") ==
          std::vector<std::string>{"running", "shoes", "size", "42"});
    CHECK(keyword_tokens("تخفیف،کفش؟") == std::vector<std::string>{"تخفیف", "کفش"});
    CHECK(keyword_tokens("a b c d", 2) == std::vector<std::string>{"a", "b"});
    CHECK(keyword_tokens("short " + std::string(100, 'x') + " kept", 16, 64) ==
          std::vector<std::string>{"short", "kept"});
    CHECK(keyword_tokens("").empty());
}

TEST_CASE("keyword sources, most specific first") {
    SECTION("the site's own search") {
        const auto out = keywords("/search.html?q=Rain+Jacket&utm_term=other");
        CHECK(value_of(out, "search.keywords") == "rain jacket");
        CHECK(value_of(out, "search.source") == "site");
    }
    SECTION("utm_term and the campaign") {
        const auto out = keywords(
            "/?utm_term=Discount%20Shoes&utm_source=Newsletter&utm_medium=email&utm_campaign="
            "winter-sale");
        CHECK(value_of(out, "search.keywords") == "discount shoes");
        CHECK(value_of(out, "search.source") == "campaign");
        CHECK(value_of(out, "campaign.source") == "newsletter");
        CHECK(value_of(out, "campaign.medium") == "email");
        CHECK(value_of(out, "campaign.name") == "winter sale");
    }
    SECTION("a search engine's referer") {
        CHECK(value_of(keywords("/", "https://www.google.de/search?hl=de&q=trail+runner"),
                       "search.keywords") == "trail runner");
        CHECK(value_of(keywords("/", "https://www.google.de/search?q=x"), "search.source") ==
              "google");
        CHECK(value_of(
                  keywords("/", "https://search.yahoo.com/search?p=%D8%AA%D8%AE%D9%81%DB%8C%D9%81"),
                  "search.keywords") == "تخفیف");
        CHECK(value_of(
                  keywords("/",
                           "https://yandex.ru/search/?text=%D1%81%D0%BA%D0%B8%D0%B4%D0%BA%D0%B0"),
                  "search.keywords") == "скидка");
        CHECK(value_of(keywords("/", "https://www.baidu.com/s?wd=shoes"), "search.keywords") ==
              "shoes");
        // The engine's label anywhere before the last one, with a port or not.
        CHECK(value_of(keywords("/", "https://ya.ru:443/?text=boots"), "search.source") == "ya");
        CHECK(value_of(keywords("/", "https://a.b.bing.co.uk/?q=boots"), "search.source") ==
              "bing");
        // Two engines' labels: the first in the engines' list wins.
        CHECK(value_of(keywords("/", "https://ya.google.com/?q=boots"), "search.source") ==
              "google");
    }
    SECTION("nothing to say") {
        CHECK(keywords("/", "https://www.google.com/")
                  .empty());  // most browsers send only the origin
        CHECK(keywords("/", "https://shop.example/?q=not-an-engine").empty());
        CHECK(keywords("/?q=", "").empty());
        CHECK(keywords("/?q=%FF%FE", "").empty());
        CHECK(keywords("/", "not a url").empty());
        CHECK(keywords("/", "https://user@google.com/?q=x").empty());
        CHECK(keywords("/", "https://shop.google/?q=x").empty());  // a top-level domain
        CHECK(keywords("/", "https://googles.example/?q=x").empty());
    }
}

TEST_CASE("query parameters are found by exact name") {
    CHECK(query_parameter("/p?a=1&q=x&b=2", "q") == "x");
    CHECK(query_parameter("/p?aq=1&q=2", "q") == "2");
    CHECK(query_parameter("/p?q", "q") == "");
    CHECK(query_parameter("/p#q=1", "q") == "");
    CHECK(query_parameter("/p?x=1#q=2", "q") == "");
}

namespace {

// keyword_words is a one-pass shortcut; this is what it must equal.
std::string words_the_long_way(std::string_view encoded, std::size_t max_tokens = 16,
                               std::size_t max_bytes = 64) {
    std::string joined;
    for (const auto& token :
         keyword_tokens(normalize_keyword_text(percent_decode(encoded)), max_tokens, max_bytes)) {
        if (!joined.empty()) joined += ' ';
        joined += token;
    }
    return joined;
}

}  // namespace

TEST_CASE("keyword_words equals decoding, normalizing and splitting step by step") {
    for (const std::string& input : std::vector<std::string>{
             "", "running+shoes", "Running%20SHOES", "%D8%AA%D8%AE%D9%81%DB%8C%D9%81+running",
             "%D9%83%D9%8A%D9%81", "Stra%C3%9Fe+%EF%BC%A1", "bad%zz%C3", "%FF%FE+abc", "a,b;c!d",
             "x" + std::string(70, 'y') + "+kept", "1+2+3+4+5+6+7+8+9+10+11+12+13+14+15+16+17+18",
             "%E2%80%8C%D9%85%DB%8C%E2%80%8C%D8%AE%D9%88%D8%A7%D9%87%D9%85", "+++", "%",
             // One lower-case word is its own result, within the byte cap.
             "newsletter", "email2024", "abcd", "abcde", std::string(64, 'w'), std::string(65, 'w'),
             "Newsletter"}) {
        INFO(input);
        CHECK(keyword_words(input) == words_the_long_way(input));
        CHECK(keyword_words(input, 2, 4) == words_the_long_way(input, 2, 4));
    }
    // And on a few thousand random mixes of letters, escapes, separators and stray bytes.
    std::mt19937 random(20261123);
    const std::string alphabet = "aZ09 +-%%%,.;/\xC3\x80\xD8\xAA\xFF";
    for (int i = 0; i < 3000; ++i) {
        std::string input;
        const int length = static_cast<int>(random() % 40);
        for (int j = 0; j < length; ++j) {
            if (random() % 4 == 0) {
                static const char* const escapes[] = {"%C3%A9", "%D9%8A", "%DB%8C", "%E2%80%8C",
                                                      "%FF",    "%4",     "%41",    "%D8"};
                input += escapes[random() % 8];
            } else {
                input += alphabet[random() % alphabet.size()];
            }
        }
        INFO(input);
        REQUIRE(keyword_words(input, 4, 8) == words_the_long_way(input, 4, 8));
    }
}

TEST_CASE("Arabic-script keywords take a shortcut past ICU that changes nothing") {
    // Every code point of the Arabic block (the inert ones take the shortcut;
    // the others, such as combining hamza and madda, must still reach ICU),
    // with ZWNJ, ZWJ, ASCII, spaces and presentation forms mixed in.
    std::mt19937 random(20261201);
    auto utf8 = [](char32_t c) {
        std::string out;
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
        return out;
    };
    auto percent = [](const std::string& bytes) {
        static constexpr char kHex[] = "0123456789ABCDEF";
        std::string out;
        for (const unsigned char b : bytes) {
            out += '%';
            out += kHex[b >> 4];
            out += kHex[b & 0xF];
        }
        return out;
    };
    for (char32_t c = 0x0600; c <= 0x06FF; ++c) {
        const auto input = percent(utf8(0x0627) + utf8(c) + utf8(0x0628));
        INFO(std::hex << static_cast<unsigned>(c));
        REQUIRE(keyword_words(input) == words_the_long_way(input));
    }
    const std::vector<char32_t> extras = {0x200C, 0x200D, 'a', 'Q', '7', ' ', ',', 0xFEFB, 0xFB8E};
    for (int i = 0; i < 5000; ++i) {
        std::string text;
        const int length = static_cast<int>(random() % 12);
        for (int j = 0; j < length; ++j)
            text += random() % 3 == 0 ? utf8(extras[random() % extras.size()])
                                      : utf8(0x0600 + random() % 0x100);
        const auto input = percent(text);
        INFO(input);
        REQUIRE(keyword_words(input) == words_the_long_way(input));
        REQUIRE(keyword_words(input, 3, 6) == words_the_long_way(input, 3, 6));
    }
}
