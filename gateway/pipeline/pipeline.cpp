#include "pipeline/pipeline.hpp"

#include "consent/consent_cookie.hpp"
#include "consent/request_consent.hpp"
#include "http_fields/field_lookup.hpp"
#include "personalize/profile_cookie.hpp"
#include "pipeline/context_headers.hpp"
#include "pipeline/signal_readers.hpp"
#include "policy/permit.hpp"
#include "signals/catalog.hpp"
#include "signals/url_parts.hpp"

namespace tact::pipeline {
namespace {

// Step 1. The address goes no further than this: only the coarse Location does.
Location locate(const boost::asio::ip::address& client, const geoip::GeoIpDatabase* geoip) {
    return geoip ? geoip->lookup(client) : Location{};
}

// Step 5 without policies: nothing about the visitor is used.
policy::Decision nothing_used(const signals::Signals& signals) {
    policy::Decision decision;
    decision.jurisdiction = "no policies configured";
    for (const auto& s : signals)
        decision.withheld.push_back({s.name, {policy::Reason::Kind::no_policies, {}, {}}});
    return decision;
}

namespace http = boost::beast::http;
using http_fields::field_value;

// Step 4: what the request and the location say, each signal classed; the
// gate (step 5) decides later which of them may be used.
signals::Signals read_signals(const http_fields::RequestHead& request, const Location& where,
                              const signals::SignalSettings& settings,
                              std::chrono::system_clock::time_point now,
                              const signals::FamilySet& families_read) {
    return signals::extract_signals(
        {.target = request.target(),
         .host = field_value(request, http::field::host),
         .referer = field_value(request, http::field::referer),
         .user_agent = field_value(request, http::field::user_agent),
         .ch_ua_mobile = field_value(request, "Sec-CH-UA-Mobile"),
         .accept_language = field_value(request, http::field::accept_language)},
        where, now, settings, families_read);
}

// The gateway's own query parameters (click context, the demo's switch) are
// not the origin's business: it gets the URL without them.
std::optional<std::string> target_for_origin(std::string_view target,
                                             std::string_view click_parameter,
                                             std::string_view demo_parameter) {
    std::optional<std::string> stripped;
    for (const auto parameter : {click_parameter, demo_parameter}) {
        const std::string_view current = stripped ? std::string_view(*stripped) : target;
        if (parameter.empty() || signals::query_parameter(current, parameter).empty()) continue;
        stripped = signals::without_query_parameter(current, parameter);
    }
    return stripped;
}

// The visitor's profile cookie, read only while the policy lets the profile
// be used under this consent and something reads it; otherwise it is to be deleted.
std::optional<personalize::Profile> read_profile(const http_fields::RequestHead& request,
                                                 const policy::Policy* policy,
                                                 const consent::KeyRing* keys,
                                                 const consent::ConsentState& consent,
                                                 bool profile_read, ProfileUpdate& update) {
    std::string_view value;
    for (const auto& field : request)
        if (field.name() == http::field::cookie && value.empty())
            value = consent::find_cookie(field.value(), personalize::kProfileCookieName);
    update.cookie_present = !value.empty();
    // Left from a configuration with policies and consent keys: nothing may
    // read it now, so it goes.
    if (!policy || !keys) {
        if (update.cookie_present) update.action = ProfileUpdate::Action::remove;
        return std::nullopt;
    }
    // No profile to read and no page view to add: nothing to decide (images,
    // scripts and fetches skip the gate's question).
    if (!update.cookie_present && !is_page_view(request)) return std::nullopt;
    if (auto reason = profile_withheld_because(*policy, consent, profile_read)) {
        if (update.cookie_present) update.action = ProfileUpdate::Action::remove;
        update.withheld = reason;
        return std::nullopt;
    }
    auto profile = value.empty() ? std::nullopt : personalize::read_profile_cookie(value, *keys);
    return profile ? profile : personalize::Profile{};
}

// Progressive profiling: a page view adds its section to an allowed profile.
void count_page_view(const http_fields::RequestHead& request, const signals::Signals& signals,
                     const personalize::Profile& profile, const consent::KeyRing& keys,
                     std::chrono::seconds lifetime, ProfileUpdate& update) {
    if (!is_page_view(request)) return;
    const auto next =
        personalize::after_page_view(profile, signals::value_of(signals, "path.section"));
    update.action = ProfileUpdate::Action::set;
    update.value = personalize::encode_profile_cookie(next, keys);
    update.lifetime = lifetime;
}

}  // namespace

std::optional<policy::Reason> profile_withheld_because(const policy::Policy& policy,
                                                       const consent::ConsentState& consent,
                                                       bool profile_read) {
    auto reason = personalize::profile_reason(policy, consent);
    if (!reason.allows()) return reason;
    if (!profile_read) return policy::Reason{policy::Reason::Kind::not_read, {}, {}};
    return std::nullopt;
}

void withhold_profile(policy::Decision& decision, const policy::Reason& reason) {
    static const auto kProfileSignals = signals::kinds_covered_by("profile");
    for (const auto& kind : kProfileSignals) decision.withheld.push_back({kind.name, reason});
}

bool is_page_view(const http_fields::RequestHead& request) {
    return request.method() == http::verb::get &&
           (field_value(request, "Sec-Fetch-Dest") == "document" ||
            field_value(request, http::field::accept).find("text/html") != std::string_view::npos);
}

Visit prepare_visit(const VisitInputs& in) {
    Visit visit;
    visit.location = locate(in.client, in.geoip);  // 1
    const auto jurisdiction =                      // 2
        in.policies ? in.policies->resolve(visit.location) : policy::Jurisdiction{};
    visit.jurisdiction = jurisdiction.place;
    auto consent = consent::read_consent(in.request, jurisdiction.policy, in.consent_keys,  // 3
                                         in.now);
    visit.consent = std::move(consent.state);
    visit.consent_cookie_rejected =
        consent.cookie_present && consent.cookie_problem != consent::CookieProblem::none;
    visit.consent_choice_lapsed =
        consent.cookie_problem == consent::CookieProblem::expired ||
        consent.cookie_problem == consent::CookieProblem::purposes_changed;
    visit.signals =  // 4
        read_signals(in.request, visit.location, in.settings, in.now, in.families_read);
    const bool profile_read = in.families_read.contains(signals::Family::profile);
    const auto profile = read_profile(in.request, jurisdiction.policy, in.consent_keys,
                                      visit.consent, profile_read, visit.profile);
    if (profile) personalize::add_profile_signals(visit.signals, *profile);
    visit.decision = jurisdiction.policy  // 5
                         ? policy::permit(visit.signals, visit.consent, jurisdiction)
                         : nothing_used(visit.signals);
    withhold_unread(visit.decision, in.families_read);
    if (visit.profile.withheld)  // never read: a rule on it is skipped with this reason
        withhold_profile(visit.decision, *visit.profile.withheld);
    if (profile)
        count_page_view(in.request, visit.signals, *profile, *in.consent_keys,
                        personalize::profile_lifetime(*jurisdiction.policy, visit.consent, in.now),
                        visit.profile);
    if (in.rules) visit.choices = personalize::choose_variants(*in.rules, visit.decision);  // 6
    add_context_headers(visit.context_headers, visit.decision, visit.consent,  // 7: used only
                        in.context_signals, in.policy_headers);
    visit.origin_target =
        target_for_origin(in.request.target(), in.settings.click_parameter, in.demo_parameter);
    return visit;
}

}  // namespace tact::pipeline
