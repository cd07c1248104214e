#include "gateway_fixture.hpp"

#include <stdexcept>
#include <thread>

namespace tact::testing {

namespace {

bool lost_a_port_race(const std::string& output) {
    return output.find("Address already in use") != std::string::npos;
}

}  // namespace

GatewayFixture::GatewayFixture(const nlohmann::json& overrides, bool start_origin) {
    // Ports are chosen free, but a test running alongside may bind one first;
    // then everything starts again on new ports rather than failing the test.
    constexpr int attempts = 5;
    for (int attempt = 1;; ++attempt) {
        try {
            start(overrides, start_origin);
            return;
        } catch (const PortTaken&) {
            if (attempt == attempts) throw std::runtime_error("no free ports after retries");
        }
    }
}

void GatewayFixture::start(const nlohmann::json& overrides, bool start_origin) {
    gateway_.reset();
    origin_.reset();
    origin_port_ = free_port();
    port_ = free_port();
    admin_port_ = free_port();
    config_ = {
        {"listen", {{"address", "127.0.0.1"}, {"port", port_}}},
        {"upstream", {{"host", "127.0.0.1"}, {"port", origin_port_}}},
        {"admin", {{"address", "127.0.0.1"}, {"port", admin_port_}}},
        {"workers", 2},
        {"access_log", {{"path", "access.log"}}},
    };
    if (!overrides.is_null()) config_.merge_patch(overrides);
    write_config(config_);
    if (start_origin) start_test_origin();
    gateway_ = std::make_unique<Process>(
        std::vector<std::string>{TACT_BINARY, "serve", "-c", config_file().string()},
        dir_ / "gateway.out");
    if (!wait_for_port(port_, std::chrono::seconds(20))) {
        if (lost_a_port_race(gateway_->output())) throw PortTaken{};
        throw std::runtime_error("the gateway did not start: " + gateway_->output());
    }
    // The admin listener opens just after the client one: a test may read /metrics at once.
    const auto admin = config_.find("admin");
    if (admin != config_.end() && admin->is_object() && admin->value("port", 0) != 0 &&
        !wait_for_port(admin_port_, std::chrono::seconds(5)))
        throw std::runtime_error("the admin listener did not open: " + gateway_->output());
}

void GatewayFixture::start_test_origin() {
    origin_ = std::make_unique<Process>(
        std::vector<std::string>{TEST_ORIGIN_BINARY, std::to_string(origin_port_), "--log",
                                 (dir_ / "origin.log").string()},
        dir_ / "origin.out");
    if (!wait_for_port(origin_port_, std::chrono::seconds(10))) {
        if (lost_a_port_race(origin_->output())) throw PortTaken{};
        throw std::runtime_error("the test origin did not start: " + origin_->output());
    }
}

bool GatewayFixture::output_shows(const std::string& text, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (gateway_->output().find(text) != std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

void GatewayFixture::write_config(const nlohmann::json& config) const {
    write_file(config_file(), config.dump(2));
}

}  // namespace tact::testing
