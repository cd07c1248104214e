// Turning raw search text from a URL into tokens that rules can match
// reliably, whatever the script: "Running%20SHOES" and "running shoes" are
// the same words, and so are Persian and Arabic spellings of one word.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tact::signals {

// Percent-decodes a query value ('+' is a space, RFC 1866 forms); an invalid
// escape is dropped rather than guessed.
std::string percent_decode(std::string_view text);

// Unicode case folding with compatibility forms (ICU's NFKC_Casefold), then
// one spelling for Arabic-script letters that Persian and Arabic write
// differently: Arabic yeh and alef maksura -> Persian yeh (U+06CC), Arabic
// kaf -> keheh (U+06A9); tatweel, harakat and ZWNJ removed; Arabic-Indic and
// Persian digits -> ASCII digits. Invalid UTF-8 bytes are dropped.
std::string normalize_keyword_text(std::string_view utf8);

// Splits normalized text into at most `max_tokens` words of at most
// `max_bytes` bytes each (longer words are dropped, not cut).
std::vector<std::string> keyword_tokens(std::string_view normalized, std::size_t max_tokens = 16,
                                        std::size_t max_bytes = 64);

// What the signals use, once per query value on every request: the words of a
// percent-encoded value, space-joined. The same result as keyword_tokens of
// normalize_keyword_text of percent_decode, joined, but in one pass with no
// allocation beyond the result (tests hold the two equal).
std::string keyword_words(std::string_view encoded, std::size_t max_tokens = 16,
                          std::size_t max_bytes = 64);

}  // namespace tact::signals
