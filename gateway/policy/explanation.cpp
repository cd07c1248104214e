#include "policy/explanation.hpp"

#include "signals/catalog.hpp"

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

namespace {

std::string model_of(const Policy* p) {
    if (!p) return "none";
    return p->consent_model == ConsentModel::opt_in ? "opt-in" : "opt-out";
}

bool shows_value(std::string_view signal, ShownValues values) {
    if (values != ShownValues::contextual) return values == ShownValues::all;
    const auto* kind = signals::find_signal_kind(signal);
    return kind && kind->privacy == signals::Privacy::contextual;
}

}  // namespace

nlohmann::json decision_json(const Decision& decision, const consent::ConsentState& consent,
                             ShownValues values) {
    nlohmann::json used = nlohmann::json::array();
    for (const auto& s : decision.used) {
        nlohmann::json entry{{"name", s.name}, {"reason", s.reason.text()}};
        if (shows_value(s.name, values)) entry["value"] = s.value;
        used.push_back(std::move(entry));
    }
    nlohmann::json withheld = nlohmann::json::array();
    for (const auto& s : decision.all_withheld())
        withheld.push_back({{"name", s.name}, {"reason", s.reason.text()}});
    const Policy* p = decision.policy;
    nlohmann::json policy = nullptr;
    if (p) policy = {{"id", p->id}, {"revision", p->revision}, {"hash", p->hash}};
    return {{"jurisdiction", decision.jurisdiction},
            {"policy", std::move(policy)},
            {"consent_model", model_of(p)},
            {"consent", consent_json(consent)},
            {"used", std::move(used)},
            {"withheld", std::move(withheld)}};
}

std::string decision_text(const Decision& decision, const consent::ConsentState& consent) {
    const Policy* p = decision.policy;
    std::string out;
    out += "jurisdiction  " + decision.jurisdiction + "\n";
    out += "policy        " + (p ? p->id + ", version " + p->revision : std::string("none")) + "\n";
    out += "consent model " + model_of(p) + "\n";
    out += "consent       " + consent_summary(consent) + "\n";
    out += "\nused (" + std::to_string(decision.used.size()) + "):\n";
    for (const auto& s : decision.used)
        out += "  " + std::string(s.name) + " = " + s.value + "    (" + s.reason.text() + ")\n";
    const auto all_withheld = decision.all_withheld();
    out += "\nwithheld (" + std::to_string(all_withheld.size()) + "):\n";
    for (const auto& s : all_withheld)
        out += "  " + std::string(s.name) + "    (" + s.reason.text() + ")\n";
    return out;
}

}  // namespace tact::policy
