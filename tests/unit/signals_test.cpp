// Contextual signals, table by table. Expected local times were checked
// against Python's zoneinfo, independently of the code under test.
#include <date/date.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>

#include "geoip/country_set.hpp"
#include "signals/catalog.hpp"
#include "signals/click_signals.hpp"
#include "signals/device_signals.hpp"
#include "signals/geo_signals.hpp"
#include "signals/language_signals.hpp"
#include "signals/path_signals.hpp"
#include "signals/time_signals.hpp"
#include "signals/url_parts.hpp"
#include "signals/visit_signals.hpp"

using namespace tact::signals;

namespace {

// "2026-11-23T15:30:00" as UTC.
std::chrono::system_clock::time_point utc(const char* text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    REQUIRE(std::sscanf(text, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &sec) == 6);
    const auto day = date::sys_days{date::year{y} / mo / d};
    return day + std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{sec};
}

Signals time_at(const char* when, std::string_view zone, std::string_view country = "",
                std::string_view site_zone = "") {
    Signals out;
    add_time_signals(
        out,
        {.now = utc(when), .time_zone = zone, .site_time_zone = site_zone, .country = country});
    return out;
}

}  // namespace

TEST_CASE("geo signals carry what the database knew, each with its granularity") {
    Signals out;
    add_geo_signals(out, {.continent = "NA",
                          .country = "US",
                          .subdivision = "US-CA",
                          .city = "San José",
                          .time_zone = "America/Los_Angeles",
                          .in_eu_eea = false});
    CHECK(out == Signals{{"geo.continent", "NA", Privacy::contextual, "continent"},
                         {"geo.country", "US", Privacy::contextual, "country"},
                         {"geo.subdivision", "US-CA", Privacy::contextual, "subdivision"},
                         {"geo.city", "San José", Privacy::contextual, "city"}});
    Signals none;
    add_geo_signals(none, {});
    CHECK(none.empty());
}

TEST_CASE("visitor-local time across time zones") {
    struct Row {
        const char* when;
        const char* zone;
        const char* country;
        const char* hour;
        const char* daypart;
        const char* weekday;
        const char* weekend;
        const char* season;
    };
    const Row rows[] = {
        {"2026-11-23T15:30:00", "Asia/Tehran", "IR", "19", "evening", "monday", "false", "autumn"},
        {"2026-11-23T15:30:00", "America/Los_Angeles", "US", "7", "morning", "monday", "false",
         "autumn"},
        {"2026-11-23T15:30:00", "Australia/Sydney", "AU", "2", "night", "tuesday", "false",
         "spring"},
        {"2026-11-27T10:00:00", "Asia/Tehran", "IR", "13", "afternoon", "friday", "true", "autumn"},
        {"2026-11-28T10:00:00", "Asia/Riyadh", "SA", "13", "afternoon", "saturday", "true",
         "autumn"},
        {"2026-11-29T10:00:00", "Asia/Riyadh", "SA", "13", "afternoon", "sunday", "false",
         "autumn"},
        {"2026-11-29T10:00:00", "Europe/Berlin", "DE", "11", "morning", "sunday", "true", "autumn"},
        {"2026-07-01T12:00:00", "America/Sao_Paulo", "BR", "9", "morning", "wednesday", "false",
         "winter"},
    };
    for (const auto& r : rows) {
        INFO(r.when << " " << r.zone);
        const auto out = time_at(r.when, r.zone, r.country);
        CHECK(value_of(out, "time.hour") == r.hour);
        CHECK(value_of(out, "time.daypart") == r.daypart);
        CHECK(value_of(out, "time.weekday") == r.weekday);
        CHECK(value_of(out, "time.weekend") == r.weekend);
        CHECK(value_of(out, "time.season") == r.season);
    }
}

TEST_CASE("daylight saving changes move the local hour") {
    CHECK(value_of(time_at("2026-03-08T06:30:00", "America/New_York"), "time.hour") == "1");
    CHECK(value_of(time_at("2026-03-08T07:30:00", "America/New_York"), "time.hour") == "3");
    // Back again: the offset the thread remembers for the zone is for its own span only.
    CHECK(value_of(time_at("2026-03-08T06:30:00", "America/New_York"), "time.hour") == "1");
    CHECK(value_of(time_at("2026-03-29T00:30:00", "Europe/Berlin"), "time.hour") == "1");
    CHECK(value_of(time_at("2026-03-29T01:30:00", "Europe/Berlin"), "time.hour") == "3");
}

TEST_CASE("the site's time zone stands in when geo gives none, and no zone means no time signals") {
    CHECK(value_of(time_at("2026-11-23T15:30:00", "", "", "Asia/Tehran"), "time.hour") == "19");
    CHECK(value_of(time_at("2026-11-23T15:30:00", "Not/AZone", "", "Asia/Tehran"), "time.hour") ==
          "19");
    CHECK(time_at("2026-11-23T15:30:00", "", "", "").empty());
    CHECK(time_at("2026-11-23T15:30:00", "Not/AZone", "", "Neither/This").empty());
}

TEST_CASE("dayparts and seasons") {
    CHECK(daypart_of(0) == "night");
    CHECK(daypart_of(5) == "night");
    CHECK(daypart_of(6) == "morning");
    CHECK(daypart_of(12) == "afternoon");
    CHECK(daypart_of(18) == "evening");
    CHECK(daypart_of(23) == "evening");
    CHECK(season_of(12, false) == "winter");
    CHECK(season_of(3, false) == "spring");
    CHECK(season_of(6, false) == "summer");
    CHECK(season_of(9, false) == "autumn");
    CHECK(season_of(12, true) == "summer");
    CHECK(season_of(6, true) == "winter");
}

TEST_CASE("weekends and hemispheres by country") {
    constexpr unsigned kSunday = 0, kThursday = 4, kFriday = 5, kSaturday = 6;
    CHECK(is_weekend(kSaturday, "DE"));
    CHECK(is_weekend(kSunday, "DE"));
    CHECK_FALSE(is_weekend(kFriday, "DE"));
    CHECK(is_weekend(kFriday, "IR"));
    CHECK_FALSE(is_weekend(kSaturday, "IR"));
    CHECK(is_weekend(kThursday, "AF"));
    for (const char* country : {"BD", "BH", "DZ", "EG", "IL", "IQ", "JO", "KW", "LY", "MV", "OM",
                                "QA", "SA", "SD", "YE"}) {
        INFO(country);
        CHECK(is_weekend(kFriday, country));
        CHECK(is_weekend(kSaturday, country));
        CHECK_FALSE(is_weekend(kSunday, country));
    }
    for (const char* country :
         {"AO", "AR", "AU", "BO", "BR", "BW", "CL", "FJ", "LS", "MG", "MU", "MW",
          "MZ", "NA", "NZ", "PE", "PG", "PY", "RW", "SZ", "TZ", "UY", "ZA", "ZM"}) {
        INFO(country);
        CHECK(is_southern_hemisphere(country));
    }
    for (const char* country : {"DE", "US", "IR", "AA", "ZZ", "", "A", "ZAF", "za", "Z@"}) {
        INFO(country);
        CHECK_FALSE(is_southern_hemisphere(country));
    }
    // Only two capital letters can be members, even of a set told otherwise.
    constexpr tact::geoip::CountrySet kOdd{"ZZ", "AA", "a", "xyz"};
    CHECK(kOdd.contains("ZZ"));
    CHECK(kOdd.contains("AA"));
    CHECK_FALSE(kOdd.contains("a"));
    CHECK_FALSE(kOdd.contains("xyz"));
    CHECK_FALSE(kOdd.contains("AB"));
}

TEST_CASE("device class from User-Agent and Sec-CH-UA-Mobile") {
    struct Row {
        const char* ua;
        const char* mobile_hint;
        const char* expected;
    };
    const Row rows[] = {
        {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
         "Mobile/15E148",
         "", "mobile"},
        {"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile "
         "Safari/537.36",
         "?1", "mobile"},
        {"Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
         "?0", "tablet"},
        {"Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15", "", "tablet"},
        {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
         "?0", "desktop"},
        {"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 "
         "Safari/605.1.15",
         "", "desktop"},
        {"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "", "bot"},
        {"curl/7.88.1", "", "bot"},
        {"", "?1", "mobile"},
        {"", "", ""},
        {"something unheard of", "", ""},
    };
    // Twice, the second time from the thread's memory of each UA, in reverse.
    for (const auto& r : rows) {
        INFO(r.ua);
        CHECK(device_class(r.ua, r.mobile_hint) == r.expected);
    }
    for (auto r = std::rbegin(rows); r != std::rend(rows); ++r) {
        INFO(r->ua);
        CHECK(device_class(r->ua, r->mobile_hint) == r->expected);
    }
    // The remembered class is the one for this UA *and* this hint.
    const char* android_tablet = rows[2].ua;
    CHECK(device_class(android_tablet, "?1") == "mobile");
    CHECK(device_class(android_tablet, "") == "tablet");
    CHECK(device_class(android_tablet, "?0") == "tablet");
    Signals out;
    add_device_signals(out, std::string(100000, 'x') + "iPhone", "");
    CHECK(out.empty());  // what lies past 1 KiB is not read
}

TEST_CASE("preferred language from Accept-Language") {
    struct Row {
        const char* header;
        const char* expected;
    };
    const Row rows[] = {
        {"fa-IR,fa;q=0.9,en;q=0.5", "fa-IR"},
        {"en;q=0.2, de", "de"},
        {"ar-EG;q=0.8, ar;q=0.9", "ar"},
        {"EN-gb", "en-GB"},
        {"zh-Hant-TW", "zh-hant-TW"},
        {"*", ""},
        {"", ""},
        {"de;q=0", ""},
        {"de;q=1.5, fr;q=0.4", "fr"},
        {"de;q=abc, fr", "fr"},
        {"x, en", "en"},
        {"toolonglanguage, es", "es"},
        {"en-, es;q=0.1", "es"},
        {",,,;;;", ""},
        {"\xff\xfe, it", "it"},
    };
    for (const auto& r : rows) {
        INFO(r.header);
        CHECK(preferred_language(r.header) == r.expected);
    }
    Signals out;
    add_language_signals(out, "fa-IR,fa;q=0.9");
    CHECK(out == Signals{{"language.preferred", "fa-IR", Privacy::contextual, "tag"},
                         {"language.primary", "fa", Privacy::contextual, "language"}});
}

TEST_CASE("path, section and same-site referring path") {
    Signals out;
    add_path_signals(out, {.target = "/shoes/trail-runner?utm_term=x",
                           .host = "Shop.Example",
                           .referer = "https://shop.example/shoes/running?page=2"});
    CHECK(out == Signals{{"path.current", "/shoes/trail-runner", Privacy::contextual, "path"},
                         {"path.section", "shoes", Privacy::contextual, "section"},
                         {"path.referrer", "/shoes/running", Privacy::contextual, "path"}});

    Signals other_site;
    add_path_signals(
        other_site,
        {.target = "/", .host = "shop.example", .referer = "https://elsewhere.example/x"});
    CHECK(other_site == Signals{{"path.current", "/", Privacy::contextual, "path"}});

    Signals tricky;
    add_path_signals(
        tricky,
        {.target = "/a", .host = "shop.example", .referer = "https://shop.example@evil.example/"});
    CHECK(value_of(tricky, "path.referrer").empty());

    Signals not_origin_form;
    add_path_signals(not_origin_form, {.target = "*", .host = "", .referer = ""});
    CHECK(not_origin_form.empty());
}

TEST_CASE("click context from the link, and the URL the origin gets without it") {
    Signals out;
    add_click_signal(out, query_parameters("/product.html?tact_src=Hero-Banner&x=1"), "tact_src");
    CHECK(out == Signals{{"click.source", "hero-banner", Privacy::contextual, "link"}});
    for (const char* bad : {"/p?tact_src=", "/p?tact_src=a%20b", "/p?tact_src=<script>", "/p"}) {
        Signals none;
        add_click_signal(none, query_parameters(bad), "tact_src");
        INFO(bad);
        CHECK(none.empty());
    }
    CHECK(without_query_parameter("/p?x=1&tact_src=hero&y=2", "tact_src") == "/p?x=1&y=2");
    CHECK(without_query_parameter("/p?tact_src=hero", "tact_src") == "/p");
    CHECK(without_query_parameter("/p?tact_src=hero#top", "tact_src") == "/p#top");
    CHECK(without_query_parameter("/p?tact_srcx=1", "tact_src") == "/p?tact_srcx=1");
    CHECK(without_query_parameter("/p", "tact_src") == "/p");
}

TEST_CASE("all signals of one request") {
    const auto out = extract_signals(
        {.target = "/search.html?q=%D8%AA%D8%AE%D9%81%DB%8C%D9%81&tact_src=hero",
         .host = "shop.example",
         .referer = "https://shop.example/product.html",
         .user_agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148",
         .ch_ua_mobile = "",
         .accept_language = "fa-IR,fa;q=0.9"},
        {.continent = "AS",
         .country = "IR",
         .subdivision = "IR-23",
         .city = "تهران",
         .time_zone = "Asia/Tehran",
         .in_eu_eea = false},
        utc("2026-11-23T15:30:00"), SignalSettings::defaults());
    CHECK(value_of(out, "geo.city") == "تهران");
    CHECK(value_of(out, "time.daypart") == "evening");
    CHECK(value_of(out, "search.keywords") == "تخفیف");
    CHECK(value_of(out, "path.section") == "search.html");
    CHECK(value_of(out, "path.referrer") == "/product.html");
    CHECK(value_of(out, "click.source") == "hero");
    CHECK(value_of(out, "device.class") == "mobile");
    CHECK(value_of(out, "language.primary") == "fa");
    CHECK(std::all_of(out.begin(), out.end(),
                      [](const Signal& s) { return s.privacy == Privacy::contextual; }));
}

TEST_CASE(
    "every signal the extractors produce is in the catalog, with the same class and a known "
    "granularity") {
    const auto out = extract_signals(
        {.target = "/shoes/x?q=a&utm_source=s&utm_medium=m&utm_campaign=c&tact_src=hero",
         .host = "shop.example",
         .referer = "https://shop.example/shoes",
         .user_agent = "Mozilla/5.0 (iPhone) Mobile",
         .ch_ua_mobile = "?1",
         .accept_language = "fa-IR"},
        {.continent = "AS",
         .country = "IR",
         .subdivision = "IR-23",
         .city = "x",
         .time_zone = "Asia/Tehran",
         .in_eu_eea = false},
        utc("2026-11-23T15:30:00"), SignalSettings::defaults());
    CHECK(out.size() ==
          22);  // 4 geo, 6 time, 2 search, 3 campaign, 3 path, click, device, 2 language
    for (const auto& signal : out) {
        INFO(signal.name);
        const auto kind = find_signal_kind(signal.name);
        REQUIRE(kind);
        CHECK(kind->privacy == signal.privacy);
        CHECK(std::find(kind->granularities.begin(), kind->granularities.end(),
                        signal.granularity) != kind->granularities.end());
        CHECK(kind->produced == signal.granularity);
    }
    // Personal signals are declared, and only profile signals are personal.
    CHECK(find_signal_kind("profile.interests")->privacy == Privacy::personal);
    for (const auto& kind : signal_catalog())
        CHECK((kind.privacy == Privacy::personal) == kind.name.starts_with("profile."));
    CHECK_FALSE(find_signal_kind("geo.street"));
}
