// Step 7's part of the pipeline: the context the origin receives, built from
// Decision.used only. A withheld signal never reaches the origin, in any form.
//
//   Tact-Policy: eu-gdpr; revision="2026-11-01 (sha256:3f2a9c01b7e4)"; jurisdiction=DE
//   Tact-Signals: geo.country=DE, time.daypart=morning, search.keywords=running%20shoes
//   Tact-Consent: necessary=?1, personalization=?0, analytics=?1, advertising=?0
//
// Tact-Consent is an RFC 8941 dictionary of booleans: whether each purpose of
// the policy counts as consented to for this visitor now (granted, or under
// opt-out not refused), so an origin that personalizes itself can follow it.
//
// Values are percent-encoded (RFC 3986 unreserved characters stay), so that
// any value fits a header and splits at ", " and "=".
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "consent/consent_state.hpp"
#include "policy/decision.hpp"

namespace tact::pipeline {

using Headers = std::vector<std::pair<std::string, std::string>>;

Headers context_headers(const policy::Decision& decision, const consent::ConsentState& consent);

}  // namespace tact::pipeline
