// The gate, table-driven: each shipped policy x consent state x signal, and
// jurisdiction resolution. These pin the shipped policies' key decisions: an
// edit that changes one must change this table too.
#include "policy/permit.hpp"

#include <catch2/catch.hpp>
#include <set>

#include "shipped_policies.hpp"
#include "signals/catalog.hpp"

using namespace tact;
using policy::PolicySet;

namespace {

const signals::Signals kVisit{
    {"geo.country", "XX", signals::Privacy::contextual, "country"},
    {"geo.city", "Somewhere", signals::Privacy::contextual, "city"},
    {"time.daypart", "morning", signals::Privacy::contextual, "daypart"},
    {"search.keywords", "running shoes", signals::Privacy::contextual, "words"},
    {"campaign.name", "cancer awareness", signals::Privacy::contextual, "campaign"},
    {"profile.interests", "trail", signals::Privacy::personal, "profile"},
};

consent::ConsentState consent_of(std::string_view name) {
    using consent::Choice;
    consent::ConsentState c;
    const auto all = [&](Choice choice) {
        for (const auto* p : {"personalization", "analytics", "advertising"})
            c.purposes[p] = choice;
    };
    if (name == "granted") all(Choice::granted);
    if (name == "refused") all(Choice::refused);
    if (name == "partial") {
        c.purposes["personalization"] = Choice::granted;
        c.purposes["advertising"] = Choice::refused;
    }
    if (name == "gpc") c.gpc = true;
    return c;
}

// "u" used, "w" withheld, for each signal of kVisit in order.
std::string outcome(const std::string& policy_id, std::string_view consent) {
    const auto* p = shipped_policies().find(policy_id);
    REQUIRE(p);
    const auto decision = policy::permit(kVisit, consent_of(consent), {p, "test"});
    std::string out;
    for (const auto& s : kVisit) {
        const bool used = decision.find_used(s.name) != nullptr;
        const bool withheld = decision.find_withheld(s.name) != nullptr;
        CHECK(used != withheld);  // every signal is accounted for exactly once
        out += used ? 'u' : 'w';
    }
    return out;
}

}  // namespace

TEST_CASE("permit: each shipped policy under each consent state") {
    // columns: geo.country, geo.city, time.daypart, search.keywords,
    //          campaign.name (sensitive: health), profile.interests (personal)
    struct Row {
        const char* policy;
        const char* consent;
        const char* expected;
    };
    const Row rows[] = {
        // Opt-in: contextual signals before consent, city too fine, profile needs a grant.
        {"eu-gdpr", "none", "uwuuww"},
        {"eu-gdpr", "granted", "uwuuwu"},
        {"eu-gdpr", "refused", "uwuuww"},
        {"eu-gdpr", "partial", "uwuuwu"},
        {"eu-gdpr", "gpc", "uwuuww"},
        {"uk-gdpr", "none", "uwuuww"},
        {"uk-gdpr", "granted", "uwuuwu"},
        {"uk-gdpr", "refused", "uwuuww"},
        {"uk-gdpr", "partial", "uwuuwu"},
        {"uk-gdpr", "gpc", "uwuuww"},
        {"br-lgpd", "none", "uwuuww"},
        {"br-lgpd", "granted", "uwuuwu"},
        {"br-lgpd", "refused", "uwuuww"},
        {"br-lgpd", "partial", "uwuuwu"},
        {"br-lgpd", "gpc", "uwuuww"},
        {"fallback", "none", "uwuuww"},
        {"fallback", "granted", "uwuuwu"},
        {"fallback", "refused", "uwuuww"},
        {"fallback", "partial", "uwuuwu"},
        {"fallback", "gpc", "uwuuww"},
        // Opt-out: city allowed; the profile (personal) only on the visitor's own
        // grant, not merely unrefused; GPC refuses advertising only.
        {"us-ca-ccpa", "none", "uuuuww"},
        {"us-ca-ccpa", "granted", "uuuuwu"},
        {"us-ca-ccpa", "refused", "uuuuww"},
        {"us-ca-ccpa", "partial", "uuuuwu"},
        {"us-ca-ccpa", "gpc", "uuuuww"},
        {"us-co-cpa", "none", "uuuuww"},
        {"us-co-cpa", "granted", "uuuuwu"},
        {"us-co-cpa", "refused", "uuuuww"},
        {"us-co-cpa", "partial", "uuuuwu"},
        {"us-co-cpa", "gpc", "uuuuww"},
    };
    for (const auto& row : rows) {
        INFO(row.policy << " with consent " << row.consent);
        CHECK(outcome(row.policy, row.consent) == row.expected);
    }
}

TEST_CASE("permit: every withheld signal says why") {
    const auto* eu = shipped_policies().find("eu-gdpr");
    const auto decision = policy::permit(kVisit, {}, {eu, "DE"});
    CHECK(decision.policy->id == "eu-gdpr");
    CHECK(decision.jurisdiction == "DE");
    CHECK(decision.policy->hash.size() == 64);
    CHECK(decision.find_withheld("geo.city")->reason.text() ==
          "finer than the policy allows: city, allowed down to subdivision");
    CHECK(decision.find_withheld("campaign.name")->reason.text() ==
          "sensitive keyword (health): never used");
    CHECK(decision.find_withheld("profile.interests")->reason.text() ==
          "needs consent to personalization (opt-in), not given");
    CHECK(decision.find_used("geo.country")->reason.text() == "allowed without consent");
    CHECK(decision.find_used("geo.country")->value == "XX");
    // Under opt-out a contextual signal is used until refused, a personal one is not.
    const auto california =
        policy::permit(kVisit, {}, {shipped_policies().find("us-ca-ccpa"), "US-CA"});
    CHECK(california.find_used("geo.city")->reason.text() == "allowed without consent");
    CHECK(california.find_withheld("profile.interests")->reason.text() ==
          "a personal signal: needs the visitor's own consent to personalization, not given");
}

TEST_CASE("purposes: GPC refuses what each policy says, and an explicit answer wins") {
    const auto* ca = shipped_policies().find("us-ca-ccpa");
    const auto* eu = shipped_policies().find("eu-gdpr");
    consent::ConsentState gpc;
    gpc.gpc = true;
    const auto decided = [](const policy::Policy& p, const consent::ConsentState& c,
                            std::string_view purpose) {
        return policy::purpose_decision(p, c, purpose);
    };
    CHECK_FALSE(decided(*ca, gpc, "advertising").allows());
    CHECK(decided(*ca, gpc, "advertising").text() == "Global Privacy Control refuses advertising");
    CHECK(decided(*ca, {}, "advertising").allows());
    CHECK(decided(*ca, {}, "advertising").text() == "advertising not refused (opt-out)");
    CHECK(decided(*ca, gpc, "analytics").allows());
    gpc.purposes["advertising"] = consent::Choice::granted;  // asked and said yes after GPC
    CHECK(decided(*ca, gpc, "advertising").allows());
    CHECK_FALSE(decided(*eu, {}, "advertising").allows());
    CHECK(decided(*eu, {}, "necessary").allows());
    CHECK(decided(*eu, {}, "necessary").text() == "necessary is strictly necessary");
    CHECK(decided(*eu, {}, "marketing").text() == "the policy has no purpose \"marketing\"");
}

TEST_CASE("a signal the policy does not name is withheld") {
    policy::Policy bare;
    bare.id = "bare";
    const auto decision = policy::permit(
        {{"device.class", "mobile", signals::Privacy::contextual, "class"}}, {}, {&bare, "x"});
    CHECK(decision.used.empty());
    CHECK(decision.find_withheld("device.class")->reason.text() == "the policy does not name it");
}

TEST_CASE("jurisdiction: the most specific place wins, and nothing known means the fallback") {
    const auto& set = shipped_policies();
    auto at = [&](std::string country, std::string subdivision) {
        return set.resolve({.continent = "",
                            .country = std::move(country),
                            .subdivision = std::move(subdivision),
                            .city = "",
                            .time_zone = "",
                            .in_eu_eea = false});
    };
    CHECK(at("US", "US-CA").policy->id == "us-ca-ccpa");
    CHECK(at("US", "US-CA").place == "US-CA");
    CHECK(at("US", "US-CO").policy->id == "us-co-cpa");
    CHECK(at("US", "US-TX").policy->id == "fallback");
    CHECK(at("US", "US-TX").place == "US (no policy names it)");
    CHECK(at("DE", "DE-BY").policy->id == "eu-gdpr");
    CHECK(at("DE", "DE-BY").place == "DE");
    CHECK(at("NO", "").policy->id == "eu-gdpr");
    CHECK(at("GB", "GB-ENG").policy->id == "uk-gdpr");
    CHECK(at("BR", "").policy->id == "br-lgpd");
    CHECK(at("IR", "IR-23").policy->id == "fallback");
    CHECK(at("", "").policy->id == "fallback");
    CHECK(at("", "").place == "unknown location");

    // A country-wide policy and a subdivision's own: the subdivision's wins.
    policy::Policy us, california, fallback;
    us.id = "us", us.applies_to = {"US"};
    california.id = "ca", california.applies_to = {"US-CA"};
    fallback.id = "fallback", fallback.fallback = true;
    const PolicySet layered({us, california, fallback});
    CHECK(layered
              .resolve({.continent = "",
                        .country = "US",
                        .subdivision = "US-CA",
                        .city = "",
                        .time_zone = "",
                        .in_eu_eea = false})
              .policy->id == "ca");
    CHECK(layered
              .resolve({.continent = "",
                        .country = "US",
                        .subdivision = "US-NY",
                        .city = "",
                        .time_zone = "",
                        .in_eu_eea = false})
              .policy->id == "us");
}

TEST_CASE("a policy in a set finds each signal's rule as a search of its rules would") {
    for (const auto& in_set : shipped_policies().policies()) {
        policy::Policy searched = in_set;  // a copy resolves nothing: it searches
        for (const auto& kind : signals::signal_catalog()) {
            INFO(in_set.id << " " << kind.name);
            const bool has_rule = in_set.rule_for(kind.name) != nullptr;
            CHECK(has_rule == (searched.rule_for(kind.name) != nullptr));
            if (const auto* rule = in_set.rule_for(kind.name)) {
                CHECK(rule->allowed == searched.rule_for(kind.name)->allowed);
                CHECK(rule->purpose == searched.rule_for(kind.name)->purpose);
                CHECK(rule->granularity == searched.rule_for(kind.name)->granularity);
            }
        }
    }
}

TEST_CASE("a copy of a policy taken from a set answers with its own changed rules") {
    // The shipped GDPR policy uses the country always; the copy forbids it.
    const signals::Signals country{{"geo.country", "DE", signals::Privacy::contextual, "country"}};
    const auto* in_set = shipped_policies().find("eu-gdpr");
    REQUIRE(policy::permit(country, {}, {.policy = in_set, .place = "DE"}).used.size() == 1);
    auto copy = *in_set;
    copy.signals["geo.country"] = {policy::SignalRule::Allowed::never, "", ""};
    CHECK(copy.rule_for("geo.country")->allowed == policy::SignalRule::Allowed::never);
    CHECK(policy::permit(country, {}, {.policy = &copy, .place = "DE"}).used.empty());
}

TEST_CASE("the gate decides from a policy's worked-out rules as it would by searching them") {
    // Every catalog signal at each of its granularities (and at one it does
    // not have), under each consent state, against each shipped policy and a
    // copy of it, which has nothing worked out and searches.
    for (const auto& in_set : shipped_policies().policies()) {
        const policy::Policy searched = in_set;
        for (const auto& kind : signals::signal_catalog()) {
            std::vector<std::string_view> granularities(kind.granularities.begin(),
                                                        kind.granularities.end());
            granularities.push_back("finer-than-anything");
            for (const auto granularity : granularities) {
                const signals::Signals one{{kind.name, "value", kind.privacy, granularity}};
                for (const auto* consent : {"none", "granted", "refused", "partial", "gpc"}) {
                    INFO(in_set.id << " " << kind.name << " at " << granularity << ", consent "
                                   << consent);
                    const auto fast = policy::permit(one, consent_of(consent), {&in_set, "t"});
                    const auto slow = policy::permit(one, consent_of(consent), {&searched, "t"});
                    REQUIRE(fast.used.size() + fast.withheld.size() == 1);
                    CHECK(fast.used.size() == slow.used.size());
                    const auto& a =
                        fast.used.empty() ? fast.withheld[0].reason : fast.used[0].reason;
                    const auto& b =
                        slow.used.empty() ? slow.withheld[0].reason : slow.used[0].reason;
                    CHECK(a.kind == b.kind);
                    CHECK(a.subject == b.subject);
                    CHECK(a.detail == b.detail);
                }
            }
        }
    }
}

TEST_CASE("each catalog signal has a slot of its own in a policy's table of worked-out rules") {
    std::set<std::size_t> slots;
    for (const auto& kind : signals::signal_catalog())
        slots.insert(policy::ResolvedSignalRules::slot_of(kind.name));
    CHECK(slots.size() == signals::signal_catalog().size());
}

TEST_CASE("a policy's table of worked-out rules is emptied by a move and refuses to overfill") {
    static const auto names = [] {
        std::vector<std::string> made;
        for (int i = 0; i < 200; ++i) made.push_back("family.signal" + std::to_string(i));
        return made;
    }();
    policy::ResolvedSignalRules table;
    std::size_t added = 0;
    try {
        for (const auto& name : names) {
            table.add({.name = name});
            ++added;
        }
    } catch (const std::length_error&) {
    }
    CHECK(added >= signals::signal_catalog().size());
    CHECK(added < names.size());  // it stopped, with room left to end every probe
    for (std::size_t i = 0; i < added; ++i) CHECK(table.find(names[i]) != nullptr);
    CHECK(table.find(names[added]) == nullptr);
    CHECK(table.find("geo.nowhere") == nullptr);

    auto moved = std::move(table);
    CHECK(moved.find(names[0]) != nullptr);
    CHECK(table.find(names[0]) == nullptr);  // NOLINT: the moved-from table is empty, on purpose
}
