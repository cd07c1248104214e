// The consent endpoints on the site's own origin, as pure functions of the
// request: the caller reads the body, records what they return in the
// consent log, and only then sends the response (with its Set-Cookie).
//
//   GET  /__tact/consent           the current state, for the banner
//   POST /__tact/consent           give or refuse, per purpose or all at once
//   POST /__tact/consent/withdraw  refuse everything that can be refused
//   GET  /__tact/consent/receipt   the visitor's own record of their choice
//   GET  /.well-known/gpc.json     whether this site honours Global Privacy Control here
//   GET  /__tact/ui/consent.js     the banner (consent-ui/), and its stylesheet
//   GET  /__tact/ui/consent.css
//
// POSTs are same-origin only (Sec-Fetch-Site, else Origin against Host), take
// JSON or a form, and are all-or-nothing: a bad body changes nothing (400).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "consent/consent_action.hpp"
#include "consent/consent_cookie.hpp"
#include "consent/consent_state.hpp"
#include "consent/key_ring.hpp"
#include "consent/ui_bundle.hpp"
#include "policy/policy.hpp"

namespace tact::consent {

struct EndpointRequest {
    std::string_view method;  // "GET", "POST", ...
    std::string_view target;
    std::string_view host, origin, sec_fetch_site, content_type, referer, accept_language;
    std::string_view body;
    bool https = false;
    const policy::Policy* policy = nullptr;  // the governing policy; null without policies
    const KeyRing* keys = nullptr;           // null without a consent configuration
    const ConsentState* current = nullptr;   // what the request's cookie says now
    bool previous_choice_lapsed = false;     // its cookie expired, or its purposes changed
    const UiBundle* ui = nullptr;            // the banner; null without a consent configuration
    std::string_view jurisdiction;           // the place whose policy governs ("DE")
    std::chrono::system_clock::time_point now;
};

struct EndpointResponse {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::string cache_control = "no-store";
    std::string body;
    std::string set_cookie;               // a Set-Cookie value, or ""
    std::string location;                 // for 303 after a form post
    bool outdated_banner = false;         // a consent not recorded: given on an outdated banner
    std::optional<ConsentRecord> record;  // to make durable before answering
    ConsentAction action;                 // what the log says happened, beside the record
};

bool is_consent_endpoint(std::string_view path);

EndpointResponse answer_consent_endpoint(const EndpointRequest& request);

// The largest body a consent POST may have.
inline constexpr std::size_t kMaxConsentBody = 8 * 1024;

}  // namespace tact::consent
