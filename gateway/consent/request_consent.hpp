// Step 3 of the request path: the visitor's recorded consent, read from the
// request under the policy that governs it (step 2): the signed tact_consent
// cookie and Global Privacy Control (Sec-GPC). IAB TCF and GPP strings join
// here for sites with a CMP.
#pragma once

#include <chrono>

#include "consent/consent_cookie.hpp"
#include "consent/consent_state.hpp"
#include "consent/key_ring.hpp"
#include "http_fields/request_head.hpp"
#include "policy/policy.hpp"

namespace tact::consent {

struct ConsentReading {
    ConsentState state;
    bool cookie_present = false;
    CookieProblem cookie_problem = CookieProblem::none;  // why a present cookie did not count
};

// `keys` or `policy` null: the cookie is not read (no consent configured, or no policies).
ConsentReading read_consent(const http_fields::RequestHead& request, const policy::Policy* policy,
                            const KeyRing* keys, std::chrono::system_clock::time_point now);

}  // namespace tact::consent
