// One thread, one io_context, one listening socket (SO_REUSEPORT) and one
// upstream pool: workers share nothing on the request path, like nginx's.
// Only a new connection concerns the others: it goes to the worker with the
// fewest clients (see fewest_clients), whichever worker accepted it.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <unordered_set>
#include <vector>

#include "audit/consent_log.hpp"
#include "audit/decision_log.hpp"
#include "proxy/access_log.hpp"
#include "proxy/buffer_pool.hpp"
#include "proxy/io_types.hpp"
#include "proxy/runtime_snapshot.hpp"
#include "proxy/traffic_counters.hpp"
#include "proxy/upstream_pool.hpp"
#include "proxy/wait_deadlines.hpp"

namespace tact::proxy {

// A client connection the worker can close when it waits for a request.
class IdleClosable {
  public:
    virtual void close_if_idle() = 0;

  protected:
    ~IdleClosable() = default;
};

class Worker {
  public:
    Worker(std::shared_ptr<const RuntimeSnapshot> snapshot, AccessLog& access_log,
           audit::DecisionLog& decision_log, audit::ConsentLog& consent_log);

    // Binds with SO_REUSEPORT; throws boost::system::system_error.
    void listen(const boost::asio::ip::tcp::endpoint& endpoint);
    // The workers accepted connections may go to, this one among them; set
    // before run() and left alone while the workers run.
    void share_clients_with(const std::vector<std::unique_ptr<Worker>>& team) { team_ = &team; }
    void run() { io_.run(); }
    void stop() { io_.stop(); }

    // Thread-safe: they post to the worker's own thread.
    void replace_snapshot(std::shared_ptr<const RuntimeSnapshot> snapshot);
    void begin_drain();
    void post_log_flush();
    // The connections it serves now (and those just handed to it).
    unsigned clients() const { return clients_.load(std::memory_order_relaxed); }
    // Its own counts; read from any thread, written only by its own.
    const TrafficCounters& counters() const { return counters_; }

    // Worker-thread only, for its connections.
    const std::shared_ptr<const RuntimeSnapshot>& snapshot() const { return snapshot_; }
    UpstreamPool& upstream_pool() { return pool_; }
    BufferPool& buffers() { return buffers_; }
    WaitDeadlines& wait_deadlines() { return wait_deadlines_; }
    void log_access(const AccessRecord& record) { AccessLog::write(record, access_lines_); }
    void log_decision(const policy::Decision& decision, const consent::ConsentState& consent,
                      const std::vector<personalize::SlotChoice>& choices) {
        decision_log_.record(decision, consent, choices, decision_lines_);
    }
    audit::ConsentLog& consent_log() { return consent_log_; }
    TrafficCounters& counters() { return counters_; }
    bool draining() const { return draining_; }
    void track(IdleClosable* connection) { connections_.insert(connection); }
    void untrack(IdleClosable* connection) { connections_.erase(connection); }
    // Its buffered log lines to their files: on its own thread, or once run()
    // has returned.
    void flush_logs();

  private:
    Task<void> accept_loop();
    Worker& fewest_clients();
    // Called by the worker that accepted the socket, on its own thread; the
    // connection then starts on this worker's thread.
    void adopt(Socket accepted);
    void client_gone() { clients_.fetch_sub(1, std::memory_order_relaxed); }
    // Counts a refused connection when the gateway holds max_connections.
    bool over_connection_limit();
    void start_connection(Socket socket);

    // Before the context, so that they outlive it: the requests and
    // connections its destructor ends (those a drain timeout left open) give
    // their buffers back, untrack themselves, unlist their waits and uncount
    // themselves here.
    BufferPool buffers_;
    std::unordered_set<IdleClosable*> connections_;
    WaitDeadlines wait_deadlines_;
    TrafficCounters counters_;
    audit::LineBuffer access_lines_;
    audit::LineBuffer decision_lines_;
    // One thread runs this context and owns its sockets, so the reactor needs
    // no per-socket locks; posting from the main thread still locks the queue.
    boost::asio::io_context io_{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
    Acceptor acceptor_{io_};
    // Every worker listens on the same address, so a connection handed over
    // is of the protocol the receiving worker listens with.
    boost::asio::ip::tcp protocol_ = boost::asio::ip::tcp::v4();
    // Held through a count of this worker's own (held_by_one_worker.hpp).
    std::shared_ptr<const RuntimeSnapshot> snapshot_;
    audit::DecisionLog& decision_log_;
    audit::ConsentLog& consent_log_;
    UpstreamPool pool_{io_.get_executor()};
    bool draining_ = false;
    const std::vector<std::unique_ptr<Worker>>* team_ = nullptr;
    // Set by begin_drain at once, before its work reaches this thread: from
    // then on no other worker hands this one a connection.
    std::atomic<bool> stops_accepting_{false};
    // Connections this worker serves or has been handed: counted when a
    // worker chooses it (on the accepting thread), uncounted when their
    // coroutine ends, however it ends (a failed TLS handshake too). On a
    // cache line of its own: other workers' threads write it.
    alignas(64) std::atomic<unsigned> clients_{0};
};

}  // namespace tact::proxy
