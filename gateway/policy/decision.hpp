// What the gate (step 5) decided for one visit, with every reason: which
// policy and revision, which consent, which signals were used and which were
// withheld, and why. It explains a decision; it carries no address.
//
// A Decision points into its Policy and the signal catalog (names, reasons):
// it lives no longer than the policy set that made it (in the gateway, the
// request's runtime snapshot).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "policy/policy.hpp"
#include "policy/reason.hpp"
#include "signals/signal_families.hpp"

namespace tact::policy {

struct UsedSignal {
    std::string_view name;
    std::string value;
    Reason reason;
};

struct WithheldSignal {
    std::string_view name;
    Reason reason;
};

struct Decision {
    const Policy* policy = nullptr;  // null: no policies configured, nothing used
    std::string jurisdiction;        // the place that chose the policy: "US-CA", "unknown location"
    std::vector<UsedSignal> used;
    std::vector<WithheldSignal> withheld;
    // The families nothing reads (pipeline/signal_readers.hpp): their signals
    // are withheld as "not read", without an entry each in `withheld`, which
    // would cost every request the same list.
    signals::FamilySet not_read = signals::FamilySet::none();

    const UsedSignal* find_used(std::string_view name) const;
    // In `withheld`, or among the signals of the families not read.
    const WithheldSignal* find_withheld(std::string_view name) const;
    // Every withheld signal: `withheld`, then the signals of the families not read.
    std::vector<WithheldSignal> all_withheld() const;
};

}  // namespace tact::policy
