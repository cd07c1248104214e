// Step 7's part of the pipeline: the context the origin receives, built from
// Decision.used only. A withheld signal never reaches the origin, in any form.
//
//   Tact-Policy: eu-gdpr; revision="2026-11-01 (sha256:3f2a9c01b7e4)"; jurisdiction=DE
//   Tact-Signals: geo.country=DE, time.daypart=morning, search.keywords=running%20shoes
//
// Values are percent-encoded (RFC 3986 unreserved characters stay), so that
// any value fits a header and splits at ", " and "=".
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "policy/decision.hpp"

namespace tact::pipeline {

using Headers = std::vector<std::pair<std::string, std::string>>;

Headers context_headers(const policy::Decision& decision);

}  // namespace tact::pipeline
