#include "personalize/page_rewriter.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstring>
#include <optional>

#include "consent/noscript_form.hpp"
#include "personalize/comment_states.hpp"
#include "signals/ascii.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tact::personalize {
namespace {

// The longest tag name the scanner must recognize without slots
// ("plaintext"): a name still unfinished at the end of a piece is waited
// for only up to this length.
constexpr std::size_t kLongestNameOfInterest = 9;

// Which bytes end a tag name, an attribute name or an unquoted value (the
// tokenizer's states), as bits of one table looked up per byte.
constexpr std::uint8_t kSpace = 1, kSlash = 2, kGreater = 4, kEquals = 8, kLetter = 16;
constexpr std::uint8_t kEndsTagName = kSpace | kSlash | kGreater;
constexpr std::uint8_t kEndsAttributeName = kSpace | kSlash | kGreater | kEquals;
constexpr std::uint8_t kEndsUnquotedValue = kSpace | kGreater;
constexpr auto kTagByteClass = [] {
    std::array<std::uint8_t, 256> table{};
    for (const unsigned char c : {' ', '\t', '\n', '\f', '\r'}) table[c] = kSpace;
    table['/'] = kSlash;
    table['>'] = kGreater;
    table['='] = kEquals;
    for (int c = 'a'; c <= 'z'; ++c) table[c] = table[c - 'a' + 'A'] = kLetter;
    return table;
}();

// An ASCII letter, which starts a tag name.
bool is_letter(char c) {
    return kTagByteClass[static_cast<unsigned char>(c)] & kLetter;
}

// HTML's whitespace: space, tab, LF, FF, CR.
bool is_space(char c) {
    return kTagByteClass[static_cast<unsigned char>(c)] & kSpace;
}

// HTML tokenizer, "tag name state": a name ends at whitespace, '/' or '>'.
bool ends_name(char c) {
    return kTagByteClass[static_cast<unsigned char>(c)] & kEndsTagName;
}

// Where the tag name starting at `from` ends, or npos when the piece ends
// first and the name might still matter (is no longer than `longest`).
std::size_t name_end(std::string_view s, std::size_t from, std::size_t longest) {
    std::size_t i = from;
    while (i < s.size() && !ends_name(s[i])) ++i;
    if (i == s.size() && i - from <= longest) return std::string_view::npos;
    return i;
}

// Elements whose content the tokenizer reads as text up to their own end tag
// (RCDATA, RAWTEXT and script data): nothing inside them is a tag.
constexpr std::array<std::string_view, 9> kRawTextElements = {
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"};

std::string_view raw_text_element(std::string_view name) {
    for (const auto element : kRawTextElements)
        if (signals::iequals_ascii(name, element)) return element;
    return {};
}

// The names the scanner treats specially besides raw text elements.
constexpr std::array<std::string_view, 4> kOtherSpecialNames = {"plaintext", "svg", "math", "body"};

// For each name length, the first and the last letters of special names of
// that length (a bit per letter).
struct SpecialLetters {
    std::array<std::uint32_t, 10> first{};
    std::array<std::uint32_t, 10> last{};
};
constexpr auto kSpecialLetters = [] {
    SpecialLetters letters;
    auto add = [&](std::string_view name) {
        letters.first[name.size()] |= 1u << (name.front() - 'a');
        letters.last[name.size()] |= 1u << (name.back() - 'a');
    };
    for (const auto name : kRawTextElements) add(name);
    for (const auto name : kOtherSpecialNames) add(name);
    return letters;
}();

// Whether a tag name (starting with a letter) may be one the scanner treats
// specially: most names are none, and their length, first and last letters
// say so before any comparison ("main" and "meta" are not "math").
[[gnu::always_inline]] inline bool may_be_special(std::string_view name) {
    if (name.size() >= kSpecialLetters.first.size()) return false;
    const unsigned first = (static_cast<unsigned>(name.front()) | 0x20u) - 'a';  // a letter
    if (((kSpecialLetters.first[name.size()] >> first) & 1u) == 0) return false;
    // Only names that got this far are asked for their last letter, which
    // may be a digit or a dash.
    const unsigned last = (static_cast<unsigned>(name.back()) | 0x20u) - 'a';
    return last < 26 && ((kSpecialLetters.last[name.size()] >> last) & 1u) != 0;
}

// Elements that have no content, hence no slot to fill.
constexpr std::array<std::string_view, 13> kVoidElements = {
    "area",  "base", "br",   "col",    "embed", "hr", "img",
    "input", "link", "meta", "source", "track", "wbr"};

bool is_void(std::string_view name) {
    return std::any_of(kVoidElements.begin(), kVoidElements.end(),
                       [&](std::string_view v) { return signals::iequals_ascii(name, v); });
}

// Where foreign content (SVG, MathML) begins and ends: inside it, CDATA
// sections are real.
bool is_foreign_root(std::string_view name) {
    return (name.size() == 3 && signals::iequals_ascii(name, "svg")) ||
           (name.size() == 4 && signals::iequals_ascii(name, "math"));
}

// Where the next `byte` is from `from`, or npos. Sixteen bytes at a time
// where SSE2 is there (every x86-64): the text between tags and the values
// of attributes are mostly short, and there a call to memchr costs more than
// the search.
std::size_t find_byte(std::string_view s, std::size_t from, char byte) {
#if defined(__SSE2__)
    const __m128i wanted = _mm_set1_epi8(byte);
    for (; from + 16 <= s.size(); from += 16) {
        const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + from));
        const auto hits = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, wanted)));
        if (hits != 0) return from + static_cast<std::size_t>(std::countr_zero(hits));
    }
#endif
    for (; from < s.size(); ++from)
        if (s[from] == byte) return from;
    return std::string_view::npos;
}

constexpr std::string_view kSlotAttribute = "data-tact-slot";

// Whether a start tag may name a slot at all: most tags do not, and a scan
// for the attribute's dashes rules them out before any attribute is parsed.
bool may_name_slot(std::string_view tag) {
    for (std::size_t dash = find_byte(tag, 0, '-'); dash != std::string_view::npos;
         dash = find_byte(tag, dash + 1, '-')) {
        if (dash >= 4 &&
            signals::iequals_ascii(tag.substr(dash - 4, kSlotAttribute.size()), kSlotAttribute))
            return true;
    }
    return false;
}

// The value of attribute `wanted` (lower case) in a complete start tag
// `<name ...>`, following the tokenizer's attribute states; the first of
// duplicates counts, as in browsers. Character references are not decoded:
// slot names are plain words.
std::optional<std::string_view> attribute_value(std::string_view tag, std::string_view wanted) {
    std::size_t i = 1;
    while (i < tag.size() && !ends_name(tag[i])) ++i;
    for (;;) {
        while (i < tag.size() && (is_space(tag[i]) || tag[i] == '/')) ++i;
        if (i >= tag.size() || tag[i] == '>') return std::nullopt;
        const std::size_t name_at = i++;  // a first '=' belongs to the name
        while (i < tag.size() && !ends_name(tag[i]) && tag[i] != '=') ++i;
        const auto name = tag.substr(name_at, i - name_at);
        while (i < tag.size() && is_space(tag[i])) ++i;
        std::string_view value;
        if (i < tag.size() && tag[i] == '=') {
            ++i;
            while (i < tag.size() && is_space(tag[i])) ++i;
            if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
                const char quote = tag[i++];
                const auto close = tag.find(quote, i);
                if (close == std::string_view::npos) return std::nullopt;
                value = tag.substr(i, close - i);
                i = close + 1;
            } else {
                const std::size_t value_at = i;
                while (i < tag.size() && !is_space(tag[i]) && tag[i] != '>') ++i;
                value = tag.substr(value_at, i - value_at);
            }
        }
        if (signals::iequals_ascii(name, wanted)) return value;
    }
}

}  // namespace

// Names and the spaces between attributes are a few bytes each: the loops
// over them stop at a byte the name or the spaces cannot contain, and since a
// '>' is such a byte, a loop starting before the piece's last '>' needs no
// check for the piece's end (scan finds that '>' once per piece). `keep`
// must be false for '>'.
template <class Keep>
[[gnu::always_inline]] inline std::size_t PageRewriter::skip_while(std::string_view s,
                                                                   std::size_t i, Keep keep) const {
    // Only the piece scan measured is safe to read unchecked.
    assert(guarded_end_ <= s.size() && (guarded_end_ == 0 || s[guarded_end_ - 1] == '>'));
    if (i < guarded_end_) {
        while (keep(s[i])) ++i;
    } else {
        while (i < s.size() && keep(s[i])) ++i;
    }
    return i;
}

// Up to the first byte of `stops` (each of them holds kGreater).
[[gnu::always_inline]] inline std::size_t PageRewriter::skip_until(std::string_view s,
                                                                   std::size_t i,
                                                                   std::uint8_t stops) const {
    return skip_while(s, i, [stops](char c) {
        return (kTagByteClass[static_cast<unsigned char>(c)] & stops) == 0;
    });
}

[[gnu::always_inline]] inline std::size_t PageRewriter::skip_spaces(std::string_view s,
                                                                    std::size_t i) const {
    return skip_while(s, i, is_space);
}

PageRewriter::PageRewriter(std::string body_end, std::vector<SlotContent> slots)
    : body_end_(std::move(body_end)), slots_(std::move(slots)) {
    if (nothing_left_to_do()) state_ = State::done;
}

void PageRewriter::feed(std::string_view piece, std::string& out) {
    std::string_view s = piece;
    if (!held_.empty()) {
        joined_.assign(held_);
        joined_.append(piece);
        held_.clear();
        s = joined_;
    }
    if (state_ == State::done) {
        out.append(s);
        return;
    }
    const auto stop = scan(s, out);
    held_.assign(s.substr(stop));
}

void PageRewriter::finish(std::string& out) {
    emitted_ = 0;
    emit(held_, held_.size(), out);
    held_.clear();
    if (open_.content) give_up_slot(out);  // the slot never ended: it keeps its own content
    if (state_ == State::text && !body_end_.empty()) {
        out.append(body_end_);
        body_end_.clear();
    }
}

void PageRewriter::emit(std::string_view s, std::size_t to, std::string& out) {
    if (to <= emitted_) return;
    const auto piece = s.substr(emitted_, to - emitted_);
    emitted_ = to;
    if (!open_.content) {
        out.append(piece);
        return;
    }
    open_.original.append(piece);
    if (open_.original.size() > kLongestSlot) give_up_slot(out);
}

std::size_t PageRewriter::scan(std::string_view s, std::string& out) {
    emitted_ = 0;
    // (memrchr: glibc's is vectorized; string_view::rfind goes byte by byte,
    // which a long piece without a '>', a script's data say, would pay in full.)
    const auto* last_greater_than = static_cast<const char*>(memrchr(s.data(), '>', s.size()));
    guarded_end_ =
        last_greater_than ? static_cast<std::size_t>(last_greater_than - s.data()) + 1 : 0;
    std::size_t i = 0;
    while (i < s.size()) {
        bool wait = false;
        switch (state_) {
            case State::text:
                // Ordinary tags, one after another, without leaving text.
                for (;;) {
                    const auto lt = find_byte(s, i, '<');
                    if (lt == std::string_view::npos) {
                        i = s.size();
                        break;
                    }
                    i = ordinary_tag(s, lt);
                    if (i >= kOpensSlot) {  // out of the loop, whose few registers stay its own
                        i = i == kOpensSlot ? open_slot_named_in(s, lt, tag_end_, out)
                                            : after_less_than(s, lt, out, wait);
                        break;
                    }
                    if (state_ != State::text) break;
                }
                break;
            case State::tag:
                i = skip_tag(s, i);
                break;
            case State::comment:
                i = skip_comment(s, i);
                break;
            case State::cdata:
                i = skip_cdata(s, i);
                break;
            case State::bogus: {
                const auto gt = find_byte(s, i, '>');
                i = gt == std::string_view::npos ? s.size() : gt + 1;
                if (gt != std::string_view::npos) state_ = State::text;
                break;
            }
            case State::raw_text:
                i = skip_raw_text(s, i, out, wait);
                break;
            case State::plain:
            case State::done:
                i = s.size();
                break;
        }
        if (wait) {  // too little of what starts at i yet to tell what it is
            emit(s, i, out);
            return i;
        }
    }
    emit(s, s.size(), out);
    return s.size();
}

// Most tags need nothing but skipping: a name the scanner has no interest
// in, and not the element of the slot being filled (whose nesting counts).
// Those are taken here, in one short step, and so is a start tag whose
// attributes are all `name="value"` (with slots to fill, the length of each
// name tells whether it may be the slot attribute). Returns where scanning
// goes on; or kOpensSlot for a whole start tag that may name a slot (it ends
// at tag_end_); or kLookCloser for after_less_than to look closer.
// (Inlined into scan's loop: it runs for nearly every tag.)
[[gnu::always_inline]] inline std::size_t PageRewriter::ordinary_tag(std::string_view s,
                                                                     std::size_t lt) {
    if (lt + 2 >= s.size()) return kLookCloser;
    const bool end = s[lt + 1] == '/';
    const std::size_t name_at = lt + 1 + (end ? 1 : 0);
    if (!is_letter(s[name_at])) return kLookCloser;
    const std::size_t name_end = skip_until(s, name_at + 1, kEndsTagName);
    if (name_end == s.size()) return kLookCloser;
    const std::string_view name(s.data() + name_at, name_end - name_at);
    if (may_be_special(name) || (open_.content && signals::iequals_ascii(name, open_.element)))
        return kLookCloser;
    if (s[name_end] == '>') return name_end + 1;
    state_ = State::tag;
    after_tag_ = State::text;
    in_tag_ = InTag::name;
    // Back in text after this, unless the piece ends inside the tag.
    slot_sized_name_ = false;
    auto after = skip_quoted_attributes(s, name_end);
    const bool all_quoted = state_ != State::tag;
    if (!all_quoted) after = skip_tag(s, after);  // attributes of another shape
    // Inside a slot no other slot opens: its attributes do not matter.
    if (end || slots_.empty() || open_.content) return after;
    if (state_ == State::text) {  // the whole tag is in the piece
        // The quick pass measured every attribute name; other shapes are
        // searched for the attribute's text.
        const bool may_name =
            all_quoted ? slot_sized_name_ : may_name_slot(s.substr(lt, after - lt));
        if (!may_name) return after;
        tag_end_ = after;
        return kOpensSlot;
    }
    // A start tag the piece cuts is start_tag's to read again, whole, from its '<'.
    state_ = State::text;
    return kLookCloser;
}

// At a '<' in text: a comment, a start tag, an end tag, something bogus, or
// just a '<'.
std::size_t PageRewriter::after_less_than(std::string_view s, std::size_t lt, std::string& out,
                                          bool& wait) {
    if (lt + 1 >= s.size()) {
        wait = true;
        return lt;
    }
    const char c = s[lt + 1];
    if (c == '!') {
        const std::string_view opening = s.substr(lt, 4);
        if (opening.size() < 4 && opening == std::string_view("<!--").substr(0, opening.size())) {
            wait = true;
            return lt;
        }
        if (opening == "<!--") {
            state_ = State::comment;
            comment_state_ = kCommentStart;
            return lt + 4;
        }
        // In SVG and MathML, <![CDATA[ opens a section that only `]]>` ends;
        // elsewhere it is a bogus comment, like <!DOCTYPE>, ended by `>`.
        if (foreign_depth_ > 0) {
            constexpr std::string_view kCdata = "<![CDATA[";
            const auto opening_cdata = s.substr(lt, kCdata.size());
            if (opening_cdata.size() < kCdata.size() &&
                opening_cdata == kCdata.substr(0, opening_cdata.size())) {
                wait = true;
                return lt;
            }
            if (opening_cdata == kCdata) {
                state_ = State::cdata;
                cdata_brackets_ = 0;
                return lt + kCdata.size();
            }
        }
        state_ = State::bogus;
        return lt + 2;
    }
    if (c == '?') {
        state_ = State::bogus;
        return lt + 2;
    }
    if (c == '/') {
        if (lt + 2 >= s.size()) {
            wait = true;
            return lt;
        }
        if (!is_letter(s[lt + 2])) {  // `</>` is dropped, `</3` is a bogus comment
            state_ = State::bogus;
            return lt + 2;
        }
        const auto end =
            name_end(s, lt + 2, std::max(kLongestNameOfInterest, open_.element.size()));
        if (end == std::string_view::npos) {
            wait = true;
            return lt;
        }
        return end_tag(s, lt, end, out);
    }
    if (!is_letter(c)) return lt + 1;  // a plain '<' in text
    const auto longest = slots_.empty() ? kLongestNameOfInterest : kLongestHeldTag;
    const auto end = name_end(s, lt + 1, longest);
    if (end == std::string_view::npos) {
        wait = true;
        return lt;
    }
    return start_tag(s, lt, end, out, wait);
}

std::size_t PageRewriter::start_tag(std::string_view s, std::size_t lt, std::size_t name_end,
                                    std::string& out, bool& wait) {
    const auto name = s.substr(lt + 1, name_end - lt - 1);
    raw_end_ = {};
    after_tag_ = State::text;
    if (may_be_special(name)) {
        if (is_foreign_root(name)) ++foreign_depth_;
        raw_end_ = raw_text_element(name);
        after_tag_ = !raw_end_.empty()                           ? State::raw_text
                     : signals::iequals_ascii(name, "plaintext") ? State::plain
                                                                 : State::text;
    }
    state_ = State::tag;
    in_tag_ = InTag::name;  // the name may go on in the next piece
    if (open_.content) {    // inside a slot: only its nesting matters
        if (signals::iequals_ascii(name, open_.element)) ++open_.depth;
        return finish_bare_tag(s, name_end);
    }
    if (slots_.empty()) return finish_bare_tag(s, name_end);
    // A start tag that may name a slot is read whole before any of it goes on.
    const auto after = skip_tag(s, name_end);
    if (state_ == State::tag) {                             // its `>` is in a later piece
        if (s.size() - lt > kLongestHeldTag) return after;  // too long to hold: passes unread
        state_ = State::text;
        wait = true;
        return lt;
    }
    if (may_name_slot(s.substr(lt, after - lt))) return open_slot_named_in(s, lt, after, out);
    return after;
}

// A whole start tag, s[lt, after), that may name a slot: it opens the slot
// it names, if that one is still to fill and the element can have content.
// Returns where the tag ends.
std::size_t PageRewriter::open_slot_named_in(std::string_view s, std::size_t lt, std::size_t after,
                                             std::string& out) {
    const auto tag = s.substr(lt, after - lt);
    const auto name = s.substr(lt + 1, skip_until(s, lt + 1, kEndsTagName) - lt - 1);
    const auto wanted = attribute_value(tag, kSlotAttribute);
    if (!wanted || is_void(name)) return after;
    const auto slot = std::find_if(slots_.begin(), slots_.end(),
                                   [&](const SlotContent& c) { return c.slot == *wanted; });
    if (slot != slots_.end()) open_slot(s, lt, after, name, *slot, out);
    return after;
}

std::size_t PageRewriter::end_tag(std::string_view s, std::size_t lt, std::size_t name_end,
                                  std::string& out) {
    const auto name = s.substr(lt + 2, name_end - lt - 2);
    if (foreign_depth_ > 0 && is_foreign_root(name)) --foreign_depth_;
    state_ = State::tag;
    after_tag_ = State::text;
    in_tag_ = InTag::name;
    if (open_.content) {
        if (signals::iequals_ascii(name, open_.element) && --open_.depth == 0)
            close_slot(s, lt, out);
    } else if (!body_end_.empty() && signals::iequals_ascii(name, "body")) {
        emit(s, lt, out);
        out.append(body_end_);
        body_end_.clear();
        if (nothing_left_to_do()) state_ = State::done;
    }
    return finish_bare_tag(s, name_end);
}

// `<p>`, `</div>`: a tag that ends right after its name needs no walk
// through the attribute states.
std::size_t PageRewriter::finish_bare_tag(std::string_view s, std::size_t name_end) {
    if (state_ != State::tag || name_end >= s.size() || s[name_end] != '>') return name_end;
    state_ = after_tag_;
    return name_end + 1;
}

void PageRewriter::open_slot(std::string_view s, std::size_t lt, std::size_t after,
                             std::string_view name, const SlotContent& slot, std::string& out) {
    emit(s, lt, out);  // what came before the slot goes on; the slot's own bytes are held
    open_.content = &slot;
    open_.element = signals::ascii_lowered(name);
    open_.depth = 1;
    open_.start_tag.assign(s.substr(lt, after - lt - 1));  // without its '>'
    open_.start_tag += " data-tact-variant=\"";
    consent::append_html_escaped(open_.start_tag, slot.variant);
    open_.start_tag += "\">";
    open_.original.clear();
}

void PageRewriter::close_slot(std::string_view s, std::size_t lt, std::string& out) {
    emit(s, lt, out);            // the rest of the original content, held and now dropped
    if (!open_.content) return;  // that rest outgrew the limit: the slot kept its content
    out.append(open_.start_tag);
    out.append(open_.content->html);
    // A slot is filled once per page, like an id names one element: with
    // every slot filled and the banner placed, the rest of the page only
    // passes through.
    const auto filled = slots_.begin() + (open_.content - slots_.data());
    open_ = {};
    slots_.erase(filled);
    ++slots_replaced_;
    if (nothing_left_to_do()) state_ = State::done;
}

void PageRewriter::give_up_slot(std::string& out) {
    out.append(open_.original);
    open_ = {};
}

// Inside a tag: up to the `>` that ends it, following the tokenizer's
// attribute states (HTML Living Standard 13.2.5.33-13.2.5.42), so that a
// `>` in a quoted value does not end the tag and a quote inside a name
// opens nothing.
std::size_t PageRewriter::skip_tag(std::string_view s, std::size_t i) {
    if (in_tag_ == InTag::name || in_tag_ == InTag::before_attribute) {
        i = skip_quoted_attributes(s, i);
        if (state_ != State::tag) return i;
    }
    for (; i < s.size(); ++i) {
        // Names and unquoted values run on until one of a few bytes: skip
        // the bytes that change nothing in one tight loop.
        const std::uint8_t stops = in_tag_ == InTag::name             ? kEndsTagName
                                   : in_tag_ == InTag::attribute_name ? kEndsAttributeName
                                   : in_tag_ == InTag::unquoted       ? kEndsUnquotedValue
                                                                      : 0;
        if (stops) {
            i = skip_until(s, i, stops);
            if (i == s.size()) break;
        }
        const char c = s[i];
        const bool space = is_space(c);
        switch (in_tag_) {
            case InTag::double_quoted:
            case InTag::single_quoted: {
                // The whole value at once: nothing in it but its quote matters.
                const auto close = find_byte(s, i, in_tag_ == InTag::double_quoted ? '"' : '\'');
                if (close == std::string_view::npos) return s.size();
                i = close;
                in_tag_ = InTag::before_attribute;
                continue;
            }
            case InTag::unquoted:
                if (space) in_tag_ = InTag::before_attribute;
                break;
            case InTag::name:
            case InTag::attribute_name:
                if (space)
                    in_tag_ = in_tag_ == InTag::name ? InTag::before_attribute
                                                     : InTag::after_attribute_name;
                else if (c == '/')
                    in_tag_ = InTag::before_attribute;
                else if (c == '=' && in_tag_ == InTag::attribute_name)
                    in_tag_ = InTag::before_value;
                break;
            case InTag::before_attribute:
                if (!space && c != '/' && c != '>') in_tag_ = InTag::attribute_name;  // '=' too
                break;
            case InTag::after_attribute_name:
                if (c == '=')
                    in_tag_ = InTag::before_value;
                else if (c == '/')
                    in_tag_ = InTag::before_attribute;
                else if (!space && c != '>')
                    in_tag_ = InTag::attribute_name;
                break;
            case InTag::before_value:
                if (c == '"')
                    in_tag_ = InTag::double_quoted;
                else if (c == '\'')
                    in_tag_ = InTag::single_quoted;
                else if (!space && c != '>')
                    in_tag_ = InTag::unquoted;
                break;
        }
        if (c == '>') {
            state_ = after_tag_;
            return i + 1;
        }
    }
    return i;
}

// Most attributes are `name="value"` (or single-quoted), one space apart:
// those are skipped here without a step through the states per byte. At the
// first byte of any other shape (or the end of the piece), in_tag_ is the
// state the tokenizer is in there, for skip_tag to go on from.
std::size_t PageRewriter::skip_quoted_attributes(std::string_view s, std::size_t i) {
    if (in_tag_ == InTag::name) {
        // The name goes on, or '/' or '>' follows it: skip_tag reads those.
        if (i == s.size() || !is_space(s[i])) return i;
        in_tag_ = InTag::before_attribute;
    }
    for (;;) {  // before an attribute, at i
        i = skip_spaces(s, i);
        if (i == s.size()) return i;
        if (s[i] == '>') {
            state_ = after_tag_;
            return i + 1;
        }
        if (s[i] == '/' || s[i] == '=') return i;  // skip_tag reads both
        in_tag_ = InTag::attribute_name;
        const std::size_t name_at = i;
        i = skip_until(s, i, kEndsAttributeName);
        if (i - name_at == kSlotAttribute.size()) slot_sized_name_ = true;
        // What ended the name, unless it is `="` or `='`, is for skip_tag.
        if (i + 1 >= s.size() || s[i] != '=') return i;
        const char quote = s[i + 1];
        if (quote != '"' && quote != '\'') return i;
        const auto close = find_byte(s, i + 2, quote);
        if (close == std::string_view::npos) {
            in_tag_ = quote == '"' ? InTag::double_quoted : InTag::single_quoted;
            return s.size();
        }
        i = close + 1;
        in_tag_ = InTag::before_attribute;
    }
}

// Inside a CDATA section (SVG, MathML): up to `]]>`, counted across pieces.
std::size_t PageRewriter::skip_cdata(std::string_view s, std::size_t i) {
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '>' && cdata_brackets_ >= 2) {
            state_ = State::text;
            return i + 1;
        }
        cdata_brackets_ =
            c == ']' ? static_cast<std::uint8_t>(std::min(cdata_brackets_ + 1, 2)) : 0;
    }
    return i;
}

// Inside a comment: up to `-->` or `--!>` (and, right after `<!--`, a bare
// `>` or `->`), with the comment states of the HTML tokenizer (HTML Living
// Standard 13.2.5.43-52) carried across pieces. Only a `>` can end a
// comment, so the scan jumps from `>` to `>` (sixteen bytes at a time); the
// state before one depends only on the run of '-' and '!' right before it.
std::size_t PageRewriter::skip_comment(std::string_view s, std::size_t i) {
    for (;;) {
        const auto gt = find_byte(s, i, '>');
        const auto end = gt == std::string_view::npos ? s.size() : gt;
        std::size_t run = end;
        while (run > i && (s[run - 1] == '-' || s[run - 1] == '!')) --run;
        if (run > i) comment_state_ = kInComment;  // any other byte came before the run
        for (std::size_t k = run; k < end; ++k)
            comment_state_ = next_comment_state(comment_state_, s[k]);
        if (gt == std::string_view::npos) return s.size();
        if (comment_ends_at_greater_than(comment_state_)) {
            state_ = State::text;
            return gt + 1;
        }
        comment_state_ = kInComment;  // this '>' is text of the comment
        i = gt + 1;
    }
}

// Inside script, style, ...: up to `</name` followed by the end of the name.
std::size_t PageRewriter::skip_raw_text(std::string_view s, std::size_t i, std::string& out,
                                        bool& wait) {
    for (;;) {
        const auto lt = find_byte(s, i, '<');
        if (lt == std::string_view::npos) return s.size();
        const std::size_t name_at = lt + 2;
        const std::size_t needed = name_at + raw_end_.size() + 1;  // and one byte after the name
        if (needed > s.size()) {
            // Wait only if what there is could still become the end tag.
            const auto have = s.substr(lt, std::min(s.size() - lt, needed - lt));
            bool could = have.size() < 2 || have[1] == '/';
            for (std::size_t k = 2; could && k < have.size() && k - 2 < raw_end_.size(); ++k)
                could = signals::ascii_lower(have[k]) == raw_end_[k - 2];
            if (could) {
                wait = true;
                return lt;
            }
            i = lt + 1;
            continue;
        }
        if (s[lt + 1] == '/' &&
            signals::iequals_ascii(s.substr(name_at, raw_end_.size()), raw_end_) &&
            ends_name(s[name_at + raw_end_.size()]))
            return end_tag(s, lt, name_at + raw_end_.size(), out);
        i = lt + 1;
    }
}

}  // namespace tact::personalize
