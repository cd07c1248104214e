// The demo's "pretend to come from" switch (config.demo_visitors): only a
// configuration that names it honours it.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <optional>
#include <string_view>

#include "config/config.hpp"

namespace tact::demo_origin {

// The test address chosen by ?tact_demo_from=NAME, or nullopt.
std::optional<boost::asio::ip::address> pretend_address(const config::DemoVisitors& visitors,
                                                        std::string_view target);

}  // namespace tact::demo_origin
