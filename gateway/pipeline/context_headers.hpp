// Step 7's part of the pipeline: the context the origin receives, built from
// Decision.used only. A withheld signal never reaches the origin, in any form.
// Every header is an HTTP Structured Field (RFC 8941; RFC 9651 Display
// Strings for text that is not ASCII), so an origin parses it with any
// structured-field library:
//
//   Tact-Policy: eu-gdpr;revision="2026-11-01 (sha256:3f2a9c01b7e4)";jurisdiction="DE"
//   Tact-Context: geo.country="DE", time.hour=9, time.daypart=morning,
//                 time.weekend=?0, search.keywords="running shoes", geo.city=%"m%c3%bcnchen"
//   Tact-Consent: necessary=?1, personalization=?0, analytics=?1, advertising=?0
//
// Tact-Context is a dictionary keyed by the signals' names (every catalog name
// is a valid key: a unit test holds them to it); each signal keeps
// one type whatever its value: integers (time.hour, time.month,
// profile.visits), a boolean (time.weekend), tokens for the enumerated ones
// (daypart, weekday, season, device class, search source, language), strings
// for the rest. An operator whose origin reads only a few signals may list
// them (config forwarding.context_signals, by name or family): Tact-Context
// then carries only those of the used ones, and the origin learns no more
// than it needs. Tact-Consent holds, per purpose of the policy, whether it
// counts as consented to for this visitor now (granted, or under opt-out not
// refused), so an origin that personalizes itself can follow it.
#pragma once

#include <string>
#include <vector>

#include "consent/consent_state.hpp"
#include "http_fields/added_fields.hpp"
#include "pipeline/policy_header_texts.hpp"
#include "policy/decision.hpp"

namespace tact::pipeline {

// Adds the headers to `out`, as the lines the origin will be sent.
// `only`: the signals and families Tact-Context may carry; null, all used ones.
// `cache`: the policy set's texts written in advance (policy_header_texts.hpp);
// without it, or for a policy not in it, they are written here.
void add_context_headers(http_fields::AddedFields& out, const policy::Decision& decision,
                         const consent::ConsentState& consent,
                         const std::vector<std::string>* only = nullptr,
                         const PolicyHeaderCache* cache = nullptr);

}  // namespace tact::pipeline
