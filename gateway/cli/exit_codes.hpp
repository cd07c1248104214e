// Exit codes of every tact subcommand, documented in README.md.
#pragma once

namespace tact::cli {

enum ExitCode : int {
    kSuccess = 0,
    kCannotStart = 1,    // a port in use, a file that cannot be opened
    kUsage = 2,          // unknown subcommand or option
    kInvalidConfig = 3,  // the configuration file was refused
};

}  // namespace tact::cli
