#include "personalize/page_transform.hpp"

namespace tact::personalize {

bool PageTransform::feed(std::string_view piece, std::string& out) {
    if (!coded_) {
        rewriter_.feed(piece, out);
        return true;
    }
    decoded_.clear();
    if (!decoder_.feed(piece, decoded_)) return false;
    rewritten_.clear();
    rewriter_.feed(decoded_, rewritten_);
    encoder_.feed(rewritten_, out);
    return true;
}

bool PageTransform::finish(std::string& out) {
    if (!coded_) {
        rewriter_.finish(out);
        return true;
    }
    rewritten_.clear();
    rewriter_.finish(rewritten_);
    encoder_.feed(rewritten_, out);
    encoder_.finish(out);
    return decoder_.finished();
}

}  // namespace tact::personalize
