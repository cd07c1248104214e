#include "consent/banner_layout.hpp"

#include "policy/permit.hpp"

namespace tact::consent {

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
    return policy.banner.pre_ticked_allowed && purpose_on(policy, consent, purpose);
}

}  // namespace tact::consent
