// A test oracle for the page rewriter: the HTML tokenizer's states (HTML
// Living Standard 13.2.5) read one byte at a time with no shortcut, for the
// constructs the rewriter follows. It answers where the first real `</body>`
// end tag begins, so a test can hold the rewriter's fast paths (its tag
// scanner, its skipping of quoted attributes) to the plain reading.
//
// Like the rewriter, it counts <svg> and <math> start and end tags for CDATA
// and does not model a self-closing <svg/>.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tact::testing {

namespace reference_detail {

inline bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
inline bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
inline bool is_raw_text(const std::string& name) {
    for (const char* raw : {"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                            "noframes", "noscript"})
        if (name == raw) return true;
    return false;
}

}  // namespace reference_detail

inline std::optional<std::size_t> reference_body_end(std::string_view p) {
    using namespace reference_detail;
    enum class S {
        data,
        tag_name,
        before_attribute,
        attribute_name,
        after_attribute_name,
        before_value,
        double_quoted,
        single_quoted,
        unquoted,
        after_quoted,
        self_closing,
    };
    S state = S::data;
    std::size_t foreign = 0;
    std::size_t tag_at = 0;
    bool end_tag = false;
    std::string name;
    std::size_t i = 0;

    // After a tag's '>': where the tokenizer goes with this tag.
    auto tag_done = [&]() -> std::optional<std::size_t> {
        state = S::data;
        if (end_tag) {
            if ((name == "svg" || name == "math") && foreign > 0) --foreign;
            if (name == "body") return tag_at;
            return std::nullopt;
        }
        if (name == "svg" || name == "math") ++foreign;
        if (name == "plaintext") i = p.size();  // the rest is text
        if (is_raw_text(name)) {                // up to `</name` and a byte that ends a name
            for (std::size_t k = i; k + 2 + name.size() < p.size(); ++k) {
                if (p[k] != '<' || p[k + 1] != '/') continue;
                bool same = true;
                for (std::size_t n = 0; n < name.size(); ++n)
                    same = same && lower(p[k + 2 + n]) == name[n];
                const char after = p[k + 2 + name.size()];
                if (same && (is_space(after) || after == '/' || after == '>')) {
                    state = S::tag_name;
                    end_tag = true;
                    tag_at = k;
                    i = k + 2 + name.size();
                    return std::nullopt;
                }
            }
            i = p.size();  // never ends
        }
        return std::nullopt;
    };
    auto skip_past = [&](std::string_view closer, std::size_t from) {
        const auto at = p.find(closer, from);
        return at == std::string_view::npos ? p.size() : at + closer.size();
    };

    while (i < p.size()) {
        const char c = p[i];
        switch (state) {
            case S::data: {
                if (c != '<' || i + 1 >= p.size()) {
                    ++i;
                    break;
                }
                const char next = p[i + 1];
                if (is_letter(next)) {
                    state = S::tag_name, end_tag = false, tag_at = i, name = lower(next);
                    i += 2;
                } else if (next == '/' && i + 2 < p.size() && is_letter(p[i + 2])) {
                    state = S::tag_name, end_tag = true, tag_at = i, name = lower(p[i + 2]);
                    i += 3;
                } else if (next == '/' || next == '?') {  // `</>` `</3` `<?x`: up to '>'
                    i = skip_past(">", i + 2);
                } else if (next == '!') {
                    if (p.substr(i, 4) == "<!--") {
                        const auto body = i + 4;
                        if (p.substr(body, 1) == ">")
                            i = body + 1;
                        else if (p.substr(body, 2) == "->")
                            i = body + 2;
                        else
                            i = std::min(skip_past("-->", body), skip_past("--!>", body));
                    } else if (foreign > 0 && p.substr(i, 9) == "<![CDATA[") {
                        i = skip_past("]]>", i + 9);
                    } else {
                        i = skip_past(">", i + 2);
                    }
                } else {
                    ++i;  // a '<' that is text
                }
                break;
            }
            case S::tag_name:
                ++i;
                if (is_space(c))
                    state = S::before_attribute;
                else if (c == '/')
                    state = S::self_closing;
                else if (c == '>') {
                    if (auto at = tag_done()) return at;
                } else
                    name += lower(c);
                break;
            case S::before_attribute:
                if (is_space(c))
                    ++i;
                else if (c == '/' || c == '>')
                    state = S::after_attribute_name;  // reconsumed there
                else if (c == '=')
                    state = S::attribute_name, ++i;  // a name that starts with '='
                else
                    state = S::attribute_name;
                break;
            case S::attribute_name:
                if (is_space(c) || c == '/' || c == '>')
                    state = S::after_attribute_name;
                else if (c == '=')
                    state = S::before_value, ++i;
                else
                    ++i;
                break;
            case S::after_attribute_name:
                if (is_space(c))
                    ++i;
                else if (c == '/')
                    state = S::self_closing, ++i;
                else if (c == '=')
                    state = S::before_value, ++i;
                else if (c == '>') {
                    ++i;
                    if (auto at = tag_done()) return at;
                } else
                    state = S::attribute_name;
                break;
            case S::before_value:
                if (is_space(c))
                    ++i;
                else if (c == '"')
                    state = S::double_quoted, ++i;
                else if (c == '\'')
                    state = S::single_quoted, ++i;
                else if (c == '>') {
                    ++i;
                    if (auto at = tag_done()) return at;
                } else
                    state = S::unquoted;
                break;
            case S::double_quoted:
            case S::single_quoted:
                ++i;
                if (c == (state == S::double_quoted ? '"' : '\'')) state = S::after_quoted;
                break;
            case S::unquoted:
                ++i;
                if (is_space(c))
                    state = S::before_attribute;
                else if (c == '>') {
                    if (auto at = tag_done()) return at;
                }
                break;
            case S::after_quoted:
                if (is_space(c))
                    state = S::before_attribute, ++i;
                else if (c == '/')
                    state = S::self_closing, ++i;
                else if (c == '>') {
                    ++i;
                    if (auto at = tag_done()) return at;
                } else
                    state = S::before_attribute;
                break;
            case S::self_closing:
                if (c == '>') {
                    ++i;
                    if (auto at = tag_done()) return at;
                } else
                    state = S::before_attribute;
                break;
        }
    }
    return std::nullopt;
}

}  // namespace tact::testing
