// A real origin server for the integration tests, with behaviours chosen by
// path. It writes one line per request it receives whole to --log, so a test
// can prove that a refused request never reached the origin.
//
//   GET  /bytes/N            N bytes, Content-Length, sent in 64 KiB pieces
//   GET  /chunked/N          N bytes, chunked
//   GET  /close-delimited/N  N bytes, no length: the end is the connection close
//   GET  /reset/N            announces N bytes, sends 1000, then resets the connection
//   GET  /reset-chunked/N    one 1000-byte chunk, then resets the connection
//   GET  /reset-after-head/N announces N bytes, sends none, resets the connection
//   GET  /slow-head/MS       waits MS milliseconds before answering
//   GET  /status/CODE        an empty response with that status
//   GET  /then-close/MS      answers with keep-alive, then closes the connection after MS
//   *    /headers            the request's fields, one "name: value" line each
//   GET  /page/N             an HTML page of about N bytes (cacheable, with an ETag)
//   GET  /page-gzip          an HTML page, gzip-compressed (/page-br: brotli; /page-zstd: says
//                            zstd, is not compressed; /page-bad-gzip: says gzip, is not)
//   GET  /slotted            an HTML page with the slots "greeting", "promo" and "recommended"
//                            (cacheable); /shoes/... and /packs/... the same page
//   GET  /from-context       an HTML page the origin made from Tact-Context (Vary says so)
//   POST /count              reads the body piece by piece; answers its length, and says in
//                            Unlike-First how many of its bytes differ from its first
//   GET  /connections        how many connections this origin has accepted
#include <brotli/encode.h>
#include <zlib.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

std::atomic<unsigned> g_connections{0};
std::mutex g_log_mutex;
std::string g_log_path;

void log_request(const http::request_header<>& req) {
    if (g_log_path.empty()) return;
    std::lock_guard lock(g_log_mutex);
    std::ofstream(g_log_path, std::ios::app)
        << req.method_string() << " " << req.target() << std::endl;
}

std::uint64_t number_after(std::string_view target, std::string_view prefix) {
    std::uint64_t n = 0;
    auto rest = target.substr(prefix.size());
    std::from_chars(rest.data(), rest.data() + rest.size(), n);
    return n;
}

std::string gzip(const std::string& text) {
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, text.size()), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

std::string brotli(const std::string& text) {
    std::size_t size = BrotliEncoderMaxCompressedSize(text.size());
    std::string out(size, '\0');
    BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
                          text.size(), reinterpret_cast<const std::uint8_t*>(text.data()), &size,
                          reinterpret_cast<std::uint8_t*>(out.data()));
    out.resize(size);
    return out;
}

http::response<http::string_body> small(http::status status, unsigned version, std::string body) {
    http::response<http::string_body> res{status, version};
    res.set(http::field::content_type, "text/plain");
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

// Streams n bytes of a repeating pattern, with the given framing.
void send_pattern(tcp::socket& socket, unsigned version, std::uint64_t n, bool chunked,
                  bool keep_alive, bool head_only) {
    http::response<http::buffer_body> res{http::status::ok, version};
    res.set(http::field::content_type, "application/octet-stream");
    if (chunked)
        res.chunked(true);
    else
        res.content_length(n);
    res.keep_alive(keep_alive);
    http::response_serializer<http::buffer_body> sr{res};
    boost::system::error_code ec;
    if (head_only) {  // a response to HEAD has no body (RFC 9110 9.3.2)
        http::write_header(socket, sr, ec);
        return;
    }
    std::vector<char> piece(64 * 1024);
    for (std::size_t i = 0; i < piece.size(); ++i) piece[i] = static_cast<char>('a' + i % 26);
    std::uint64_t sent = 0;
    while (sent < n) {
        const auto size = static_cast<std::size_t>(std::min<std::uint64_t>(piece.size(), n - sent));
        res.body().data = piece.data();
        res.body().size = size;
        res.body().more = true;
        http::write(socket, sr, ec);
        if (ec == http::error::need_buffer) ec = {};
        if (ec) return;
        sent += size;
    }
    res.body().data = nullptr;
    res.body().more = false;
    http::write(socket, sr, ec);
}

void send_close_delimited(tcp::socket& socket, std::uint64_t n) {
    std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
    net::write(socket, net::buffer(head));
    std::string body(n, 'z');
    boost::system::error_code ec;
    net::write(socket, net::buffer(body), ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
}

void send_then_reset(tcp::socket& socket, std::uint64_t announced, bool chunked,
                     std::size_t part_size = 1000) {
    std::string head =
        chunked ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n"
                : "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(announced) + "\r\n\r\n";
    boost::system::error_code ec;
    net::write(socket, net::buffer(head), ec);
    std::string part(part_size, 'r');
    net::write(socket, net::buffer(part), ec);
    // Let the gateway relay the first part before the reset destroys what is unread.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    socket.set_option(net::socket_base::linger(true, 0), ec);  // close with RST
    socket.close(ec);
}

struct BodyCount {
    std::uint64_t bytes = 0;
    char first = 0;
    std::uint64_t unlike_first = 0;  // bytes that differ from the body's first
};

// Reads and counts the body; returns false if the request was cut short.
bool count_body(tcp::socket& socket, boost::beast::flat_buffer& buffer,
                http::request_parser<http::buffer_body>& parser, BodyCount& count) {
    std::vector<char> piece(64 * 1024);
    boost::system::error_code ec;
    while (!parser.is_done()) {
        parser.get().body().data = piece.data();
        parser.get().body().size = piece.size();
        http::read(socket, buffer, parser, ec);
        if (ec == http::error::need_buffer) ec = {};
        if (ec) return false;
        const auto n = piece.size() - parser.get().body().size;
        if (count.bytes == 0 && n > 0) count.first = piece[0];
        for (std::size_t i = 0; i < n; ++i) count.unlike_first += piece[i] != count.first;
        count.bytes += n;
    }
    return true;
}

void serve(tcp::socket socket) {
    ++g_connections;
    boost::beast::flat_buffer buffer;
    boost::system::error_code ec;
    for (;;) {
        http::request_parser<http::buffer_body> parser;
        parser.body_limit(std::numeric_limits<std::uint64_t>::max());
        http::read_header(socket, buffer, parser, ec);
        if (ec) return;
        const auto& req = parser.get();
        const std::string target(req.target());
        const bool keep_alive = req.keep_alive();
        BodyCount body;
        if (!count_body(socket, buffer, parser, body)) return;
        log_request(req);

        if (target.starts_with("/bytes/")) {
            send_pattern(socket, req.version(), number_after(target, "/bytes/"), false, keep_alive,
                         req.method() == http::verb::head);
        } else if (target.starts_with("/chunked/")) {
            send_pattern(socket, req.version(), number_after(target, "/chunked/"), true, keep_alive,
                         req.method() == http::verb::head);
        } else if (target.starts_with("/close-delimited/")) {
            send_close_delimited(socket, number_after(target, "/close-delimited/"));
            return;
        } else if (target.starts_with("/reset/")) {
            send_then_reset(socket, number_after(target, "/reset/"), false);
            return;
        } else if (target.starts_with("/reset-after-head/")) {
            send_then_reset(socket, number_after(target, "/reset-after-head/"), false, 0);
            return;
        } else if (target.starts_with("/reset-chunked/")) {
            send_then_reset(socket, number_after(target, "/reset-chunked/"), true);
            return;
        } else if (target.starts_with("/slow-head/")) {
            std::this_thread::sleep_for(
                std::chrono::milliseconds(number_after(target, "/slow-head/")));
            auto res = small(http::status::ok, req.version(), "slow\n");
            res.keep_alive(keep_alive);
            http::write(socket, res, ec);
        } else if (target.starts_with("/interim/")) {
            // Two interim responses (RFC 9110 15.2) and the final one, each
            // after a pause of so many milliseconds.
            const auto pause = std::chrono::milliseconds(number_after(target, "/interim/"));
            std::this_thread::sleep_for(pause);
            const std::string_view hints =
                "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                "HTTP/1.1 100 Continue\r\n\r\n";
            boost::asio::write(socket, boost::asio::buffer(hints), ec);
            std::this_thread::sleep_for(pause);
            auto res = small(http::status::ok, req.version(), "after the hints\n");
            res.keep_alive(keep_alive);
            http::write(socket, res, ec);
        } else if (target == "/switching") {
            // Then a 200, as if on the switched protocol: a gateway that took
            // the 101 for an interim response would relay that.
            const std::string_view upgrade =
                "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: "
                "websocket\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nswitched\n";
            boost::asio::write(socket, boost::asio::buffer(upgrade), ec);
            return;
        } else if (target.starts_with("/then-close/")) {
            // Answers as if keeping the connection, then closes it: what an
            // origin's keep-alive timeout does to a pooled connection.
            auto res = small(http::status::ok, req.version(), "closing soon\n");
            res.keep_alive(true);
            http::write(socket, res, ec);
            std::this_thread::sleep_for(
                std::chrono::milliseconds(number_after(target, "/then-close/")));
            return;
        } else if (target.starts_with("/status/")) {
            http::response<http::empty_body> res{
                static_cast<http::status>(number_after(target, "/status/")), req.version()};
            res.keep_alive(keep_alive);
            http::write(socket, res, ec);
        } else if (target.starts_with("/page/") || target.starts_with("/page-")) {
            // A page whose end of body the gateway may find, perhaps compressed.
            std::string page =
                "<!doctype html><html><head><title>t</title></head><body><p "
                "data-tact-slot=greeting>";
            const auto filler =
                target.starts_with("/page-") ? 20000 : number_after(target, "/page/");
            page.append(filler, 'x');
            page += "</p><!-- </body> --></body></html>\n";
            const auto coding = target.starts_with("/page-") ? target.substr(6) : "";
            auto res = small(http::status::ok, req.version(),
                             coding == "gzip" ? gzip(page)
                             : coding == "br" ? brotli(page)
                                              : page);
            res.set(http::field::content_type, "text/html; charset=utf-8");
            res.set(http::field::cache_control, "public, max-age=300");
            res.set(http::field::etag, "\"v1\"");
            if (!coding.empty())
                res.set(http::field::content_encoding, coding == "bad-gzip" ? "gzip" : coding);
            res.keep_alive(keep_alive);
            http::write(socket, res, ec);
        } else if (const auto path = target.substr(0, target.find('?'));
                   path == "/slotted" || path == "/from-context" || path.starts_with("/shoes/") ||
                   path.starts_with("/packs/")) {
            const std::string page =
                "<!doctype html><html><body><div class=g data-tact-slot=\"greeting\">Hello</div>"
                "<p>text</p><aside data-tact-slot='promo'><p>no promo</p></aside>"
                "<p data-tact-slot=recommended>none</p></body></html>\n";
            auto res = small(http::status::ok, req.version(), page);
            res.set(http::field::content_type, "text/html; charset=utf-8");
            res.set(http::field::cache_control, "public, max-age=300");
            res.set(http::field::etag, "\"v1\"");
            if (path == "/from-context") res.set(http::field::vary, "Tact-Context");
            res.keep_alive(keep_alive);
            http::write(socket, res, ec);
        } else if (target.substr(0, target.find('?')) == "/headers") {
            std::string lines;
            for (const auto& f : req)
                lines += std::string(f.name_string()) + ": " + std::string(f.value()) + "\n";
            auto res = small(http::status::ok, req.version(), lines);
            res.keep_alive(keep_alive);
            http::write(socket, res, ec);
        } else if (target == "/count") {
            auto res = small(http::status::ok, req.version(), std::to_string(body.bytes));
            res.set("Unlike-First", std::to_string(body.unlike_first));
            res.keep_alive(keep_alive);
            http::write(socket, res, ec);
        } else if (target == "/connections") {
            auto res = small(http::status::ok, req.version(), std::to_string(g_connections.load()));
            res.keep_alive(keep_alive);
            http::write(socket, res, ec);
        } else {
            auto res = small(http::status::ok, req.version(), "hello from the test origin\n");
            res.keep_alive(keep_alive);
            http::write(socket, res, ec);
        }
        if (ec || !keep_alive) return;
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: test_origin PORT [--log FILE]\n";
        return 2;
    }
    if (argc >= 4 && std::string(argv[2]) == "--log") g_log_path = argv[3];
    net::io_context io;
    tcp::acceptor acceptor(
        io, {net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::stoi(argv[1]))});
    std::cout << "ready" << std::endl;
    for (;;) {
        tcp::socket socket(io);
        acceptor.accept(socket);
        std::thread(serve, std::move(socket)).detach();
    }
}
