// Which signal families the gateway reads (those a rule, Tact-Context or the
// profile needs), and what a visit looks like when a family is not read: its
// signals are neither taken from the request nor used, and the decision
// lists them as "not read".
#include "pipeline/signal_readers.hpp"

#include <catch2/catch.hpp>

#include "pipeline/pipeline.hpp"
#include "request_heads.hpp"
#include "shipped_policies.hpp"

using namespace tact;
using signals::Family;
using signals::FamilySet;

namespace {

personalize::Rules rules_reading(std::set<std::string> names) {
    personalize::Rules rules;
    rules.slots.push_back({"hero",
                           {{.id = "v",
                             .when = std::nullopt,
                             .content = {},
                             .signals_read = std::move(names),
                             .line = 1}}});
    return rules;
}

FamilySet only(std::initializer_list<Family> families) {
    auto set = FamilySet::none();
    for (const auto family : families) set.add(family);
    return set;
}

const auto kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + std::chrono::hours(19);

// A Munich visitor (the test database) on a phone, searching, with no consent.
pipeline::Visit visit_reading(const FamilySet& families) {
    static const auto db = geoip::GeoIpDatabase::open(TACT_TEST_GEOIP_DIR "/test-city.mmdb",
                                                      geoip::LookupPaths::geoip2());
    static const auto settings = signals::SignalSettings::defaults();
    static const auto request = test::parsed_request(
        "Host: shop.example\r\n"
        "Accept: text/html\r\n"
        "User-Agent: Mozilla/5.0 (iPhone) Mobile\r\n"
        "Accept-Language: de-DE\r\n"
        "Referer: https://shop.example/shoes/\r\n",
        "GET /sale/?q=rabatt&utm_source=news&tact_src=hero HTTP/1.1");
    return pipeline::prepare_visit({.client = boost::asio::ip::make_address("192.0.2.10"),
                                    .request = request,
                                    .geoip = db.get(),
                                    .policies = &shipped_policies(),
                                    .consent_keys = nullptr,
                                    .rules = nullptr,
                                    .settings = settings,
                                    .demo_parameter = "",
                                    .families_read = families,
                                    .now = kNow});
}

}  // namespace

TEST_CASE("a family is read when a rule or Tact-Context reads one of its signals") {
    using pipeline::families_read;
    const auto by_daypart_and_words = rules_reading({"time.daypart", "search.keywords"});
    const std::vector<std::string> country_only{"geo.country"};
    const std::vector<std::string> whole_language_family{"language"};
    const std::vector<std::string> one_profile_signal{"profile.visits"};
    const std::vector<std::string> not_a_family{"languages", "geo_country"};

    CHECK(families_read(nullptr, nullptr) == FamilySet::all());  // Tact-Context: every used one
    CHECK(families_read(&by_daypart_and_words, nullptr) == FamilySet::all());
    CHECK(families_read(nullptr, &country_only) == only({Family::geo}));
    CHECK(families_read(&by_daypart_and_words, &country_only) ==
          only({Family::geo, Family::time, Family::search}));
    CHECK(families_read(nullptr, &whole_language_family) == only({Family::language}));
    // A kept profile counts the sections of the pages viewed: path comes with it.
    CHECK(families_read(nullptr, &one_profile_signal) == only({Family::profile, Family::path}));
    CHECK(families_read(nullptr, &not_a_family) == FamilySet::none());
}

TEST_CASE("every catalog signal belongs to one family, and no family is empty") {
    std::size_t listed = 0;
    for (std::size_t i = 0; i < signals::kFamilyCount; ++i) {
        const auto family = static_cast<Family>(i);
        const auto names = signals::signals_of(family);
        CHECK_FALSE(names.empty());
        for (const auto name : names) CHECK(signals::family_named(name) == family);
        listed += names.size();
    }
    CHECK(listed == signals::signal_catalog().size());
}

TEST_CASE("a family nobody reads is not taken from the request, and the decision says so") {
    const auto all = visit_reading(FamilySet::all());
    // The same visit with every family read, so that what is missing below is
    // missing because it was not read, not because the request lacks it.
    CHECK(signals::value_of(all.signals, "device.class") == "mobile");
    CHECK(signals::value_of(all.signals, "language.primary") == "de");
    CHECK(signals::value_of(all.signals, "search.keywords") == "rabatt");
    CHECK_FALSE(signals::value_of(all.signals, "time.daypart").empty());
    CHECK(all.decision.find_used("geo.country"));
    for (const auto& withheld : all.decision.all_withheld())
        CHECK(withheld.reason.kind != policy::Reason::Kind::not_read);

    const auto geo_only = visit_reading(only({Family::geo}));
    REQUIRE_FALSE(geo_only.signals.empty());
    for (const auto& signal : geo_only.signals) {
        INFO(signal.name);
        CHECK(signals::family_of(signal.name) == "geo");
    }
    CHECK(geo_only.decision.find_used("geo.country")->value == "DE");
    for (const auto name : {"time.daypart", "search.keywords", "campaign.source", "path.section",
                            "click.source", "device.class", "language.primary"}) {
        INFO(name);
        CHECK_FALSE(geo_only.decision.find_used(name));
        const auto* withheld = geo_only.decision.find_withheld(name);
        REQUIRE(withheld);
        CHECK(withheld->reason.kind == policy::Reason::Kind::not_read);
        CHECK(withheld->reason.text().starts_with("not read"));
    }
    // Each signal is listed once: the profile's reason comes from its own step.
    const auto withheld = geo_only.decision.all_withheld();
    for (const auto& kind : signals::signal_catalog()) {
        INFO(kind.name);
        CHECK(std::count_if(withheld.begin(), withheld.end(),
                            [&](const auto& w) { return w.name == kind.name; }) <= 1);
    }
}

TEST_CASE("search and campaign come from one query but are read apart") {
    const auto campaign_only = visit_reading(only({Family::campaign}));
    CHECK(signals::value_of(campaign_only.signals, "campaign.source") == "news");
    CHECK(signals::value_of(campaign_only.signals, "search.keywords").empty());
    CHECK(campaign_only.decision.find_withheld("search.keywords")->reason.kind ==
          policy::Reason::Kind::not_read);

    const auto search_only = visit_reading(only({Family::search}));
    CHECK(signals::value_of(search_only.signals, "search.keywords") == "rabatt");
    CHECK(signals::value_of(search_only.signals, "campaign.source").empty());

    const auto click_only = visit_reading(only({Family::click}));
    CHECK(click_only.signals ==
          signals::Signals{{"click.source", "hero", signals::Privacy::contextual, "link"}});
}
