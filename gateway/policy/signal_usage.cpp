#include "policy/signal_usage.hpp"

#include <algorithm>

#include "policy/permit.hpp"

namespace tact::policy {
namespace {

// The signal as the gateway produces it, as permit() would see it.
signals::Signals sample_of(const signals::SignalKind& kind) {
    return {{kind.name, "x", kind.privacy, kind.produced}};
}

}  // namespace

bool used_before_any_answer(const Policy& policy, const signals::SignalKind& kind) {
    return !permit(sample_of(kind), {}, {&policy, ""}).used.empty();
}

std::string describe_usage(const Policy& policy, const signals::SignalKind& kind) {
    const SignalRule* rule = policy.rule_for(kind.name);
    if (!rule) return "never: the policy does not name it";
    if (rule->allowed == SignalRule::Allowed::never) return "never";
    const auto decision = permit(sample_of(kind), {}, {&policy, ""});
    if (!decision.withheld.empty() &&
        decision.withheld.front().reason.kind == Reason::Kind::too_fine)
        return "never: " + decision.withheld.front().reason.text();
    if (rule->allowed == SignalRule::Allowed::always) return "before consent";
    if (!decision.used.empty())  // decided for a visitor who answered nothing
        return "before consent unless " + rule->purpose + " is refused (opt-out)" +
               (policy.gpc.honoured &&
                        std::find(policy.gpc.refuses.begin(), policy.gpc.refuses.end(),
                                  rule->purpose) != policy.gpc.refuses.end()
                    ? " or GPC is sent"
                    : "");
    return "with consent to " + rule->purpose;
}

}  // namespace tact::policy
