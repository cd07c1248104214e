#include "policy/explanation.hpp"

namespace tact::policy {

nlohmann::json consent_json(const consent::ConsentState& consent) {
    nlohmann::json purposes = nlohmann::json::object();
    for (const auto& [purpose, choice] : consent.purposes)
        purposes[purpose] = choice == consent::Choice::granted ? "granted" : "refused";
    return {{"gpc", consent.gpc}, {"purposes", purposes}};
}

std::string consent_summary(const consent::ConsentState& consent) {
    std::string out = consent.gpc ? "gpc" : "";
    for (const auto& [purpose, choice] : consent.purposes)
        out += (out.empty() ? "" : ", ") + purpose + "=" +
               (choice == consent::Choice::granted ? "granted" : "refused");
    return out.empty() ? "none recorded" : out;
}

nlohmann::json decision_json(const Decision& decision, const consent::ConsentState& consent,
                             bool with_values) {
    nlohmann::json used = nlohmann::json::array();
    for (const auto& s : decision.used) {
        nlohmann::json entry{{"name", s.name}, {"reason", s.reason}};
        if (with_values) entry["value"] = s.value;
        used.push_back(std::move(entry));
    }
    nlohmann::json withheld = nlohmann::json::array();
    for (const auto& s : decision.withheld)
        withheld.push_back({{"name", s.name}, {"reason", s.reason}});
    return {
        {"jurisdiction", decision.jurisdiction},
        {"policy",
         {{"id", decision.policy_id},
          {"revision", decision.policy_revision},
          {"hash", decision.policy_hash}}},
        {"consent_model", decision.consent_model == ConsentModel::opt_in ? "opt-in" : "opt-out"},
        {"consent", consent_json(consent)},
        {"used", std::move(used)},
        {"withheld", std::move(withheld)}};
}

std::string decision_text(const Decision& decision, const consent::ConsentState& consent) {
    std::string out;
    out += "jurisdiction  " + decision.jurisdiction + "\n";
    out += "policy        " + decision.policy_id + ", version " + decision.policy_revision + "\n";
    out += "consent model " +
           std::string(decision.consent_model == ConsentModel::opt_in ? "opt-in" : "opt-out") +
           "\n";
    out += "consent       " + consent_summary(consent) + "\n";
    out += "\nused (" + std::to_string(decision.used.size()) + "):\n";
    for (const auto& s : decision.used)
        out += "  " + s.name + " = " + s.value + "    (" + s.reason + ")\n";
    out += "\nwithheld (" + std::to_string(decision.withheld.size()) + "):\n";
    for (const auto& s : decision.withheld) out += "  " + s.name + "    (" + s.reason + ")\n";
    return out;
}

}  // namespace tact::policy
