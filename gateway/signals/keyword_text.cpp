#include "signals/keyword_text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace tact::signals {
namespace {

constexpr auto kHexValues = [] {
    std::array<signed char, 256> values{};
    values.fill(-1);
    for (int i = 0; i < 10; ++i) values['0' + i] = static_cast<signed char>(i);
    for (int i = 0; i < 6; ++i)
        values['a' + i] = values['A' + i] = static_cast<signed char>(10 + i);
    return values;
}();

int hex_value(char c) {
    return kHexValues[static_cast<unsigned char>(c)];
}

// Keeps only well-formed UTF-8 (no overlongs, surrogates or stray bytes).
void to_valid_utf16(std::string_view utf8, icu::UnicodeString& out) {
    // UTF-16 never needs more code units than UTF-8 has bytes.
    const int32_t length = static_cast<int32_t>(utf8.size());
    char16_t* units = out.getBuffer(length + 1);
    if (!units) {  // out of memory: say nothing rather than guess
        out.remove();
        return;
    }
    const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
    int32_t written = 0;
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (c >= 0) U16_APPEND_UNSAFE(units, written, c);  // an invalid sequence (c < 0) is dropped
    }
    out.releaseBuffer(written);
}

// The Arabic-script letters Persian and Arabic keyboards produce differently.
UChar32 unify_arabic_script(UChar32 c) {
    switch (c) {
        case 0x064A:        // ARABIC LETTER YEH
        case 0x0649:        // ARABIC LETTER ALEF MAKSURA
            return 0x06CC;  // ARABIC LETTER FARSI YEH
        case 0x0643:        // ARABIC LETTER KAF
            return 0x06A9;  // ARABIC LETTER KEHEH
        default:
            break;
    }
    if (c >= 0x0660 && c <= 0x0669) return '0' + (c - 0x0660);  // Arabic-Indic digits
    if (c >= 0x06F0 && c <= 0x06F9) return '0' + (c - 0x06F0);  // Persian digits
    return c;
}

bool is_removed_mark(UChar32 c) {
    return c == 0x0640                      // tatweel (elongation)
           || (c >= 0x064B && c <= 0x065F)  // harakat: fatha, damma, kasra, shadda, sukun, ...
           || c == 0x0670                   // superscript alef
           || c == 0x200C   // ZWNJ: "می‌خواهم" and "میخواهم" are one word
           || c == 0x200D;  // ZWJ
}

// Returns whether any decoded byte is outside ASCII (the caller's choice of
// route), found on the way rather than in a second pass.
bool percent_decode_into(std::string_view text, std::string& out) {
    // Decoding never lengthens: write in place, then trim to what was written.
    const std::size_t start = out.size();
    out.resize(start + text.size());
    char* next = out.data() + start;
    unsigned char high_bits = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            *next++ = ' ';
        } else if (c == '%') {
            const int high = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
            const int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
            if (high >= 0 && low >= 0) {
                *next = static_cast<char>(high * 16 + low);
                high_bits |= static_cast<unsigned char>(*next++);
                i += 2;
            }
            // else: a broken escape says nothing; drop the '%'
        } else {
            high_bits |= static_cast<unsigned char>(c);
            *next++ = c;
        }
    }
    out.resize(static_cast<std::size_t>(next - out.data()));
    return (high_bits & 0x80) != 0;
}

bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool is_word_character(UChar32 c) {
    // Letters, marks and digits make words; everything else separates them
    // (spaces, punctuation, the Arabic comma and question mark, symbols).
    return u_isalnum(c) || u_getCombiningClass(c) > 0 || (U_GET_GC_MASK(c) & U_GC_M_MASK);
}

// For each ASCII byte, itself lower-cased if it is a letter or digit (a word
// byte), else 0 (a separator).
constexpr auto kAsciiWordBytes = [] {
    std::array<char, 256> bytes{};
    for (char c = '0'; c <= '9'; ++c) bytes[static_cast<unsigned char>(c)] = c;
    for (char c = 'a'; c <= 'z'; ++c) {
        bytes[static_cast<unsigned char>(c)] = c;
        bytes[static_cast<unsigned char>(c - 'a' + 'A')] = c;
    }
    return bytes;
}();

char ascii_word_byte(char c) {
    return kAsciiWordBytes[static_cast<unsigned char>(c)];
}

// Collects words into one space-joined string as their bytes arrive, keeping
// at most `max_tokens` words and dropping (not cutting) words over `max_bytes`.
// Bytes go into a buffer sized up front by the caller's bound on the result
// (it grows if the bound was short), without std::string's per-append work.
class WordJoiner {
  public:
    WordJoiner(std::size_t max_tokens, std::size_t max_bytes, std::size_t expected_bytes)
        : max_tokens_(max_tokens), max_bytes_(max_bytes) {
        out_.resize(expected_bytes);
    }

    bool full() const { return tokens_ == max_tokens_; }
    void append(char byte) {
        if (start_or_continue_word(1)) out_[size_++] = byte;
    }
    void append(std::string_view bytes) {
        if (!start_or_continue_word(bytes.size())) return;
        std::copy(bytes.begin(), bytes.end(), out_.begin() + static_cast<std::ptrdiff_t>(size_));
        size_ += bytes.size();
    }
    // `ascii` (letters and digits) lower-cased.
    void append_lowered(std::string_view ascii) {
        if (!start_or_continue_word(ascii.size())) return;
        char* to = out_.data() + size_;
        for (std::size_t i = 0; i < ascii.size(); ++i) to[i] = ascii_word_byte(ascii[i]);
        size_ += ascii.size();
    }
    void end_word() {
        if (!in_word_) return;
        in_word_ = false;
        if (size_ - word_start_ > max_bytes_) {
            size_ = word_start_ == 0 ? 0 : word_start_ - 1;
            return;
        }
        ++tokens_;
    }
    std::string take() {
        end_word();
        out_.resize(size_);
        return std::move(out_);
    }

  private:
    // Whether `n` more bytes belong in the result (a word goes on, or may
    // begin), with room made for them and a separating space.
    bool start_or_continue_word(std::size_t n) {
        if (!in_word_) {
            if (full()) return false;
            in_word_ = true;
            if (size_ > 0) n += 1;  // the space before this word
            if (size_ + n > out_.size()) out_.resize(2 * (size_ + n));
            if (size_ > 0) out_[size_++] = ' ';
            word_start_ = size_;
        } else if (size_ + n > out_.size()) {
            out_.resize(2 * (size_ + n));
        }
        return true;
    }

    std::size_t max_tokens_, max_bytes_;
    std::size_t tokens_ = 0, word_start_ = 0, size_ = 0;
    bool in_word_ = false;
    std::string out_;
};

std::string ascii_words(std::string_view text, WordJoiner&& words) {
    auto in_word = [](char c) { return ascii_word_byte(c) != 0; };
    for (std::size_t i = 0; i < text.size();) {
        if (!in_word(text[i])) {
            words.end_word();
            if (words.full()) break;
            ++i;
            continue;
        }
        // A whole run of word characters at once, lower-cased in place.
        std::size_t end = i;
        while (end < text.size() && in_word(text[end])) ++end;
        words.append_lowered(text.substr(i, end - i));
        i = end;
    }
    return words.take();
}

// The ICU route for text outside ASCII: fold, unify the Arabic script and
// split into words in one walk over the folded text.
std::string unicode_words(std::string_view text, WordJoiner&& words) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) return {};
    thread_local icu::UnicodeString source, folded;
    to_valid_utf16(text, source);
    fold->normalize(source, folded, status);
    if (U_FAILURE(status)) return {};
    for (int32_t i = 0; i < folded.length();) {
        const UChar32 c = folded.char32At(i);
        i += U16_LENGTH(c);
        if (is_removed_mark(c)) continue;
        const UChar32 unified = unify_arabic_script(c);
        if (is_word_character(unified)) {
            char bytes[U8_MAX_LENGTH];
            int32_t length = 0;
            U8_APPEND_UNSAFE(bytes, length, unified);
            words.append(std::string_view(bytes, static_cast<std::size_t>(length)));
        } else {
            words.end_word();
            if (words.full()) break;
        }
    }
    return words.take();
}

// Persian and Arabic keywords without ICU: within the Arabic block most
// code points are inert under NFKC_Casefold (unchanged, and never combining
// with a neighbour), so the fold would return them as they are. A table of
// those, built once from ICU itself, lets such text skip the UTF-16 round
// trip; anything outside ASCII and the table (presentation forms, hamza and
// madda marks that compose, other scripts) still goes through ICU.
struct ArabicBlock {
    static constexpr UChar32 kFirst = 0x0600, kLast = 0x06FF;
    std::array<bool, kLast - kFirst + 1> inert{};
    std::array<bool, kLast - kFirst + 1> word{};

    ArabicBlock() {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
        for (UChar32 c = kFirst; c <= kLast; ++c) {
            inert[c - kFirst] = U_SUCCESS(status) && fold->isInert(c);
            word[c - kFirst] = is_word_character(unify_arabic_script(c));
        }
    }
    static const ArabicBlock& get() {
        static const ArabicBlock block;
        return block;
    }
};

// The words of `text` if all of it is ASCII, ZWNJ/ZWJ or inert Arabic-block
// letters; nothing (and `handled` false) otherwise.
std::string arabic_script_words(std::string_view text, WordJoiner&& words, bool& handled) {
    const auto& block = ArabicBlock::get();
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t length = static_cast<int32_t>(text.size());
    handled = false;
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) return {};  // invalid bytes: ICU's route drops them
        if (c < 0x80) {
            if (const char lowered = ascii_word_byte(static_cast<char>(c))) {
                words.append(lowered);
            } else {
                words.end_word();
                if (words.full()) break;
            }
            continue;
        }
        if (c == 0x200C || c == 0x200D) continue;  // folded away, as by NFKC_Casefold
        if (c < ArabicBlock::kFirst || c > ArabicBlock::kLast ||
            !block.inert[c - ArabicBlock::kFirst])
            return {};
        if (is_removed_mark(c)) continue;
        if (block.word[c - ArabicBlock::kFirst]) {
            char utf8[U8_MAX_LENGTH];
            int32_t n = 0;
            U8_APPEND_UNSAFE(utf8, n, unify_arabic_script(c));
            words.append(std::string_view(utf8, static_cast<std::size_t>(n)));
        } else {
            words.end_word();
            if (words.full()) break;
        }
    }
    handled = true;
    return words.take();
}

// Whether `encoded` is ASCII without escapes: then its words are those of its
// decoding ('+' separates words as a space would), read straight from the URL.
// Most campaign values ("newsletter", "winter-sale") are.
bool is_plain_ascii(std::string_view encoded) {
    unsigned char seen = 0;
    for (char c : encoded) seen |= static_cast<unsigned char>(c == '%' ? 0x80 : c);
    return (seen & 0x80) == 0;
}

// Whether `encoded` is its own result: one word of lower-case ASCII letters
// and digits, as campaign values ("newsletter", "email") mostly are.
bool is_one_word_already(std::string_view encoded, std::size_t max_tokens, std::size_t max_bytes) {
    if (max_tokens == 0 || encoded.size() > max_bytes) return false;
    return std::all_of(encoded.begin(), encoded.end(),
                       [](char c) { return ascii_word_byte(c) == c && c != 0; });
}

}  // namespace

std::string percent_decode(std::string_view text) {
    std::string out;
    percent_decode_into(text, out);
    return out;
}

std::string normalize_keyword_text(std::string_view utf8) {
    // Most keywords are ASCII, whose NFKC case folding is plain lower-casing.
    if (is_ascii(utf8)) {
        std::string out(utf8);
        for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) return {};
    icu::UnicodeString source;
    to_valid_utf16(utf8, source);
    const icu::UnicodeString folded = fold->normalize(source, status);
    if (U_FAILURE(status)) return {};

    icu::UnicodeString unified;
    for (int32_t i = 0; i < folded.length();) {
        const UChar32 c = folded.char32At(i);
        i += U16_LENGTH(c);
        if (!is_removed_mark(c)) unified.append(unify_arabic_script(c));
    }
    std::string out;
    unified.toUTF8String(out);
    return out;
}

std::vector<std::string> keyword_tokens(std::string_view normalized, std::size_t max_tokens,
                                        std::size_t max_bytes) {
    std::vector<std::string> tokens;
    const auto* bytes = reinterpret_cast<const uint8_t*>(normalized.data());
    const int32_t length = static_cast<int32_t>(normalized.size());
    std::string current;
    auto flush = [&] {
        if (!current.empty() && current.size() <= max_bytes && tokens.size() < max_tokens)
            tokens.push_back(current);
        current.clear();
    };
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) continue;
        if (is_word_character(c)) {
            current.append(normalized.substr(static_cast<std::size_t>(start),
                                             static_cast<std::size_t>(i - start)));
        } else {
            flush();
        }
    }
    flush();
    return tokens;
}

}  // namespace tact::signals

namespace tact::signals {

std::string keyword_words(std::string_view encoded, std::size_t max_tokens, std::size_t max_bytes) {
    if (encoded.empty()) return {};
    if (is_one_word_already(encoded, max_tokens, max_bytes)) return std::string(encoded);
    if (is_plain_ascii(encoded))
        return ascii_words(encoded, WordJoiner(max_tokens, max_bytes, encoded.size()));
    thread_local std::string decoded;
    decoded.clear();
    if (!percent_decode_into(encoded, decoded))
        return ascii_words(decoded, WordJoiner(max_tokens, max_bytes, decoded.size()));
    bool handled = false;
    auto words =
        arabic_script_words(decoded, WordJoiner(max_tokens, max_bytes, decoded.size()), handled);
    return handled ? words
                   : unicode_words(decoded, WordJoiner(max_tokens, max_bytes, decoded.size()));
}

}  // namespace tact::signals
