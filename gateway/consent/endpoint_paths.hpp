#pragma once

#include <string_view>

// Where the consent endpoints and the banner's files are served. The
// endpoints answer on these paths; the markup the gateway writes into pages
// (the banner's tags, the no-script form) links to them.

namespace tact::consent {

inline constexpr std::string_view kConsentPath = "/__tact/consent";
inline constexpr std::string_view kWithdrawPath = "/__tact/consent/withdraw";
inline constexpr std::string_view kReceiptPath = "/__tact/consent/receipt";
inline constexpr std::string_view kGpcPath = "/.well-known/gpc.json";
inline constexpr std::string_view kScriptPath = "/__tact/ui/consent.js";
inline constexpr std::string_view kStylesheetPath = "/__tact/ui/consent.css";

}  // namespace tact::consent
