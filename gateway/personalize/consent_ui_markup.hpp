// What step 8 injects into an HTML page for the consent banner: the
// stylesheet and a deferred script from the site's own origin (no inline
// script, so a Content-Security-Policy of 'self' keeps working), and the
// no-script form for browsers without JavaScript.
#pragma once

#include <string>
#include <string_view>

#include "consent/consent_state.hpp"
#include "consent/ui_bundle.hpp"
#include "policy/policy.hpp"

namespace tact::personalize {

std::string consent_ui_markup(const consent::UiBundle& ui, const policy::Policy& policy,
                              const consent::ConsentState& consent,
                              std::string_view accept_language);

}  // namespace tact::personalize
