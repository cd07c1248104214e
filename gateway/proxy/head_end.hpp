// Where a request head ends in the bytes read so far.
#pragma once

#include <cstddef>
#include <string_view>

namespace tact::proxy {

// Just past the empty line that ends the head in `bytes`, or npos while
// there is none yet. The head ends at its first CRLF CRLF, or at its first
// LF LF (a head of bare LFs is found too, so that it can be refused as
// such), whichever ends first. Lines before `from` were looked at already;
// `from` may be up to three bytes before the end of what was looked at.
std::size_t head_end(std::string_view bytes, std::size_t from);

}  // namespace tact::proxy
