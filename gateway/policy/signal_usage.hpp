// How a policy lets one signal be used, in words a reviewer reads:
// "before consent, down to subdivision", "with consent to personalization",
// "never". `tact policy check` summarises with it and `tact policy diff`
// compares two policy sets with it.
#pragma once

#include <string>

#include "policy/policy.hpp"
#include "signals/catalog.hpp"

namespace tact::policy {

std::string describe_usage(const Policy& policy, const signals::SignalKind& kind);

// Whether a visitor who has answered nothing (and sent no GPC) has `kind` used.
bool used_before_any_answer(const Policy& policy, const signals::SignalKind& kind);

}  // namespace tact::policy
