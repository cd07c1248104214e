#include "personalize/rules_loader.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "config/config_error.hpp"
#include "config/located_json.hpp"
#include "config/object_reader.hpp"
#include "config/text_file.hpp"
#include "signals/catalog.hpp"
#include "signals/keyword_text.hpp"

namespace tact::personalize {
namespace {

using config::ConfigError;
using config::ObjectReader;
using Test = Condition::Test;

constexpr std::string_view kConditionFix =
    "write one test: {\"signal\": NAME, \"equals\"|\"one_of\"|\"any_keyword\"|"
    "\"all_keywords\"|\"path_prefix\"|\"present\": ...}, {\"signal\": NAME, \"from\": N, \"to\": "
    "N}, or combine with {\"all\": [...]}, {\"any\": [...]}, {\"not\": {...}}";

// The key that names each test in the file.
struct TestKey {
    std::string_view key;
    Test test;
};
constexpr std::array<TestKey, 10> kTestKeys{{
    {"equals", Test::equals},
    {"one_of", Test::one_of},
    {"any_keyword", Test::any_keyword},
    {"all_keywords", Test::all_keywords},
    {"from", Test::between},
    {"path_prefix", Test::path_prefix},
    {"present", Test::present},
    {"all", Test::all},
    {"any", Test::any},
    {"not", Test::negation},
}};

bool is_name(std::string_view s) {
    auto ok = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    };
    return !s.empty() && std::all_of(s.begin(), s.end(), ok) && s.front() != '-';
}

Test which_test(ObjectReader& r) {
    std::optional<TestKey> found;
    for (const auto& candidate : kTestKeys) {
        if (!r.has(candidate.key)) continue;
        if (found)
            r.fail(candidate.key,
                   "one condition may hold one test, and this one also has \"" +
                       std::string(found->key) + "\"",
                   "combine tests with {\"all\": [...]}");
        found = candidate;
    }
    if (!found) r.fail("", "this condition has no test", kConditionFix);
    return found->test;
}

// Keywords as the signal holds them: normalized words, space-joined.
std::string normalized_phrase(ObjectReader& r, std::string_view key, const std::string& raw) {
    std::string phrase;
    for (const auto& word : signals::keyword_tokens(signals::normalize_keyword_text(raw))) {
        if (!phrase.empty()) phrase += ' ';
        phrase += word;
    }
    if (phrase.empty())
        r.fail(key, "\"" + raw + "\" has no word a search could match",
               "write the keyword as visitors type it");
    return phrase;
}

void read_signal_test(ObjectReader& r, Condition& c) {
    c.signal = r.string("signal", "name the signal the test reads, e.g. \"geo.country\"")
                   .value_or("");
    if (c.signal.empty())
        r.fail("signal", "a test needs the signal it reads", "add \"signal\": \"geo.country\"");
    if (!signals::find_signal_kind(c.signal))
        r.fail("signal", "\"" + c.signal + "\" is not a signal Tact knows",
               "use a name from the signal list in README.md (e.g. time.daypart, geo.country)");
    const std::string list_fix = "a list of values, e.g. [\"IR\", \"AF\"]";
    switch (c.test) {
        case Test::equals:
        case Test::path_prefix: {
            const auto key = c.test == Test::equals ? "equals" : "path_prefix";
            c.values.push_back(*r.string(key, "a value in quotes"));
            if (c.test == Test::path_prefix && !c.values.front().starts_with('/'))
                r.fail(key, "a path prefix begins with \"/\"", "write e.g. \"/shoes\"");
            r.reject_unknown_keys({"signal", key});
            break;
        }
        case Test::one_of:
            c.values = *r.string_list("one_of", list_fix);
            r.reject_unknown_keys({"signal", "one_of"});
            break;
        case Test::any_keyword:
        case Test::all_keywords: {
            const auto key = c.test == Test::any_keyword ? "any_keyword" : "all_keywords";
            const auto phrases = r.string_list(key, "a list of words or phrases");
            for (const auto& raw : *phrases) c.values.push_back(normalized_phrase(r, key, raw));
            r.reject_unknown_keys({"signal", key});
            break;
        }
        case Test::between:
            c.low = *r.number("from", -1e9, 1e9);
            if (!r.has("to")) r.fail("to", "a range needs its end", "add \"to\": N");
            c.high = *r.number("to", -1e9, 1e9);
            r.reject_unknown_keys({"signal", "from", "to"});
            break;
        case Test::present:
            if (!*r.boolean("present"))
                r.fail("present", "\"present\": false is written as a negation",
                       "write {\"not\": {\"signal\": ..., \"present\": true}}");
            r.reject_unknown_keys({"signal", "present"});
            break;
        default:
            break;
    }
    if ((c.test == Test::one_of || c.test == Test::any_keyword || c.test == Test::all_keywords) &&
        c.values.empty())
        r.fail("", "an empty list can never match", list_fix);
}

Condition read_condition(ObjectReader r) {
    Condition c;
    c.test = which_test(r);
    if (c.test == Test::all || c.test == Test::any) {
        const auto key = c.test == Test::all ? "all" : "any";
        auto children = r.object_list(key, kConditionFix);
        for (auto& child : *children) c.children.push_back(read_condition(std::move(child)));
        if (c.children.empty()) r.fail(key, "an empty list of conditions", kConditionFix);
        r.reject_unknown_keys({key});
    } else if (c.test == Test::negation) {
        c.children.push_back(read_condition(*r.object("not")));
        r.reject_unknown_keys({"not"});
    } else {
        read_signal_test(r, c);
    }
    return c;
}

Fragment read_content(ObjectReader& r, const std::filesystem::path& rules_file) {
    const bool inline_html = r.has("html");
    if (inline_html == r.has("fragment"))
        r.fail("", "a variant needs its content, once",
               "give either \"html\": \"<p>...</p>\" or \"fragment\": \"fragments/name.html\"");
    std::string html;
    std::string_view key = inline_html ? "html" : "fragment";
    if (inline_html) {
        html = *r.string("html", "HTML in quotes");
    } else {
        const auto path = rules_file.parent_path() / *r.string("fragment", "a file path");
        auto text = config::read_text_file(path);
        if (!text)
            r.fail("fragment", "cannot read " + path.string(),
                   "give the fragment's path relative to the rules file");
        html = std::move(*text);
    }
    try {
        return Fragment(html);
    } catch (const std::invalid_argument& e) {
        r.fail(key, e.what(), "write a signal to insert as {{geo.city}}");
    }
}

Variant read_variant(ObjectReader r, const std::filesystem::path& rules_file) {
    Variant v;
    v.line = r.line("");
    v.id = r.string("id", "a short name, e.g. \"evening\"").value_or("");
    if (!is_name(v.id))
        r.fail("id", "\"" + v.id + "\" is not a variant id",
               "use lower-case letters, digits, '-' and '_'");
    if (r.has("when")) {
        v.when = read_condition(*r.object("when"));
        add_signals_read(*v.when, v.signals_read);
    }
    v.content = read_content(r, rules_file);
    v.content.add_signals_read(v.signals_read);
    for (const auto& name : v.signals_read)
        if (!signals::find_signal_kind(name))
            r.fail(r.has("html") ? "html" : "fragment",
                   "{{" + name + "}} is not a signal Tact knows",
                   "use a name from the signal list in README.md");
    r.reject_unknown_keys({"id", "when", "html", "fragment"});
    return v;
}

Slot read_slot(ObjectReader r, std::string name, const std::filesystem::path& rules_file) {
    Slot slot{std::move(name), {}};
    const std::string fix = "list the slot's variants: [{\"id\": ..., \"when\": ..., \"html\": ...}]";
    auto variants = r.object_list("variants", fix).value_or(std::vector<ObjectReader>{});
    for (auto& variant : variants) {
        slot.variants.push_back(read_variant(std::move(variant), rules_file));
        const auto& id = slot.variants.back().id;
        if (std::count_if(slot.variants.begin(), slot.variants.end(),
                          [&](const Variant& v) { return v.id == id; }) > 1)
            r.fail("variants", "two variants are called \"" + id + "\"",
                   "give each variant of a slot its own id");
    }
    if (slot.variants.empty()) r.fail("variants", "a slot without variants", fix);
    r.reject_unknown_keys({"variants"});
    return slot;
}

}  // namespace

Rules load_rules(const std::filesystem::path& file) {
    auto text = config::read_text_file(file);
    if (!text)
        throw ConfigError(file.string() +
                          ": cannot read this rules file. Fix: check that it exists and is "
                          "readable.");
    const auto doc = config::parse_located_json(*text, file);
    if (!doc.value.is_object())
        throw ConfigError(file.string() + ":1: the rules file must be a JSON object. Fix: "
                                          "write {\"slots\": {...}}.");
    ObjectReader root(doc, "", file.string());
    Rules rules{file, {}};
    if (auto slots = root.object("slots")) {
        for (const auto& name : slots->keys()) {
            if (!is_name(name))
                slots->fail(name, "\"" + name + "\" is not a slot name",
                            "use lower-case letters, digits, '-' and '_', as in "
                            "data-tact-slot=\"hero\"");
            rules.slots.push_back(read_slot(*slots->object(name), name, file));
        }
    }
    root.reject_unknown_keys({"slots", "$schema", "comment"});
    return rules;
}

}  // namespace tact::personalize
