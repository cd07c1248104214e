#include "policy/permit.hpp"

#include <algorithm>

#include "signals/catalog.hpp"

namespace tact::policy {
namespace {

using Kind = Reason::Kind;

// "Not read" for each catalog signal, made once: a Decision points here for
// the signals of the families nothing reads.
const WithheldSignal* not_read_entry(std::string_view name) {
    static const auto entries = [] {
        std::vector<WithheldSignal> all;
        for (const auto& kind : signals::signal_catalog())
            all.push_back({kind.name, {Kind::not_read, {}, {}}});
        return all;
    }();
    const auto it =
        std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.name == name; });
    return it == entries.end() ? nullptr : &*it;
}

// The signals whose values are words a visitor typed or a campaign named.
bool carries_words(std::string_view name) {
    return name.starts_with("search.") || name.starts_with("campaign.");
}

// Whether the signal is finer than its rule allows.
bool too_fine(const signals::Signal& signal, const ResolvedSignalRule& resolved) {
    if (!resolved.limits_granularity) return false;
    if (!resolved.kind) return true;  // the loader only accepts catalog signals; be strict anyway
    return signals::granularity_rank(*resolved.kind, signal.granularity) > resolved.finest_allowed;
}

Reason decide(const Policy& policy, const signals::Signal& signal,
              const consent::ConsentState& consent) {
    if (carries_words(signal.name)) {
        if (auto category = policy.sensitive_terms.category_in(signal.value); !category.empty())
            return {Kind::sensitive_keyword, category, {}};
    }
    const auto resolved = policy.resolved_rule(signal.name);
    const SignalRule* rule = resolved.rule;
    if (!rule) return {Kind::not_named, {}, {}};
    if (rule->allowed == SignalRule::Allowed::never) return {Kind::never_allowed, {}, {}};
    if (too_fine(signal, resolved)) return {Kind::too_fine, signal.granularity, rule->granularity};
    if (rule->allowed == SignalRule::Allowed::always) return {Kind::allowed_always, {}, {}};
    const auto reason = purpose_decision(policy, consent, rule->purpose);
    // A personal signal (the profile) follows the visitor from page to page:
    // only their own grant covers it, under opt-out too, where "not refused"
    // lets contextual signals be used.
    if (signal.privacy == signals::Privacy::personal && reason.allows() &&
        reason.kind != Kind::consent_given)
        return {Kind::needs_own_grant, reason.subject, {}};
    return reason;
}

}  // namespace

const UsedSignal* Decision::find_used(std::string_view name) const {
    auto it = std::find_if(used.begin(), used.end(), [&](const auto& s) { return s.name == name; });
    return it == used.end() ? nullptr : &*it;
}

const WithheldSignal* Decision::find_withheld(std::string_view name) const {
    auto it = std::find_if(withheld.begin(), withheld.end(),
                           [&](const auto& s) { return s.name == name; });
    if (it != withheld.end()) return &*it;
    if (const auto family = signals::family_named(name); family && not_read.contains(*family))
        return not_read_entry(name);
    return nullptr;
}

std::vector<WithheldSignal> Decision::all_withheld() const {
    auto all = withheld;
    for (std::size_t i = 0; i < signals::kFamilyCount; ++i) {
        const auto family = static_cast<signals::Family>(i);
        if (!not_read.contains(family)) continue;
        for (const auto name : signals::signals_of(family)) all.push_back(*not_read_entry(name));
    }
    return all;
}

Reason purpose_decision(const Policy& policy, const consent::ConsentState& consent,
                        std::string_view purpose) {
    const Purpose* declared = policy.find_purpose(purpose);
    if (!declared) return {Kind::unknown_purpose, purpose, {}};
    return purpose_decision(policy, consent, *declared);
}

Reason purpose_decision(const Policy& policy, const consent::ConsentState& consent,
                        const Purpose& purpose) {
    const std::string_view id = purpose.id;  // lives as long as the policy
    if (purpose.required) return {Kind::strictly_necessary, id, {}};
    if (consent.refused(purpose.id)) return {Kind::refused, id, {}};
    if (consent.granted(purpose.id)) return {Kind::consent_given, id, {}};
    if (policy.consent_model == ConsentModel::opt_in) return {Kind::needs_consent, id, {}};
    // Opt-out. An explicit grant (above) overrides GPC, which is the browser's default.
    const auto& refused_by_gpc = policy.gpc.refuses;
    if (consent.gpc && policy.gpc.honoured &&
        std::find(refused_by_gpc.begin(), refused_by_gpc.end(), purpose.id) != refused_by_gpc.end())
        return {Kind::refused_by_gpc, id, {}};
    if (!purpose.default_under_opt_out) return {Kind::off_by_default, id, {}};
    return {Kind::not_refused, id, {}};
}

Decision permit(const signals::Signals& signals, const consent::ConsentState& consent,
                const Jurisdiction& jurisdiction) {
    Decision decision;
    decision.policy = jurisdiction.policy;
    decision.jurisdiction = jurisdiction.place;
    decision.used.reserve(signals.size());
    decision.withheld.reserve(signals.size());
    for (const auto& signal : signals) {
        const auto reason = decide(*jurisdiction.policy, signal, consent);
        // Made in place: a temporary copies the value, then moves it.
        if (reason.allows())
            decision.used.emplace_back(signal.name, signal.value, reason);
        else
            decision.withheld.emplace_back(signal.name, reason);
    }
    return decision;
}

}  // namespace tact::policy
