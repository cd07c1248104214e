// language.preferred ("fa-IR") and language.primary ("fa") from
// Accept-Language (RFC 9110 12.5.4): the highest-quality valid tag.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "signals/signal.hpp"

namespace tact::signals {

void add_language_signals(Signals& out, std::string_view accept_language);

// The preferred tag, lower-cased language and upper-cased region; "" if none is valid.
std::string preferred_language(std::string_view accept_language);

// Every valid tag of the header, canonical, best first (ties keep their
// order, q=0 ranges are left out): for choosing among the languages a site has.
std::vector<std::string> accepted_languages(std::string_view accept_language);

}  // namespace tact::signals
