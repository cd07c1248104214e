// The consent banner's files as shipped in consent-ui/ (script, stylesheet,
// translations), compiled into the binary at build time (consent-ui/embed.cmake).
#pragma once

#include <span>
#include <string_view>

namespace tact::consent {

struct ShippedFile {
    std::string_view name;  // "consent.js", "translations/fa.json"
    std::string_view content;
};

std::span<const ShippedFile> shipped_ui_files();

}  // namespace tact::consent
