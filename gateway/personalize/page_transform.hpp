// Step 8 for one page: its body decoded if compressed, rewritten
// (page_rewriter.hpp), and encoded again in the same coding, piece by piece.
#pragma once

#include <string>
#include <string_view>

#include "personalize/content_coding.hpp"
#include "personalize/page_rewriter.hpp"

namespace tact::personalize {

class PageTransform {
  public:
    // The rewriter is made in place: moving one moves its half a dozen
    // strings, which a small page pays for as much as for its rewriting.
    PageTransform(ContentCoding coding, PageEdits edits)
        : coded_(coding != ContentCoding::identity),
          decoder_(coding),
          rewriter_(std::move(edits.body_end), std::move(edits.slots)),
          encoder_(coding) {}

    // Appends what can be sent for `piece`. False when the body is not valid
    // in its coding: the page can then be neither rewritten nor passed on.
    bool feed(std::string_view piece, std::string& out);
    // The end of the page. False when the compressed body ended early.
    bool finish(std::string& out);
    // The rest of an uncompressed page needs no rewriting: its pieces can go
    // to the client as they come, without a copy.
    bool passing_through() const { return !coded_ && rewriter_.passing_through(); }

  private:
    bool coded_;  // false: the rewriter works on the pieces themselves, no copies
    BodyDecoder decoder_;
    PageRewriter rewriter_;
    BodyEncoder encoder_;
    std::string decoded_, rewritten_;  // reused between pieces
};

}  // namespace tact::personalize
