#include "policy/permit.hpp"

#include <algorithm>

#include "signals/catalog.hpp"

namespace tact::policy {
namespace {

// The signals whose values are words a visitor typed or a campaign named.
bool carries_words(std::string_view name) {
    return name.starts_with("search.") || name.starts_with("campaign.");
}

// The category of the first sensitive term found among the value's words.
std::string sensitive_category(const Policy& policy, std::string_view words) {
    const std::string padded = " " + std::string(words) + " ";
    for (const auto& [category, terms] : policy.sensitive_keywords)
        for (const auto& term : terms)
            if (padded.find(" " + term + " ") != std::string::npos) return category;
    return {};
}

// Empty when the signal is no finer than the rule allows; else why not.
std::string too_fine(const signals::Signal& signal, const SignalRule& rule) {
    if (rule.granularity.empty()) return {};
    const auto kind = signals::find_signal_kind(signal.name);
    if (!kind) return "not in the signal catalog";
    const int allowed = signals::granularity_rank(*kind, rule.granularity);
    const int actual = signals::granularity_rank(*kind, signal.granularity);
    if (actual <= allowed) return {};
    return "finer than the policy allows: " + std::string(signal.granularity) +
           ", allowed down to " + rule.granularity;
}

}  // namespace

const UsedSignal* Decision::find_used(std::string_view name) const {
    auto it = std::find_if(used.begin(), used.end(), [&](const auto& s) { return s.name == name; });
    return it == used.end() ? nullptr : &*it;
}

const WithheldSignal* Decision::find_withheld(std::string_view name) const {
    auto it = std::find_if(withheld.begin(), withheld.end(),
                           [&](const auto& s) { return s.name == name; });
    return it == withheld.end() ? nullptr : &*it;
}

bool purpose_allowed(const Policy& policy, const consent::ConsentState& consent,
                     const std::string& purpose, std::string* reason) {
    auto say = [&](std::string why, bool allowed) {
        if (reason) *reason = std::move(why);
        return allowed;
    };
    const Purpose* declared = policy.find_purpose(purpose);
    if (!declared) return say("the policy has no purpose \"" + purpose + "\"", false);
    if (declared->required) return say(purpose + " is strictly necessary", true);
    if (consent.refused(purpose)) return say("the visitor refused " + purpose, false);
    if (policy.consent_model == ConsentModel::opt_in) {
        if (consent.granted(purpose)) return say("consent to " + purpose + " given", true);
        return say("needs consent to " + purpose + " (opt-in), not given", false);
    }
    // Opt-out: an explicit grant overrides GPC, which is the browser's default.
    if (consent.granted(purpose)) return say("consent to " + purpose + " given", true);
    const auto& refused_by_gpc = policy.gpc.refuses;
    if (consent.gpc && policy.gpc.honoured &&
        std::find(refused_by_gpc.begin(), refused_by_gpc.end(), purpose) != refused_by_gpc.end())
        return say("Global Privacy Control refuses " + purpose, false);
    if (!declared->default_under_opt_out)
        return say(purpose + " is off until the visitor turns it on", false);
    return say(purpose + " not refused (opt-out)", true);
}

Decision permit(const signals::Signals& signals, const consent::ConsentState& consent,
                const Jurisdiction& jurisdiction) {
    const Policy& policy = *jurisdiction.policy;
    Decision decision;
    decision.policy_id = policy.id;
    decision.policy_revision = policy.revision();
    decision.policy_hash = policy.hash;
    decision.jurisdiction = jurisdiction.place;
    decision.consent_model = policy.consent_model;
    auto withhold = [&](const signals::Signal& s, std::string why) {
        decision.withheld.push_back({std::string(s.name), std::move(why)});
    };
    for (const auto& signal : signals) {
        if (carries_words(signal.name)) {
            if (auto category = sensitive_category(policy, signal.value); !category.empty()) {
                withhold(signal, "sensitive keyword (" + category + "): never used");
                continue;
            }
        }
        const SignalRule* rule = policy.rule_for(signal.name);
        if (!rule) {
            withhold(signal, "the policy does not name it");
            continue;
        }
        if (rule->allowed == SignalRule::Allowed::never) {
            withhold(signal, "the policy never allows it");
            continue;
        }
        if (auto why = too_fine(signal, *rule); !why.empty()) {
            withhold(signal, std::move(why));
            continue;
        }
        std::string reason = "allowed without consent";
        if (rule->allowed == SignalRule::Allowed::with_consent &&
            !purpose_allowed(policy, consent, rule->purpose, &reason)) {
            withhold(signal, std::move(reason));
            continue;
        }
        decision.used.push_back({std::string(signal.name), signal.value, std::move(reason)});
    }
    return decision;
}

}  // namespace tact::policy
