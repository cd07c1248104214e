// Which origin responses step 8 may rewrite, and how a rewritten response
// is kept out of shared caches.
#pragma once

#include <optional>

#include "http_fields/added_fields.hpp"
#include "http_fields/response_head.hpp"
#include "personalize/content_coding.hpp"

namespace tact::personalize {

// A complete (200) HTML page in an ASCII-compatible charset, uncompressed or
// in a coding the gateway decodes (gzip, br): its bytes, decoded, can be
// scanned for tags as they are. Its coding (what the body must be decoded
// from), or nothing for everything else, which passes through untouched.
std::optional<ContentCoding> rewritable_page_coding(const http_fields::ResponseHead& head);

// The origin says (Vary: Tact-Context, or another Tact-* header) that it
// made this response from the context the gateway sent it.
bool varies_by_context(const http_fields::ResponseHead& head);

// The page now differs by visitor (banner state, language): a shared cache
// must not store it (Cache-Control private, keeping max-age), its ETag no
// longer names the origin's bytes (weakened), and it varies by what chose it.
// The origin's Cache-Control, Vary and (strong) ETag lines leave `head`;
// their replacements go to `added`. Call it once per response.
void make_private(http_fields::ResponseHead& head, http_fields::AddedFields& added);

}  // namespace tact::personalize
