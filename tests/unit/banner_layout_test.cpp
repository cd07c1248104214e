// What the banner shows before the visitor does anything, under the shipped
// policies and under their `banner` keys changed: whether it opens by itself,
// how each switch starts.
#include "consent/banner_layout.hpp"

#include <catch2/catch.hpp>

#include "shipped_policies.hpp"

using namespace tact;
using consent::Choice;

namespace {

const policy::Purpose& purpose(const policy::Policy& policy, std::string_view id) {
    for (const auto& p : policy.purposes)
        if (p.id == id) return p;
    FAIL("no purpose " << id << " in " << policy.id);
    throw std::logic_error("unreachable");
}

consent::ConsentState answered(std::map<std::string, Choice> purposes) {
    consent::ConsentState state;
    state.receipt_id = "00112233445566778899aabbccddeeff";
    state.purposes = std::move(purposes);
    return state;
}

}  // namespace

TEST_CASE("banner layout: opt-in asks first and starts every switch off but the necessary one") {
    const auto& gdpr = *shipped_policies().find("eu-gdpr");
    const consent::ConsentState nothing;
    CHECK(consent::banner_required(gdpr, nothing));
    CHECK(consent::switch_starts_ticked(gdpr, nothing, purpose(gdpr, "necessary")));
    CHECK_FALSE(consent::switch_starts_ticked(gdpr, nothing, purpose(gdpr, "personalization")));
    CHECK_FALSE(consent::purpose_on(gdpr, nothing, purpose(gdpr, "personalization")));
    // Allowing pre-ticked boxes changes nothing under opt-in: unanswered is off.
    auto lenient = gdpr;
    lenient.banner.pre_ticked_allowed = true;
    CHECK_FALSE(consent::switch_starts_ticked(lenient, nothing, purpose(gdpr, "personalization")));

    const auto chosen = answered({{"personalization", Choice::granted}});
    CHECK_FALSE(consent::banner_required(gdpr, chosen));
    CHECK(consent::switch_starts_ticked(gdpr, chosen, purpose(gdpr, "personalization")));
    CHECK_FALSE(consent::switch_starts_ticked(gdpr, chosen, purpose(gdpr, "analytics")));
}

TEST_CASE(
    "banner layout: opt-out without pre-ticked boxes starts unticked what is on until refused") {
    const auto& ccpa = *shipped_policies().find("us-ca-ccpa");
    REQUIRE_FALSE(ccpa.banner.pre_ticked_allowed);
    const consent::ConsentState nothing;
    const auto& personalization = purpose(ccpa, "personalization");
    CHECK(consent::purpose_on(ccpa, nothing, personalization));
    CHECK_FALSE(consent::switch_starts_ticked(ccpa, nothing, personalization));
    CHECK_FALSE(consent::banner_required(ccpa, nothing));  // show_before_processing: false

    auto lenient = ccpa;
    lenient.banner.pre_ticked_allowed = true;
    const auto& analytics = purpose(ccpa, "analytics");
    CHECK(consent::switch_starts_ticked(lenient, nothing, analytics));
    const auto refused = answered({{"analytics", Choice::refused}});
    CHECK_FALSE(consent::purpose_on(lenient, refused, analytics));
    CHECK_FALSE(consent::switch_starts_ticked(lenient, refused, analytics));
    // Global Privacy Control refuses advertising before any switch is drawn.
    consent::ConsentState gpc;
    gpc.gpc = true;
    CHECK_FALSE(consent::switch_starts_ticked(lenient, gpc, purpose(ccpa, "advertising")));
    CHECK(consent::switch_starts_ticked(lenient, gpc, analytics));
}

TEST_CASE("banner layout: a purpose that covers the profile is never pre-ticked") {
    // Saving it ticked is the visitor's own grant of a personal signal, which
    // a box they did not touch must not make for them.
    auto lenient = *shipped_policies().find("us-ca-ccpa");
    lenient.banner.pre_ticked_allowed = true;
    const consent::ConsentState nothing;
    const auto& personalization = purpose(lenient, "personalization");
    CHECK(consent::purpose_on(lenient, nothing, personalization));
    CHECK_FALSE(consent::switch_starts_ticked(lenient, nothing, personalization));
    CHECK(consent::switch_starts_ticked(lenient, answered({{"personalization", Choice::granted}}),
                                        personalization));
    // The profile bound to analytics instead: then that one waits for a tick.
    lenient.signals["profile"] = {policy::SignalRule::Allowed::with_consent, "analytics", ""};
    CHECK_FALSE(consent::switch_starts_ticked(lenient, nothing, purpose(lenient, "analytics")));
    CHECK(consent::switch_starts_ticked(lenient, nothing, personalization));
}

TEST_CASE("banner layout: show_before_processing decides whether the banner opens by itself") {
    auto ccpa = *shipped_policies().find("us-ca-ccpa");
    ccpa.banner.show_before_processing = true;
    CHECK(consent::banner_required(ccpa, {}));
    CHECK_FALSE(consent::banner_required(ccpa, answered({})));
    auto gdpr = *shipped_policies().find("eu-gdpr");
    gdpr.banner.show_before_processing = false;
    CHECK_FALSE(consent::banner_required(gdpr, {}));
}
