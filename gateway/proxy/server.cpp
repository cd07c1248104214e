#include "proxy/server.hpp"

#include <sys/resource.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <iostream>
#include <thread>

#include "admin/metrics.hpp"
#include "audit/policy_archive.hpp"
#include "config/config_loader.hpp"
#include "config/restart_only_change.hpp"
#include "demo_origin/static_site.hpp"

namespace tact::proxy {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

void log_line(const std::string& message) {
    std::cerr << "tact: " << message << std::endl;
}

// What is valid but likely not meant (banner texts left in English), at
// start and after each reload, as `tact config check` prints it.
void log_warnings(const RuntimeSnapshot& snapshot) {
    if (!snapshot.consent_ui) return;
    for (const auto& warning : snapshot.consent_ui->warnings()) log_line("warning: " + warning);
}

// Every keep-alive connection is a file descriptor: allow as many as the
// system's hard limit does.
void raise_open_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

tcp::endpoint endpoint_of(const std::string& address, std::uint16_t port,
                          const config::Config& config, const char* key) {
    boost::system::error_code ec;
    auto ip = net::ip::make_address(address, ec);
    if (ec)
        throw config::ConfigError(
            config.source.string() + ": key \"" + key + "\": \"" + address +
            "\" is not an IP address. Fix: write one such as \"127.0.0.1\" or \"::\".");
    return {ip, port};
}

std::string describe(const tcp::endpoint& endpoint) {
    std::ostringstream text;
    text << endpoint;
    return text.str();
}

StartupError cannot_listen(const tcp::endpoint& endpoint, const boost::system::error_code& ec,
                           const config::Config& config, const char* key) {
    return StartupError("cannot listen on " + describe(endpoint) + ": " + ec.message() +
                        ". Fix: stop the program using that port, or change \"" + key + "\" in " +
                        config.source.string() + ".");
}

audit::DecisionLogSettings decision_log_settings(const config::Config& config) {
    if (!config.policies) return {};
    const auto& log = config.policies->decision_log;
    return {.path = log.path, .sample_rate = log.sample_rate, .include_values = log.include_values};
}

}  // namespace

Server::Server(config::Config config) {
    raise_open_file_limit();
    if (!access_log_.open(config.access_log.path)) {
        throw StartupError(
            config.access_log.path +
            ": cannot open the access log for appending. Fix: "
            "check the folder exists and is writable, or change \"access_log.path\".");
    }
    snapshot_ = make_snapshot(std::move(config));
    const auto& cfg = *snapshot_->config;
    open_consent_log(cfg);
    if (!decision_log_.configure(decision_log_settings(cfg)))
        throw StartupError(cfg.policies->decision_log.path +
                           ": cannot open the decision log for appending. Fix: check the folder "
                           "exists and is writable, or change \"policies.decision_log.path\".");
    const auto listen = endpoint_of(cfg.listen.address, cfg.listen.port, cfg, "listen.address");
    const unsigned count =
        cfg.workers ? cfg.workers : std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < count; ++i) {
        workers_.push_back(
            std::make_unique<Worker>(snapshot_, access_log_, decision_log_, *consent_log_));
        try {
            workers_.back()->listen(listen);
        } catch (const boost::system::system_error& e) {
            throw cannot_listen(listen, e.code(), cfg, "listen.port");
        }
    }
    for (auto& worker : workers_) worker->share_clients_with(workers_);
    start_side_listeners(cfg);
}

Server::~Server() = default;

// Records are kept as long as the most demanding policy asks
// (consent_log_retention_days); without policies, for ever.
static std::optional<std::chrono::days> retention_of(const policy::PolicySet* policies) {
    if (!policies || policies->policies().empty()) return std::nullopt;
    unsigned days = 0;
    for (const auto& policy : policies->policies())
        days = std::max(days, policy.consent_log_retention_days);
    return std::chrono::days{days};
}

// The consent log and its checkpoint key; the demo generates the key on its
// first run (with the public key beside it, for auditors).
void Server::open_consent_log(const config::Config& cfg) {
    if (!cfg.consent) {
        consent_log_ = std::make_unique<audit::NoConsentLog>();
        return;
    }
    const auto& files = cfg.consent->log;
    try {
        const bool generate =
            cfg.consent->generate_missing_keys && !std::filesystem::exists(files.signing_key);
        auto public_key = files.signing_key;
        public_key += ".pub";
        auto key = generate ? crypto::Ed25519Key::generate(files.signing_key, public_key)
                            : crypto::Ed25519Key::load_private(files.signing_key);
        if (generate)
            log_line("generated the consent log's signing key " + files.signing_key.string() +
                     " (public key: " + public_key.string() + ")");
        auto log = std::make_unique<audit::ChainedConsentLog>(
            audit::ChainedLogSettings{.directory = files.directory,
                                      .signing_key = std::move(key),
                                      .checkpoint_every = files.checkpoint_every,
                                      .checkpoint_interval = files.checkpoint_interval,
                                      .segment_bytes = files.segment_bytes,
                                      .segment_age = files.segment_age,
                                      .retention = retention_of(snapshot_->policies.get())},
            std::cerr);
        chained_log_ = log.get();
        consent_log_ = std::move(log);
        if (snapshot_->policies)
            (void)audit::archive_policies(files.directory, *snapshot_->policies);
    } catch (const std::runtime_error& e) {
        throw StartupError(std::string("consent log: ") + e.what());
    }
}

void Server::start_side_listeners(const config::Config& cfg) {
    if (cfg.demo_origin) {
        const auto at = endpoint_of(cfg.demo_origin->address, cfg.demo_origin->port, cfg,
                                    "demo_origin.address");
        try {
            demo_origin_ = std::make_unique<admin::LocalHttpServer>(
                main_io_, at, demo_origin::static_site(cfg.demo_origin->root));
        } catch (const boost::system::system_error& e) {
            throw cannot_listen(at, e.code(), cfg, "demo_origin.port");
        }
    }
    if (cfg.admin.port != 0) {
        const auto at = endpoint_of(cfg.admin.address, cfg.admin.port, cfg, "admin.address");
        auto handler = [this](const admin::LocalRequest& request) {
            namespace http = boost::beast::http;
            admin::LocalResponse res{http::status::ok, request.version()};
            const auto path = request.target().substr(0, request.target().find('?'));
            if (path == "/metrics") {
                res.set(http::field::content_type, "text/plain; version=0.0.4");
                std::vector<admin::WorkerReading> readings;
                for (const auto& worker : workers_)
                    readings.push_back({&worker->counters(), worker->clients()});
                res.body() = admin::render_metrics(
                    readings, chained_log_ ? &chained_log_->counters() : nullptr);
            } else if (path == "/health") {
                res.set(http::field::content_type, "application/json");
                res.body() = stopping_ ? "{\"status\":\"draining\"}\n" : "{\"status\":\"ok\"}\n";
                if (stopping_) res.result(http::status::service_unavailable);
            } else {
                res.result(http::status::not_found);
                res.body() = "not found\n";
            }
            return res;
        };
        try {
            admin_ = std::make_unique<admin::LocalHttpServer>(main_io_, at, handler);
        } catch (const boost::system::system_error& e) {
            throw cannot_listen(at, e.code(), cfg, "admin.port");
        }
    }
}

int Server::run() {
    const auto& cfg = *snapshot_->config;
    std::vector<std::thread> threads;
    workers_running_ = static_cast<unsigned>(workers_.size());
    for (auto& worker : workers_) {
        threads.emplace_back([this, w = worker.get()] {
            w->run();
            --workers_running_;
        });
    }
    log_line(std::string("serving ") + (cfg.listen.tls ? "https" : "http") + "://" +
             cfg.listen.address + ":" + std::to_string(cfg.listen.port) + " -> " +
             (cfg.upstream.scheme == config::UpstreamScheme::https ? "https" : "http") + "://" +
             cfg.upstream.host + ":" + std::to_string(cfg.upstream.port) + " with " +
             std::to_string(workers_.size()) + " worker thread(s)");
    if (demo_origin_)
        log_line("demo site at http://" + cfg.demo_origin->address + ":" +
                 std::to_string(cfg.demo_origin->port) +
                 " (its origin); open the gateway's address in a browser");
    log_warnings(*snapshot_);

    net::co_spawn(main_io_, watch_signals(), net::detached);
    net::co_spawn(main_io_, flush_logs_every_second(), net::detached);
    main_io_.run();
    for (auto& worker : workers_) worker->stop();
    for (auto& thread : threads) thread.join();
    for (auto& worker : workers_) worker->flush_logs();  // their threads have ended
    log_line("stopped");
    return 0;
}

net::awaitable<void> Server::watch_signals() {
    for (;;) {
        boost::system::error_code ec;
        int signal = co_await signals_.async_wait(net::redirect_error(net::use_awaitable, ec));
        if (ec) co_return;
        if (signal == SIGHUP) {
            reload();
            continue;
        }
        if (stopping_) {
            log_line("second stop signal: closing at once");
            main_io_.stop();
            co_return;
        }
        stopping_ = true;
        net::co_spawn(main_io_, drain(), net::detached);
    }
}

// Stop accepting, close idle connections, let requests in flight finish
// (their responses say Connection: close), and give up after timeouts.drain.
net::awaitable<void> Server::drain() {
    const auto deadline = std::chrono::steady_clock::now() + snapshot_->config->timeouts.drain;
    log_line("draining: no new connections; waiting for requests in flight");
    for (auto& worker : workers_) worker->begin_drain();
    net::steady_timer tick(main_io_);
    while (workers_running_ > 0 && std::chrono::steady_clock::now() < deadline) {
        tick.expires_after(std::chrono::milliseconds(20));
        boost::system::error_code ec;
        co_await tick.async_wait(net::redirect_error(net::use_awaitable, ec));
    }
    if (workers_running_ > 0) log_line("drain timeout reached: closing the connections still open");
    main_io_.stop();
}

net::awaitable<void> Server::flush_logs_every_second() {
    net::steady_timer tick(main_io_);
    for (;;) {
        tick.expires_after(std::chrono::seconds(1));
        boost::system::error_code ec;
        co_await tick.async_wait(net::redirect_error(net::use_awaitable, ec));
        if (ec) co_return;
        for (auto& worker : workers_) worker->post_log_flush();
    }
}

// A new configuration is taken whole or not at all; listeners keep their
// addresses (a change there needs a restart), connections stay open.
void Server::reload() {
    const auto& current = *snapshot_->config;
    constexpr std::string_view refused =
        "reload refused, the running configuration stays in force: ";
    std::shared_ptr<const RuntimeSnapshot> next;
    try {
        auto loaded = config::load_config_file(current.source);
        if (const auto change = config::consent_log_change(current, loaded)) {
            log_line(std::string(refused) + *change);
            return;
        }
        next = make_snapshot(std::move(loaded));
    } catch (const std::exception& e) {
        log_line(std::string(refused) + e.what());
        return;
    }
    const auto& cfg = *next->config;
    if (cfg.listen.address != current.listen.address || cfg.listen.port != current.listen.port ||
        cfg.workers != current.workers || cfg.admin.port != current.admin.port)
        log_line(
            "reload: listen address, workers and admin port changes take effect at the next "
            "restart");
    if (cfg.access_log.path != current.access_log.path || !cfg.access_log.path.empty()) {
        // Reopening also lets log rotation move the old file away before SIGHUP.
        if (!access_log_.open(cfg.access_log.path))
            log_line("reload: cannot open the access log " + cfg.access_log.path +
                     "; keeping the previous one");
    }
    if (!decision_log_.configure(decision_log_settings(cfg)))
        log_line("reload: cannot open the decision log " + cfg.policies->decision_log.path +
                 "; keeping the previous one");
    snapshot_ = next;
    if (cfg.consent && next->policies &&
        !audit::archive_policies(cfg.consent->log.directory, *next->policies))
        log_line("reload: could not copy the policies into the consent log's folder");
    for (auto& worker : workers_) worker->replace_snapshot(next);
    log_line("configuration reloaded from " + cfg.source.string());
    log_warnings(*next);
}

}  // namespace tact::proxy
