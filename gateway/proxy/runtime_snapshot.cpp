#include "proxy/runtime_snapshot.hpp"

#include "config/config_error.hpp"
#include "personalize/rules_loader.hpp"
#include "pipeline/signal_readers.hpp"
#include "policy/policy_loader.hpp"
#include "proxy/tls_contexts.hpp"

namespace tact::proxy {

std::shared_ptr<const RuntimeSnapshot> make_snapshot(config::Config config) {
    auto snapshot = std::make_shared<RuntimeSnapshot>();
    if (config.listen.tls) snapshot->server_tls = make_server_tls(*config.listen.tls);
    if (config.upstream.scheme == config::UpstreamScheme::https)
        snapshot->upstream_tls = make_upstream_tls(config.upstream);
    if (config.geoip) {
        try {
            snapshot->geoip =
                geoip::GeoIpDatabase::open(config.geoip->database, config.geoip->paths);
        } catch (const geoip::GeoIpError& e) {
            throw config::ConfigError(config.source.string() +
                                      ": key \"geoip.database\": " + e.what());
        }
    }
    if (config.policies) {
        snapshot->policies = std::make_shared<const policy::PolicySet>(
            policy::load_policy_set(config.policies->directory));
        snapshot->policy_headers =
            std::make_shared<const pipeline::PolicyHeaderCache>(snapshot->policies);
    }
    if (config.consent) {
        snapshot->consent_keys = std::make_shared<const consent::KeyRing>(
            consent::load_key_ring(config.consent->keys, config.consent->sign_with,
                                   config.consent->generate_missing_keys));
        snapshot->consent_ui = consent::UiBundle::load(config.consent->ui);
    }
    if (config.rules)
        snapshot->rules =
            std::make_shared<const personalize::Rules>(personalize::load_rules(*config.rules));
    snapshot->families_read =
        pipeline::families_read(snapshot->rules.get(), config.forwarding.context_signal_list());
    snapshot->config = std::make_shared<const config::Config>(std::move(config));
    return snapshot;
}

}  // namespace tact::proxy
