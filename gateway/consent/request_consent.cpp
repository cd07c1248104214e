#include "consent/request_consent.hpp"

namespace tact::consent {

ConsentState read_consent(const boost::beast::http::request_header<>& request) {
    ConsentState state;
    // GPC spec (W3C Privacy CG, 2024): the header's only valid value is "1".
    state.gpc = request["Sec-GPC"] == "1";
    return state;
}

}  // namespace tact::consent
