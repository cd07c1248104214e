#include "personalize/profile_cookie.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "consent/signed_value.hpp"
#include "policy/permit.hpp"

namespace tact::personalize {
namespace {

constexpr std::string_view kKind = "p1";
constexpr std::size_t kMostCookieBytes = 2048;

std::string attributes(bool https) {
    return std::string("; Path=/; HttpOnly; SameSite=Lax") + (https ? "; Secure" : "");
}

}  // namespace

std::string encode_profile_cookie(const Profile& profile, const consent::KeyRing& keys) {
    nlohmann::json sections = nlohmann::json::array();
    for (const auto& s : profile.sections) sections.push_back({s.section, s.views});
    const nlohmann::json payload{{"s", sections}, {"n", profile.page_views}};
    return consent::sign_value(kKind, payload.dump(), keys);
}

std::optional<Profile> read_profile_cookie(std::string_view value, const consent::KeyRing& keys) {
    const auto opened = consent::open_signed_value(kKind, value, keys, kMostCookieBytes);
    if (!opened.payload) return std::nullopt;
    const auto json = nlohmann::json::parse(*opened.payload, nullptr, false);
    if (!json.is_object() || !json.contains("s") || !json.contains("n") || !json["s"].is_array() ||
        !json["n"].is_number_unsigned())
        return std::nullopt;
    Profile profile;
    profile.page_views = json["n"].get<unsigned>();
    for (const auto& entry : json["s"]) {
        if (!entry.is_array() || entry.size() != 2 || !entry[0].is_string() ||
            !entry[1].is_number_unsigned() || profile.sections.size() >= Profile::kMostSections)
            return std::nullopt;
        profile.sections.push_back({entry[0].get<std::string>(), entry[1].get<unsigned>()});
    }
    return profile;
}

policy::Reason profile_reason(const policy::Policy& policy, const consent::ConsentState& consent) {
    // The gate decides one placeholder profile signal: its own rules, purpose
    // and consent model, with nothing decided here a second time (a personal
    // signal needs the visitor's own grant, under opt-out too).
    const signals::Signals probe{{"profile.visits", "0", signals::Privacy::personal, "profile"}};
    const auto decision = policy::permit(probe, consent, {&policy, ""});
    return decision.used.empty() ? decision.withheld.front().reason : decision.used.front().reason;
}

std::chrono::seconds profile_lifetime(const policy::Policy& policy,
                                      const consent::ConsentState& consent,
                                      std::chrono::system_clock::time_point now) {
    const std::chrono::seconds kept = std::chrono::days{policy.consent_max_age_days};
    const auto left = std::chrono::floor<std::chrono::seconds>(consent.lapses_at - now);
    return std::clamp(left, std::chrono::seconds{0}, kept);
}

std::string profile_set_cookie(std::string_view value, std::chrono::seconds lifetime, bool https) {
    return std::string(kProfileCookieName) + "=" + std::string(value) +
           "; Max-Age=" + std::to_string(lifetime.count()) + attributes(https);
}

std::string profile_deletion(bool https) {
    return std::string(kProfileCookieName) + "=; Max-Age=0" + attributes(https);
}

}  // namespace tact::personalize
