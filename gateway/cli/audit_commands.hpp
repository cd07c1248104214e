// `tact audit ...`: the consent log for auditors and operators.
#pragma once

#include <string_view>
#include <vector>

namespace tact::cli {

int audit_command(const std::vector<std::string_view>& args);

}  // namespace tact::cli
