#include "proxy/wait_deadlines.hpp"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>

namespace tact::proxy {

namespace net = boost::asio;

WaitDeadlines::Wait::Wait(WaitDeadlines& deadlines, PlainStream& transport,
                          Clock::time_point deadline)
    : transport_(transport), deadline_(deadline) {
    transport.expires_never();
    deadlines.list(*this, transport.get_executor());
}

// The tick at or after `time`: a wait is looked at once its deadline has passed.
std::int64_t WaitDeadlines::tick_of(Clock::time_point time) {
    const auto since_epoch = time.time_since_epoch();
    return (since_epoch + kResolution - Clock::duration(1)) / kResolution;
}

void WaitDeadlines::list(Wait& wait, const Executor& executor) {
    // A deadline in a tick already looked at waits for the next one.
    const auto tick = std::max(tick_of(wait.deadline_), next_tick_);
    wheel_[static_cast<std::size_t>(tick) % kTicksPerTurn].push_back(wait);
    if (sweeping_) return;
    net::co_spawn(executor, sweep(), net::detached);
    sweeping_ = true;  // after co_spawn, which may throw; the sweep starts later
}

bool WaitDeadlines::anything_listed() const {
    return std::any_of(wheel_.begin(), wheel_.end(), [](const List& l) { return !l.empty(); });
}

Task<void> WaitDeadlines::sweep() {
    Timer tick(co_await net::this_coro::executor);
    while (anything_listed()) {
        tick.expires_after(kResolution);
        boost::system::error_code ec;
        co_await tick.async_wait(net::redirect_error(use_task, ec));
        close_expired(Clock::now());
    }
    sweeping_ = false;
}

void WaitDeadlines::close_expired(Clock::time_point now) {
    // Every tick wholly past since the last look (each of its waits is due),
    // one turn at most: the wheel has no more.
    const std::int64_t last = now.time_since_epoch() / kResolution;
    const auto first = std::max(next_tick_, last - static_cast<std::int64_t>(kTicksPerTurn) + 1);
    for (auto tick = first; tick <= last; ++tick) {
        for (auto& wait : wheel_[static_cast<std::size_t>(tick) % kTicksPerTurn]) {
            // A wait a turn or more away stays for a later turn.
            if (wait.expired_ || wait.deadline_ > now) continue;
            wait.expired_ = true;
            // Closing, like Beast's timer, rather than cancelling: nothing
            // more can be read or written on a stream that ran out of time.
            wait.transport_.close();
        }
    }
    next_tick_ = std::max(next_tick_, last + 1);
}

}  // namespace tact::proxy
