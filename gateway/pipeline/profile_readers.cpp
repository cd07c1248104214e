#include "pipeline/profile_readers.hpp"

#include <algorithm>

#include "signals/catalog.hpp"

namespace tact::pipeline {
namespace {

bool a_rule_reads_profile(const personalize::Rules& rules) {
    for (const auto& slot : rules.slots)
        for (const auto& variant : slot.variants)
            for (const auto& signal : variant.signals_read)
                if (signals::covers("profile", signal)) return true;
    return false;
}

bool context_carries_profile(const std::vector<std::string>& context_signals) {
    const auto profile_kinds = signals::kinds_covered_by("profile");
    return std::any_of(context_signals.begin(), context_signals.end(), [&](const auto& entry) {
        return std::any_of(profile_kinds.begin(), profile_kinds.end(),
                           [&](const auto& kind) { return signals::covers(entry, kind.name); });
    });
}

}  // namespace

bool something_reads_profile(const personalize::Rules* rules,
                             const std::vector<std::string>* context_signals) {
    if (!context_signals || context_carries_profile(*context_signals)) return true;
    return rules && a_rule_reads_profile(*rules);
}

}  // namespace tact::pipeline
