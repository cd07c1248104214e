// Fuzz target for what a visitor's browser sends the consent code: the Cookie
// header and the tact_consent value in it (signed with the target's own key,
// so mutations reach the payload decoder too), and consent endpoint bodies,
// JSON and form. Bad input must mean "no consent" or a 400, never a crash,
// an out-of-bounds read or undefined behaviour.
//
// The first byte picks the part; the rest is the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "audit/log_line.hpp"
#include "consent/consent_cookie.hpp"
#include "consent/consent_endpoints.hpp"
#include "policy/policy_loader.hpp"

namespace {

using namespace tact;

const policy::PolicySet& policies() {
    static const auto set = policy::load_policy_set(TACT_POLICIES_DIR);
    return set;
}

const consent::UiBundle& ui() {
    static const auto bundle = consent::UiBundle::load({});
    return *bundle;
}

const consent::KeyRing& keys() {
    static const consent::KeyRing ring({{"fuzz", std::string(32, 'f')}}, "fuzz");
    return ring;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    const auto& eu = *policies().find("eu-gdpr");
    const auto now = std::chrono::system_clock::now();
    switch (data[0] % 4) {
        case 0: {  // a Cookie header; and the same bytes as a consent log line (verify reads
                   // files an auditor does not trust)
            if (const auto facts = audit::read_line(input)) (void)audit::parse_time(facts->time);
            const auto value = consent::find_consent_cookie(input);
            (void)consent::read_consent_cookie(value, keys(), eu, now);
            break;
        }
        case 1: {  // a cookie value, raw and with a valid signature around fuzzed fields
            (void)consent::read_consent_cookie(input, keys(), eu, now);
            (void)consent::read_consent_cookie(consent::sign_consent_payload(input, keys()), keys(),
                                               eu, now);
            break;
        }
        case 2:
        case 3: {  // an endpoint body, JSON or form
            const consent::ConsentState nothing;
            consent::EndpointRequest request{
                .method = "POST",
                .target = "/__tact/consent",
                .host = "shop.example",
                .origin = "https://shop.example",
                .sec_fetch_site = "same-origin",
                .content_type =
                    data[0] % 4 == 2 ? "application/json" : "application/x-www-form-urlencoded",
                .referer = input.substr(0, 64),
                .accept_language = input.substr(0, 32),
                .body = input,
                .https = true,
                .policy = &eu,
                .keys = &keys(),
                .current = &nothing,
                .previous_choice_lapsed = false,
                .ui = &ui(),
                .jurisdiction = "DE",
                .now = now};
            (void)consent::answer_consent_endpoint(request);
            break;
        }
    }
    return 0;
}
