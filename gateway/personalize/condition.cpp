#include "personalize/condition.hpp"

#include <algorithm>
#include <charconv>

namespace tact::personalize {
namespace {

// search.keywords is its words space-joined: a word or a phrase occurs when
// it sits between word boundaries.
bool has_words(std::string_view words, std::string_view phrase) {
    for (std::size_t at = words.find(phrase); at != std::string_view::npos;
         at = words.find(phrase, at + 1)) {
        const bool starts = at == 0 || words[at - 1] == ' ';
        const std::size_t end = at + phrase.size();
        const bool ends = end == words.size() || words[end] == ' ';
        if (starts && ends) return true;
    }
    return false;
}

// "/shoes" is a prefix of "/shoes" and "/shoes/trail", not of "/shoestring".
bool below_path(std::string_view path, std::string_view prefix) {
    if (!path.starts_with(prefix)) return false;
    if (path.size() == prefix.size() || prefix.ends_with('/')) return true;
    const char next = path[prefix.size()];
    return next == '/' || next == '?';
}

bool in_range(std::string_view value, double low, double high) {
    double number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error != std::errc() || end != value.data() + value.size()) return false;
    return low <= high ? (number >= low && number <= high) : (number >= low || number <= high);
}

bool test_value(const Condition& c, std::string_view value) {
    using Test = Condition::Test;
    switch (c.test) {
        case Test::equals:
            return value == c.values.front();
        case Test::one_of:
            return std::find(c.values.begin(), c.values.end(), value) != c.values.end();
        case Test::any_keyword:
            return std::any_of(c.values.begin(), c.values.end(),
                               [&](const std::string& w) { return has_words(value, w); });
        case Test::all_keywords:
            return std::all_of(c.values.begin(), c.values.end(),
                               [&](const std::string& w) { return has_words(value, w); });
        case Test::between:
            return in_range(value, c.low, c.high);
        case Test::path_prefix:
            return below_path(value, c.values.front());
        case Test::present:
            return true;
        default:
            return false;
    }
}

}  // namespace

bool holds(const Condition& c, const policy::Decision& decision) {
    using Test = Condition::Test;
    switch (c.test) {
        case Test::all:
            return std::all_of(c.children.begin(), c.children.end(),
                               [&](const Condition& child) { return holds(child, decision); });
        case Test::any:
            return std::any_of(c.children.begin(), c.children.end(),
                               [&](const Condition& child) { return holds(child, decision); });
        case Test::negation:
            return !holds(c.children.front(), decision);
        default: {
            const auto* used = decision.find_used(c.signal);
            return used && test_value(c, used->value);
        }
    }
}

void add_signals_read(const Condition& c, std::set<std::string>& names) {
    if (!c.signal.empty()) names.insert(c.signal);
    for (const auto& child : c.children) add_signals_read(child, names);
}

}  // namespace tact::personalize
