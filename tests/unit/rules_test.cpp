#include <catch2/catch.hpp>

#include "config/config_error.hpp"
#include "personalize/rules_loader.hpp"
#include "personalize/slot_choice.hpp"
#include "process.hpp"

using namespace tact;
using tact::testing::TempDir;
using tact::testing::write_file;

namespace {

// A Decision that used `used` and withheld `withheld` (names only).
policy::Decision decision_of(std::vector<std::pair<std::string_view, std::string>> used,
                             std::vector<std::string_view> withheld = {}) {
    policy::Decision d;
    for (auto& [name, value] : used) d.used.push_back({name, std::move(value), {}});
    for (auto name : withheld)
        d.withheld.push_back({name, {policy::Reason::Kind::needs_consent, "personalization", {}}});
    return d;
}

personalize::Rules rules_from(const TempDir& dir, const std::string& json) {
    write_file(dir.path() / "rules.json", json);
    return personalize::load_rules(dir.path() / "rules.json");
}

std::string refusal(const std::string& json) {
    TempDir dir;
    try {
        rules_from(dir, json);
    } catch (const config::ConfigError& e) {
        const std::string message = e.what();
        return message.substr(message.find("rules.json"));
    }
    return "(accepted)";
}

std::string chosen(const personalize::Rules& rules, const policy::Decision& decision) {
    const auto choices = personalize::choose_variants(rules, decision);
    return choices.front().variant.empty() ? "(page)"
                                           : std::string(choices.front().variant) + ": " +
                                                 choices.front().html;
}

constexpr std::string_view kHero = R"({
  "slots": {
    "hero": {
      "variants": [
        {"id": "recommended", "when": {"signal": "profile.interests", "any_keyword": ["running"]},
         "html": "<p>For runners</p>"},
        {"id": "discount",
         "when": {"signal": "search.keywords", "any_keyword": ["discount", "تخفيض", "on sale"]},
         "html": "<p>Sale</p>"},
        {"id": "tehran-evening",
         "when": {"all": [{"signal": "geo.country", "equals": "IR"},
                          {"signal": "time.hour", "from": 18, "to": 23}]},
         "html": "<p>Good evening, {{geo.city}}</p>"},
        {"id": "night", "when": {"signal": "time.hour", "from": 22, "to": 5},
         "html": "<p>Night owl</p>"},
        {"id": "from-shoes",
         "when": {"any": [{"signal": "path.referrer", "path_prefix": "/shoes"},
                          {"signal": "device.class", "one_of": ["tablet"]}]},
         "html": "<p>More shoes</p>"},
        {"id": "not-desktop",
         "when": {"not": {"signal": "device.class", "equals": "desktop"}},
         "html": "<p>Small screen</p>"}
      ]
    }
  }
})";

}  // namespace

TEST_CASE("the first variant that applies wins, and none keeps the page content") {
    TempDir dir;
    const auto rules = rules_from(dir, std::string(kHero));
    const auto desktop = std::pair<std::string_view, std::string>{"device.class", "desktop"};
    // Persian and Arabic spellings of one word match (keyword normalization).
    CHECK(chosen(rules, decision_of({desktop, {"search.keywords", "big تخفیض today"}})) ==
          "discount: <p>Sale</p>");
    CHECK(chosen(rules, decision_of({desktop, {"search.keywords", "shoes on sale"}})) ==
          "discount: <p>Sale</p>");  // a phrase
    CHECK(chosen(rules, decision_of({desktop, {"search.keywords", "discounted"}})) == "(page)");
    CHECK(chosen(rules, decision_of({desktop,
                                     {"geo.country", "IR"},
                                     {"time.hour", "20"},
                                     {"geo.city", "Tehran & <Co>"}})) ==
          "tehran-evening: <p>Good evening, Tehran &amp; &lt;Co&gt;</p>");
    // The greeting needs the city: without it, the variant does not apply.
    CHECK(chosen(rules, decision_of({desktop, {"geo.country", "IR"}, {"time.hour", "20"}})) ==
          "(page)");
    // Ranges wrap around midnight.
    CHECK(chosen(rules, decision_of({desktop, {"time.hour", "23"}})) == "night: <p>Night owl</p>");
    CHECK(chosen(rules, decision_of({desktop, {"time.hour", "3"}})) == "night: <p>Night owl</p>");
    CHECK(chosen(rules, decision_of({desktop, {"time.hour", "12"}})) == "(page)");
    // A path prefix is a whole segment.
    CHECK(chosen(rules, decision_of({desktop, {"path.referrer", "/shoes/trail"}})) ==
          "from-shoes: <p>More shoes</p>");
    CHECK(chosen(rules, decision_of({desktop, {"path.referrer", "/shoestring"}})) == "(page)");
    CHECK(chosen(rules, decision_of({{"device.class", "tablet"}})) ==
          "from-shoes: <p>More shoes</p>");
    // `not` of an absent signal holds.
    CHECK(chosen(rules, decision_of({})) == "not-desktop: <p>Small screen</p>");
}

TEST_CASE("a variant that reads a withheld signal is skipped, and the choice says why") {
    TempDir dir;
    const auto rules = rules_from(dir, std::string(kHero));
    const auto decision = decision_of(
        {{"device.class", "desktop"}, {"search.keywords", "discount"}}, {"profile.interests"});
    const auto choices = personalize::choose_variants(rules, decision);
    REQUIRE(choices.size() == 1);
    CHECK(choices[0].variant == "discount");
    REQUIRE(choices[0].skipped.size() == 1);
    CHECK(choices[0].skipped[0].variant == "recommended");
    CHECK(choices[0].skipped[0].signal == "profile.interests");
    CHECK(personalize::explain(choices[0]) ==
          "slot hero: variant discount\n  variant recommended skipped: reads profile.interests, "
          "withheld (" +
              decision.withheld[0].reason.text() + ")");
    const auto json = personalize::choices_json(choices);
    CHECK(json["hero"]["variant"] == "discount");
    CHECK(json["hero"]["skipped"][0]["withheld"] == "profile.interests");
    // Granted: the same signal now used, the profile variant wins.
    const auto granted = decision_of({{"profile.interests", "running trail"}});
    CHECK(chosen(rules, granted) == "recommended: <p>For runners</p>");
}

TEST_CASE("fragments come from files beside the rules, with their placeholders") {
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "fragments");
    write_file(dir.path() / "fragments" / "hi.html", "<p>Hi {{ language.primary }}</p>\n");
    const auto rules = rules_from(dir, R"({"slots": {"greet": {"variants": [
        {"id": "hi", "fragment": "fragments/hi.html"}]}}})");
    CHECK(chosen(rules, decision_of({{"language.primary", "fa"}})) == "hi: <p>Hi fa</p>\n");
    CHECK(chosen(rules, decision_of({})) == "(page)");
}

TEST_CASE("rules.json errors name the file, line, key and fix") {
    CHECK(refusal(R"({"slots": {"hero": {"variants": [
        {"id": "a", "when": {"signal": "geo.planet", "equals": "x"}, "html": ""}]}}})") ==
          "rules.json:2: key \"slots.hero.variants.0.when.signal\": \"geo.planet\" is not a signal "
          "Tact knows. Fix: use a name from the signal list in README.md (e.g. time.daypart, "
          "geo.country)");
    CHECK(refusal(R"({"slots": {"hero": {"variants": [
        {"id": "a", "when": {"signal": "geo.country", "equals": "IR", "one_of": ["x"]},
         "html": ""}]}}})")
              .find("one condition may hold one test") != std::string::npos);
    CHECK(refusal(R"({"slots": {"hero": {"variants": [
        {"id": "a", "when": {"signal": "geo.country"}, "html": ""}]}}})")
              .find("this condition has no test") != std::string::npos);
    CHECK(refusal(R"({"slots": {"hero": {"variants": [
        {"id": "a", "fragment": "missing.html"}]}}})")
              .find("key \"slots.hero.variants.0.fragment\": cannot read") != std::string::npos);
    CHECK(refusal(R"({"slots": {"hero": {"variants": [
        {"id": "a", "html": "<p>{{geo.city</p>"}]}}})")
              .find("never closed") != std::string::npos);
    CHECK(refusal(R"({"slots": {"hero": {"variants": [
        {"id": "a", "html": "<p>{{geo.town}}</p>"}]}}})")
              .find("{{geo.town}} is not a signal") != std::string::npos);
    CHECK(refusal(R"({"slots": {"hero": {"variants": [
        {"id": "a", "html": "x"}, {"id": "a", "html": "y"}]}}})")
              .find("two variants are called \"a\"") != std::string::npos);
    CHECK(refusal(R"({"slots": {"Hero!": {"variants": [{"id": "a", "html": "x"}]}}})")
              .find("is not a slot name") != std::string::npos);
    CHECK(refusal(R"({"slots": {"hero": {"variants": [
        {"id": "a", "when": {"signal": "search.keywords", "any_keyword": []}, "html": "x"}]}}})")
              .find("an empty list can never match") != std::string::npos);
    CHECK(refusal(R"({"slots": {"hero": {"variants": [
        {"id": "a", "when": {"signal": "path.current", "path_prefix": "shoes"}, "html": "x"}]}}})")
              .find("a path prefix begins with \"/\"") != std::string::npos);
    CHECK(refusal(R"({"slots": {"hero": {"variants": [
        {"id": "a", "html": "x", "colour": "red"}]}}})")
              .find("key \"slots.hero.variants.0.colour\": unknown key") != std::string::npos);
    CHECK(refusal("{\"slots\": [}").find("not valid JSON: parse error at line 1, column 12") != std::string::npos);
}
