// The tact_profile cookie: the visitor's Profile (profile.hpp), signed with
// the consent keys so nobody can forge interests into it. It is set only
// while the governing policy lets the profile signals be used, which for the
// shipped policies means consent to personalization, and deleted on the first
// response after that stops (a withdrawal, a refusal, another jurisdiction).
//
//   tact_profile=p1.<key id>.<payload, base64url JSON>.<HMAC-SHA256, base64url>
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "consent/consent_state.hpp"
#include "consent/key_ring.hpp"
#include "personalize/profile.hpp"
#include "policy/policy.hpp"
#include "policy/reason.hpp"

namespace tact::personalize {

inline constexpr std::string_view kProfileCookieName = "tact_profile";

std::string encode_profile_cookie(const Profile& profile, const consent::KeyRing& keys);

// The profile in a cookie value; nothing when it is not one the gateway
// signed, or not well formed.
std::optional<Profile> read_profile_cookie(std::string_view value, const consent::KeyRing& keys);

// The gate's answer for the profile signals, used or withheld, with its
// reason (what explains a profile that was not read). As personal signals
// they need the visitor's recorded grant of their purpose (never opt-out's
// "not refused").
policy::Reason profile_reason(const policy::Policy& policy, const consent::ConsentState& consent);

// How long the profile may stay on the visitor's device: as long as the
// policy keeps a consent, but never past the recorded grant it rests on.
std::chrono::seconds profile_lifetime(const policy::Policy& policy,
                                      const consent::ConsentState& consent,
                                      std::chrono::system_clock::time_point now);

// Set-Cookie values: the profile for `lifetime`, and the deletion.
std::string profile_set_cookie(std::string_view value, std::chrono::seconds lifetime, bool https);
std::string profile_deletion(bool https);

}  // namespace tact::personalize
