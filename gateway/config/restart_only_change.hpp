// What a reload (SIGHUP) cannot take: the consent log is opened once, at
// start, and every consent action since went into it. Taking a new `consent`
// block, or dropping it, or pointing `consent.log` elsewhere, would leave the
// banner posting to a log that is not there (503s) or archive the policies
// into a folder the log does not use; the gateway refuses such a reload whole
// instead and says what to do.
#pragma once

#include <optional>
#include <string>

#include "config/config.hpp"

namespace tact::config {

// The refusal's reason ("adding \"consent\" ..."), or nothing when `next`
// keeps the consent log as `running` has it.
std::optional<std::string> consent_log_change(const Config& running, const Config& next);

}  // namespace tact::config
