#include "policy/policy_set.hpp"

#include <stdexcept>

namespace tact::policy {

PolicySet::PolicySet(std::vector<Policy> policies) : policies_(std::move(policies)) {
    bool has_fallback = false;
    for (std::size_t i = 0; i < policies_.size(); ++i) {
        policies_[i].resolve_signal_rules();  // the set keeps them const from here on
        if (policies_[i].fallback) fallback_ = i, has_fallback = true;
        for (const auto& place : policies_[i].applies_to) by_place_.emplace(place, i);
    }
    if (!has_fallback) throw std::logic_error("a PolicySet needs a fallback policy");
}

Jurisdiction PolicySet::resolve(const geoip::Location& where) const {
    // (Pointers: a braced list of the strings themselves would copy both.)
    for (const std::string* place : {&where.subdivision, &where.country}) {
        if (place->empty()) continue;
        if (auto it = by_place_.find(*place); it != by_place_.end())
            return {&policies_[it->second], *place};
    }
    const std::string place =
        where.country.empty() ? "unknown location" : where.country + " (no policy names it)";
    return {&fallback(), place};
}

const Policy* PolicySet::find(const std::string& id) const {
    for (const auto& p : policies_)
        if (p.id == id) return &p;
    return nullptr;
}

}  // namespace tact::policy
