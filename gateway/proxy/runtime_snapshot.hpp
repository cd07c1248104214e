// Everything a request needs from the configuration, built once per load
// and swapped whole on SIGHUP: a request sees one consistent snapshot.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "config/config.hpp"
#include "consent/key_ring.hpp"
#include "consent/ui_bundle.hpp"
#include "geoip/geoip_database.hpp"
#include "personalize/rules.hpp"
#include "pipeline/policy_header_texts.hpp"
#include "policy/policy_set.hpp"
#include "signals/signal_families.hpp"

namespace tact::proxy {

struct RuntimeSnapshot {
    std::shared_ptr<const config::Config> config;
    std::shared_ptr<boost::asio::ssl::context> server_tls;    // set when listen.tls is
    std::shared_ptr<boost::asio::ssl::context> upstream_tls;  // set when the origin is https
    std::shared_ptr<const geoip::GeoIpDatabase> geoip;        // set when geoip is configured
    std::shared_ptr<const policy::PolicySet> policies;        // set when policies are configured
    std::shared_ptr<const pipeline::PolicyHeaderCache> policy_headers;  // with policies
    std::shared_ptr<const consent::KeyRing> consent_keys;  // set when consent is configured
    std::shared_ptr<const consent::UiBundle> consent_ui;   // the banner, with consent
    std::shared_ptr<const personalize::Rules> rules;       // set when rules are configured
    // The signal families a rule, Tact-Context or the profile reads.
    signals::FamilySet families_read = signals::FamilySet::all();
};

// Throws config::ConfigError when a TLS file, the GeoIP database, a policy
// file or the rules file cannot be used: a reload that meets one keeps the running snapshot.
std::shared_ptr<const RuntimeSnapshot> make_snapshot(config::Config config);

}  // namespace tact::proxy
