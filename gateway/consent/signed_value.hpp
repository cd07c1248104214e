// A value only the gateway can have written: `<kind>.<key id>.<payload,
// base64url>.<HMAC-SHA256 of all before it, base64url>`, signed with the
// consent key ring (key_ring.hpp), so that keys rotate for every such value at
// once. `kind` keeps the values apart: a consent cookie ("v1") never reads as
// a profile cookie ("p1") or the other way round.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "consent/key_ring.hpp"

namespace tact::consent {

std::string sign_value(std::string_view kind, std::string_view payload, const KeyRing& keys);

enum class SignedValueProblem { none, malformed, unknown_key, bad_signature };

struct OpenedValue {
    std::optional<std::string> payload;  // set when problem == none
    SignedValueProblem problem = SignedValueProblem::none;
};

// Checks form, kind, key and signature (in constant time); `most_bytes` bounds
// what is even looked at.
OpenedValue open_signed_value(std::string_view kind, std::string_view value, const KeyRing& keys,
                              std::size_t most_bytes);

}  // namespace tact::consent
