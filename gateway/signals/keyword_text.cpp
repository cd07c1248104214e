#include "signals/keyword_text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>

namespace tact::signals {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Keeps only well-formed UTF-8 (no overlongs, surrogates or stray bytes).
std::u16string valid_utf16(std::string_view utf8) {
    std::u16string out;
    out.reserve(utf8.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
    const int32_t length = static_cast<int32_t>(utf8.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) continue;  // an invalid sequence: dropped
        if (c <= 0xffff) {
            out.push_back(static_cast<char16_t>(c));
        } else {
            out.push_back(static_cast<char16_t>(U16_LEAD(c)));
            out.push_back(static_cast<char16_t>(U16_TRAIL(c)));
        }
    }
    return out;
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

}  // namespace

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            const int high = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
            const int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
            if (high >= 0 && low >= 0) {
                out += static_cast<char>(high * 16 + low);
                i += 2;
            }
            // else: a broken escape says nothing; drop the '%'
        } else {
            out += c;
        }
    }
    return out;
}

std::string normalize_keyword_text(std::string_view utf8) {
    // Most keywords are ASCII, whose NFKC case folding is plain lower-casing.
    if (std::all_of(utf8.begin(), utf8.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        std::string out(utf8);
        for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) return {};
    const auto utf16 = valid_utf16(utf8);
    const icu::UnicodeString folded = fold->normalize(
        icu::UnicodeString(false, utf16.data(), static_cast<int32_t>(utf16.size())), status);
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
        // Letters, marks and digits make words; everything else separates them
        // (spaces, punctuation, the Arabic comma and question mark, symbols).
        if (u_isalnum(c) || u_getCombiningClass(c) > 0 || (U_GET_GC_MASK(c) & U_GC_M_MASK)) {
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
