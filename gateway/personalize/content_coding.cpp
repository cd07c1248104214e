#include "personalize/content_coding.hpp"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

#include <array>
#include <optional>
#include <stdexcept>
#include <variant>

#include "signals/ascii.hpp"

namespace tact::personalize {
namespace {

constexpr std::size_t kOutStep = 16 * 1024;
constexpr int kGzipWindow = 15 + 16;  // zlib: a gzip wrapper around deflate
constexpr int kGzipLevel = 5;         // speed over the last percent of size
constexpr std::uint32_t kBrotliQuality = 4;
// What one compressed piece may expand to: real pages compress some 5 to 20
// times; a piece that claims more than this is a decompression bomb.
constexpr std::size_t kMostDecodedPerPiece = 16u << 20;

// kOutStep bytes at the end of `out` for a codec to write into; close()
// keeps what it wrote, all but the `unused` bytes it reports left over.
class OutputWindow {
  public:
    explicit OutputWindow(std::string& out) : out_(out), before_(out.size()) {
        out_.resize(before_ + kOutStep);
    }
    std::uint8_t* data() { return reinterpret_cast<std::uint8_t*>(out_.data() + before_); }
    void close(std::size_t unused) { out_.resize(before_ + kOutStep - unused); }

  private:
    std::string& out_;
    std::size_t before_;
};

// zlib's z_stream over std::string, for one direction.
struct Zlib {
    z_stream stream{};
    bool inflating;
    bool ended = false;

    explicit Zlib(bool inflate) : inflating(inflate) {
        const int status = inflate ? inflateInit2(&stream, kGzipWindow)
                                   : deflateInit2(&stream, kGzipLevel, Z_DEFLATED, kGzipWindow, 8,
                                                  Z_DEFAULT_STRATEGY);
        if (status != Z_OK) throw std::runtime_error("zlib could not start");
    }
    ~Zlib() { inflating ? inflateEnd(&stream) : deflateEnd(&stream); }
    Zlib(const Zlib&) = delete;
    Zlib& operator=(const Zlib&) = delete;

    // Runs until `piece` is used up and no more output comes; false on a data error.
    bool run(std::string_view piece, std::string& out, int flush) {
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece.data()));
        stream.avail_in = static_cast<uInt>(piece.size());
        for (;;) {
            OutputWindow window(out);
            stream.next_out = window.data();
            stream.avail_out = static_cast<uInt>(kOutStep);
            const int status = inflating ? inflate(&stream, Z_NO_FLUSH) : deflate(&stream, flush);
            window.close(stream.avail_out);
            if (status == Z_STREAM_END) {
                ended = true;
                return inflating ? stream.avail_in == 0 : true;  // nothing may follow the end
            }
            if (status != Z_OK && status != Z_BUF_ERROR) return false;
            if (inflating && out.size() > kMostDecodedPerPiece) return false;
            if (stream.avail_out != 0 && stream.avail_in == 0) return true;
            if (status == Z_BUF_ERROR && stream.avail_in == 0) return true;
        }
    }
};

}  // namespace

std::optional<ContentCoding> parse_content_coding(std::string_view value) {
    const auto coding = signals::ascii_lowered(signals::trimmed_ows(value));
    if (coding.empty() || coding == "identity") return ContentCoding::identity;
    if (coding == "gzip" || coding == "x-gzip") return ContentCoding::gzip;
    if (coding == "br") return ContentCoding::br;
    return std::nullopt;
}

std::string decodable_accept_encoding(std::string_view accept) {
    using signals::iequals_ascii;
    std::string kept;
    for (const auto item : signals::CommaItems(accept)) {
        const auto coding = signals::trimmed_ows(item.substr(0, item.find(';')));
        if (!iequals_ascii(coding, "gzip") && !iequals_ascii(coding, "x-gzip") &&
            !iequals_ascii(coding, "br") && !iequals_ascii(coding, "identity"))
            continue;
        if (!kept.empty()) kept += ", ";
        kept += item;
    }
    return kept.empty() ? "identity" : kept;
}

struct BodyDecoder::State {
    std::variant<std::unique_ptr<Zlib>, BrotliDecoderState*> codec;  // gzip or br
    bool done = false;
    ~State() {
        if (auto* br = std::get_if<BrotliDecoderState*>(&codec)) BrotliDecoderDestroyInstance(*br);
    }
};

// Identity needs no state: most pages come uncompressed, and each would pay
// an allocation for nothing (state_ stays null).
BodyDecoder::BodyDecoder(ContentCoding coding) {
    if (coding == ContentCoding::identity) return;
    state_ = std::make_unique<State>();
    if (coding == ContentCoding::gzip) state_->codec = std::make_unique<Zlib>(true);
    if (coding == ContentCoding::br)
        state_->codec = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
}
BodyDecoder::~BodyDecoder() = default;
BodyDecoder::BodyDecoder(BodyDecoder&&) noexcept = default;
BodyDecoder& BodyDecoder::operator=(BodyDecoder&&) noexcept = default;

bool BodyDecoder::feed(std::string_view piece, std::string& out) {
    if (!state_) {
        out.append(piece);
        return true;
    }
    if (state_->done) return piece.empty();  // bytes after the end: not a valid body
    if (auto* zlib = std::get_if<std::unique_ptr<Zlib>>(&state_->codec)) {
        const bool ok = (*zlib)->run(piece, out, Z_NO_FLUSH);
        state_->done = (*zlib)->ended;
        return ok;
    }
    auto* br = std::get<BrotliDecoderState*>(state_->codec);
    std::size_t available_in = piece.size();
    const auto* next_in = reinterpret_cast<const std::uint8_t*>(piece.data());
    for (;;) {
        OutputWindow window(out);
        std::size_t available_out = kOutStep;
        auto* next_out = window.data();
        const auto result = BrotliDecoderDecompressStream(br, &available_in, &next_in,
                                                          &available_out, &next_out, nullptr);
        window.close(available_out);
        if (result == BROTLI_DECODER_RESULT_ERROR || out.size() > kMostDecodedPerPiece)
            return false;
        if (result == BROTLI_DECODER_RESULT_SUCCESS) {
            state_->done = true;
            return available_in == 0;
        }
        if (result == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) return true;
    }
}

bool BodyDecoder::finished() const {
    return !state_ || state_->done;
}

struct BodyEncoder::State {
    std::variant<std::unique_ptr<Zlib>, BrotliEncoderState*> codec;  // gzip or br
    ~State() {
        if (auto* br = std::get_if<BrotliEncoderState*>(&codec)) BrotliEncoderDestroyInstance(*br);
    }

    void brotli(std::string_view piece, std::string& out, BrotliEncoderOperation op) {
        auto* br = std::get<BrotliEncoderState*>(codec);
        std::size_t available_in = piece.size();
        const auto* next_in = reinterpret_cast<const std::uint8_t*>(piece.data());
        for (;;) {
            OutputWindow window(out);
            std::size_t available_out = kOutStep;
            auto* next_out = window.data();
            BrotliEncoderCompressStream(br, op, &available_in, &next_in, &available_out, &next_out,
                                        nullptr);
            window.close(available_out);
            if (available_in == 0 && !BrotliEncoderHasMoreOutput(br)) return;
        }
    }
};

BodyEncoder::BodyEncoder(ContentCoding coding) {  // identity: no state (see BodyDecoder)
    if (coding == ContentCoding::identity) return;
    state_ = std::make_unique<State>();
    if (coding == ContentCoding::gzip) state_->codec = std::make_unique<Zlib>(false);
    if (coding == ContentCoding::br) {
        auto* br = BrotliEncoderCreateInstance(nullptr, nullptr, nullptr);
        BrotliEncoderSetParameter(br, BROTLI_PARAM_QUALITY, kBrotliQuality);
        BrotliEncoderSetParameter(br, BROTLI_PARAM_MODE, BROTLI_MODE_TEXT);
        state_->codec = br;
    }
}
BodyEncoder::~BodyEncoder() = default;
BodyEncoder::BodyEncoder(BodyEncoder&&) noexcept = default;
BodyEncoder& BodyEncoder::operator=(BodyEncoder&&) noexcept = default;

void BodyEncoder::feed(std::string_view piece, std::string& out) {
    if (!state_) {
        out.append(piece);
    } else if (auto* zlib = std::get_if<std::unique_ptr<Zlib>>(&state_->codec)) {
        if (!piece.empty()) (*zlib)->run(piece, out, Z_SYNC_FLUSH);
    } else if (!piece.empty()) {
        state_->brotli(piece, out, BROTLI_OPERATION_FLUSH);
    }
}

void BodyEncoder::finish(std::string& out) {
    if (!state_) return;
    if (auto* zlib = std::get_if<std::unique_ptr<Zlib>>(&state_->codec))
        (*zlib)->run({}, out, Z_FINISH);
    else if (std::holds_alternative<BrotliEncoderState*>(state_->codec))
        state_->brotli({}, out, BROTLI_OPERATION_FINISH);
}

}  // namespace tact::personalize
