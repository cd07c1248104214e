// Whether anything reads the visitor's profile: a rule (its condition or its
// content), or the origin through Tact-Context. A profile nobody reads is
// not kept, even with consent (data minimisation, GDPR Art. 5(1)(c)): the
// gateway then neither sets tact_profile nor keeps one it finds.
#pragma once

#include <string>
#include <vector>

#include "personalize/rules.hpp"

namespace tact::pipeline {

// `rules` null: no rules; `context_signals` null: Tact-Context carries every
// signal the policy lets the gateway use, the profile's included.
bool something_reads_profile(const personalize::Rules* rules,
                             const std::vector<std::string>* context_signals);

}  // namespace tact::pipeline
