// A real test origin and a real `tact serve` on free loopback ports, with a
// configuration made for the test; both are stopped when it goes away.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>

#include "process.hpp"

namespace tact::testing {

class GatewayFixture {
  public:
    // `overrides` is merged (RFC 7396) into a small valid configuration.
    explicit GatewayFixture(const nlohmann::json& overrides = nlohmann::json::object(),
                            bool start_origin = true);

    unsigned short port() const { return port_; }
    unsigned short origin_port() const { return origin_port_; }
    unsigned short admin_port() const { return admin_port_; }
    Process& gateway() { return *gateway_; }
    const TempDir& dir() const { return dir_; }
    std::filesystem::path config_file() const { return dir_ / "tact.json"; }
    // Requests the origin received whole, one "METHOD target" line each.
    std::string origin_log() const { return read_file(dir_ / "origin.log"); }
    std::string access_log() const { return read_file(dir_ / "access.log"); }
    nlohmann::json config() const { return config_; }
    void write_config(const nlohmann::json& config) const;
    // Waits until the gateway has written `text`; a fixed sleep would be too
    // short on a loaded machine and needlessly long on an idle one.
    bool output_shows(const std::string& text,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10));

  private:
    struct PortTaken {};
    void start(const nlohmann::json& overrides, bool start_origin);
    void start_test_origin();

    TempDir dir_;
    unsigned short origin_port_ = 0, port_ = 0, admin_port_ = 0;
    nlohmann::json config_;
    std::unique_ptr<Process> origin_;
    std::unique_ptr<Process> gateway_;
};

}  // namespace tact::testing
