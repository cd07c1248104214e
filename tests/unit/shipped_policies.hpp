// The policies shipped in policies/, loaded once for every test that reads them.
#pragma once

#include "policy/policy_loader.hpp"

inline const tact::policy::PolicySet& shipped_policies() {
    static const auto set = tact::policy::load_policy_set(TACT_POLICIES_DIR);
    return set;
}
