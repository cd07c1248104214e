// The operator's configuration (tact.json) as an immutable value.
// A running gateway holds one snapshot and swaps it whole on SIGHUP.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/ip_network.hpp"
#include "geoip/lookup_paths.hpp"
#include "signals/visit_signals.hpp"

namespace tact::config {

struct TlsFiles {
    std::filesystem::path certificate;
    std::filesystem::path private_key;
};

struct Listen {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;
    std::optional<TlsFiles> tls;
};

enum class UpstreamScheme { http, https };

struct UpstreamTls {
    bool verify = true;
    std::filesystem::path ca_file;  // empty: the system's trust store
    std::string server_name;        // empty: upstream.host
};

struct Upstream {
    std::string host = "127.0.0.1";
    std::uint16_t port = 80;
    UpstreamScheme scheme = UpstreamScheme::http;
    UpstreamTls tls;
    std::size_t max_idle_connections = 64;  // per worker thread
};

struct Limits {
    std::size_t header_bytes = std::size_t{16} * 1024;
    std::uint64_t request_body_bytes = 100ull * 1024 * 1024;
    std::size_t max_connections = 20000;  // per gateway, across workers
};

struct Timeouts {
    using ms = std::chrono::milliseconds;
    ms header{10'000};             // whole request head, from its first byte
    ms idle{60'000};               // keep-alive wait for the next request
    ms body_read{30'000};          // each read of a request body piece
    ms upstream_connect{5'000};    // TCP (and TLS) connect to the origin
    ms upstream_response{60'000};  // origin's response head, and each body piece
    ms upstream_idle{30'000};      // pooled origin connection kept unused at most
    ms drain{10'000};              // SIGTERM: how long in-flight requests may finish
};

// What the origin learns of the client's address (see PRIVACY.md).
enum class ClientAddressForwarding { off, truncated, full };

struct Forwarding {
    ClientAddressForwarding client_address = ClientAddressForwarding::truncated;
    // Which used signals Tact-Context carries, by catalog name or family
    // ("geo.country", "time"): an origin that reads a few is sent only those.
    // Absent: every signal the decision used.
    std::optional<std::vector<std::string>> context_signals;
    // The list as the pipeline takes it: null for "every used signal".
    const std::vector<std::string>* context_signal_list() const {
        return context_signals ? &*context_signals : nullptr;
    }
    // Whether a peer in trusted_proxies (a balancer that ends TLS itself)
    // says if the visitor came over HTTPS. Off by default: a balancer that
    // passes the client's own X-Forwarded-Proto on would let the client say it.
    bool trust_forwarded_proto = false;
};

struct AccessLog {
    std::string path;  // empty: no access log; "-": standard output
};

struct Admin {
    std::string address = "127.0.0.1";
    std::uint16_t port = 0;  // 0: no admin listener
};

// A small static file server for the bundled demo site, so `make run`
// needs no second program. Never enable it in production.
struct DemoOrigin {
    std::string address = "127.0.0.1";
    std::uint16_t port = 0;
    std::filesystem::path root;
};

// Demo only: a query parameter that makes the location step look up a chosen
// test address instead of the client's (?tact_demo_from=ir), so a newcomer
// can see what a visitor from elsewhere would get. Absent in production.
struct DemoVisitors {
    std::string parameter = "tact_demo_from";
    std::map<std::string, boost::asio::ip::address> addresses;  // "ir" -> 198.51.100.7
};

// The GeoIP database and where Location fields sit in its records.
struct GeoIp {
    std::filesystem::path database;
    geoip::LookupPaths paths = geoip::LookupPaths::geoip2();
};

// The decision log (audit room): one JSON line per sampled request.
struct DecisionLog {
    std::string path;             // empty: no decision log; "-": standard output
    double sample_rate = 1.0;     // 0..1: the share of requests logged
    bool include_values = false;  // values of used contextual signals (never of withheld ones)
};

struct Policies {
    std::filesystem::path directory;  // the *.json policy files (policies/README.md)
    DecisionLog decision_log;
};

// The banner's site-specific parts (consent/ui_bundle.hpp).
struct ConsentUi {
    std::optional<std::filesystem::path> texts;  // <language>.json files over the shipped texts
    std::string privacy_notice;  // the site's privacy notice, linked from the banner
};

// The consent log (audit/chained_consent_log.hpp).
struct ConsentLogFiles {
    std::filesystem::path directory;    // its segment files
    std::filesystem::path signing_key;  // Ed25519 private key (PEM) of its checkpoints
    std::uint64_t checkpoint_every = 1000;
    std::chrono::seconds checkpoint_interval{60};
    std::uint64_t segment_bytes = std::uint64_t{64} << 20;
    std::chrono::hours segment_age{24};
};

// Signing keys of the consent cookie (consent/key_ring.hpp), the consent log
// and the banner.
struct ConsentKeys {
    std::vector<std::pair<std::string, std::filesystem::path>> keys;  // id -> key file
    std::string sign_with;               // the id new cookies are signed with
    bool generate_missing_keys = false;  // the demo's first run: create absent key files
    ConsentLogFiles log;                 // consent actions, made durable before acknowledged
    ConsentUi ui;
};

struct Config {
    std::filesystem::path source;  // the file this was read from
    Listen listen;
    Upstream upstream;
    unsigned workers = 0;  // 0: one per core
    Limits limits;
    Timeouts timeouts;
    Forwarding forwarding;
    AccessLog access_log;
    Admin admin;
    std::optional<GeoIp> geoip;                  // absent: no location is known
    std::optional<Policies> policies;            // absent: no signal is used for anything
    std::optional<ConsentKeys> consent;          // absent: no consent cookie is read or set
    std::optional<std::filesystem::path> rules;  // the marketers' rules.json; absent: no slot
    std::vector<IpNetwork> trusted_proxies;      // whose X-Forwarded-For is believed
    signals::SignalSettings signals = signals::SignalSettings::defaults();
    std::optional<DemoOrigin> demo_origin;
    std::optional<DemoVisitors> demo_visitors;
};

std::string_view to_string(ClientAddressForwarding mode);

}  // namespace tact::config
