// Rewrites an HTML page while it streams through (step 8): the content of
// the element marked `data-tact-slot="name"` becomes the variant chosen for
// that slot (and the element gains `data-tact-variant="id"`); like an id, a
// slot name fills one element, the first whose content ends in time (see
// kLongestSlot); once every slot is filled and the markup placed, the rest of
// the page passes through unread. And a piece of
// markup (the consent banner's) goes just before the page's `</body>`, or at
// its end when it has none (browsers place such trailing content in the body).
//
// No library in Debian rewrites HTML as a stream (lol-html is Rust and not
// packaged), so this scanner is written here. Like lol-html it builds no
// tree: it jumps from `<` to `<` and tokenizes only as far as it must to know
// where it is, so that nothing inside a comment, a script, a style, a
// textarea, a title, an SVG CDATA section or an attribute value is taken for
// a tag. Memory is bounded whatever the page's size: a start tag is held back
// until its `>` when slots are wanted (at most kLongestHeldTag bytes, else it
// passes unread), and a slot's original content until its end tag (at most
// kLongestSlot bytes, else the slot keeps it). A slot that never ends, like
// any malformed HTML, passes through unchanged.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tact::personalize {

struct SlotContent {
    std::string slot;     // data-tact-slot="slot"
    std::string variant;  // written into data-tact-variant
    std::string html;     // the element's new content
};

// What the rewriter does to one page: markup to place before `</body>` (none:
// no banner) and slots to fill (none: nothing replaced).
struct PageEdits {
    std::string body_end;
    std::vector<SlotContent> slots;

    bool empty() const { return body_end.empty() && slots.empty(); }
};

class PageRewriter {
  public:
    static constexpr std::size_t kLongestHeldTag = 16 * 1024;
    static constexpr std::size_t kLongestSlot = 256 * 1024;

    // `body_end` may be empty (no banner), `slots` too (nothing to replace).
    PageRewriter(std::string body_end, std::vector<SlotContent> slots);

    // Appends to `out` what can be sent for `piece`: the piece rewritten, less
    // what is held back until the next piece.
    void feed(std::string_view piece, std::string& out);

    // The end of the page: what was held back, and the body-end markup if no
    // `</body>` came (unless the page ended inside a script, a comment or a
    // tag, where it would not be markup).
    void finish(std::string& out);

    bool body_end_inserted() const { return body_end_.empty(); }
    // Nothing is left to do or held: what comes next can be sent as it is.
    bool passing_through() const { return state_ == State::done && held_.empty(); }
    std::size_t slots_replaced() const { return slots_replaced_; }

  private:
    enum class State : std::uint8_t {
        text,      // between tags
        tag,       // inside a start or end tag, up to its `>`
        comment,   // <!-- ... -->
        cdata,     // <![CDATA[ ... ]]> inside SVG or MathML
        bogus,     // <!DOCTYPE ...>, <?...>, </ followed by a non-letter: up to `>`
        raw_text,  // inside script, style, textarea, title, ...: until its end tag
        plain,     // <plaintext>: the rest of the page is text
        done,      // nothing left to do: the rest passes through
    };
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

    // A pass over `s` from the current state. Bytes up to `emitted` have gone
    // to their sink (the client, or a slot's held original); `s` from the
    // returned position on is held back for the next piece.
    std::size_t scan(std::string_view s, std::string& out);
    // What ordinary_tag returns when the tag is not ordinary.
    static constexpr std::size_t kOpensSlot = std::string_view::npos - 1;
    static constexpr std::size_t kLookCloser = std::string_view::npos;
    std::size_t ordinary_tag(std::string_view s, std::size_t lt);
    std::size_t after_less_than(std::string_view s, std::size_t lt, std::string& out, bool& wait);
    std::size_t start_tag(std::string_view s, std::size_t lt, std::size_t name_end,
                          std::string& out, bool& wait);
    std::size_t end_tag(std::string_view s, std::size_t lt, std::size_t name_end, std::string& out);
    std::size_t finish_bare_tag(std::string_view s, std::size_t name_end);
    std::size_t skip_tag(std::string_view s, std::size_t at);
    template <class Keep>
    std::size_t skip_while(std::string_view s, std::size_t i, Keep keep) const;
    std::size_t skip_until(std::string_view s, std::size_t i, std::uint8_t stops) const;
    std::size_t skip_spaces(std::string_view s, std::size_t i) const;
    std::size_t skip_quoted_attributes(std::string_view s, std::size_t at);
    std::size_t skip_comment(std::string_view s, std::size_t at);
    std::size_t skip_cdata(std::string_view s, std::size_t at);
    std::size_t skip_raw_text(std::string_view s, std::size_t at, std::string& out, bool& wait);

    // Sends s[emitted_, to) where it belongs now.
    void emit(std::string_view s, std::size_t to, std::string& out);
    void open_slot(std::string_view s, std::size_t lt, std::size_t gt, std::string_view name,
                   const SlotContent& slot, std::string& out);
    std::size_t open_slot_named_in(std::string_view s, std::size_t lt, std::size_t after,
                                   std::string& out);
    void close_slot(std::string_view s, std::size_t lt, std::string& out);
    void give_up_slot(std::string& out);
    bool nothing_left_to_do() const { return body_end_.empty() && slots_.empty(); }

    std::string body_end_;
    std::vector<SlotContent> slots_;
    std::size_t slots_replaced_ = 0;

    State state_ = State::text;
    InTag in_tag_ = InTag::name;
    State after_tag_ = State::text;    // where the tag's `>` leads: text, raw text or plain
    std::uint8_t comment_state_ = 0;   // in a comment: where its end may be near (see skip_comment)
    std::uint8_t cdata_brackets_ = 0;  // in CDATA: how many ']' just went by
    std::size_t foreign_depth_ = 0;    // open <svg> and <math> elements
    std::string_view raw_end_;         // in raw text: the element whose end tag ends it (a literal)
    std::string held_;                 // the undecided tail of the last piece
    std::string joined_;               // that tail and the next piece (its memory reused)
    std::size_t emitted_ = 0;          // in the piece being scanned
    std::size_t guarded_end_ = 0;      // just after the piece's last '>' (see skip_until)
    // In the start tag skip_quoted_attributes went through: one of its
    // attribute names was as long as data-tact-slot, so it may name a slot.
    bool slot_sized_name_ = false;
    std::size_t tag_end_ = 0;  // with kOpensSlot from ordinary_tag: where that start tag ends

    // The slot being replaced: its element's name, how deep in elements of
    // that name we are, its start tag as it will be sent, and the original
    // content, sent instead if the slot never ends.
    struct OpenSlot {
        const SlotContent* content = nullptr;
        std::string element;
        std::size_t depth = 0;
        std::string start_tag;
        std::string original;
    };
    OpenSlot open_;
};

}  // namespace tact::personalize
