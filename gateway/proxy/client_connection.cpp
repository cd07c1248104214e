#include "proxy/client_connection.hpp"

#include <array>
#include <boost/asio/ssl/stream_base.hpp>
#include <exception>
#include <iostream>

#include "admin/gateway_endpoints.hpp"
#include "consent/consent_endpoints.hpp"
#include "demo_origin/demo_visitors.hpp"
#include "http_fields/field_lookup.hpp"
#include "personalize/profile_cookie.hpp"
#include "pipeline/pipeline.hpp"
#include "proxy/body_pieces.hpp"
#include "proxy/durable_consent.hpp"
#include "proxy/origin_exchange.hpp"
#include "proxy/originating_client.hpp"
#include "proxy/request_framing.hpp"
#include "proxy/request_head_checks.hpp"
#include "proxy/request_head_reader.hpp"

namespace tact::proxy {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using http_fields::field_value;

template <class Stream>
class ClientConnection final : public IdleClosable {
  public:
    ClientConnection(Worker& worker, Stream& stream, net::ip::address peer, bool https)
        : worker_(worker),
          stream_(stream),
          peer_(std::move(peer)),
          client_network_(truncated_client_network(peer_)),
          tls_here_(https) {
        worker_.track(this);
        worker_.counters().connections_open.fetch_add(1, std::memory_order_relaxed);
        worker_.counters().connections_total.fetch_add(1, std::memory_order_relaxed);
    }
    ~ClientConnection() {
        worker_.untrack(this);
        worker_.counters().connections_open.fetch_sub(1, std::memory_order_relaxed);
    }
    ClientConnection(const ClientConnection&) = delete;
    ClientConnection& operator=(const ClientConnection&) = delete;

    void close_if_idle() override {
        if (waiting_idle_) beast::get_lowest_layer(stream_).cancel();
    }

    // The story of a connection: read a request head, check it, run the
    // pipeline, forward it, and go on while both sides keep the connection.
    Task<void> serve() {
        bool keep_alive = true;
        bool first_request = true;
        while (keep_alive && !worker_.draining()) {
            HeadLimits limits;
            {
                const auto& config = *worker_.snapshot()->config;
                limits = {config.limits.header_bytes, config.timeouts.idle, config.timeouts.header};
            }
            std::size_t head_size = 0;
            HeadReading reading;
            // A new connection's first request is usually in the socket by
            // now; a keep-alive client's next one comes after our response.
            const auto ask_socket = first_request ? AskSocket::yes : AskSocket::no;
            first_request = false;
            auto head =
                read_request_head_now(stream_, buffer_, limits, reading, head_size, ask_socket);
            if (!head)
                head = co_await read_request_head_rest(stream_, buffer_, limits, reading,
                                                       worker_.wait_deadlines(), waiting_idle_,
                                                       head_size);
            if (head == HeadStatus::closed) break;
            if (head == HeadStatus::too_large) {
                co_await reply_and_close(431, 11, std::chrono::steady_clock::now());
                break;
            }
            // The configuration in force when the request arrived, not when
            // the connection started waiting for it (a reload may lie between).
            keep_alive = co_await serve_request(worker_.snapshot(), head_size);
            // Idle connections keep at most a small buffer (10,000 of them
            // must fit in 200 MiB); the common one is reused, not reallocated.
            if (buffer_.capacity() > kFirstRead && buffer_.size() == 0) buffer_.shrink_to_fit();
        }
    }

  private:
    // One snapshot serves the whole request, even if a reload happens meanwhile.
    Task<bool> serve_request(std::shared_ptr<const RuntimeSnapshot> snapshot,
                             std::size_t head_size) {
        const auto& config = *snapshot->config;
        const auto started = std::chrono::steady_clock::now();
        const std::string_view raw(static_cast<const char*>(buffer_.data().data()), head_size);
        if (auto problem = find_raw_head_problem(raw); problem != RawHeadProblem::none) {
            worker_.counters().rejected_framing.fetch_add(1, std::memory_order_relaxed);
            co_await reply_and_close(400, 11, started);
            co_return false;
        }

        ClientRequestParser request;
        request.header_limit(static_cast<std::uint32_t>(config.limits.header_bytes + 4));
        request.body_limit(config.limits.request_body_bytes);
        boost::system::error_code ec;
        const auto used = request.put(net::buffer(buffer_.data().data(), head_size), ec);
        if (ec == http::error::body_limit) {
            co_await reply_and_close(413, 11, started);
            co_return false;
        }
        if (ec || !request.is_header_done() || used != head_size) {
            co_await reply_and_close(400, 11, started);
            co_return false;
        }
        buffer_.consume(used);
        const auto& req = request.get();
        worker_.counters().requests_total.fetch_add(1, std::memory_order_relaxed);

        if (auto verdict = judge_request_framing(req); !verdict.acceptable()) {
            worker_.counters().rejected_framing.fetch_add(1, std::memory_order_relaxed);
            co_await reply_and_close(verdict.status, req.version(), started, &req);
            co_return false;
        }

        // Read before the head is rewritten for the origin, which replaces
        // the forwarding fields.
        const auto client = originating_client(peer_, req, config.trusted_proxies);
        // Whether the visitor came over HTTPS: for the cookies' Secure, and the origin.
        const bool https =
            tls_here_ || (config.forwarding.trust_forwarded_proto &&
                          trusted_proxy_says_https(peer_, req, config.trusted_proxies));
        const std::string network =
            client == peer_ ? client_network_ : truncated_client_network(client);

        // The demo may ask for the location of a chosen test address instead.
        std::optional<net::ip::address> pretend;
        if (config.demo_visitors)
            pretend = demo_origin::pretend_address(*config.demo_visitors, req.target(),
                                                   field_value(req, http::field::referer));
        const auto visit = pipeline::prepare_visit(
            {.client = pretend ? *pretend : client,
             .request = req,
             .geoip = snapshot->geoip.get(),
             .policies = snapshot->policies.get(),
             .consent_keys = snapshot->consent_keys.get(),
             .rules = snapshot->rules.get(),
             .settings = config.signals,
             .demo_parameter =
                 config.demo_visitors ? std::string_view(config.demo_visitors->parameter) : "",
             .context_signals = config.forwarding.context_signal_list(),
             .policy_headers = snapshot->policy_headers.get(),
             .families_read = snapshot->families_read,
             .now = std::chrono::system_clock::now()});

        // Counted when read, not after the answer: the count is true by the
        // time anyone, a test included, has the response in hand.
        if (visit.consent_cookie_rejected)
            worker_.counters().consent_cookies_rejected.fetch_add(1, std::memory_order_relaxed);

        ExchangeResult result;
        std::string_view logged_network = network;
        if (consent::is_consent_endpoint(req.target())) {
            result = co_await answer_consent_endpoint(request, visit, snapshot, https);
            // The consent log holds the receipt at the same second: with the
            // network beside it here, the two logs joined would tie the one
            // to the other.
            logged_network = "-";
        } else if (req.target() == "/__tact/audit/checkpoint") {
            result = co_await answer_checkpoint(request);
        } else if (admin::is_gateway_endpoint(req.target())) {
            result = co_await answer_gateway_endpoint(request, visit);
        } else {
            ClientFacts facts{client, network, https};
            OriginExchange<Stream> exchange(worker_, snapshot, stream_, buffer_, request, facts);
            result = co_await exchange.run(visit);
        }
        record(req, result, started, logged_network);
        worker_.log_decision(visit.decision, visit.consent, visit.choices);  // step 9
        co_return result.keep_alive;
    }

    // A consent action: its small body read whole, the record made durable in
    // the consent log, and only then the answer with its Set-Cookie.
    Task<ExchangeResult> answer_consent_endpoint(
        ClientRequestParser& request, const pipeline::Visit& visit,
        const std::shared_ptr<const RuntimeSnapshot>& snapshot, bool https) {
        const auto& req = request.get();
        std::string body;
        bool too_large = false;
        boost::system::error_code ec;
        if (!request.is_done()) {
            if (expects_continue(req))
                co_await send_continue(stream_, snapshot->config->timeouts.body_read, ec);
            std::array<char, 4096> piece;
            while (!ec && !request.is_done() && !too_large) {
                const auto n =
                    co_await read_body_piece(stream_, buffer_, request, request.body(), piece,
                                             snapshot->config->timeouts.body_read, ec);
                body.append(piece.data(), n);
                too_large = body.size() > consent::kMaxConsentBody;
            }
            if (ec)
                co_return ExchangeResult{
                    .keep_alive = false, .status = 0, .body_bytes = 0, .upstream_time = {}};
        }
        const auto method = req.method_string();
        consent::EndpointResponse answer;
        if (too_large) {
            answer.status = 413;
            answer.body = "{\"error\": \"a consent body is at most 8 KiB\"}\n";
        } else {
            answer = consent::answer_consent_endpoint(
                {.method = std::string_view(method.data(), method.size()),
                 .target = req.target(),
                 .host = field_value(req, http::field::host),
                 .origin = field_value(req, http::field::origin),
                 .sec_fetch_site = field_value(req, "Sec-Fetch-Site"),
                 .content_type = field_value(req, http::field::content_type),
                 .referer = field_value(req, http::field::referer),
                 .accept_language = field_value(req, http::field::accept_language),
                 .body = body,
                 .https = https,
                 .policy = visit.decision.policy,
                 .keys = snapshot->consent_keys.get(),
                 .current = &visit.consent,
                 .previous_choice_lapsed = visit.consent_choice_lapsed,
                 .ui = snapshot->consent_ui.get(),
                 .jurisdiction = visit.jurisdiction,
                 .now = std::chrono::system_clock::now()});
        }
        if (answer.outdated_banner)
            worker_.counters().consents_on_outdated_banner.fetch_add(1, std::memory_order_relaxed);
        if (answer.record && !co_await async_record_consent(worker_.consent_log(), *answer.record,
                                                            answer.action, use_task)) {
            std::cerr << "tact: consent log: a choice could not be made durable (disk full or "
                         "not writable?); answered 503\n";
            answer = {};
            answer.status = 503;
            answer.body =
                "{\"error\": \"the choice could not be recorded, so nothing was changed; "
                "please try again later\"}\n";
        }
        admin::Response response{static_cast<http::status>(answer.status), req.version()};
        response.set(http::field::content_type, answer.content_type);
        response.set(http::field::cache_control, answer.cache_control);
        if (!answer.set_cookie.empty()) response.set(http::field::set_cookie, answer.set_cookie);
        // A choice that no longer lets the profile be kept deletes it at once
        // (as does a choice of any kind when nothing reads the profile).
        if (answer.record && visit.profile.cookie_present &&
            pipeline::profile_withheld_because(
                *visit.decision.policy,
                consent::ConsentState{answer.record->purposes, visit.consent.gpc, {}},
                snapshot->families_read.contains(signals::Family::profile)))
            response.insert(http::field::set_cookie, personalize::profile_deletion(https));
        if (!answer.location.empty()) response.set(http::field::location, answer.location);
        response.body() = std::move(answer.body);
        co_return co_await send_own_response(
            response, request.keep_alive() && request.is_done() && !too_large);
    }

    // The consent log's latest signed checkpoint, for anyone to witness over
    // time (Certificate Transparency's signed tree heads work alike).
    Task<ExchangeResult> answer_checkpoint(ClientRequestParser& request) {
        const auto& req = request.get();
        const auto checkpoint = worker_.consent_log().latest_checkpoint();
        admin::Response response{checkpoint.empty() ? http::status::not_found : http::status::ok,
                                 req.version()};
        response.set(http::field::content_type, "application/json");
        response.set(http::field::cache_control, "no-store");
        response.body() = checkpoint.empty()
                              ? "{\"error\": \"no checkpoint has been signed yet\"}\n"
                              : checkpoint + "\n";
        co_return co_await send_own_response(response, request.keep_alive() && request.is_done());
    }

    Task<ExchangeResult> answer_gateway_endpoint(ClientRequestParser& request,
                                                 const pipeline::Visit& visit) {
        const auto& req = request.get();
        auto response = admin::answer_gateway_endpoint(req, visit);
        // A body we did not read would be taken for the next request.
        co_return co_await send_own_response(response, request.keep_alive() && request.is_done());
    }

    // A response the gateway wrote itself; the connection stays open only if
    // `keep_alive` allows it and the worker is not draining.
    Task<ExchangeResult> send_own_response(admin::Response& response, bool keep_alive) {
        keep_alive = keep_alive && !worker_.draining();
        response.keep_alive(keep_alive);
        response.prepare_payload();
        boost::system::error_code ec;
        beast::get_lowest_layer(stream_).expires_after(
            worker_.snapshot()->config->timeouts.body_read);
        co_await http::async_write(stream_, response, net::redirect_error(use_task, ec));
        co_return ExchangeResult{.keep_alive = keep_alive && !ec,
                                 .status = response.result_int(),
                                 .body_bytes = response.body().size(),
                                 .upstream_time = {}};
    }

    // A request refused before it reaches the pipeline, the connection
    // closed after the answer. It has its access log line like any other;
    // what was never read (the head of a 431, one that does not parse) is "-",
    // and the network is the peer's (the forwarded one was not read either).
    Task<void> reply_and_close(unsigned status, unsigned version,
                               std::chrono::steady_clock::time_point started,
                               const http_fields::RequestHead* req = nullptr) {
        auto page = error_page(status, version, false);
        boost::system::error_code ec;
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
        co_await http::async_write(stream_, page, net::redirect_error(use_task, ec));
        worker_.counters().count_response(status);
        worker_.log_access(AccessRecord{
            .time = std::chrono::system_clock::now(),
            .method = req ? req->method_string() : "-",
            .target = req ? req->target() : "-",
            .status = status,
            .bytes = ec ? 0 : page.body().size(),
            .duration = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - started),
            .upstream = {},
            .client_network = client_network_,
        });
    }

    // clang-tidy 14 misses the use of req in the designated initializers below.
    // NOLINTNEXTLINE(misc-unused-parameters)
    void record(const http_fields::RequestHead& req, const ExchangeResult& result,
                std::chrono::steady_clock::time_point started, std::string_view network) {
        if (result.status) worker_.counters().count_response(result.status);
        worker_.log_access(AccessRecord{
            .time = std::chrono::system_clock::now(),
            .method = req.method_string(),
            .target = req.target(),
            .status = result.status,
            .bytes = result.body_bytes,
            .duration = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - started),
            .upstream = result.upstream_time,
            .client_network = network,
        });
    }

    Worker& worker_;
    Stream& stream_;
    beast::flat_buffer buffer_;
    net::ip::address peer_;
    std::string client_network_;
    bool tls_here_;  // TLS ended at this gateway
    bool waiting_idle_ = false;
};

// Parse errors deep in Beast 1.74 can throw (a 64 KiB trailer field throws
// std::length_error): such a connection is closed, never the process.
template <class Stream>
Task<void> serve_guarded(Worker& worker, Stream& stream, net::ip::address peer, bool https) {
    try {
        ClientConnection<Stream> connection(worker, stream, std::move(peer), https);
        co_await connection.serve();
    } catch (const std::exception&) {
    }
}

// Closing a socket with unread bytes makes the kernel send a reset, which can
// destroy the 400 or 413 we just wrote before the client reads it. So, like
// nginx's lingering close, half-close and read what is left for a moment.
Task<void> linger_and_close(PlainStream& stream) {
    boost::system::error_code ec;
    stream.socket().shutdown(Socket::shutdown_send, ec);
    if (ec) co_return;
    stream.expires_after(std::chrono::seconds(1));
    std::array<char, 4096> sink;
    for (std::size_t discarded = 0; discarded < std::size_t{1024} * 1024;) {
        discarded +=
            co_await stream.async_read_some(net::buffer(sink), net::redirect_error(use_task, ec));
        if (ec) break;
    }
}

}  // namespace

Task<void> serve_plain_client(Worker& worker, Socket socket, net::ip::address peer) {
    PlainStream stream(std::move(socket));
    co_await serve_guarded(worker, stream, std::move(peer), false);
    co_await linger_and_close(stream);
}

Task<void> serve_tls_client(Worker& worker, Socket socket, net::ip::address peer,
                            std::shared_ptr<net::ssl::context> tls) {
    TlsStream stream(PlainStream(std::move(socket)), *tls);
    boost::system::error_code ec;
    beast::get_lowest_layer(stream).expires_after(worker.snapshot()->config->timeouts.header);
    co_await stream.async_handshake(net::ssl::stream_base::server,
                                    net::redirect_error(use_task, ec));
    if (ec) co_return;
    co_await serve_guarded(worker, stream, std::move(peer), true);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
    co_await stream.async_shutdown(net::redirect_error(use_task, ec));
}

}  // namespace tact::proxy
