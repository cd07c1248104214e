#include "policy/policy.hpp"

#include <algorithm>

#include "signals/catalog.hpp"

namespace tact::policy {

std::string_view in_language(const std::map<std::string, std::string>& texts,
                             const std::string& language) {
    if (auto it = texts.find(language); it != texts.end()) return it->second;
    if (auto it = texts.find("en"); it != texts.end()) return it->second;
    return texts.empty() ? std::string_view() : std::string_view(texts.begin()->second);
}

const Purpose* Policy::find_purpose(std::string_view purpose_id) const {
    const auto it = std::find_if(purposes.begin(), purposes.end(),
                                 [&](const Purpose& p) { return p.id == purpose_id; });
    return it == purposes.end() ? nullptr : &*it;
}

const SignalRule* Policy::rule_for(std::string_view signal) const {
    if (const auto* resolved = resolved_rules.find(signal)) return resolved->rule;
    if (auto it = signals.find(signal); it != signals.end()) return &it->second;
    const auto family = signals::family_of(signal);
    if (auto it = signals.find(family); it != signals.end()) return &it->second;
    return nullptr;
}

namespace {

// `kind`: the signal's catalog entry, or null for a name the catalog lacks.
ResolvedSignalRule work_out(std::string_view name, const SignalRule* rule,
                            const signals::SignalKind* kind) {
    const bool limited = rule && !rule->granularity.empty();
    return {.name = name,
            .rule = rule,
            .kind = kind,
            .limits_granularity = limited,
            .finest_allowed =
                limited && kind ? signals::granularity_rank(*kind, rule->granularity) : -1};
}

}  // namespace

ResolvedSignalRule Policy::resolved_rule(std::string_view signal) const {
    if (const auto* entry = resolved_rules.find(signal)) return *entry;
    return work_out(signal, rule_for(signal), signals::find_signal_kind(signal));
}

void Policy::resolve_signal_rules() {
    resolved_rules = {};
    for (const auto& kind : signals::signal_catalog())
        resolved_rules.add(work_out(kind.name, rule_for(kind.name), &kind));
}

}  // namespace tact::policy
