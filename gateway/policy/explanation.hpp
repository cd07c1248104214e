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

// Which used signals' values an explanation shows (never a withheld one's).
enum class ShownValues {
    none,
    contextual,  // a log's: never the visitor's profile, which only its cookie keeps
    all,         // the visitor's own explanation of their request
};

nlohmann::json decision_json(const Decision& decision, const consent::ConsentState& consent,
                             ShownValues values);
std::string decision_text(const Decision& decision, const consent::ConsentState& consent);

}  // namespace tact::policy
