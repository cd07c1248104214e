// The one way every tact command reports a usage mistake: what was wrong,
// and where its --help is.
#pragma once

#include <iostream>
#include <string>
#include <string_view>

#include "cli/exit_codes.hpp"

namespace tact::cli {

// "tact policy: MESSAGE\nRun 'tact policy --help' for usage." on standard
// error; `command` is "" for tact itself. Returns kUsage.
inline int usage_error(std::string_view command, const std::string& message) {
    const std::string name = command.empty() ? "tact" : "tact " + std::string(command);
    std::cerr << name << ": " << message << "\nRun '" << name << " --help' for usage.\n";
    return kUsage;
}

}  // namespace tact::cli
