// What the gateway has worked out about one request before forwarding it:
// one field per step of the request path in ARCHITECTURE.md.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "consent/consent_state.hpp"
#include "geoip/location.hpp"
#include "http_fields/added_fields.hpp"
#include "personalize/slot_choice.hpp"
#include "policy/decision.hpp"
#include "signals/signal.hpp"

namespace tact::pipeline {

using Location = geoip::Location;  // step 1; empty when no database is configured

// What the response does with the visitor's profile cookie.
struct ProfileUpdate {
    enum class Action { none, set, remove };
    Action action = Action::none;
    std::string value;                // set: the new cookie value
    std::chrono::seconds lifetime{};  // set: how long it may stay (the grant's time left)
    bool cookie_present = false;      // the request carried one (read only when allowed)
    // Why the profile was not read, when the gate was asked and said no: its
    // signals then count as withheld, with this reason, in the decision.
    std::optional<policy::Reason> withheld;
};

struct Visit {
    Location location;                     // step 1
    std::string jurisdiction;              // step 2: the place that chose the policy
    consent::ConsentState consent;         // step 3
    bool consent_cookie_rejected = false;  // forged, tampered, expired or outdated: no consent
    bool consent_choice_lapsed = false;    // of those, expired or made under changed purposes
    signals::Signals signals;              // step 4: of the families read, before the gate
    policy::Decision decision;             // step 5: what may be used, and why
    std::vector<personalize::SlotChoice> choices;  // step 6: a variant per slot, and why
    ProfileUpdate profile;  // the tact_profile cookie: kept, set or deleted on the response
    http_fields::AddedFields context_headers;  // step 7: to the origin, as header lines
    std::optional<std::string> origin_target;  // the URL for the origin, when the gateway's
                                               // own parameters had to be taken out of it
};

}  // namespace tact::pipeline
