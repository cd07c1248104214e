// The worker's sweep of wait deadlines: which streams it closes, and that it
// stops once nothing waits (a worker's run() must be able to return).
#include "proxy/wait_deadlines.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "loopback_pair.hpp"

namespace net = boost::asio;
using namespace std::chrono_literals;
using tact::proxy::WaitDeadlines;

namespace {

using ProxyAndPeer = tact::testing::LoopbackPair<tact::proxy::PlainStream>;

struct ReadOutcome {
    boost::system::error_code ec;
    std::size_t bytes = 0;
    bool expired = false;
    bool done = false;
};

// One read of the proxy's side, timed by `deadlines` rather than by Beast.
tact::proxy::Task<void> read_with_deadline(WaitDeadlines& deadlines, ProxyAndPeer& pair,
                                           WaitDeadlines::Clock::duration timeout,
                                           ReadOutcome& outcome) {
    std::array<char, 64> room;
    WaitDeadlines::Wait wait(deadlines, pair.near, WaitDeadlines::Clock::now() + timeout);
    outcome.bytes = co_await pair.near.async_read_some(
        net::buffer(room), net::redirect_error(tact::proxy::use_task, outcome.ec));
    outcome.expired = wait.expired();
    outcome.done = true;
}

}  // namespace

TEST_CASE("a wait past its deadline has its stream closed and counts as expired") {
    WaitDeadlines deadlines;
    ProxyAndPeer pair;  // the peer sends nothing
    ReadOutcome outcome;
    const auto started = WaitDeadlines::Clock::now();
    net::co_spawn(pair.io, read_with_deadline(deadlines, pair, 150ms, outcome), net::detached);
    pair.io.run_for(5s);
    const auto waited = WaitDeadlines::Clock::now() - started;
    REQUIRE(outcome.done);
    CHECK(outcome.expired);
    CHECK(outcome.ec);
    CHECK_FALSE(pair.near.socket().is_open());
    CHECK(waited >= 150ms);
    CHECK(waited < 150ms + 10 * WaitDeadlines::kResolution);  // late by a sweep, not by seconds
}

TEST_CASE("a read done before its deadline is left alone and the sweep then stops") {
    WaitDeadlines deadlines;
    ProxyAndPeer pair;
    net::write(pair.far, net::buffer(std::string("GET")));
    ReadOutcome outcome;
    net::co_spawn(pair.io, read_with_deadline(deadlines, pair, 10s, outcome), net::detached);
    pair.io.run_for(5s);
    REQUIRE(outcome.done);
    CHECK_FALSE(outcome.expired);
    CHECK_FALSE(outcome.ec);
    CHECK(outcome.bytes == 3);
    CHECK(pair.near.socket().is_open());
    // Out of work well before the 5 s: no sweep was left ticking.
    CHECK(pair.io.stopped());
}

TEST_CASE("the sweep closes only the streams whose deadline has passed") {
    WaitDeadlines deadlines;
    ProxyAndPeer due_pair;
    ProxyAndPeer later_pair;
    ProxyAndPeer gone_pair;
    const auto now = WaitDeadlines::Clock::now();
    WaitDeadlines::Wait due(deadlines, due_pair.near, now + 1s);
    WaitDeadlines::Wait later(deadlines, later_pair.near, now + 10s);
    { WaitDeadlines::Wait gone(deadlines, gone_pair.near, now); }  // over before the sweep

    deadlines.close_expired(now + 2s);
    CHECK(due.expired());
    CHECK_FALSE(due_pair.near.socket().is_open());
    CHECK_FALSE(later.expired());
    CHECK(later_pair.near.socket().is_open());
    CHECK(gone_pair.near.socket().is_open());

    deadlines.close_expired(now + 11s);
    CHECK(later.expired());
    CHECK_FALSE(later_pair.near.socket().is_open());
}

TEST_CASE("a wait more than a turn of the wheel away is closed when due and not before") {
    WaitDeadlines deadlines;
    ProxyAndPeer pair;
    const auto now = WaitDeadlines::Clock::now();
    WaitDeadlines::Wait wait(deadlines, pair.near, now + 150s);  // a turn is 102.4 s

    deadlines.close_expired(now + 110s);  // every list of the wheel looked at once
    CHECK_FALSE(wait.expired());
    CHECK(pair.near.socket().is_open());

    deadlines.close_expired(now + 151s);
    CHECK(wait.expired());
    CHECK_FALSE(pair.near.socket().is_open());
}

TEST_CASE("a wait listed with its deadline already past is closed at the next tick") {
    WaitDeadlines deadlines;
    ProxyAndPeer pair;
    const auto now = WaitDeadlines::Clock::now();
    deadlines.close_expired(now);
    WaitDeadlines::Wait wait(deadlines, pair.near, now - 1s);
    deadlines.close_expired(now + WaitDeadlines::kResolution);
    CHECK(wait.expired());
    CHECK_FALSE(pair.near.socket().is_open());
}

TEST_CASE("a look just before a deadline leaves the wait for the next tick") {
    WaitDeadlines deadlines;
    ProxyAndPeer pair;
    const auto deadline = WaitDeadlines::Clock::now() + 1s;
    WaitDeadlines::Wait wait(deadlines, pair.near, deadline);
    deadlines.close_expired(deadline - std::chrono::nanoseconds(1));
    CHECK_FALSE(wait.expired());
    deadlines.close_expired(deadline + WaitDeadlines::kResolution);
    CHECK(wait.expired());
    CHECK_FALSE(pair.near.socket().is_open());
}

TEST_CASE("a wait turns off a deadline an earlier operation left on the stream") {
    WaitDeadlines deadlines;
    ProxyAndPeer pair;
    pair.near.expires_at(WaitDeadlines::Clock::now() - 1s);  // long past: Beast would time out
    ReadOutcome outcome;
    net::co_spawn(pair.io, read_with_deadline(deadlines, pair, 10s, outcome), net::detached);
    // The peer sends only once the read is waiting.
    tact::proxy::Timer later(pair.io, 200ms);
    later.async_wait(
        [&](boost::system::error_code) { net::write(pair.far, net::buffer(std::string("GET"))); });
    pair.io.run_for(5s);
    REQUIRE(outcome.done);
    CHECK_FALSE(outcome.ec);
    CHECK(outcome.bytes == 3);
}
