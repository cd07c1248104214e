// A shared object held through a count of one worker's own.
#pragma once

#include <memory>
#include <utility>

namespace tact::proxy {

// The same object, kept alive through a count of the caller's own. Every
// request copies its worker's snapshot (to keep one configuration through a
// reload); copies of one shared_ptr in all workers would move the cache line
// of its count between their cores with every copy. The server makes one
// holder per worker (at start and at each reload), and each worker copies
// only its own.
template <class T>
std::shared_ptr<const T> held_by_one_worker(std::shared_ptr<const T> shared) {
    // Aligned to a cache line, the holder's block starts with its count on a
    // line of its own, whichever thread allocates it next to whichever other.
    struct alignas(64) Holder {
        std::shared_ptr<const T> shared;
    };
    auto holder = std::make_shared<const Holder>(Holder{std::move(shared)});
    const T* object = holder->shared.get();
    return {std::move(holder), object};
}

}  // namespace tact::proxy
