#include "pipeline/context_headers.hpp"

#include <algorithm>
#include <array>

#include "pipeline/structured_field.hpp"
#include "signals/catalog.hpp"

namespace tact::pipeline {
namespace {

enum class ItemType { text, string, integer, boolean };

// One structured-field type per signal, so that an origin's parser never
// meets "time.hour" as a token one day and an integer the next. Signals not
// listed are strings (free text: places, keywords, paths, campaigns).
struct SignalType {
    std::string_view name;
    ItemType type;
};
constexpr std::array<SignalType, 11> kSignalTypes{{
    {"time.hour", ItemType::integer},
    {"time.month", ItemType::integer},
    {"profile.visits", ItemType::integer},
    {"time.weekend", ItemType::boolean},
    {"time.daypart", ItemType::text},
    {"time.weekday", ItemType::text},
    {"time.season", ItemType::text},
    {"device.class", ItemType::text},
    {"search.source", ItemType::text},
    {"language.preferred", ItemType::text},
    {"language.primary", ItemType::text},
}};

// The first letters of the families above: the others (geo, path, campaign,
// click) are strings, said without a search.
constexpr std::string_view kTypedFamilyLetters = "tpdsl";
static_assert(std::all_of(kSignalTypes.begin(), kSignalTypes.end(), [](const SignalType& t) {
    return kTypedFamilyLetters.find(t.name.front()) != std::string_view::npos;
}));

ItemType type_of(std::string_view signal) {
    if (signal.empty() || kTypedFamilyLetters.find(signal.front()) == std::string_view::npos)
        return ItemType::string;
    const auto it = std::find_if(kSignalTypes.begin(), kSignalTypes.end(),
                                 [&](const SignalType& t) { return t.name == signal; });
    return it == kSignalTypes.end() ? ItemType::string : it->type;
}

void append_signal(std::string& out, const policy::UsedSignal& signal) {
    switch (type_of(signal.name)) {
        case ItemType::integer:
            append_integer_item(out, signal.value);
            break;
        case ItemType::boolean:
            append_boolean_item(out, signal.value == "true");
            break;
        case ItemType::text:
            append_text_item(out, signal.value);
            break;
        case ItemType::string:
            append_string_item(out, signal.value);
            break;
    }
}

// Whether the signal is listed, by its name or by its family.
bool selected(std::string_view signal, const std::vector<std::string>* only) {
    if (!only) return true;
    return std::any_of(only->begin(), only->end(),
                       [&](std::string_view entry) { return signals::covers(entry, signal); });
}

std::string context_dictionary(const policy::Decision& decision,
                               const std::vector<std::string>* only) {
    std::string context;
    context.reserve((only ? only->size() : decision.used.size()) * 32);
    for (const auto& signal : decision.used) {
        if (!selected(signal.name, only)) continue;
        if (!context.empty()) context += ", ";
        context += signal.name;
        context += '=';
        append_signal(context, signal);
    }
    return context;
}

}  // namespace

void add_context_headers(http_fields::AddedFields& out, const policy::Decision& decision,
                         const consent::ConsentState& consent, const std::vector<std::string>* only,
                         const PolicyHeaderCache* cache) {
    if (!decision.policy) return;
    const auto* texts = cache ? cache->find(decision.policy) : nullptr;
    std::string jurisdiction;  // as a string item: "DE", or "unknown location"
    append_string_item(jurisdiction, decision.jurisdiction);
    if (texts) {
        out.add("Tact-Policy", texts->policy_item, jurisdiction);
    } else {
        out.add("Tact-Policy", policy_item_start(*decision.policy), jurisdiction);
    }
    // Most visitors have recorded no choice: their Tact-Consent is the policy's own.
    if (texts && consent.purposes.empty()) {
        const auto& purposes = texts->consent_without_choices[consent.gpc ? 1 : 0];
        if (!purposes.empty()) out.add("Tact-Consent", purposes);
    } else if (const auto purposes = consent_dictionary(*decision.policy, consent);
               !purposes.empty()) {
        out.add("Tact-Consent", purposes);
    }
    if (const auto context = context_dictionary(decision, only); !context.empty())
        out.add("Tact-Context", context);
}

}  // namespace tact::pipeline
