// When a variant of a slot applies: a condition over the signals of a visit,
// as a marketer wrote it in rules.json (see demo/rules.json and README.md).
// It sees only what the gate used: a signal the Decision withheld is never
// read (slot_choice.cpp skips the variant before evaluating anything).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "policy/decision.hpp"

namespace tact::personalize {

struct Condition {
    enum class Test {
        equals,        // values[0] == value
        one_of,        // value is one of values
        any_keyword,   // some of the words or phrases in values (normalized) occur in value
        all_keywords,  // all of them do
        between,       // low <= number <= high; low > high wraps around (hours 22 to 5)
        path_prefix,   // value is values[0] or a path below it
        present,       // the signal is known for this visit
        all,           // every child holds
        any,           // some child holds
        negation,      // the one child does not hold
    };
    Test test = Test::present;
    std::string signal;               // for the tests on one signal
    std::vector<std::string> values;  // keywords: normalized like search.keywords
    double low = 0;
    double high = 0;
    std::vector<Condition> children;  // all, any, negation
};

// Whether `condition` holds for the signals the Decision used. A signal it
// names that is not among them (absent or withheld) makes its test false.
bool holds(const Condition& condition, const policy::Decision& decision);

// Every signal `condition` reads, added to `names`.
void add_signals_read(const Condition& condition, std::set<std::string>& names);

}  // namespace tact::personalize
