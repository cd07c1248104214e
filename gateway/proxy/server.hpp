// The running gateway: worker threads, the admin and demo listeners, and
// the signals an operator sends (SIGHUP reload, SIGTERM/SIGINT drain).
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <memory>
#include <stdexcept>
#include <vector>

#include "admin/local_http_server.hpp"
#include "audit/chained_consent_log.hpp"
#include "audit/consent_log.hpp"
#include "audit/decision_log.hpp"
#include "config/config.hpp"
#include "proxy/access_log.hpp"
#include "proxy/worker.hpp"

namespace tact::proxy {

// The gateway could not start (a port in use, a file it cannot open).
class StartupError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class Server {
  public:
    // Throws config::ConfigError or StartupError.
    explicit Server(config::Config config);
    ~Server();
    // Serves until SIGTERM/SIGINT and the drain that follows; returns the exit code.
    int run();

  private:
    boost::asio::awaitable<void> watch_signals();
    boost::asio::awaitable<void> flush_logs_every_second();
    boost::asio::awaitable<void> drain();
    void reload();
    void start_side_listeners(const config::Config& config);
    void open_consent_log(const config::Config& config);

    boost::asio::io_context main_io_{1};
    // Caught from construction on, before any port is open: a SIGHUP sent as
    // soon as the port answers must reload, not kill (its default action).
    boost::asio::signal_set signals_{main_io_, SIGTERM, SIGINT, SIGHUP};
    std::shared_ptr<const RuntimeSnapshot> snapshot_;
    AccessLog access_log_;
    audit::DecisionLog decision_log_;
    std::unique_ptr<audit::ConsentLog> consent_log_;  // opened at start; a change needs a restart
    const audit::ChainedConsentLog* chained_log_ = nullptr;  // the same, for its counters
    std::vector<std::unique_ptr<Worker>> workers_;
    std::atomic<unsigned> workers_running_{0};
    std::unique_ptr<admin::LocalHttpServer> admin_;
    std::unique_ptr<admin::LocalHttpServer> demo_origin_;
    bool stopping_ = false;
};

}  // namespace tact::proxy
