// The decision steps of the request path, in their order (ARCHITECTURE.md):
// locate -> jurisdiction -> consent -> signals -> gate -> choose -> context. The proxy
// calls prepare_visit() once per request, before forwarding; only step 1 sees
// the client address, and nothing it returns carries it.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>
#include <vector>

#include "consent/key_ring.hpp"
#include "geoip/geoip_database.hpp"
#include "http_fields/request_head.hpp"
#include "personalize/rules.hpp"
#include "pipeline/policy_header_texts.hpp"
#include "pipeline/visit.hpp"
#include "policy/policy_set.hpp"
#include "signals/visit_signals.hpp"

namespace tact::pipeline {

struct VisitInputs {
    const boost::asio::ip::address& client;  // the originating client (trusted proxies resolved)
    const http_fields::RequestHead& request;
    const geoip::GeoIpDatabase* geoip;     // null when no database is configured
    const policy::PolicySet* policies;     // null when none are configured: nothing is used
    const consent::KeyRing* consent_keys;  // null when consent is not configured: no cookie read
    const personalize::Rules* rules;       // null when no rules are configured: no slot filled
    const signals::SignalSettings& settings;
    std::string_view demo_parameter;  // the demo's own query parameter; "" elsewhere
    // The signals (names, families) Tact-Context may carry; null: every used one.
    const std::vector<std::string>* context_signals = nullptr;
    // The policies' parts of the context headers, written in advance; null: written per visit.
    const PolicyHeaderCache* policy_headers = nullptr;
    // The families a rule, Tact-Context or the profile reads
    // (pipeline/signal_readers.hpp); the others are not taken from the
    // request, and without the profile's it is neither read nor kept,
    // whatever the consent.
    signals::FamilySet families_read = signals::FamilySet::all();
    std::chrono::system_clock::time_point now;
};

Visit prepare_visit(const VisitInputs& inputs);

// Why the visitor's profile is not read under this policy and consent (the
// gate's reason, or "not read" when nothing reads it), or nothing when it is.
std::optional<policy::Reason> profile_withheld_because(const policy::Policy& policy,
                                                       const consent::ConsentState& consent,
                                                       bool profile_read);
// Lists the profile's signals among the decision's withheld, with `reason`.
void withhold_profile(policy::Decision& decision, const policy::Reason& reason);

// A request for a page a person looks at (not an image, a script, a fetch):
// what the banner, the slots and the profile are for.
bool is_page_view(const http_fields::RequestHead& request);

}  // namespace tact::pipeline
