#include "raw_client.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace tact::testing {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t");
    auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

std::string RawResponse::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
}

std::string get(const std::string& target, const std::string& extra_headers) {
    return "GET " + target + " HTTP/1.1\r\nHost: test.example\r\n" + extra_headers + "\r\n";
}

std::string post_json(const std::string& target, const std::string& body,
                      const std::string& extra_headers) {
    return "POST " + target + " HTTP/1.1\r\nHost: shop.example\r\n" + extra_headers +
           "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

RawClient::RawClient(unsigned short port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        throw std::runtime_error("cannot connect to port " + std::to_string(port));
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RawClient::~RawClient() {
    ::close(fd_);
}

void RawClient::send(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return;  // the peer closed; reading will tell
        sent += static_cast<std::size_t>(n);
    }
}

bool RawClient::fill(std::chrono::steady_clock::time_point deadline) {
    if (eof_) return false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd_, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[65536];
    auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
        eof_ = true;
        return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
}

std::optional<std::string> RawClient::line(std::chrono::steady_clock::time_point deadline) {
    for (;;) {
        auto end = buffer_.find("\r\n");
        if (end != std::string::npos) {
            auto text = buffer_.substr(0, end);
            buffer_.erase(0, end + 2);
            return text;
        }
        if (!fill(deadline)) return std::nullopt;
    }
}

bool RawClient::take(std::size_t n, std::string* out,
                     std::chrono::steady_clock::time_point deadline) {
    while (n > 0) {
        if (buffer_.empty() && !fill(deadline)) return false;
        auto part = std::min(n, buffer_.size());
        if (out && out->size() < keep_body_up_to)
            out->append(buffer_, 0, std::min(part, keep_body_up_to - out->size()));
        counted_body_bytes += part;
        buffer_.erase(0, part);
        n -= part;
    }
    return true;
}

std::optional<RawResponse> RawClient::read_response(bool head_request,
                                                    std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    RawResponse r;
    counted_body_bytes = 0;
    std::optional<std::string> status_line;
    do {
        status_line = line(deadline);
        if (!status_line) return std::nullopt;
        if (status_line->size() < 12) return std::nullopt;
        r.status = std::stoi(status_line->substr(9, 3));
        r.reason = status_line->size() > 13 ? status_line->substr(13) : "";
        r.headers.clear();
        for (;;) {
            auto header = line(deadline);
            if (!header) return std::nullopt;
            if (header->empty()) break;
            auto colon = header->find(':');
            r.headers.emplace(lower(header->substr(0, colon)), trim(header->substr(colon + 1)));
        }
    } while (r.status >= 100 && r.status < 200 && r.status != 101);

    if (head_request || r.status == 204 || r.status == 304) {
        r.complete = true;
        return r;
    }
    if (lower(r.header("transfer-encoding")) == "chunked") {
        for (;;) {
            auto size_line = line(deadline);
            if (!size_line) return r;
            auto size = std::stoull(*size_line, nullptr, 16);
            if (size == 0) {
                while (auto trailer = line(deadline))
                    if (trailer->empty()) break;
                r.complete = true;
                return r;
            }
            if (!take(size, &r.body, deadline) || !take(2, nullptr, deadline)) return r;
            counted_body_bytes -= 2;
        }
    }
    if (!r.header("content-length").empty()) {
        r.complete = take(std::stoull(r.header("content-length")), &r.body, deadline);
        return r;
    }
    while (fill(deadline)) {
    }
    take(buffer_.size(), &r.body, deadline);
    r.complete = eof_;
    return r;
}

bool RawClient::closed_by_peer(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!fill(deadline) && eof_) return true;
    }
    return eof_;
}

std::string RawClient::read_until_close(std::size_t limit, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (buffer_.size() < limit && fill(deadline)) {
    }
    return buffer_;
}

}  // namespace tact::testing
