#include "config/located_json.hpp"

#include <iterator>
#include <vector>

#include "config/config_error.hpp"

namespace tact::config {
namespace {

using nlohmann::json;

// Walks the text and counts newlines as the parser consumes them, so the
// SAX handler knows which line the key it just received stands on.
class LineCountingIterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    LineCountingIterator() = default;
    LineCountingIterator(const char* at, int* line) : at_(at), line_(line) {}

    reference operator*() const { return *at_; }
    LineCountingIterator& operator++() {
        if (*at_ == '\n') ++*line_;
        ++at_;
        return *this;
    }
    LineCountingIterator operator++(int) {
        auto before = *this;
        ++*this;
        return before;
    }
    bool operator==(const LineCountingIterator& other) const { return at_ == other.at_; }

  private:
    const char* at_ = nullptr;
    int* line_ = nullptr;
};

std::string escape_pointer_token(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

// Builds the document like nlohmann's own DOM parser and records key lines.
class LocatingHandler : public nlohmann::json_sax<json> {
  public:
    LocatingHandler(LocatedJson& out, const int& line) : out_(out), line_(line) {}

    bool null() override { return put(json(nullptr)); }
    bool boolean(bool v) override { return put(json(v)); }
    bool number_integer(number_integer_t v) override { return put(json(v)); }
    bool number_unsigned(number_unsigned_t v) override { return put(json(v)); }
    bool number_float(number_float_t v, const string_t&) override { return put(json(v)); }
    bool string(string_t& v) override { return put(json(v)); }
    bool binary(binary_t&) override { return false; }

    bool start_object(std::size_t) override { return open(json::object()); }
    bool start_array(std::size_t) override { return open(json::array()); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }

    bool key(string_t& k) override {
        pending_key_ = k;
        out_.line_of[pointer_of_child(k)] = line_;
        return true;
    }

    bool parse_error(std::size_t, const std::string&,
                     const nlohmann::detail::exception& e) override {
        // "[json.exception.parse_error.101] parse error at line 2, column 33: ..." -> from "parse
        // error"
        std::string what = e.what();
        auto bracket = what.find("] ");
        error_ = bracket == std::string::npos ? what : what.substr(bracket + 2);
        return false;
    }

    const std::string& error() const { return error_; }

  private:
    struct Open {
        json* node;
        std::string pointer;
    };

    std::string pointer_of_child(const std::string& key) const {
        return (stack_.empty() ? std::string() : stack_.back().pointer) + "/" +
               escape_pointer_token(key);
    }

    // Places a value in its parent; returns where it now lives and its pointer.
    std::pair<json*, std::string> place(json&& v) {
        if (stack_.empty()) {
            out_.value = std::move(v);
            return {&out_.value, ""};
        }
        json& parent = *stack_.back().node;
        if (parent.is_object()) {
            auto pointer = pointer_of_child(pending_key_);
            json& slot = parent[pending_key_];
            slot = std::move(v);
            return {&slot, pointer};
        }
        auto pointer = stack_.back().pointer + "/" + std::to_string(parent.size());
        out_.line_of.emplace(pointer, line_);
        parent.push_back(std::move(v));
        return {&parent.back(), pointer};
    }

    bool put(json&& v) {
        place(std::move(v));
        return true;
    }
    bool open(json&& container) {
        auto [node, pointer] = place(std::move(container));
        stack_.push_back({node, pointer});
        return true;
    }
    bool close() {
        stack_.pop_back();
        return true;
    }

    LocatedJson& out_;
    const int& line_;
    std::vector<Open> stack_;
    std::string pending_key_;
    std::string error_;
};

}  // namespace

int LocatedJson::line(const std::string& pointer) const {
    // An absent key is reported at its nearest present parent.
    for (std::string p = pointer;; p = p.substr(0, p.rfind('/'))) {
        if (auto it = line_of.find(p); it != line_of.end()) return it->second;
        if (p.empty()) return 1;
    }
}

LocatedJson parse_located_json(const std::string& text, const std::filesystem::path& file) {
    LocatedJson out;
    int line = 1;
    LocatingHandler handler(out, line);
    const char* begin = text.data();
    bool ok = json::sax_parse(LineCountingIterator(begin, &line),
                              LineCountingIterator(begin + text.size(), &line), &handler,
                              json::input_format_t::json, /*strict=*/true,
                              /*ignore_comments=*/false);
    if (!ok) {
        // nlohmann's message already carries "line L, column C".
        throw ConfigError(file.string() + ": not valid JSON: " + handler.error() +
                          ". Fix: correct the syntax at that position (a missing comma or "
                          "quote is the usual cause).");
    }
    return out;
}

}  // namespace tact::config
