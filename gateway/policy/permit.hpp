// The gate: a pure function of the visit's signals, the visitor's consent and
// the policy that governs them (Open Policy Agent's model: same input, same
// policy, same decision; the decision names the policy revision).
#pragma once

#include "consent/consent_state.hpp"
#include "policy/decision.hpp"
#include "policy/policy_set.hpp"
#include "signals/signal.hpp"

namespace tact::policy {

// For each signal, in this order:
//   1. a value with a sensitive keyword of the policy is withheld, whatever the consent;
//   2. a signal the policy does not name is withheld (nothing is allowed by omission);
//   3. "never" is withheld; a value finer than the rule's granularity is withheld;
//   4. "always" is used (contextual signals only: the loader refuses it for personal ones);
//   5. "with_consent": under opt-in, used only if the visitor granted the purpose;
//      under opt-out, used unless the visitor refused it, Global Privacy Control
//      refuses it (when the policy honours GPC), or the purpose is off by default.
Decision permit(const signals::Signals& signals, const consent::ConsentState& consent,
                const Jurisdiction& jurisdiction);

// Whether a purpose counts as consented to for this visitor under `policy`,
// and why (Reason::allows()).
Reason purpose_decision(const Policy& policy, const consent::ConsentState& consent,
                        std::string_view purpose);
// The same for one of the policy's own purposes, without looking it up.
Reason purpose_decision(const Policy& policy, const consent::ConsentState& consent,
                        const Purpose& purpose);

}  // namespace tact::policy
