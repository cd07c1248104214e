// A decision told to people: as JSON (tact policy explain --json, the
// /__tact/visit report) or as text a compliance officer reads in a terminal.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "consent/consent_state.hpp"
#include "policy/decision.hpp"

namespace tact::policy {

nlohmann::json consent_json(const consent::ConsentState& consent);
std::string consent_summary(
    const consent::ConsentState& consent);  // "gpc, personalization=granted"

// `with_values`: include the value of each used signal (never of withheld ones).
nlohmann::json decision_json(const Decision& decision, const consent::ConsentState& consent,
                             bool with_values);
std::string decision_text(const Decision& decision, const consent::ConsentState& consent);

}  // namespace tact::policy
