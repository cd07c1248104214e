#include "consent/banner_layout.hpp"

#include "policy/permit.hpp"
#include "signals/catalog.hpp"

namespace tact::consent {
namespace {

// The policy lets a personal signal (the profile) be used under this
// purpose. Its switch is never pre-ticked: saving it ticked is the visitor's
// own grant, which a box they did not touch must not make for them.
bool covers_personal_signal(const policy::Policy& policy, const policy::Purpose& purpose) {
    for (const auto& [key, rule] : policy.signals) {
        if (rule.allowed != policy::SignalRule::Allowed::with_consent || rule.purpose != purpose.id)
            continue;
        for (const auto& kind : signals::kinds_covered_by(key))
            if (kind.privacy == signals::Privacy::personal) return true;
    }
    return false;
}

}  // namespace

bool banner_required(const policy::Policy& policy, const ConsentState& consent) {
    return consent.receipt_id.empty() && policy.banner.show_before_processing;
}

bool purpose_on(const policy::Policy& policy, const ConsentState& consent,
                const policy::Purpose& purpose) {
    return purpose.required || policy::purpose_decision(policy, consent, purpose).allows();
}

bool switch_starts_ticked(const policy::Policy& policy, const ConsentState& consent,
                          const policy::Purpose& purpose) {
    if (purpose.required || consent.granted(purpose.id)) return true;
    return policy.banner.pre_ticked_allowed && purpose_on(policy, consent, purpose) &&
           !covers_personal_signal(policy, purpose);
}

}  // namespace tact::consent
