// The banner for browsers without JavaScript: a <noscript> block with plain
// forms that post the same choices to /__tact/consent, which answers 303
// back to the page. The first form is the first layer (Accept all, Reject
// all); the second, one checkbox per purpose, is "Choose".
#pragma once

#include <string>

#include "consent/consent_state.hpp"
#include "consent/ui_bundle.hpp"
#include "policy/policy.hpp"

namespace tact::consent {

// `banner_required`: shown open at the foot of the page; otherwise folded
// into a "Privacy settings" disclosure.
std::string noscript_form(const UiLanguage& language, const std::string& privacy_notice,
                          const policy::Policy& policy, const ConsentState& current,
                          bool banner_required);

// For a no-script visitor whose consent was given on an outdated banner
// (the policy or texts changed since the page loaded): a page of its own
// with a note ("choose_again"), the current forms, open, whose answer goes
// back to `return_to` (a path on this site), and a link back there.
std::string noscript_choose_again_page(const UiLanguage& language, const UiBundle& ui,
                                       const policy::Policy& policy, const ConsentState& current,
                                       const std::string& return_to);

// Text made safe for HTML content and quoted attribute values: & < > " '
// as character references.
std::string escape_html(std::string_view text);
void append_html_escaped(std::string& out, std::string_view text);

}  // namespace tact::consent
