// Where a comment ends, as the HTML tokenizer reads it: its comment states
// (HTML Living Standard 13.2.5.43-52) reduced to what decides whether a `>`
// closes the comment. `<!--` opens one in "comment start", where `>` or `->`
// end it at once; later only `-->` and `--!>` do. The page rewriter carries
// the state across pieces.
#pragma once

#include <array>
#include <cstdint>

namespace tact::personalize {

constexpr std::uint8_t kInComment = 0,  // comment state
    kCommentDash = 1,                   // comment end dash: one '-'
    kCommentDashDash = 2,               // comment end: `--` (or more)
    kCommentDashDashBang = 3,           // comment end bang: `--!`
    kCommentStart = 4,                  // just after `<!--`
    kCommentStartDash = 5;              // just after `<!---`

inline std::uint8_t next_comment_state(std::uint8_t state, char c) {
    if (c == '-') {
        static constexpr std::array<std::uint8_t, 6> kAfterDash = {
            kCommentDash, kCommentDashDash,  kCommentDashDash,
            kCommentDash, kCommentStartDash, kCommentDashDash};
        return kAfterDash[state];
    }
    return c == '!' && state == kCommentDashDash ? kCommentDashDashBang : kInComment;
}

inline bool comment_ends_at_greater_than(std::uint8_t state) {
    return state != kInComment && state != kCommentDash;
}

}  // namespace tact::personalize
