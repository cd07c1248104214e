// The demo's "pretend to come from" switch (config.demo_visitors): only a
// configuration that names it honours it.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <optional>
#include <string_view>

#include "config/config.hpp"

namespace tact::demo_origin {

// The test address chosen by ?tact_demo_from=NAME in the target, else in
// the Referer (so that the banner's own requests from such a page, its
// no-script form and the links on it are judged as the page was), or nullopt.
std::optional<boost::asio::ip::address> pretend_address(const config::DemoVisitors& visitors,
                                                        std::string_view target,
                                                        std::string_view referer);

}  // namespace tact::demo_origin
