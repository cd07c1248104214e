// `tact policy check|explain|diff`: the compliance officer's tools. Thin
// shells over gateway/policy and the request pipeline, so that what they
// print is what the gateway does.
#pragma once

#include <string_view>
#include <vector>

namespace tact::cli {

int policy_command(const std::vector<std::string_view>& args);

}  // namespace tact::cli
