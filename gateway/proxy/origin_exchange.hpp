// Forwarding one request to the origin and its response back, both bodies
// streamed piece by piece. Included by client_connection.cpp only.
#pragma once

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <variant>

#include "consent/consent_cookie.hpp"
#include "http_fields/field_lookup.hpp"
#include "personalize/consent_ui_markup.hpp"
#include "personalize/page_rewriter.hpp"
#include "personalize/page_transform.hpp"
#include "personalize/profile_cookie.hpp"
#include "personalize/rewritable_page.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/visit.hpp"
#include "proxy/body_pieces.hpp"
#include "proxy/buffer_pool.hpp"
#include "proxy/client_address.hpp"
#include "proxy/client_request_parser.hpp"
#include "proxy/error_page.hpp"
#include "proxy/header_hygiene.hpp"
#include "proxy/io_types.hpp"
#include "proxy/message_writer.hpp"
#include "proxy/origin_response_parser.hpp"
#include "proxy/request_head_reader.hpp"
#include "proxy/socket_now.hpp"
#include "proxy/worker.hpp"

namespace tact::proxy {

// What the connection does after an exchange, and what the access log says of it.
struct ExchangeResult {
    bool keep_alive = false;
    unsigned status = 0;  // 0: nothing was sent to the client
    std::uint64_t body_bytes = 0;
    std::chrono::microseconds upstream_time{0};
};

struct ClientFacts {
    const boost::asio::ip::address& address;
    const std::string& network;  // the address cut to /24 or /48
    bool https;
};

template <class ClientStream>
class OriginExchange {
  public:
    OriginExchange(Worker& worker, std::shared_ptr<const RuntimeSnapshot> snapshot,
                   ClientStream& client, boost::beast::flat_buffer& client_buffer,
                   ClientRequestParser& request, const ClientFacts& facts)
        : worker_(worker),
          snapshot_(std::move(snapshot)),
          config_(*snapshot_->config),
          client_(client),
          client_buffer_(client_buffer),
          request_(request),
          facts_(facts),
          client_version_(request.get().version()),
          client_keep_alive_(request.keep_alive()),
          head_request_(request.get().method() == http::verb::head) {}

    // The body buffers go back to the worker for its next requests.
    ~OriginExchange() {
        worker_.buffers().give_back(std::move(piece_));
        worker_.buffers().give_back(std::move(rewritten_));
    }
    OriginExchange(const OriginExchange&) = delete;
    OriginExchange& operator=(const OriginExchange&) = delete;

    Task<ExchangeResult> run(const pipeline::Visit& visit) {
        visit_ = &visit;
        const auto& req = request_.get();
        const bool has_body = !request_.is_done();
        std::size_t first_piece = 0;
        boost::system::error_code ec;
        if (has_body) {
            ensure_piece(request_.content_length());
            if (expects_continue(req))
                co_await send_continue(client_, config_.timeouts.body_read, ec);
            // The first piece is read, and its framing checked, before the
            // origin is even contacted: a bad first chunk never reaches it.
            if (!ec) first_piece = co_await read_client_piece(ec);
            if (ec) co_return co_await refuse_body(ec);
        }

        http_fields::AddedFields added;
        rewrite_for_origin(added);
        auto& upstream_request = request_.get();
        const auto started = std::chrono::steady_clock::now();

        std::optional<OriginResponseParser> response;
        // A pooled connection the origin has just closed fails at once. The
        // request is sent again on a fresh connection only if that is safe:
        // no body to replay, and an idempotent method (RFC 9110 9.2.2).
        const bool can_resend = !has_body && is_idempotent(upstream_request.method());
        for (int attempt = 0; attempt < 2 && !response; ++attempt) {
            if (attempt == 0)
                upstream_ =
                    worker_.upstream_pool().take_idle(config_.timeouts.upstream_idle, can_resend);
            if (!upstream_ && !co_await connect_upstream(ec))
                co_return co_await fail_upstream(502, ec);
            MessageWriter writer(format_head(upstream_request, added.lines()), request_.chunked());
            if (!write_upstream_now(writer, {piece(), first_piece}, has_body && !request_.is_done(),
                                    ec))
                co_await write_upstream_rest(writer, ec);
            while (!ec && !request_.is_done()) {
                auto n = co_await read_client_piece(ec);
                if (ec) co_return co_await refuse_body(ec);
                if (!write_upstream_now(writer, {piece(), n}, !request_.is_done(), ec))
                    co_await write_upstream_rest(writer, ec);
                if (++pieces_relayed_ % kPiecesBetweenTurns == 0) co_await let_others_run();
            }
            // The origin cannot have answered a request it was handed a moment
            // ago: its socket is not asked before the wait (Asio's read asks once).
            if (!ec && !read_response_head_now(response, ec, AskSocket::no))
                co_await read_response_head_rest(response, ec);
            if (ec) {
                response.reset();
                const bool retry =
                    upstream_->reused && can_resend && ec != boost::beast::error::timeout;
                upstream_.reset();
                if (retry) continue;
                co_return co_await fail_upstream(ec == boost::beast::error::timeout ? 504 : 502,
                                                 ec);
            }
        }
        result_.upstream_time = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - started);
        co_await relay_response(*response);
        co_return result_;
    }

  private:
    static constexpr std::size_t kPieceSize = std::size_t{64} * 1024;

    char* piece() { return piece_.bytes.get(); }

    // One block carries both bodies, a piece at a time: at most 64 KiB, less
    // when a known length is smaller (most pages). The worker lends it, with
    // an earlier request's bytes in it: only what a read puts there is sent.
    void ensure_piece(boost::optional<std::uint64_t> length) {
        const auto wanted = static_cast<std::size_t>(std::min<std::uint64_t>(
            kPieceSize, std::max<std::uint64_t>(length.value_or(kPieceSize), 1)));
        if (piece_.size < wanted) {
            auto larger = worker_.buffers().take_block(wanted);
            worker_.buffers().give_back(std::move(piece_));  // too small, if any
            piece_ = std::move(larger);
        }
        piece_size_ = std::max(piece_size_, wanted);
    }

    // A body relayed without ever waiting (both sockets ready, as on
    // loopback: the reads and writes then complete at once, socket_now.hpp)
    // would keep this worker's other connections waiting as long as it
    // lasts. Every so many pieces (1 MiB of 64 KiB pieces), they get a turn.
    static constexpr unsigned kPiecesBetweenTurns = 16;

    // What a rewritten piece usually gains: the banner's markup and the
    // variants of a slot or two (more only costs a reallocation).
    static constexpr std::size_t kRoomForEdits = 4096;

    static Task<void> let_others_run() {
        co_await boost::asio::post(co_await boost::asio::this_coro::executor, use_task);
    }

    static bool is_idempotent(http::verb method) {
        using http::verb;
        return method == verb::get || method == verb::head || method == verb::options ||
               method == verb::trace || method == verb::put || method == verb::delete_;
    }

    Task<std::size_t> read_client_piece(boost::system::error_code& ec) {
        ensure_piece(request_.content_length());
        return read_body_piece(client_, client_buffer_, request_, request_.body(),
                               {piece(), piece_size_}, config_.timeouts.body_read, ec);
    }

    // Step 8 may add the consent banner to this response: a GET under a
    // policy, on a gateway with the banner configured.
    bool may_add_banner() const {
        return snapshot_->consent_ui && visit_->decision.policy &&
               request_.get().method() == http::verb::get;
    }

    // The profile cookie goes with whatever response the visit gets; a
    // response that sets or deletes one is this visitor's alone.
    bool changes_profile_cookie() const {
        return visit_->profile.action != pipeline::ProfileUpdate::Action::none;
    }

    void add_profile_cookie(http_fields::AddedFields& added) const {
        using Action = pipeline::ProfileUpdate::Action;
        const auto& update = visit_->profile;
        if (update.action == Action::none) return;
        added.add("Set-Cookie",
                  update.action == Action::set
                      ? personalize::profile_set_cookie(update.value, update.lifetime, facts_.https)
                      : personalize::profile_deletion(facts_.https));
    }

    // Step 6 chose a variant for some slot: the page may change with it.
    bool has_chosen_variant() const {
        return request_.get().method() == http::verb::get &&
               std::any_of(visit_->choices.begin(), visit_->choices.end(),
                           [](const personalize::SlotChoice& c) { return !c.variant.empty(); });
    }

    bool may_rewrite_page() const { return may_add_banner() || has_chosen_variant(); }

    // What step 8 does to this page (empty: nothing would change).
    personalize::PageEdits page_edits() const {
        personalize::PageEdits edits;
        if (may_add_banner())
            edits.body_end = personalize::consent_ui_markup(
                *snapshot_->consent_ui, *visit_->decision.policy, visit_->consent,
                http_fields::field_value(request_.get(), http::field::accept_language));
        if (has_chosen_variant())
            for (const auto& choice : visit_->choices)
                if (!choice.variant.empty())
                    edits.slots.push_back(
                        {std::string(choice.slot), std::string(choice.variant), choice.html});
        return edits;
    }

    // The parsed request becomes the origin's request: its fields are edited
    // in place rather than copied (each copied field is an allocation), and
    // the fields the gateway adds go to `added`, written after them.
    void rewrite_for_origin(http_fields::AddedFields& added) {
        const auto& visit = *visit_;
        auto& req = request_.get();
        const bool chunked = request_.chunked();
        remove_hop_by_hop_fields(req);
        req.erase(http::field::expect);  // answered here, hop by hop
        if (visit.origin_target) req.target(*visit.origin_target);
        remove_gateway_fields(req);  // a client cannot forge the context the origin trusts
        remove_gateway_cookies(req, {consent::kCookieName, personalize::kProfileCookieName}, added);
        added.add_all(visit.context_headers);

        ForwardingFacts forwarding{
            .client = std::nullopt,
            .client_is_ipv6 = false,
            .https = facts_.https,
            .host = std::string(http_fields::field_value(req, http::field::host))};
        switch (config_.forwarding.client_address) {
            case config::ClientAddressForwarding::off:
                break;
            case config::ClientAddressForwarding::truncated:
                forwarding.client = facts_.network;
                break;
            case config::ClientAddressForwarding::full:
                forwarding.client = full_client_address(facts_.address);
                break;
        }
        forwarding.client_is_ipv6 =
            forwarding.client && forwarding.client->find(':') != std::string::npos;
        set_forwarding_fields(req, forwarding, added);
        add_via(req, client_version_, added);
        // The banner and the slots go into the page as it streams: a page
        // that may be rewritten may come compressed only in a coding the
        // gateway can decode (and encode again).
        if (may_rewrite_page() && pipeline::is_page_view(req)) {
            std::string lines;  // every Accept-Encoding line the client sent
            added.add("Accept-Encoding",
                      personalize::decodable_accept_encoding(
                          http_fields::combined_value(req, http::field::accept_encoding, lines)));
            req.erase(http::field::accept_encoding);
        }
        if (forwarding.host.empty()) {
            req.erase(http::field::host);  // an empty one
            added.add("Host", config_.upstream.host);
        }
        req.version(11);
        // Transfer-Encoding went with the hop-by-hop fields.
        if (chunked) added.add("Transfer-Encoding", "chunked");
    }

    Task<bool> connect_upstream(boost::system::error_code& ec) {
        UpstreamTarget target{config_.upstream, config_.timeouts.upstream_connect,
                              snapshot_->upstream_tls.get()};
        upstream_ = co_await worker_.upstream_pool().connect(target, ec);
        co_return upstream_ != nullptr;
    }

    // A piece of the request to the origin (MessageWriter::write_now and
    // write_rest on the connection's stream). Not coroutines themselves (each
    // would cost a frame per call): the rest hands back the operation the
    // caller awaits at once.
    bool write_upstream_now(MessageWriter& writer, std::span<const char> data, bool more,
                            boost::system::error_code& ec) {
        return std::visit([&](auto& stream) { return writer.write_now(stream, data, more, ec); },
                          upstream_->stream);
    }
    Task<void> write_upstream_rest(MessageWriter& writer, boost::system::error_code& ec) {
        return std::visit(
            [&](auto& stream) {
                return writer.write_rest(stream, config_.timeouts.upstream_response, ec);
            },
            upstream_->stream);
    }

    // Reading the final (non-interim) response head into `response`: at once
    // when it is here already (no coroutine frame), else through
    // read_response_head_rest. true: the head is read, or `ec` says why not.
    bool read_response_head_now(std::optional<OriginResponseParser>& response,
                                boost::system::error_code& ec,
                                AskSocket ask_socket = AskSocket::yes) {
        for (;;) {
            response.emplace();
            response->header_limit(kResponseHeaderLimit);
            response->body_limit(std::numeric_limits<std::uint64_t>::max());
            if (head_request_) response->skip(true);
            if (!parse_head_at_hand(*response, ec, ask_socket)) return false;
            if (ec || is_final(*response, ec)) return true;
            ask_socket = AskSocket::yes;  // an interim response came: the final one may follow it
        }
    }

    Task<void> read_response_head_rest(std::optional<OriginResponseParser>& response,
                                       boost::system::error_code& ec) {
        do {
            // The deadline is kept by the worker's sweep (wait_deadlines.hpp).
            WaitDeadlines::Wait wait(
                worker_.wait_deadlines(), upstream_->transport(),
                WaitDeadlines::Clock::now() + config_.timeouts.upstream_response);
            co_await std::visit(
                [&](auto& stream) {
                    return http::async_read_header(stream, upstream_->buffer, *response,
                                                   boost::asio::redirect_error(use_task, ec));
                },
                upstream_->stream);
            if (wait.expired()) ec = boost::beast::error::timeout;
            if (ec || is_final(*response, ec)) co_return;
        } while (!read_response_head_now(response, ec));
    }

    // Interim responses (100, 103) are this hop's business: the client
    // already had its own 100 Continue from the gateway. A 101 is refused
    // (`ec`): Upgrade was never forwarded.
    static bool is_final(const OriginResponseParser& response, boost::system::error_code& ec) {
        const auto status = response.head().status;
        if (status >= 100 && status < 200 && status != 101) return false;
        if (status == 101) ec = http::error::bad_field;
        return true;
    }

    // A head already in the buffer (or, with AskSocket::yes, in the socket)
    // is parsed at once, with no asynchronous read and no timer. false: not
    // all of it is here yet (`response` can go on from where this left off).
    bool parse_head_at_hand(OriginResponseParser& response, boost::system::error_code& ec,
                            AskSocket ask_socket) {
        auto& buffer = upstream_->buffer;
        if (buffer.size() == 0 && ask_socket == AskSocket::yes)
            std::visit(
                [&](auto& stream) {
                    read_now(stream, buffer, std::max(buffer.capacity(), kFirstRead), ec);
                },
                upstream_->stream);
        if (ec) return true;  // a reset: no head will come
        if (buffer.size() == 0) return false;
        buffer.consume(response.put(buffer.data(), ec));
        if (ec == http::error::need_more) {
            ec = {};
            return false;
        }
        return true;  // the head, or an error the asynchronous read would have met too
    }

    Task<void> relay_response(OriginResponseParser& response) {
        // The origin's response is edited in place into the client's (no
        // copy); the fields the gateway adds go to `added`.
        auto& out = response.head();
        http_fields::AddedFields added;
        const auto origin_version = out.version;
        remove_hop_by_hop_fields(out.fields);
        add_via(out.fields, origin_version, added);
        out.version = client_version_;

        const auto status = out.status;
        const bool bodiless = head_request_ || status == 204 || status == 304;
        std::optional<personalize::PageTransform> rewriter;
        if (const auto coding = bodiless ? std::nullopt : personalize::rewritable_page_coding(out))
            if (auto edits = page_edits(); !edits.empty())
                rewriter.emplace(*coding, std::move(edits));
        if (rewriter) {
            out.fields.erase(http::field::content_length);  // the page changes size
            rewritten_ = worker_.buffers().take_string();
        }
        // A rewritten page, one the origin made from Tact-Context, or one that
        // sets or deletes the profile cookie is this visitor's alone.
        if (rewriter || personalize::varies_by_context(out) || changes_profile_cookie())
            personalize::make_private(out, added);
        add_profile_cookie(added);
        bool close_after = false;
        bool chunked = false;
        // Content-Length is end-to-end: the origin's goes on, unless the page
        // is rewritten. Without one (a rewritten page, a body chunked at the
        // origin or ended by its closing), an HTTP/1.1 client gets chunks and
        // an HTTP/1.0 client, which knows no chunks, the end of the connection.
        const bool length_known = !rewriter && response.content_length().has_value();
        if (!bodiless && !length_known) {
            chunked = client_version_ >= 11;
            close_after = !chunked;
        }
        // The hop-by-hop fields are gone: framing and persistence are this hop's.
        if (chunked) added.add("Transfer-Encoding", "chunked");
        const bool keep_alive = client_keep_alive_ && !close_after && !worker_.draining();
        if (client_version_ >= 11 && !keep_alive) added.add("Connection", "close");
        if (client_version_ < 11 && keep_alive) added.add("Connection", "keep-alive");
        result_.status = status;

        MessageWriter writer(format_head(out, added.lines()), chunked);
        boost::system::error_code ec;
        bool upstream_failed = false;
        if (bodiless || response.is_done()) {
            std::string page;
            if (rewriter && !rewriter->finish(page)) {
                upstream_failed = true;  // a compressed body that is not one
            } else {
                if (!writer.write_now(client_, page, false, ec))
                    co_await writer.write_rest(client_, config_.timeouts.body_read, ec);
                result_.body_bytes += page.size();
            }
        } else {
            ensure_piece(response.content_length());
            for (;;) {
                if (!read_upstream_piece_now(response, ec))
                    co_await read_upstream_piece_rest(response, ec);
                if (ec) {
                    upstream_failed = true;
                    break;
                }
                const bool more = !response.is_done();
                const std::size_t n = piece_size_ - response.body().size;  // what landed
                std::span<const char> relayed(piece(), n);
                if (rewriter && !rewriter->passing_through()) {
                    rewritten_.clear();
                    // Room made once for the piece and what the edits add
                    // (grown by appends, a small page reallocated three times).
                    rewritten_.reserve(n + kRoomForEdits);
                    // A body that does not decode can be neither rewritten nor
                    // passed on as if whole: it ends like an origin failure.
                    if (!rewriter->feed({piece(), n}, rewritten_) ||
                        (!more && !rewriter->finish(rewritten_))) {
                        upstream_failed = true;
                        break;
                    }
                    relayed = rewritten_;
                }
                if (!writer.write_now(client_, relayed, more, ec))
                    co_await writer.write_rest(client_, config_.timeouts.body_read, ec);
                result_.body_bytes += relayed.size();
                if (!more || ec) break;
                if (++pieces_relayed_ % kPiecesBetweenTurns == 0) co_await let_others_run();
            }
        }
        if (upstream_failed) {
            worker_.counters().upstream_aborted_responses.fetch_add(1, std::memory_order_relaxed);
            result_.keep_alive = false;
            // The head goes out with the first piece: if that never came,
            // the client has had nothing yet and can still be told plainly.
            if (!writer.head_sent()) co_await answer(502);
            // Otherwise never end the response as if it were complete:
            // closing the connection tells the client the body was cut short.
            co_return;
        }
        result_.keep_alive = keep_alive && !ec;
        // After HEAD, an origin that announced a body might still send one it
        // should not; such a connection is not worth the risk of reuse.
        const bool announced_body =
            head_request_ && (response.chunked() || response.content_length().value_or(0) > 0);
        if (!ec && response.is_done() && response.keep_alive() && !announced_body &&
            upstream_->buffer.size() == 0)
            worker_.upstream_pool().give_back(std::move(upstream_),
                                              config_.upstream.max_idle_connections);
    }

    // The next piece of the response body (read_body_piece_now and _rest on
    // the connection's stream, as for the request's pieces): a small page's
    // body, there with its head, then costs no coroutine frame.
    bool read_upstream_piece_now(OriginResponseParser& response, boost::system::error_code& ec) {
        return std::visit(
            [&](auto& stream) {
                return read_body_piece_now(stream, upstream_->buffer, response, response.body(),
                                           {piece(), piece_size_}, ec);
            },
            upstream_->stream);
    }
    Task<void> read_upstream_piece_rest(OriginResponseParser& response,
                                        boost::system::error_code& ec) {
        return std::visit(
            [&](auto& stream) {
                return read_body_piece_rest(stream, upstream_->buffer, response, response.body(),
                                            {piece(), piece_size_},
                                            config_.timeouts.upstream_response, ec);
            },
            upstream_->stream);
    }

    // The client's body broke the rules or the limit: answer if we still
    // can, and close, because the rest of its bytes cannot be framed.
    Task<ExchangeResult> refuse_body(const boost::system::error_code& ec) {
        upstream_.reset();
        result_.keep_alive = false;
        unsigned status = 0;
        if (ec == http::error::body_limit)
            status = 413;
        else if (ec.category() == http::make_error_code(http::error::bad_chunk).category() &&
                 ec != http::error::end_of_stream && ec != http::error::partial_message)
            status = 400;
        if (status) co_await answer(status);
        co_return result_;
    }

    Task<ExchangeResult> fail_upstream(unsigned status, const boost::system::error_code& ec) {
        auto& counters = worker_.counters();
        if (status == 504)
            counters.upstream_timeouts.fetch_add(1, std::memory_order_relaxed);
        else
            counters.upstream_connect_failures.fetch_add(1, std::memory_order_relaxed);
        (void)ec;
        upstream_.reset();
        // The client may keep the connection only if its request was read whole.
        result_.keep_alive = request_.is_done() && client_keep_alive_ && !worker_.draining();
        co_await answer(status);
        co_return result_;
    }

    Task<void> answer(unsigned status) {
        auto page = error_page(status, client_version_, result_.keep_alive);
        boost::system::error_code ec;
        boost::beast::get_lowest_layer(client_).expires_after(config_.timeouts.body_read);
        co_await http::async_write(client_, page, boost::asio::redirect_error(use_task, ec));
        result_.status = status;
        result_.body_bytes = page.body().size();
        if (ec) result_.keep_alive = false;
    }

    static constexpr std::size_t kResponseHeaderLimit = std::size_t{64} * 1024;

    Worker& worker_;
    std::shared_ptr<const RuntimeSnapshot> snapshot_;
    const config::Config& config_;
    ClientStream& client_;
    boost::beast::flat_buffer& client_buffer_;
    ClientRequestParser& request_;
    const ClientFacts& facts_;
    const unsigned client_version_;
    const bool client_keep_alive_;
    const bool head_request_;
    BodyBlock piece_;             // the worker's, lent: see ensure_piece
    std::size_t piece_size_ = 0;  // how much of it a piece may fill
    std::unique_ptr<UpstreamConnection> upstream_;
    unsigned pieces_relayed_ = 0;  // both ways, for let_others_run
    ExchangeResult result_;
    const pipeline::Visit* visit_ = nullptr;
    std::string rewritten_;  // a piece of a page, edited (the worker's, lent)
};

}  // namespace tact::proxy
