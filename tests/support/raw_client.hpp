// A blocking HTTP/1.1 client that sends exactly the bytes a test gives it,
// so malformed and smuggling-shaped requests can be written by hand.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace tact::testing {

struct RawResponse {
    int status = 0;
    std::string reason;
    std::multimap<std::string, std::string> headers;  // names lower-cased
    std::string body;
    bool complete = false;  // the body ended as its framing said it would

    std::string header(const std::string& lower_name) const;
};

class RawClient {
  public:
    explicit RawClient(unsigned short port);
    ~RawClient();
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    void send(const std::string& bytes);
    // Reads one response; `head_request` for responses without a body.
    std::optional<RawResponse> read_response(
        bool head_request = false, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // True when the peer has closed (read returns end of stream or reset).
    bool closed_by_peer(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Reads everything until the peer closes or `limit` bytes were read.
    std::string read_until_close(std::size_t limit, std::chrono::milliseconds timeout);

    // Body bytes of the response are counted, not kept, past this size.
    std::size_t keep_body_up_to = 1 << 20;
    std::uint64_t counted_body_bytes = 0;

  private:
    bool fill(std::chrono::steady_clock::time_point deadline);
    std::optional<std::string> line(std::chrono::steady_clock::time_point deadline);
    bool take(std::size_t n, std::string* out, std::chrono::steady_clock::time_point deadline);

    int fd_ = -1;
    std::string buffer_;
    bool eof_ = false;
};

std::string get(const std::string& target, const std::string& extra_headers = "");
// A POST of a JSON body, as the consent endpoints take it.
std::string post_json(const std::string& target, const std::string& body,
                      const std::string& extra_headers = "");

}  // namespace tact::testing
