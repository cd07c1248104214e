#include "gateway_fixture.hpp"

#include <stdexcept>

namespace tact::testing {

GatewayFixture::GatewayFixture(const nlohmann::json& overrides, bool start_origin)
    : origin_port_(free_port()), port_(free_port()), admin_port_(free_port()) {
    config_ = {
        {"listen", {{"address", "127.0.0.1"}, {"port", port_}}},
        {"upstream", {{"host", "127.0.0.1"}, {"port", origin_port_}}},
        {"admin", {{"address", "127.0.0.1"}, {"port", admin_port_}}},
        {"workers", 2},
        {"access_log", {{"path", "access.log"}}},
    };
    if (!overrides.is_null()) config_.merge_patch(overrides);
    write_config(config_);
    if (start_origin) {
        origin_ = std::make_unique<Process>(
            std::vector<std::string>{TEST_ORIGIN_BINARY, std::to_string(origin_port_), "--log",
                                     (dir_ / "origin.log").string()},
            dir_ / "origin.out");
        if (!wait_for_port(origin_port_, std::chrono::seconds(10)))
            throw std::runtime_error("the test origin did not start");
    }
    gateway_ = std::make_unique<Process>(
        std::vector<std::string>{TACT_BINARY, "serve", "-c", config_file().string()},
        dir_ / "gateway.out");
    if (!wait_for_port(port_, std::chrono::seconds(20)))
        throw std::runtime_error("the gateway did not start: " + gateway_->output());
}

void GatewayFixture::write_config(const nlohmann::json& config) const {
    write_file(config_file(), config.dump(2));
}

}  // namespace tact::testing
