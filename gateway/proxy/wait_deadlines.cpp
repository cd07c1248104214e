#include "proxy/wait_deadlines.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>

namespace tact::proxy {

namespace net = boost::asio;

WaitDeadlines::Wait::Wait(WaitDeadlines& deadlines, PlainStream& transport,
                          Clock::time_point deadline)
    : transport_(transport), deadline_(deadline) {
    deadlines.list(*this, transport.get_executor());
}

void WaitDeadlines::list(Wait& wait, const Executor& executor) {
    waits_.push_back(wait);
    if (sweeping_) return;
    sweeping_ = true;  // now: the sweep itself starts only after this returns
    net::co_spawn(executor, sweep(), net::detached);
}

Task<void> WaitDeadlines::sweep() {
    Timer tick(co_await net::this_coro::executor);
    while (!waits_.empty()) {
        tick.expires_after(kResolution);
        boost::system::error_code ec;
        co_await tick.async_wait(net::redirect_error(use_task, ec));
        close_expired(Clock::now());
    }
    sweeping_ = false;
}

void WaitDeadlines::close_expired(Clock::time_point now) {
    for (auto& wait : waits_) {
        if (wait.expired_ || wait.deadline_ > now) continue;
        wait.expired_ = true;
        // Closing, like Beast's timer, rather than cancelling: nothing more
        // can be read or written on a stream that ran out of time.
        wait.transport_.close();
    }
}

}  // namespace tact::proxy
