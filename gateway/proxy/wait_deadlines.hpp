// Deadlines for the two waits every keep-alive request makes: the client's
// next request head and the origin's response head. Beast's timed stream arms
// a timer for each read (a timer-heap insertion, a cancellation and a handler:
// some 2,000 of a 2 KB page's 47,000 instructions, bench/README.md). Here a
// wait only joins a list, and one sweep per worker, every 100 ms while any
// wait is listed, closes the streams whose deadline has passed, as Beast's
// timer does. A deadline is therefore kept to within 100 ms.
//
// The lists form a timing wheel (Varghese and Lauck's hashed wheel): a wait
// joins the list of the tick at which its deadline falls due, and each tick
// looks at its own list only, so that 10,000 idle connections do not cost a
// walk over all of them ten times a second. A deadline more than one turn of
// the wheel away (102.4 s) is looked at once per turn until it is due.
#pragma once

#include <array>
#include <boost/intrusive/list.hpp>
#include <chrono>
#include <cstdint>

#include "proxy/io_types.hpp"

namespace tact::proxy {

class WaitDeadlines {
    using Hook = boost::intrusive::list_base_hook<
        boost::intrusive::link_mode<boost::intrusive::auto_unlink>>;

  public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds kResolution{100};

    // One wait, listed for as long as it lives: a local of the coroutine that
    // reads. It turns the stream's own timer off (expires_never), which would
    // otherwise time the read by whatever deadline an earlier one left.
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
    // this must outlive the io_context whose coroutines hold them. All
    // listed streams must belong to one single-threaded io_context (a
    // worker's): the sweep runs on it and closes them from there.
    WaitDeadlines() = default;
    WaitDeadlines(const WaitDeadlines&) = delete;
    WaitDeadlines& operator=(const WaitDeadlines&) = delete;

    // Closes the streams of the waits due by `now`; the sweep's work.
    void close_expired(Clock::time_point now);

  private:
    using List = boost::intrusive::list<Wait, boost::intrusive::constant_time_size<false>>;
    static constexpr std::size_t kTicksPerTurn = 1024;

    static std::int64_t tick_of(Clock::time_point time);
    void list(Wait& wait, const Executor& executor);
    bool anything_listed() const;
    Task<void> sweep();

    std::array<List, kTicksPerTurn> wheel_;
    // The first tick close_expired has not looked at yet.
    std::int64_t next_tick_ = tick_of(Clock::now());
    // The sweep runs only while waits are listed: a worker with nothing to
    // wait for has no timer pending, so a drained worker's run() returns.
    bool sweeping_ = false;
};

}  // namespace tact::proxy
