// The decision log's line: what it may say about a visitor, and what never.
#include "audit/decision_log.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace tact;

namespace {

policy::Decision decision_with_a_profile() {
    using Kind = policy::Reason::Kind;
    policy::Decision decision;
    decision.jurisdiction = "DE";
    decision.used = {
        {"geo.country", "DE", {Kind::allowed_always, {}, {}}},
        {"profile.interests", "running, trail", {Kind::consent_given, "personalization", {}}},
    };
    decision.withheld = {{"geo.city", {Kind::too_fine, "city", "country"}}};
    return decision;
}

nlohmann::json logged(bool include_values) {
    const auto line = audit::format_decision_record(
        std::chrono::system_clock::time_point{}, "r1", decision_with_a_profile(),
        consent::ConsentState{}, {}, include_values);
    REQUIRE(line.ends_with("\n"));
    return nlohmann::json::parse(line);
}

}  // namespace

TEST_CASE("decision log: values of used contextual signals only when asked, never the profile") {
    const auto with_values = logged(true);
    REQUIRE(with_values["used"].size() == 2);
    CHECK(with_values["used"][0]["name"] == "geo.country");
    CHECK(with_values["used"][0]["value"] == "DE");
    // The visitor's profile is theirs, kept in their cookie alone: its name
    // and reason explain the decision, its value stays out of the log.
    CHECK(with_values["used"][1]["name"] == "profile.interests");
    CHECK(with_values["used"][1]["reason"].get<std::string>().find("personalization") !=
          std::string::npos);
    CHECK_FALSE(with_values["used"][1].contains("value"));
    CHECK_FALSE(with_values["withheld"][0].contains("value"));

    const auto without = logged(false);
    CHECK_FALSE(without["used"][0].contains("value"));
    CHECK_FALSE(without["used"][1].contains("value"));
}
