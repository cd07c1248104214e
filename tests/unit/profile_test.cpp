#include <catch2/catch.hpp>

#include "consent/consent_cookie.hpp"
#include "personalize/profile_cookie.hpp"
#include "pipeline/signal_readers.hpp"

using namespace tact;
using personalize::Profile;

namespace {

const consent::KeyRing kRing({{"k1", std::string(32, 'a')}}, "k1");

Profile viewed(std::initializer_list<std::string_view> sections) {
    Profile p;
    for (const auto s : sections) p = personalize::after_page_view(p, s);
    return p;
}

std::string signal(const Profile& p, std::string_view name) {
    signals::Signals out;
    personalize::add_profile_signals(out, p);
    return std::string(signals::value_of(out, name));
}

}  // namespace

TEST_CASE("a profile keeps the sections viewed, most recent first, and derives interests") {
    const auto p = viewed({"shoes", "packs", "", "shoes", "shoes.html", "jackets", "Bad Name!"});
    CHECK(p.page_views == 7);
    REQUIRE(p.sections.size() == 3);
    CHECK(p.sections[0] == personalize::SectionViews{"jackets", 1});
    CHECK(p.sections[1] == personalize::SectionViews{"shoes", 3});  // "shoes.html" counts too
    CHECK(signal(p, "profile.recent_sections") == "jackets shoes packs");
    CHECK(signal(p, "profile.interests") == "shoes");
    CHECK(signal(p, "profile.visits") == "7");
    CHECK(signal(Profile{}, "profile.visits").empty());  // nothing before the first view

    Profile many;
    for (int i = 0; i < 20; ++i) many = personalize::after_page_view(many, "s" + std::to_string(i));
    CHECK(many.sections.size() == Profile::kMostSections);
    CHECK(many.sections.front().section == "s19");

    signals::Signals out;
    personalize::add_profile_signals(out, p);
    for (const auto& s : out) CHECK(s.privacy == signals::Privacy::personal);
}

TEST_CASE("the profile cookie reads back only as the gateway signed it") {
    const auto p = viewed({"shoes", "shoes", "packs"});
    const auto value = personalize::encode_profile_cookie(p, kRing);
    CHECK(value.starts_with("p1.k1."));
    REQUIRE(personalize::read_profile_cookie(value, kRing));
    CHECK(*personalize::read_profile_cookie(value, kRing) == p);

    auto edited = value;
    edited[8] = edited[8] == 'A' ? 'B' : 'A';
    CHECK_FALSE(personalize::read_profile_cookie(edited, kRing));
    CHECK_FALSE(personalize::read_profile_cookie("p1.k1.e30.x", kRing));
    CHECK_FALSE(personalize::read_profile_cookie("", kRing));
    // A consent cookie signed with the same keys is not a profile, nor the other way round.
    const auto consent_value = consent::sign_consent_payload(R"({"s":[],"n":1})", kRing);
    CHECK_FALSE(personalize::read_profile_cookie(consent_value, kRing));
    const consent::KeyRing other({{"k1", std::string(32, 'b')}}, "k1");
    CHECK_FALSE(personalize::read_profile_cookie(value, other));
}

TEST_CASE("the profile is allowed as the policy's gate says, and its cookie says how long") {
    policy::Policy eu;
    eu.id = "eu-gdpr";
    eu.consent_model = policy::ConsentModel::opt_in;
    policy::Purpose personalization;
    personalization.id = "personalization";
    eu.purposes = {personalization};
    eu.signals["profile"] = {policy::SignalRule::Allowed::with_consent, "personalization", ""};
    eu.consent_max_age_days = 180;

    consent::ConsentState none;
    consent::ConsentState granted;
    granted.purposes["personalization"] = consent::Choice::granted;
    consent::ConsentState refused;
    refused.purposes["personalization"] = consent::Choice::refused;
    CHECK_FALSE(personalize::profile_reason(eu, none).allows());
    CHECK(personalize::profile_reason(eu, granted).allows());
    CHECK_FALSE(personalize::profile_reason(eu, refused).allows());

    // Opt-out lets contextual signals be used until refused, but the profile
    // (personal) waits for the visitor's own grant.
    policy::Policy us = eu;
    us.consent_model = policy::ConsentModel::opt_out;
    us.purposes.front().default_under_opt_out = true;
    CHECK_FALSE(personalize::profile_reason(us, none).allows());
    CHECK(personalize::profile_reason(us, granted).allows());
    CHECK_FALSE(personalize::profile_reason(us, refused).allows());

    // The profile stays as long as the policy keeps a consent, never past
    // the grant it rests on.
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto lifetime = [&](std::chrono::seconds grant_left) {
        consent::ConsentState state = granted;
        state.lapses_at = now + grant_left;
        return personalize::profile_lifetime(eu, state, now);
    };
    CHECK(lifetime(std::chrono::days{10}) == std::chrono::days{10});
    CHECK(lifetime(std::chrono::days{400}) == std::chrono::days{eu.consent_max_age_days});
    CHECK(lifetime(std::chrono::seconds{-5}) == std::chrono::seconds{0});
    CHECK(personalize::profile_set_cookie("v", std::chrono::days{180}, true) ==
          "tact_profile=v; Max-Age=15552000; Path=/; HttpOnly; SameSite=Lax; Secure");
    CHECK(personalize::profile_deletion(false) ==
          "tact_profile=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
}

TEST_CASE("the profile is kept only when a rule reads it or Tact-Context may carry it") {
    auto something_reads_profile = [](const personalize::Rules* rules,
                                      const std::vector<std::string>* context_signals) {
        return pipeline::families_read(rules, context_signals).contains(signals::Family::profile);
    };
    personalize::Rules by_country;
    by_country.slots.push_back({"hero",
                                {{.id = "de",
                                  .when = std::nullopt,
                                  .content = {},
                                  .signals_read = {"geo.country"},
                                  .line = 1}}});
    auto by_interest = by_country;
    by_interest.slots[0].variants[0].signals_read.insert("profile.interests");
    const std::vector<std::string> country_only{"geo.country"};
    const std::vector<std::string> profile_family{"geo", "profile"};
    const std::vector<std::string> one_profile_signal{"profile.visits"};
    const std::vector<std::string> not_a_family{"profiles"};

    CHECK(something_reads_profile(nullptr, nullptr));  // Tact-Context: every used signal
    CHECK_FALSE(something_reads_profile(nullptr, &country_only));
    CHECK_FALSE(something_reads_profile(&by_country, &country_only));
    CHECK_FALSE(something_reads_profile(&by_country, &not_a_family));
    CHECK(something_reads_profile(&by_interest, &country_only));
    CHECK(something_reads_profile(&by_country, &profile_family));
    CHECK(something_reads_profile(nullptr, &one_profile_signal));
}
