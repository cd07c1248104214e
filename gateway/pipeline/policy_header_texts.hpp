// The parts of the context headers (context_headers.hpp) that depend on the
// policy alone, written once per configuration load rather than once per
// request: Tact-Policy up to its jurisdiction, and Tact-Consent for a
// visitor who has recorded no choice, which is most visits.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "consent/consent_state.hpp"
#include "policy/policy_set.hpp"

namespace tact::pipeline {

struct PolicyHeaderTexts {
    std::string policy_item;  // eu-gdpr;revision="...";jurisdiction=
    // Tact-Consent for a visitor with no recorded choice: without, with Sec-GPC.
    std::array<std::string, 2> consent_without_choices;
};

class PolicyHeaderCache {
  public:
    explicit PolicyHeaderCache(std::shared_ptr<const policy::PolicySet> policies);

    // The texts of one of the set's policies; null for any other policy.
    const PolicyHeaderTexts* find(const policy::Policy* policy) const;

  private:
    std::shared_ptr<const policy::PolicySet> set_;  // kept alive: find() compares into it
    std::vector<PolicyHeaderTexts> texts_;          // in the order of its policies
};

// The two parts, as context_headers writes them whether cached or not.
std::string policy_item_start(const policy::Policy& policy);
std::string consent_dictionary(const policy::Policy& policy, const consent::ConsentState& consent);

}  // namespace tact::pipeline
