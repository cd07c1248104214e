#include "consent/request_consent.hpp"

#include "http_fields/field_lookup.hpp"

namespace tact::consent {

namespace http = boost::beast::http;

ConsentReading read_consent(const http_fields::RequestHead& request, const policy::Policy* policy,
                            const KeyRing* keys, std::chrono::system_clock::time_point now) {
    ConsentReading reading;
    // GPC spec (W3C Privacy CG): the header's only valid value is "1".
    reading.state.gpc = http_fields::field_value(request, "Sec-GPC") == "1";
    if (!policy || !keys) return reading;
    for (const auto& field : request) {
        if (field.name() != http::field::cookie) continue;
        const auto value = find_consent_cookie(field.value());
        if (value.empty()) continue;
        reading.cookie_present = true;
        auto cookie = read_consent_cookie(value, *keys, *policy, now);
        reading.cookie_problem = cookie.problem;
        if (cookie.record) {
            reading.state.lapses_at = lapses_at(*cookie.record, *policy);
            reading.state.purposes = std::move(cookie.record->purposes);
            reading.state.receipt_id = std::move(cookie.record->receipt_id);
        }
        break;
    }
    return reading;
}

}  // namespace tact::consent
