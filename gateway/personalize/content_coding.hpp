// Decoding and encoding a compressed page body as it streams, so that a
// gzip or brotli page can be rewritten like a plain one: pieces in, pieces
// out, memory bounded by the libraries' windows (zlib, Debian's brotli).
// Each encoded piece is flushed, so the client's first bytes leave as soon
// as the origin's do.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tact::personalize {

enum class ContentCoding { identity, gzip, br };

// "gzip", "x-gzip", "br", "" / "identity"; anything else (deflate, zstd,
// several codings) is nothing this gateway decodes.
std::optional<ContentCoding> parse_content_coding(std::string_view content_encoding);

// The client's Accept-Encoding with only the codings the gateway can decode
// (gzip, br, identity), q-values kept; "identity" when none is left.
std::string decodable_accept_encoding(std::string_view accept_encoding);

class BodyDecoder {
  public:
    explicit BodyDecoder(ContentCoding coding);
    ~BodyDecoder();
    BodyDecoder(BodyDecoder&&) noexcept;
    BodyDecoder& operator=(BodyDecoder&&) noexcept;

    // Appends what `piece` decodes to. False when the body is not valid in
    // its coding (the page cannot be rewritten, nor passed on whole).
    bool feed(std::string_view piece, std::string& out);
    // Whether the compressed stream ended where it should.
    bool finished() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

class BodyEncoder {
  public:
    explicit BodyEncoder(ContentCoding coding);
    ~BodyEncoder();
    BodyEncoder(BodyEncoder&&) noexcept;
    BodyEncoder& operator=(BodyEncoder&&) noexcept;

    // Appends `piece` encoded and flushed (decodable up to here).
    void feed(std::string_view piece, std::string& out);
    // Appends the end of the stream.
    void finish(std::string& out);

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace tact::personalize
