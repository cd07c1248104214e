// device.class: mobile, tablet, desktop or bot, from the User-Agent and the
// Sec-CH-UA-Mobile client hint. Nothing finer (no model, no version): those
// add to a fingerprint and no rule needs them.
#pragma once

#include <string_view>

#include "signals/signal.hpp"

namespace tact::signals {

void add_device_signals(Signals& out, std::string_view user_agent, std::string_view ch_ua_mobile);

std::string_view device_class(std::string_view user_agent, std::string_view ch_ua_mobile);

}  // namespace tact::signals
