// What the consent banner shows before the visitor does anything, as the
// policy's `banner` block asks: whether it opens by itself, and how each
// purpose's switch starts. The script (consent-ui/consent.js, through
// GET /__tact/consent) and the no-script form both take it from here, so the
// two never disagree.
#pragma once

#include "consent/consent_state.hpp"
#include "policy/policy.hpp"

namespace tact::consent {

// The banner opens by itself (blocking, "Reject all" beside "Accept all"):
// no valid choice is recorded and the policy's `show_before_processing`
// asks for it. Otherwise only the "Privacy settings" / "Your privacy choices"
// link is offered.
bool banner_required(const policy::Policy& policy, const ConsentState& consent);

// The purpose counts as consented to now: strictly necessary, granted, or
// under opt-out not (yet) refused.
bool purpose_on(const policy::Policy& policy, const ConsentState& consent,
                const policy::Purpose& purpose);

// The purpose's switch starts ticked. Only for what the visitor chose
// themselves (or what is strictly necessary) unless the policy's
// `pre_ticked_allowed` lets a purpose that counts as on without an answer
// (opt-out) start ticked too; never one that covers a personal signal,
// since "Save" with it ticked grants it. A switch left unticked is refused on "Save".
bool switch_starts_ticked(const policy::Policy& policy, const ConsentState& consent,
                          const policy::Purpose& purpose);

}  // namespace tact::consent
