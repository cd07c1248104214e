// The sensitive keywords of a policy, indexed for the request path: whether a
// run of words (already normalized like search keywords, space-joined)
// contains a term, single- or multi-word, as whole words. No allocation per
// lookup: this runs for every word signal of every request.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

namespace tact::policy {

class SensitiveTerms {
  public:
    // `term` normalized and space-joined, like the words it will be found in.
    void add(std::string category, std::string term);
    // The category of the first term found in `words`, or "" when none is.
    std::string_view category_in(std::string_view words) const;
    bool empty() const { return terms_.empty(); }

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::unordered_map<std::string, std::string, Hash, std::equal_to<>> terms_;  // term -> category
    std::size_t longest_in_words_ = 0;
};

}  // namespace tact::policy
