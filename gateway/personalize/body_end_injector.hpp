// Inserts a piece of markup into an HTML page while it streams through:
// just before the page's `</body>`, or at its end when it has none (browsers
// place such trailing content in the body too).
//
// No library in Debian rewrites HTML as a stream (lol-html is Rust and not
// packaged), so this scanner is written here. Like lol-html it does not build
// a tree: it scans for `<` and looks only as far as it must to know where it
// is, so that `</body>` inside a comment, a script, a style, a textarea, a
// title or an attribute value is never taken for the real one. Memory is
// bounded: at most a few bytes of a possible tag are held back between pieces.
// The personalization issue grows this scanner into the slot rewriter.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tact::personalize {

class BodyEndInjector {
  public:
    explicit BodyEndInjector(std::string markup) : markup_(std::move(markup)) {}

    // Appends to `out` what can be sent for `piece` (the piece itself, perhaps
    // with the markup, less a few bytes kept back until the next piece).
    void feed(std::string_view piece, std::string& out);

    // The end of the page: what was kept back, and the markup if no
    // `</body>` came (unless the page ended inside a script, a comment or a tag,
    // where it would not be markup).
    void finish(std::string& out);

    bool injected() const { return state_ == State::done; }

  private:
    enum class State : std::uint8_t {
        text,      // between tags
        tag,       // inside a start or end tag, up to its `>`
        comment,   // <!-- ... -->
        bogus,     // <!DOCTYPE ...>, <?...>, </ followed by a non-letter: up to `>`
        raw_text,  // inside script, style, textarea, title, ...: until its end tag
        plain,     // <plaintext>: the rest of the page is text
        done,      // injected; the rest passes through
    };

    // Scans `s` from `at` in the current state; returns where it stopped:
    // s.size() when all of it was scanned, or the start of an undecided tail.
    std::size_t scan(std::string_view s, std::size_t at, std::string& out);
    std::size_t after_less_than(std::string_view s, std::size_t lt, bool& wait);
    std::size_t skip_tag(std::string_view s, std::size_t at);
    std::size_t skip_comment(std::string_view s, std::size_t at);
    std::size_t skip_raw_text(std::string_view s, std::size_t at, bool& wait);

    std::string markup_;
    State state_ = State::text;
    // Where in a tag we are (HTML tokenizer states, tag name to attribute
    // value): a '>' ends the tag except inside a quoted value, and a quote
    // opens a value only where a value may begin.
    enum class InTag : std::uint8_t {
        name,
        before_attribute,
        attribute_name,
        after_attribute_name,
        before_value,
        double_quoted,
        single_quoted,
        unquoted,
    };
    InTag in_tag_ = InTag::name;
    State after_tag_ = State::text;    // where the tag's `>` leads: text, raw text or plain
    std::uint8_t comment_dashes_ = 0;  // in a comment: how many '-' just went by
    std::string raw_end_;              // in raw text: the element whose end tag ends it
    std::string held_;                 // the undecided tail of the last piece
};

}  // namespace tact::personalize
