#include "proxy/message_writer.hpp"

#include <charconv>
#include <cstring>

namespace tact::proxy {
namespace {

namespace http = boost::beast::http;

void append_version(std::string& out, unsigned version) {
    out += "HTTP/";
    out += static_cast<char>('0' + version / 10);
    out += '.';
    out += static_cast<char>('0' + version % 10);
}

// The fields, the gateway's added lines and the blank line after them,
// written into room made once: appending piece by piece checked the string's
// capacity four times a field.
template <class Fields>
void append_fields(std::string& out, const Fields& fields, std::string_view added) {
    std::size_t size = added.size() + 2;
    for (const auto& field : fields) size += field.name_string().size() + field.value().size() + 4;
    const auto start = out.size();
    out.resize(start + size);
    char* at = out.data() + start;
    const auto put = [&](std::string_view text) {
        if (text.empty()) return;  // an empty view may have no data at all
        std::memcpy(at, text.data(), text.size());
        at += text.size();
    };
    for (const auto& field : fields) {
        put(field.name_string());
        put(": ");
        put(field.value());
        put("\r\n");
    }
    put(added);
    put("\r\n");
}

}  // namespace

std::string format_head(const http_fields::RequestHead& head, std::string_view added) {
    std::string out;
    out.reserve(512);
    out += head.method_string();
    out += ' ';
    out += head.target();
    out += ' ';
    append_version(out, head.version());
    out += "\r\n";
    append_fields(out, head, added);
    return out;
}

std::string format_head(const http_fields::ResponseHead& head, std::string_view added) {
    std::string out;
    out.reserve(512);
    append_version(out, head.version);
    out += ' ';
    const auto status = head.status;
    out += static_cast<char>('0' + status / 100);
    out += static_cast<char>('0' + status / 10 % 10);
    out += static_cast<char>('0' + status % 10);
    out += ' ';
    // An origin may send an empty reason phrase; the standard one reads better.
    out += head.reason.empty() ? http::obsolete_reason(head.result()) : head.reason;
    out += "\r\n";
    append_fields(out, head.fields, added);
    return out;
}

std::string_view MessageWriter::chunk_size_line(std::size_t size) {
    auto [end, ec] =
        std::to_chars(size_line_.data(), size_line_.data() + size_line_.size() - 2, size, 16);
    *end++ = '\r';
    *end++ = '\n';
    return {size_line_.data(), static_cast<std::size_t>(end - size_line_.data())};
}

}  // namespace tact::proxy
