// Step 3 of the request path: the visitor's recorded consent, read from the
// request. Today that is Global Privacy Control (the Sec-GPC header); the
// signed consent cookie, IAB TCF and GPP strings join here as they land.
#pragma once

#include <boost/beast/http/message.hpp>

#include "consent/consent_state.hpp"

namespace tact::consent {

ConsentState read_consent(const boost::beast::http::request_header<>& request);

}  // namespace tact::consent
