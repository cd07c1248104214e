#include "demo_origin/demo_visitors.hpp"

#include "signals/url_parts.hpp"

namespace tact::demo_origin {

std::optional<boost::asio::ip::address> pretend_address(const config::DemoVisitors& visitors,
                                                        std::string_view target,
                                                        std::string_view referer) {
    auto name = signals::query_parameter(target, visitors.parameter);
    if (name.empty()) name = signals::query_parameter(referer, visitors.parameter);
    if (name.empty()) return std::nullopt;
    const auto it = visitors.addresses.find(std::string(name));
    if (it == visitors.addresses.end()) return std::nullopt;
    return it->second;
}

}  // namespace tact::demo_origin
