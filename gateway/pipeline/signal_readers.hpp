// Which signal families anything reads: a rule (its condition or its
// content), the origin through Tact-Context, or the profile's own count of
// page views. A family nobody reads is not taken from the request, and a
// profile nobody reads is not kept, even with consent (data minimisation,
// GDPR Art. 5(1)(c)): the gateway then neither sets tact_profile nor keeps
// one it finds.
#pragma once

#include <string>
#include <vector>

#include "personalize/rules.hpp"
#include "policy/decision.hpp"
#include "signals/signal_families.hpp"

namespace tact::pipeline {

// `rules` null: no rules; `context_signals` null: Tact-Context carries every
// signal the policy lets the gateway use, so every family is read.
signals::FamilySet families_read(const personalize::Rules* rules,
                                 const std::vector<std::string>* context_signals);

// Marks the signals of the families nobody reads as withheld, "not read"
// (Decision::not_read). The profile's are left to the profile's own step,
// which also says why when it is read but not allowed.
void withhold_unread(policy::Decision& decision, const signals::FamilySet& read);

}  // namespace tact::pipeline
