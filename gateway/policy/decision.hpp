// What the gate (step 5) decided for one visit, with every reason: which
// policy and revision, which consent, which signals were used and which were
// withheld, and why. It explains a decision; it carries no address.
#pragma once

#include <string>
#include <vector>

#include "policy/policy.hpp"

namespace tact::policy {

struct UsedSignal {
    std::string name;
    std::string value;
    std::string reason;  // "allowed without consent", "consent to personalization given"
};

struct WithheldSignal {
    std::string name;
    std::string reason;  // "needs consent to personalization, not given"
};

struct Decision {
    std::string policy_id;
    std::string policy_revision;  // "2026-11-01 (sha256:3f2a9c01b7e4)"
    std::string policy_hash;
    std::string jurisdiction;  // the place that chose the policy: "US-CA", "unknown location"
    ConsentModel consent_model = ConsentModel::opt_in;
    std::vector<UsedSignal> used;
    std::vector<WithheldSignal> withheld;

    const UsedSignal* find_used(std::string_view name) const;
    const WithheldSignal* find_withheld(std::string_view name) const;
};

}  // namespace tact::policy
