#include "proxy/head_end.hpp"

#include <cstring>

namespace tact::proxy {

// From LF to LF with memchr, one step per header line: both endings hold an
// LF followed by the rest of the empty line ("\r\n" or "\n"), so each LF is
// the only place to look. (Two std::string_view::find calls, one per
// ending, went through the whole head byte by byte, every time more of it
// arrived.)
std::size_t head_end(std::string_view bytes, std::size_t from) {
    const char* const data = bytes.data();
    const std::size_t size = bytes.size();
    for (std::size_t at = from; at < size;) {
        const auto* lf = static_cast<const char*>(std::memchr(data + at, '\n', size - at));
        if (!lf) break;
        const std::size_t i = static_cast<std::size_t>(lf - data);
        if (i + 1 < size && data[i + 1] == '\n') return i + 2;
        if (i >= 1 && data[i - 1] == '\r' && i + 2 < size && data[i + 1] == '\r' &&
            data[i + 2] == '\n')
            return i + 3;
        at = i + 1;
    }
    return std::string_view::npos;
}

}  // namespace tact::proxy
