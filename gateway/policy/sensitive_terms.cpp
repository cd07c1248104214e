#include "policy/sensitive_terms.hpp"

#include <algorithm>

namespace tact::policy {

void SensitiveTerms::add(std::string category, std::string term) {
    const auto words = static_cast<std::size_t>(std::count(term.begin(), term.end(), ' ')) + 1;
    longest_in_words_ = std::max(longest_in_words_, words);
    terms_.emplace(std::move(term), std::move(category));
}

std::string_view SensitiveTerms::category_in(std::string_view words) const {
    if (terms_.empty()) return {};
    // Each word start, then runs of 1..longest words from it.
    for (std::size_t start = 0; start < words.size();) {
        std::size_t end = start;
        for (std::size_t count = 0; count < longest_in_words_ && end < words.size(); ++count) {
            end = std::min(words.find(' ', end == start ? start : end + 1), words.size());
            if (auto it = terms_.find(words.substr(start, end - start)); it != terms_.end())
                return it->second;
        }
        const auto next_space = words.find(' ', start);
        if (next_space == std::string_view::npos) break;
        start = next_space + 1;
    }
    return {};
}

}  // namespace tact::policy
