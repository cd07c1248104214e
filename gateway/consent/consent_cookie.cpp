#include "consent/consent_cookie.hpp"

#include <nlohmann/json.hpp>

#include "consent/random_hex.hpp"
#include "consent/signed_value.hpp"
#include "http_fields/cookie_pairs.hpp"

namespace tact::consent {
namespace {

constexpr std::string_view kVersion = "v1";
constexpr std::size_t kMaxCookieBytes = 2048;

nlohmann::json payload_of(const ConsentRecord& r) {
    nlohmann::json purposes = nlohmann::json::object();
    for (const auto& [id, choice] : r.purposes) purposes[id] = choice == Choice::granted ? 1 : 0;
    return {{"r", r.receipt_id},  {"p", r.policy_id},
            {"h", r.policy_hash}, {"ph", r.purposes_hash},
            {"s", purposes},      {"t", r.decided_at.time_since_epoch().count()},
            {"m", r.method}};
}

std::optional<ConsentRecord> record_of(const std::string& payload) {
    const auto json = nlohmann::json::parse(payload, nullptr, false);
    if (json.is_discarded() || !json.is_object()) return std::nullopt;
    try {
        ConsentRecord r;
        r.receipt_id = json.at("r").get<std::string>();
        r.policy_id = json.at("p").get<std::string>();
        r.policy_hash = json.at("h").get<std::string>();
        r.purposes_hash = json.at("ph").get<std::string>();
        // Numbers must be integers: converting a huge float would be undefined behaviour.
        const auto& states = json.at("s");
        if (!states.is_object()) return std::nullopt;
        for (const auto& [id, state] : states.items()) {
            if (!state.is_number_integer()) return std::nullopt;
            r.purposes[id] = state.get<std::int64_t>() == 1 ? Choice::granted : Choice::refused;
        }
        if (!json.at("t").is_number_integer()) return std::nullopt;
        const auto seconds = json.at("t").get<std::int64_t>();
        // 1970 to the year 36812: beyond it the arithmetic of lifetimes would overflow.
        if (seconds < 0 || seconds > (std::int64_t{1} << 40)) return std::nullopt;
        r.decided_at = std::chrono::sys_seconds{std::chrono::seconds{seconds}};
        r.method = json.at("m").get<std::string>();
        return r;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

}  // namespace

std::string_view to_string(CookieProblem problem) {
    switch (problem) {
        case CookieProblem::none:
            return "valid";
        case CookieProblem::malformed:
            return "malformed";
        case CookieProblem::unknown_key:
            return "signed with an unknown key";
        case CookieProblem::bad_signature:
            return "signature does not match";
        case CookieProblem::other_policy:
            return "made under another policy";
        case CookieProblem::purposes_changed:
            return "the policy's purposes changed since";
        case CookieProblem::expired:
            return "expired";
    }
    return "unknown";
}

unsigned lifetime_days(const ConsentRecord& record, const policy::Policy& policy) {
    for (const auto& [id, choice] : record.purposes) {
        const auto* purpose = policy.find_purpose(id);
        if (choice == Choice::granted && purpose && !purpose->required)
            return policy.consent_max_age_days;
    }
    return policy.reprompt_after_refusal_days;
}

std::chrono::sys_seconds lapses_at(const ConsentRecord& record, const policy::Policy& policy) {
    return record.decided_at + std::chrono::days{lifetime_days(record, policy)};
}

std::string new_receipt_id() {
    return random_hex(16);  // 128 bits
}

std::string sign_consent_payload(std::string_view payload, const KeyRing& keys) {
    return sign_value(kVersion, payload, keys);
}

std::string encode_consent_cookie(const ConsentRecord& record, const KeyRing& keys) {
    return sign_consent_payload(
        payload_of(record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), keys);
}

CookieReading read_consent_cookie(std::string_view value, const KeyRing& keys,
                                  const policy::Policy& policy,
                                  std::chrono::system_clock::time_point now) {
    auto problem = [](CookieProblem p) { return CookieReading{std::nullopt, p}; };
    const auto opened = open_signed_value(kVersion, value, keys, kMaxCookieBytes);
    switch (opened.problem) {
        case SignedValueProblem::none:
            break;
        case SignedValueProblem::malformed:
            return problem(CookieProblem::malformed);
        case SignedValueProblem::unknown_key:
            return problem(CookieProblem::unknown_key);
        case SignedValueProblem::bad_signature:
            return problem(CookieProblem::bad_signature);
    }
    auto record = record_of(*opened.payload);
    if (!record) return problem(CookieProblem::malformed);
    if (record->policy_id != policy.id) return problem(CookieProblem::other_policy);
    // A new version of the same policy keeps the choice if what was asked is unchanged.
    if (record->purposes_hash != policy.purposes_hash)
        return problem(CookieProblem::purposes_changed);
    if (now > lapses_at(*record, policy) ||
        record->decided_at > now + std::chrono::minutes{5})  // from the future: not ours
        return problem(CookieProblem::expired);
    return {std::move(record), CookieProblem::none};
}

std::string_view find_consent_cookie(std::string_view header) {
    return find_cookie(header, kCookieName);
}

std::string_view find_cookie(std::string_view header, std::string_view name) {
    std::string_view value;
    http_fields::for_each_cookie_pair(header, [&](std::string_view pair) {
        const auto pair_name = http_fields::cookie_pair_name(pair);
        if (pair_name.empty() || pair_name != name) return true;
        value = pair.substr(pair_name.size() + 1);
        return false;
    });
    return value;
}

}  // namespace tact::consent
