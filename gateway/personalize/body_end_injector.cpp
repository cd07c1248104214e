#include "personalize/body_end_injector.hpp"

#include <array>
#include <cstring>

#include "signals/ascii.hpp"

namespace tact::personalize {
namespace {

// The longest tag name this scanner cares about ("plaintext"): a name still
// unfinished at the end of a piece is waited for only up to this length.
constexpr std::size_t kLongestNameOfInterest = 9;

// HTML tokenizer, "tag name state": a name ends at whitespace, '/' or '>'.
bool ends_name(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '/' || c == '>';
}

bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Where the tag name starting at `from` ends, or npos when the piece ends
// first and the name could still be one of interest.
std::size_t name_end(std::string_view s, std::size_t from) {
    std::size_t i = from;
    while (i < s.size() && !ends_name(s[i])) ++i;
    if (i == s.size() && i - from <= kLongestNameOfInterest) return std::string_view::npos;
    return i;
}

// Elements whose content the tokenizer reads as text up to their own end tag
// (RCDATA, RAWTEXT and script data): nothing inside them is a tag.
constexpr std::array<std::string_view, 9> kRawTextElements = {
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"};

std::string raw_text_element(std::string_view name) {
    for (const auto element : kRawTextElements)
        if (signals::iequals_ascii(name, element)) return std::string(element);
    return {};
}

std::size_t find_char(std::string_view s, std::size_t from, char c) {
    if (from >= s.size()) return std::string_view::npos;
    const void* hit = std::memchr(s.data() + from, c, s.size() - from);
    return hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - s.data())
               : std::string_view::npos;
}

}  // namespace

void BodyEndInjector::feed(std::string_view piece, std::string& out) {
    std::string joined;
    std::string_view s = piece;
    if (!held_.empty()) {
        joined = held_;
        joined.append(piece);
        held_.clear();
        s = joined;
    }
    if (state_ == State::done) {
        out.append(s);
        return;
    }
    const auto stop = scan(s, 0, out);
    held_.assign(s.substr(stop));
}

void BodyEndInjector::finish(std::string& out) {
    out.append(held_);
    held_.clear();
    if (state_ == State::text) {
        out.append(markup_);
        state_ = State::done;
    }
}

std::size_t BodyEndInjector::scan(std::string_view s, std::size_t i, std::string& out) {
    const std::size_t start = i;
    while (i < s.size()) {
        switch (state_) {
            case State::text: {
                const auto lt = find_char(s, i, '<');
                if (lt == std::string_view::npos) {
                    i = s.size();
                    break;
                }
                bool wait = false;
                const auto next = after_less_than(s, lt, wait);
                if (wait) {  // too little of the tag yet to tell what it is
                    out.append(s.substr(start, lt - start));
                    return lt;
                }
                if (state_ == State::done) {  // lt is the `</body>`
                    out.append(s.substr(start, lt - start));
                    out.append(markup_);
                    out.append(s.substr(lt));
                    return s.size();
                }
                i = next;
                break;
            }
            case State::tag:
                i = skip_tag(s, i);
                break;
            case State::comment:
                i = skip_comment(s, i);
                break;
            case State::bogus: {
                const auto gt = find_char(s, i, '>');
                if (gt == std::string_view::npos) {
                    i = s.size();
                } else {
                    i = gt + 1;
                    state_ = State::text;
                }
                break;
            }
            case State::raw_text: {
                bool wait = false;
                const auto next = skip_raw_text(s, i, wait);
                if (wait) {
                    out.append(s.substr(start, next - start));
                    return next;
                }
                i = next;
                break;
            }
            case State::plain:
            case State::done:
                i = s.size();
                break;
        }
    }
    out.append(s.substr(start));
    return s.size();
}

// At a '<' in text: a comment, a start tag, an end tag (perhaps `</body>`),
// something bogus, or just a '<'.
std::size_t BodyEndInjector::after_less_than(std::string_view s, std::size_t lt, bool& wait) {
    if (lt + 1 >= s.size()) {
        wait = true;
        return lt;
    }
    const char c = s[lt + 1];
    if (c == '!') {
        const std::string_view opening = s.substr(lt, 4);
        if (opening == std::string_view("<!--").substr(0, opening.size()) && opening.size() < 4) {
            wait = true;
            return lt;
        }
        if (opening == "<!--") {
            state_ = State::comment;
            comment_dashes_ = 2;  // `<!-->` and `<!--->` are (empty) comments too
            return lt + 4;
        }
        state_ = State::bogus;  // <!DOCTYPE>, <![CDATA[ in HTML content
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
        const auto end = name_end(s, lt + 2);
        if (end == std::string_view::npos) {
            wait = true;
            return lt;
        }
        if (signals::iequals_ascii(s.substr(lt + 2, end - lt - 2), "body")) {
            state_ = State::done;
            return lt;
        }
        state_ = State::tag;
        after_tag_ = State::text;
        in_tag_ = InTag::name;
        return end;
    }
    if (!is_letter(c)) return lt + 1;  // a plain '<' in text
    const auto end = name_end(s, lt + 1);
    if (end == std::string_view::npos) {
        wait = true;
        return lt;
    }
    const auto name = s.substr(lt + 1, end - lt - 1);
    raw_end_ = raw_text_element(name);
    after_tag_ = !raw_end_.empty()                           ? State::raw_text
                 : signals::iequals_ascii(name, "plaintext") ? State::plain
                                                             : State::text;
    state_ = State::tag;
    in_tag_ = InTag::name;  // the name may go on in the next piece
    return end;
}

// Inside a tag: up to the `>` that ends it, following the tokenizer's
// attribute states (HTML Living Standard 13.2.5.33-13.2.5.42), so that a
// `>` in a quoted value does not end the tag and a quote inside a name
// opens nothing.
std::size_t BodyEndInjector::skip_tag(std::string_view s, std::size_t i) {
    for (; i < s.size(); ++i) {
        const char c = s[i];
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
        switch (in_tag_) {
            case InTag::double_quoted:
            case InTag::single_quoted:
                if (c == (in_tag_ == InTag::double_quoted ? '"' : '\''))
                    in_tag_ = InTag::before_attribute;
                continue;
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

// Inside a comment: up to `-->` (or `--!>`), counted across pieces.
std::size_t BodyEndInjector::skip_comment(std::string_view s, std::size_t i) {
    constexpr std::uint8_t kDashesThenBang = 3;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '>' && comment_dashes_ >= 2) {
            state_ = State::text;
            return i + 1;
        }
        if (c == '-')
            comment_dashes_ = comment_dashes_ >= 2 ? 2 : comment_dashes_ + 1;
        else if (c == '!' && comment_dashes_ == 2)
            comment_dashes_ = kDashesThenBang;
        else
            comment_dashes_ = 0;
    }
    return i;
}

// Inside script, style, ...: up to `</name` followed by the end of the name.
std::size_t BodyEndInjector::skip_raw_text(std::string_view s, std::size_t i, bool& wait) {
    for (;;) {
        const auto lt = find_char(s, i, '<');
        if (lt == std::string_view::npos) return s.size();
        const std::size_t name_at = lt + 2;
        const std::size_t needed = name_at + raw_end_.size() + 1;  // and one byte after the name
        if (needed > s.size()) {
            // Wait only if what there is could still become the end tag.
            const auto have = s.substr(lt, std::min(s.size() - lt, needed - lt));
            const std::string prefix = "</" + raw_end_;
            bool could = true;
            for (std::size_t k = 0; k < have.size() && k < prefix.size(); ++k)
                could = could && signals::ascii_lower(have[k]) == prefix[k];
            if (could) {
                wait = true;
                return lt;
            }
            i = lt + 1;
            continue;
        }
        if (s[lt + 1] == '/' &&
            signals::iequals_ascii(s.substr(name_at, raw_end_.size()), raw_end_) &&
            ends_name(s[name_at + raw_end_.size()])) {
            state_ = State::tag;
            after_tag_ = State::text;
            in_tag_ = InTag::name;
            return name_at + raw_end_.size();
        }
        i = lt + 1;
    }
}

}  // namespace tact::personalize
