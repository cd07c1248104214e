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

// Text made safe for HTML content and quoted attribute values: & < > " '
// as character references.
std::string escape_html(std::string_view text);
void append_html_escaped(std::string& out, std::string_view text);

}  // namespace tact::consent
