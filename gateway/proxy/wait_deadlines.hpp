// Deadlines for the two waits every keep-alive request makes: the client's
// next request head and the origin's response head. Beast's timed stream arms
// a timer for each read (a timer-heap insertion, a cancellation and a handler:
// some 2,000 of a 2 KB page's 47,000 instructions, bench/README.md). Here a
// wait only joins a list, and one sweep per worker, every 100 ms while any
// wait is listed, closes the streams whose deadline has passed, as Beast's
// timer does. A deadline is therefore kept to within 100 ms.
#pragma once

#include <boost/intrusive/list.hpp>
#include <chrono>

#include "proxy/io_types.hpp"

namespace tact::proxy {

class WaitDeadlines {
    using Hook = boost::intrusive::list_base_hook<
        boost::intrusive::link_mode<boost::intrusive::auto_unlink>>;

  public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds kResolution{100};

    // One wait, listed for as long as it lives: a local of the coroutine that
    // reads. The stream's own timer must be off (expires_never) meanwhile.
    class Wait : public Hook {
      public:
        Wait(WaitDeadlines& deadlines, PlainStream& transport, Clock::time_point deadline);
        Wait(const Wait&) = delete;
        Wait& operator=(const Wait&) = delete;
        ~Wait() = default;  // the hook unlinks itself

        // The deadline passed and the stream was closed: the read failed
        // (or its bytes came too late to count); take it as a timeout.
        bool expired() const { return expired_; }

      private:
        friend class WaitDeadlines;
        PlainStream& transport_;
        Clock::time_point deadline_;
        bool expired_ = false;
    };

    // Waits that an io_context tears down unlink themselves from here, so
    // this must outlive the io_context whose coroutines hold them.
    WaitDeadlines() = default;
    WaitDeadlines(const WaitDeadlines&) = delete;
    WaitDeadlines& operator=(const WaitDeadlines&) = delete;

    // Closes the streams of the waits due by `now`; the sweep's work.
    void close_expired(Clock::time_point now);

  private:
    void list(Wait& wait, const Executor& executor);
    Task<void> sweep();

    boost::intrusive::list<Wait, boost::intrusive::constant_time_size<false>> waits_;
    // The sweep runs only while waits are listed: a worker with nothing to
    // wait for has no timer pending, so a drained worker's run() returns.
    bool sweeping_ = false;
};

}  // namespace tact::proxy
