#include "pipeline/context_headers.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "pipeline/structured_field.hpp"
#include "policy/policy_loader.hpp"
#include "signals/catalog.hpp"

using namespace tact;

namespace {

std::string text_item(std::string_view value) {
    std::string out;
    pipeline::append_text_item(out, value);
    return out;
}

std::string string_item(std::string_view value) {
    std::string out;
    pipeline::append_string_item(out, value);
    return out;
}

std::string integer_item(std::string_view value) {
    std::string out;
    pipeline::append_integer_item(out, value);
    return out;
}

// The headers as the origin is sent them: "Name: value" lines.
std::string context_headers(const policy::Decision& decision, const consent::ConsentState& consent,
                            const std::vector<std::string>* only = nullptr,
                            const pipeline::PolicyHeaderCache* cache = nullptr) {
    http_fields::AddedFields out;
    pipeline::add_context_headers(out, decision, consent, only, cache);
    return std::string(out.lines());
}

std::vector<std::string_view> lines_of(std::string_view headers) {
    std::vector<std::string_view> lines;
    for (std::size_t end; (end = headers.find("\r\n")) != std::string_view::npos;) {
        lines.push_back(headers.substr(0, end));
        headers.remove_prefix(end + 2);
    }
    CHECK(headers.empty());  // every line ends in CR LF
    return lines;
}

std::string header(std::string_view headers, std::string_view name) {
    for (const auto line : lines_of(headers))
        if (line.starts_with(name) && line.substr(name.size()).starts_with(": "))
            return std::string(line.substr(name.size() + 2));
    return "(absent)";
}

}  // namespace

TEST_CASE("structured-field items: tokens, strings, display strings, integers") {
    CHECK(text_item("evening") == "evening");
    CHECK(text_item("US-CA") == "US-CA");
    CHECK(text_item("de-DE") == "de-DE");
    CHECK(text_item("running shoes") == "\"running shoes\"");
    CHECK(text_item("/shoes/running") == "\"/shoes/running\"");  // a token cannot begin with '/'
    CHECK(text_item("9am") == "\"9am\"");                        // nor with a digit
    CHECK(text_item("") == "\"\"");
    CHECK(text_item("urn:a/b!#$%&'*+-.^_`|~") == "urn:a/b!#$%&'*+-.^_`|~");  // every token mark
    CHECK(text_item("a,b") == "\"a,b\"");
    CHECK(string_item("a\x7f") == "%\"a%7f\"");
    CHECK(string_item("IR") == "\"IR\"");
    CHECK(string_item("say \"hi\" \\o/") == "\"say \\\"hi\\\" \\\\o/\"");
    // Not ASCII: RFC 9651 Display String, the UTF-8 bytes percent-encoded.
    CHECK(string_item("San José") == "%\"San Jos%c3%a9\"");
    CHECK(string_item("تخفیف") == "%\"%d8%aa%d8%ae%d9%81%db%8c%d9%81\"");
    CHECK(string_item("100%\"") == "\"100%\\\"\"");  // printable ASCII stays a plain string
    CHECK(string_item("a\tb") == "%\"a%09b\"");
    CHECK(integer_item("20") == "20");
    CHECK(integer_item("1234567890123456") == "\"1234567890123456\"");  // over 15 digits
    CHECK(integer_item("x") == "x");
    CHECK(pipeline::is_structured_key("geo.country"));
    CHECK(pipeline::is_structured_key("time.hour"));
    CHECK_FALSE(pipeline::is_structured_key("Geo.country"));
    CHECK_FALSE(pipeline::is_structured_key("1geo"));
    CHECK_FALSE(pipeline::is_structured_key(""));
    // Tact-Context uses signal names as keys as they are.
    for (const auto& kind : signals::signal_catalog()) {
        INFO(kind.name);
        CHECK(pipeline::is_structured_key(kind.name));
    }
}

TEST_CASE("Tact-Context carries the used signals only, each with one type") {
    policy::Policy eu;
    eu.id = "eu-gdpr";
    eu.revision = "2026-11-01 (sha256:3f2a9c01b7e4)";
    policy::Purpose necessary;
    necessary.id = "necessary";
    necessary.required = true;
    policy::Purpose personalization;
    personalization.id = "personalization";
    eu.purposes = {necessary, personalization};
    policy::Decision decision;
    decision.policy = &eu;
    decision.jurisdiction = "IR";
    decision.used = {{"geo.country", "IR", {}},       {"time.hour", "20", {}},
                     {"time.daypart", "evening", {}}, {"time.weekend", "false", {}},
                     {"device.class", "mobile", {}},  {"search.keywords", "تخفیف", {}}};
    decision.withheld = {{"geo.city", {}}};

    const auto headers = context_headers(decision, consent::ConsentState{});
    CHECK(header(headers, "Tact-Context") ==
          "geo.country=\"IR\", time.hour=20, time.daypart=evening, time.weekend=?0, "
          "device.class=mobile, search.keywords=%\"%d8%aa%d8%ae%d9%81%db%8c%d9%81\"");
    CHECK(header(headers, "Tact-Policy") ==
          "eu-gdpr;revision=\"2026-11-01 (sha256:3f2a9c01b7e4)\";jurisdiction=\"IR\"");
    CHECK(header(headers, "Tact-Consent") == "necessary=?1, personalization=?0");

    // Every family with typed signals, next to string ones of the same first letter.
    decision.used = {{"language.preferred", "en-GB", {}}, {"profile.visits", "3", {}},
                     {"path.current", "/shoes", {}},      {"time.month", "12", {}},
                     {"search.source", "google", {}},     {"search.keywords", "shoes", {}},
                     {"time.season", "winter", {}},       {"campaign.name", "sale", {}}};
    CHECK(header(context_headers(decision, {}), "Tact-Context") ==
          "language.preferred=en-GB, profile.visits=3, path.current=\"/shoes\", time.month=12, "
          "search.source=google, search.keywords=\"shoes\", time.season=winter, "
          "campaign.name=\"sale\"");

    decision.used.clear();
    CHECK(header(context_headers(decision, {}), "Tact-Context") == "(absent)");
    decision.policy = nullptr;  // no policies: nothing at all
    CHECK(context_headers(decision, {}).empty());
}

TEST_CASE(
    "Tact-Context carries only the listed signals and families when the operator lists them") {
    policy::Policy eu;
    eu.id = "eu-gdpr";
    eu.revision = "2026-11-01 (sha256:3f2a9c01b7e4)";
    policy::Decision decision;
    decision.policy = &eu;
    decision.jurisdiction = "DE";
    decision.used = {{"geo.continent", "EU", {}},
                     {"geo.country", "DE", {}},
                     {"time.hour", "9", {}},
                     {"time.daypart", "morning", {}},
                     {"device.class", "mobile", {}}};
    decision.withheld = {{"geo.city", {}}};
    auto context_with = [&](std::vector<std::string> only) {
        return header(context_headers(decision, {}, &only), "Tact-Context");
    };

    CHECK(context_with({"geo.country"}) == "geo.country=\"DE\"");
    CHECK(context_with({"time", "geo.country"}) ==
          "geo.country=\"DE\", time.hour=9, time.daypart=morning");  // the decision's order
    // A family is a whole first segment, not a prefix of one.
    CHECK(context_with({"geo.c"}) == "(absent)");
    CHECK(context_with({"ge"}) == "(absent)");
    // Listing a withheld signal never brings it back; the listed used one goes.
    CHECK(context_with({"geo.city", "device"}) == "device.class=mobile");
    CHECK(context_with({}) == "(absent)");  // an empty list: no Tact-Context at all
    // Only Tact-Context is chosen from: policy and consent still go along.
    std::vector<std::string> only{"geo.country"};
    const auto headers = context_headers(decision, {}, &only);
    CHECK(header(headers, "Tact-Policy") ==
          "eu-gdpr;revision=\"2026-11-01 (sha256:3f2a9c01b7e4)\";jurisdiction=\"DE\"");
    CHECK(lines_of(headers).size() == 2);  // the policy has no purposes: no Tact-Consent
}

TEST_CASE("the policy texts written in advance are the ones written per visit") {
    const auto shared_set =
        std::make_shared<const policy::PolicySet>(policy::load_policy_set(TACT_POLICIES_DIR));
    const auto& set = *shared_set;
    const pipeline::PolicyHeaderCache cache(shared_set);
    // No choice (with and without GPC, which an opt-out policy follows), and
    // recorded choices, which are always written per visit.
    std::vector<consent::ConsentState> states(5);
    states[1].gpc = true;
    states[2].purposes = {{"personalization", consent::Choice::granted}};
    states[3].purposes = {{"advertising", consent::Choice::granted}};
    states[3].gpc = true;
    states[4].purposes = {{"analytics", consent::Choice::refused}};
    std::set<std::string> consent_values;
    for (const auto& policy : set.policies()) {
        INFO(policy.id);
        REQUIRE(cache.find(&policy) != nullptr);
        policy::Decision decision;
        decision.policy = &policy;
        decision.jurisdiction = "US-CA";
        decision.used = {{"geo.country", "US", {}}};
        for (const auto& consent : states) {
            const auto cached = context_headers(decision, consent, nullptr, &cache);
            CHECK(cached == context_headers(decision, consent));
            consent_values.insert(header(cached, "Tact-Consent"));
        }
        CHECK(header(context_headers(decision, {}, nullptr, &cache), "Tact-Policy") ==
              policy.id + ";revision=" + string_item(policy.revision) + ";jurisdiction=\"US-CA\"");
    }
    // The states above do give different answers: GPC under opt-out among them.
    const auto ccpa = std::find_if(set.policies().begin(), set.policies().end(),
                                   [](const auto& p) { return p.id == "us-ca-ccpa"; });
    REQUIRE(ccpa != set.policies().end());
    policy::Decision decision;
    decision.policy = &*ccpa;
    CHECK(header(context_headers(decision, states[0], nullptr, &cache), "Tact-Consent") !=
          header(context_headers(decision, states[1], nullptr, &cache), "Tact-Consent"));
    CHECK(consent_values.size() >= 4);
    // A policy from outside the set (a reload's, say) is written per visit.
    policy::Policy other = *ccpa;
    other.revision = "other";
    decision.policy = &other;
    CHECK(cache.find(&other) == nullptr);
    CHECK(context_headers(decision, {}, nullptr, &cache) == context_headers(decision, {}));
}
