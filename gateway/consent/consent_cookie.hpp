// The tact_consent cookie: the visitor's recorded choice, signed so that
// nobody can forge or edit it, and checked against the policy in force.
//
//   tact_consent=v1.<key id>.<payload, base64url JSON>.<HMAC-SHA256, base64url>
//
// The payload holds a random 128-bit receipt id, the policy id, the policy's
// content hash and its purposes' hash, each purpose's state, the time of the
// choice and how it was collected. No identifier of the person: the receipt
// id names the choice, and only the visitor holds it.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "consent/consent_state.hpp"
#include "consent/key_ring.hpp"
#include "policy/policy.hpp"

namespace tact::consent {

inline constexpr std::string_view kCookieName = "tact_consent";

struct ConsentRecord {
    std::string receipt_id;     // 32 hex characters
    std::string policy_id;      // "eu-gdpr"
    std::string policy_hash;    // the policy's content hash when the choice was made
    std::string purposes_hash;  // the hash of the purposes the visitor was shown
    std::map<std::string, Choice> purposes;
    std::chrono::sys_seconds decided_at{};
    std::string method;  // "banner", "settings", "form", "gpc"

    friend bool operator==(const ConsentRecord&, const ConsentRecord&) = default;
};

// Why a cookie did not count (each is treated as "no consent recorded").
enum class CookieProblem {
    none,
    malformed,         // not v1.kid.payload.signature, bad base64 or JSON
    unknown_key,       // signed by a key no longer (or never) in the ring
    bad_signature,     // edited or forged
    other_policy,      // made under another jurisdiction's policy
    purposes_changed,  // the policy's purposes changed since: ask again
    expired,           // older than the policy's consent lifetime
};

std::string_view to_string(CookieProblem problem);

std::string new_receipt_id();

// How long a choice stands under `policy`: a choice that granted any purpose
// that can be refused lasts `consent_max_age_days`; one that refused them all
// lasts `reprompt_after_refusal_days` (the banner does not nag, then asks again).
unsigned lifetime_days(const ConsentRecord& record, const policy::Policy& policy);
// When that choice lapses: its time plus lifetime_days.
std::chrono::sys_seconds lapses_at(const ConsentRecord& record, const policy::Policy& policy);

// The cookie value (without "tact_consent=").
std::string encode_consent_cookie(const ConsentRecord& record, const KeyRing& keys);

// The same for any payload text: what encode_consent_cookie signs, exposed so
// that a fuzz target can reach the decoder behind a valid signature.
std::string sign_consent_payload(std::string_view payload, const KeyRing& keys);

struct CookieReading {
    std::optional<ConsentRecord> record;  // set when problem == none
    CookieProblem problem = CookieProblem::none;
};

// Checks signature, policy and age (lifetime_days).
CookieReading read_consent_cookie(std::string_view value, const KeyRing& keys,
                                  const policy::Policy& policy,
                                  std::chrono::system_clock::time_point now);

// The tact_consent value among a request's Cookie header values, or "".
std::string_view find_consent_cookie(std::string_view cookie_header);
// The value of cookie `name` in a Cookie header value, or "".
std::string_view find_cookie(std::string_view cookie_header, std::string_view name);

}  // namespace tact::consent
