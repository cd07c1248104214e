// A shared object held through a count of one worker's own.
#pragma once

#include <memory>
#include <utility>

namespace tact::proxy {

// The same object, kept alive through a count of the caller's own. Every
// request copies its worker's snapshot (to keep one configuration through a
// reload); copies of one shared_ptr in all workers would move the cache line
// of its count between their cores with every copy. Each worker makes its
// own holder once (at start and at each reload) and copies that.
template <class T>
std::shared_ptr<const T> held_by_one_worker(std::shared_ptr<const T> shared) {
    auto holder = std::make_shared<const std::shared_ptr<const T>>(std::move(shared));
    const T* object = holder->get();
    return {std::move(holder), object};
}

}  // namespace tact::proxy
