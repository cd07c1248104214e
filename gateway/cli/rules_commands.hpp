// `tact rules check`: the marketer's tool. Validates rules.json the way the
// gateway loads it, and warns about variants that a policy would never let
// match before the visitor consents.
#pragma once

#include <string_view>
#include <vector>

namespace tact::cli {

int rules_command(const std::vector<std::string_view>& args);

}  // namespace tact::cli
