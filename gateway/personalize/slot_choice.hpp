// Step 6 (choose): for each slot of the rules, the first variant that applies
// to this visit, judged on Decision.used alone. A variant that reads a signal
// the Decision withheld is skipped without being evaluated, and the choice
// says so, so that every personalization can be explained.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "personalize/rules.hpp"
#include "policy/decision.hpp"

namespace tact::personalize {

struct SkippedVariant {
    std::string_view variant;
    std::string_view signal;       // the withheld signal it reads; "" when it just did not apply
    const policy::Reason* reason;  // why that signal was withheld (into the Decision); or null
};

struct SlotChoice {
    std::string_view slot;
    std::string_view variant;  // "" when none applies: the page keeps its own content
    std::string html;          // the chosen variant's content, rendered for this visit
    std::vector<SkippedVariant> skipped;  // the variants before it, and why each did not apply
};

// Points into `rules` and `decision`: lives no longer than either.
std::vector<SlotChoice> choose_variants(const Rules& rules, const policy::Decision& decision);

// {"hero": {"variant": "evening", "skipped": [{"variant": "discount",
// "withheld": "search.keywords", "reason": "..."}]}}: for explain --json and
// the decision log. Names and reasons only, never a signal's value.
nlohmann::json choices_json(const std::vector<SlotChoice>& choices);

// "variant discount skipped: reads search.keywords, withheld (...)" and the
// like, a line per skipped variant, for explanations and the decision log.
std::string explain(const SlotChoice& choice);

}  // namespace tact::personalize
