// The tact_consent cookie: round trip, every kind of tampering, key rotation,
// expiry and the policy-version rule; and step 3 reading it from a request.
#include "consent/consent_cookie.hpp"

#include <catch2/catch.hpp>

#include "consent/request_consent.hpp"
#include "pipeline/pipeline.hpp"
#include "request_heads.hpp"
#include "shipped_policies.hpp"

using namespace tact;
using consent::Choice;
using consent::CookieProblem;
using namespace std::chrono_literals;

namespace {

const policy::Policy& eu() {
    return *shipped_policies().find("eu-gdpr");
}

const consent::SigningKey kOld{"2026-05", std::string(32, 'o')};
const consent::SigningKey kNew{"2026-11", std::string(32, 'n')};
const consent::KeyRing kRing({kOld, kNew}, "2026-11");

const auto kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + 10h;

consent::ConsentRecord choice(
    std::map<std::string, Choice> purposes,
    std::chrono::sys_seconds at = std::chrono::floor<std::chrono::seconds>(kNow)) {
    return {.receipt_id = consent::new_receipt_id(),
            .policy_id = eu().id,
            .policy_hash = eu().hash,
            .purposes_hash = eu().purposes_hash,
            .purposes = std::move(purposes),
            .decided_at = at,
            .method = "banner"};
}

CookieProblem problem_of(std::string_view cookie, const consent::KeyRing& ring = kRing,
                         std::chrono::system_clock::time_point now = kNow) {
    return consent::read_consent_cookie(cookie, ring, eu(), now).problem;
}

}  // namespace

TEST_CASE("a consent cookie reads back as written") {
    const auto record =
        choice({{"personalization", Choice::granted}, {"advertising", Choice::refused}});
    const auto cookie = consent::encode_consent_cookie(record, kRing);
    CHECK(cookie.starts_with("v1.2026-11."));
    CHECK(cookie.find_first_of(" ;,\"=") == std::string::npos);  // a valid cookie-octet run
    const auto read = consent::read_consent_cookie(cookie, kRing, eu(), kNow);
    REQUIRE(read.problem == CookieProblem::none);
    CHECK(*read.record == record);
    CHECK(record.receipt_id.size() == 32);
    CHECK(consent::new_receipt_id() != record.receipt_id);
}

TEST_CASE("every kind of tampering is refused") {
    const auto cookie =
        consent::encode_consent_cookie(choice({{"personalization", Choice::refused}}), kRing);
    const auto dot = cookie.rfind('.');
    const auto payload_start = cookie.find('.', 3) + 1;
    SECTION("a changed payload: refused turned into granted") {
        auto forged = choice({{"personalization", Choice::granted}});
        auto other = consent::encode_consent_cookie(forged, kRing);
        // the new payload with the old signature
        const auto tampered = other.substr(0, other.rfind('.')) + cookie.substr(dot);
        CHECK(problem_of(tampered) == CookieProblem::bad_signature);
    }
    SECTION("each character of payload or signature changed, one at a time") {
        for (std::size_t at = payload_start; at < cookie.size(); ++at) {
            if (cookie[at] == '.') continue;
            auto tampered = cookie;
            tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
            INFO(at);
            CHECK(problem_of(tampered) != CookieProblem::none);
        }
    }
    SECTION("truncated") {
        CHECK(problem_of(cookie.substr(0, cookie.size() - 3)) == CookieProblem::bad_signature);
        CHECK(problem_of(cookie.substr(0, dot)) != CookieProblem::none);
        CHECK(problem_of("") == CookieProblem::malformed);
        CHECK(problem_of("v1") == CookieProblem::malformed);
    }
    SECTION("a key nobody holds, a forged key id, another version") {
        const consent::KeyRing stranger({{"2026-11", std::string(32, 'x')}}, "2026-11");
        CHECK(problem_of(consent::encode_consent_cookie(choice({}), stranger)) ==
              CookieProblem::bad_signature);
        const consent::KeyRing unknown({{"1999-01", std::string(32, 'n')}}, "1999-01");
        CHECK(problem_of(consent::encode_consent_cookie(choice({}), unknown)) ==
              CookieProblem::unknown_key);
        CHECK(problem_of("v2" + cookie.substr(2)) == CookieProblem::malformed);
    }
    SECTION("a signed time too far out to compute with") {
        auto record = choice({});
        record.decided_at = std::chrono::sys_seconds{std::chrono::seconds{std::int64_t{1} << 50}};
        CHECK(problem_of(consent::encode_consent_cookie(record, kRing)) ==
              CookieProblem::malformed);
    }
    SECTION("overlong") {
        CHECK(problem_of(std::string(5000, 'a')) == CookieProblem::malformed);
    }
}

TEST_CASE("keys rotate: old cookies verify while the old key stays in the ring") {
    const consent::KeyRing before({kOld}, "2026-05");
    const auto old_cookie = consent::encode_consent_cookie(choice({}), before);
    CHECK(problem_of(old_cookie) == CookieProblem::none);  // the ring holds both, signs with new
    CHECK(consent::encode_consent_cookie(choice({}), kRing).starts_with("v1.2026-11."));
    const consent::KeyRing after({kNew}, "2026-11");
    CHECK(problem_of(old_cookie, after) == CookieProblem::unknown_key);
}

TEST_CASE("a choice lasts as the policy says: consent max age, or the re-prompt delay") {
    const auto granted =
        consent::encode_consent_cookie(choice({{"personalization", Choice::granted}}), kRing);
    const auto refused = consent::encode_consent_cookie(
        choice({{"personalization", Choice::refused}, {"analytics", Choice::refused}}), kRing);
    const auto days = [](unsigned n) { return std::chrono::days{n}; };
    CHECK(problem_of(granted, kRing, kNow + days(eu().consent_max_age_days) - 1h) ==
          CookieProblem::none);
    CHECK(problem_of(granted, kRing, kNow + days(eu().consent_max_age_days) + 1h) ==
          CookieProblem::expired);
    CHECK(problem_of(refused, kRing, kNow + days(eu().reprompt_after_refusal_days) + 1h) ==
          CookieProblem::expired);
    CHECK(problem_of(granted, kRing, kNow - 1h) == CookieProblem::expired);  // from the future
}

TEST_CASE("a new policy version keeps a choice only if its purposes are unchanged") {
    auto record = choice({{"personalization", Choice::granted}});
    record.policy_hash = "an-older-version-of-the-file";
    CHECK(problem_of(consent::encode_consent_cookie(record, kRing)) == CookieProblem::none);
    record.purposes_hash = "purposes-that-were-worded-differently";
    CHECK(problem_of(consent::encode_consent_cookie(record, kRing)) ==
          CookieProblem::purposes_changed);
    auto elsewhere = choice({});
    elsewhere.policy_id = "us-ca-ccpa";
    CHECK(problem_of(consent::encode_consent_cookie(elsewhere, kRing)) ==
          CookieProblem::other_policy);
}

TEST_CASE("the consent cookie is found among others in a Cookie header") {
    CHECK(consent::find_consent_cookie("a=1; tact_consent=v1.k.p.s; b=2") == "v1.k.p.s");
    CHECK(consent::find_consent_cookie("tact_consent=x") == "x");
    CHECK(consent::find_consent_cookie("xtact_consent=x; tact_consentx=y").empty());
    CHECK(consent::find_consent_cookie("").empty());
}

TEST_CASE("step 3: a valid cookie's choices decide, a tampered one counts as none") {
    // A policy where the city needs consent, so that the choice shows in the decision.
    auto policy = eu();
    policy.signals["geo.city"] = {policy::SignalRule::Allowed::with_consent, "personalization", ""};
    std::vector<policy::Policy> policies{policy, *shipped_policies().find("fallback")};
    const policy::PolicySet set(std::move(policies));
    const auto cookie =
        consent::encode_consent_cookie(choice({{"personalization", Choice::granted}}), kRing);

    auto visit_with = [&](const std::string& cookie_header) {
        const auto request = test::parsed_request(
            (cookie_header.empty() ? std::string() : "Cookie: " + cookie_header + "\r\n") +
            "Sec-GPC: 1\r\n");
        static const auto db = geoip::GeoIpDatabase::open(TACT_TEST_GEOIP_DIR "/test-city.mmdb",
                                                          geoip::LookupPaths::geoip2());
        static const auto settings = signals::SignalSettings::defaults();
        return pipeline::prepare_visit({.client = boost::asio::ip::make_address("192.0.2.10"),
                                        .request = request,
                                        .geoip = db.get(),
                                        .policies = &set,
                                        .consent_keys = &kRing,
                                        .rules = nullptr,
                                        .settings = settings,
                                        .demo_parameter = "",
                                        .now = kNow});
    };
    const auto granted = visit_with("theme=dark; tact_consent=" + cookie);
    CHECK(granted.consent.granted("personalization"));
    CHECK(granted.consent.gpc);
    CHECK_FALSE(granted.consent.receipt_id.empty());
    CHECK_FALSE(granted.consent_cookie_rejected);
    CHECK(granted.decision.find_used("geo.city"));

    auto tampered = cookie;
    tampered[tampered.size() / 2] ^= 1;
    const auto rejected = visit_with("tact_consent=" + tampered);
    CHECK(rejected.consent_cookie_rejected);
    CHECK(rejected.consent.purposes.empty());
    CHECK(rejected.decision.find_withheld("geo.city"));

    const auto none = visit_with("");
    CHECK_FALSE(none.consent_cookie_rejected);
    CHECK(none.decision.find_withheld("geo.city"));
}

TEST_CASE("Global Privacy Control counts only as Sec-GPC: 1, exactly") {
    const std::pair<const char*, bool> cases[] = {
        {"1", true},
        {"0", false},
        {"11", false},
        {"true", false},
        {"1 ", true},
        {" 1", true},  // surrounding whitespace is not part of a value (RFC
                       // 9110 5.5)
        {"1,1", false},
        {"", false},
    };
    for (const auto& [value, honoured] : cases) {
        INFO("Sec-GPC: [" << value << "]");
        const auto request = test::parsed_request("Sec-GPC: " + std::string(value) + "\r\n");
        CHECK(consent::read_consent(request, nullptr, nullptr, kNow).state.gpc == honoured);
    }
    const auto absent = test::parsed_request("");
    CHECK_FALSE(consent::read_consent(absent, nullptr, nullptr, kNow).state.gpc);
}
