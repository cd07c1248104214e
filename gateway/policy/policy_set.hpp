// The policies in force, and which one governs a visit: the most specific
// match for the visitor's location wins (US-CA over US), and a location no
// policy claims — or no location at all — gets the fallback.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "geoip/location.hpp"
#include "policy/policy.hpp"

namespace tact::policy {

struct Jurisdiction {
    const Policy* policy = nullptr;
    std::string place;  // what matched: "US-CA", "DE", or "unknown location"
};

class PolicySet {
  public:
    // `policies` were validated together (load_policy_set): one fallback, no overlaps.
    explicit PolicySet(std::vector<Policy> policies);

    Jurisdiction resolve(const geoip::Location& where) const;
    const std::vector<Policy>& policies() const { return policies_; }
    const Policy& fallback() const { return policies_[fallback_]; }
    const Policy* find(const std::string& id) const;

  private:
    std::vector<Policy> policies_;
    std::size_t fallback_ = 0;
    // "DE", "US-CA" -> index; hashed: every visit looks up one or two places.
    std::unordered_map<std::string, std::size_t> by_place_;
};

}  // namespace tact::policy
