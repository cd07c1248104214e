#include "proxy/worker.hpp"

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <exception>
#include <iostream>
#include <utility>

#include "proxy/client_connection.hpp"
#include "proxy/held_by_one_worker.hpp"

namespace tact::proxy {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using reuse_port = net::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

}  // namespace

Worker::Worker(std::shared_ptr<const RuntimeSnapshot> snapshot, AccessLog& access_log,
               audit::DecisionLog& decision_log, audit::ConsentLog& consent_log)
    : access_lines_(access_log.file()),
      decision_lines_(decision_log.file()),
      snapshot_(held_by_one_worker(std::move(snapshot))),
      decision_log_(decision_log),
      consent_log_(consent_log) {}

void Worker::listen(const tcp::endpoint& endpoint) {
    protocol_ = endpoint.protocol();
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.set_option(reuse_port(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    net::co_spawn(io_, accept_loop(), net::detached);
}

Task<void> Worker::accept_loop() {
    while (acceptor_.is_open()) {
        boost::system::error_code ec;
        Socket socket = co_await acceptor_.async_accept(net::redirect_error(use_task, ec));
        if (ec == net::error::operation_aborted || !acceptor_.is_open()) break;
        if (ec) {
            // EMFILE and the like: a short pause rather than a busy loop.
            std::cerr << "tact: accept failed: " << ec.message() << "\n";
            Timer pause(io_, std::chrono::milliseconds(50));
            co_await pause.async_wait(net::redirect_error(use_task, ec));
            continue;
        }
        if (over_connection_limit()) continue;  // the socket closes as it goes out of scope
        Worker& server = fewest_clients();
        if (&server == this)
            start_connection(std::move(socket));
        else
            server.adopt(std::move(socket));
    }
}

bool Worker::over_connection_limit() {
    const auto limit = snapshot_->config->limits.max_connections;
    // Each worker counts its own open connections; the limit is the gateway's.
    std::uint64_t open = 0;
    if (team_) {
        for (const auto& worker : *team_)
            open += worker->counters_.connections_open.load(std::memory_order_relaxed);
    } else {
        open = counters_.connections_open.load(std::memory_order_relaxed);
    }
    if (open < limit) return false;
    counters_.connections_refused.fetch_add(1, std::memory_order_relaxed);
    return true;
}

// The worker, among those still accepting, that serves the fewest clients,
// counted as its own from here (this one when it is among the fewest:
// handing over costs a wakeup). SO_REUSEPORT spreads connections by a hash
// of their addresses, which can leave a handful of long-lived ones (a load
// balancer's or a CDN's, say) all on one worker while another idles. Two
// workers choosing at once may both pick the same one; later choices even
// it out. Workers that drain are never chosen: one with nothing left to
// serve stops running, and what were handed to it would wait unserved.
Worker& Worker::fewest_clients() {
    Worker* fewest = this;
    auto least = clients_.load(std::memory_order_relaxed);
    if (team_ && !draining_) {
        for (const auto& other : *team_) {
            if (other->stops_accepting_.load(std::memory_order_acquire)) continue;
            const auto count = other->clients_.load(std::memory_order_relaxed);
            if (count < least) {
                fewest = other.get();
                least = count;
            }
        }
    }
    fewest->clients_.fetch_add(1, std::memory_order_relaxed);
    return *fewest;
}

namespace {

// A socket's descriptor between two workers' reactors: closed when dropped
// unhanded (a worker stopped before the handover ran, say).
class HandedDescriptor {
  public:
    explicit HandedDescriptor(int descriptor) : descriptor_(descriptor) {}
    HandedDescriptor(HandedDescriptor&& other) noexcept
        : descriptor_(std::exchange(other.descriptor_, -1)) {}
    HandedDescriptor& operator=(HandedDescriptor&&) = delete;
    ~HandedDescriptor() {
        if (descriptor_ >= 0) ::close(descriptor_);
    }
    int get() const { return descriptor_; }
    void release() { descriptor_ = -1; }

  private:
    int descriptor_;
};

}  // namespace

// Called on the accepting worker's thread: the socket leaves that worker's
// reactor as a bare descriptor and joins this one's on its own thread.
void Worker::adopt(Socket accepted) {
    boost::system::error_code ec;
    HandedDescriptor descriptor(accepted.release(ec));
    if (ec) {
        client_gone();
        return;
    }
    net::post(io_, [this, descriptor = std::move(descriptor)]() mutable {
        boost::system::error_code error;
        Socket socket(io_);
        socket.assign(protocol_, descriptor.get(), error);
        if (error) {
            client_gone();
            return;  // `descriptor` closes it
        }
        descriptor.release();  // the socket's now
        start_connection(std::move(socket));
    });
}

// Starts serving a connection counted in clients_.
void Worker::start_connection(Socket socket) {
    boost::system::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    auto peer = socket.remote_endpoint(ec).address();
    if (ec) {
        client_gone();
        return;
    }
    // Like net::detached (an exception ends the connection alone), and uncounts it.
    auto ended = [this](const std::exception_ptr&) { client_gone(); };
    // NOLINTNEXTLINE(bugprone-branch-clone): the branches start different coroutines (TLS, plain)
    if (snapshot_->server_tls) {
        net::co_spawn(io_, serve_tls_client(*this, std::move(socket), peer, snapshot_->server_tls),
                      ended);
    } else {
        net::co_spawn(io_, serve_plain_client(*this, std::move(socket), peer), ended);
    }
}

void Worker::replace_snapshot(std::shared_ptr<const RuntimeSnapshot> snapshot) {
    net::post(io_, [this, snapshot = held_by_one_worker(std::move(snapshot))]() mutable {
        snapshot_ = std::move(snapshot);
        pool_.close_all();  // the origin may have changed
    });
}

void Worker::post_log_flush() {
    net::post(io_, [this] { flush_logs(); });
}

void Worker::flush_logs() {
    access_lines_.flush();
    decision_lines_.flush();
}

void Worker::begin_drain() {
    stops_accepting_.store(true, std::memory_order_release);
    net::post(io_, [this] {
        draining_ = true;
        boost::system::error_code ec;
        acceptor_.close(ec);
        pool_.close_all();
        // Closing may untrack: iterate over a copy.
        auto waiting = connections_;
        for (auto* connection : waiting) connection->close_if_idle();
    });
}

}  // namespace tact::proxy
