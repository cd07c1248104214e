#include "config/config_loader.hpp"

#include "config/object_reader.hpp"
#include "config/text_file.hpp"
#include "signals/catalog.hpp"

namespace tact::config {
namespace {

constexpr std::uint64_t kMaxPort = 65535;
constexpr std::uint64_t kDay = 24ull * 3600 * 1000;

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& value) {
    std::filesystem::path p(value);
    return p.is_absolute() ? p : (base / p).lexically_normal();
}

std::uint16_t port(ObjectReader& r, std::string_view key, std::uint16_t fallback) {
    return static_cast<std::uint16_t>(r.integer(key, 1, kMaxPort).value_or(fallback));
}

void read_listen(ObjectReader r, const std::filesystem::path& base, Listen& out) {
    out.address = r.string("address", "write an IP address such as \"0.0.0.0\" or \"::\"")
                      .value_or(out.address);
    out.port = port(r, "port", out.port);
    if (auto tls = r.object("tls")) {
        auto cert = tls->string("certificate", "give the path of a PEM certificate chain file");
        auto key = tls->string("private_key", "give the path of the PEM private key file");
        if (!cert)
            tls->fail("certificate", "missing", "give the path of a PEM certificate chain file");
        if (!key) tls->fail("private_key", "missing", "give the path of the PEM private key file");
        out.tls = TlsFiles{resolve(base, *cert), resolve(base, *key)};
        tls->reject_unknown_keys({"certificate", "private_key"});
    }
    r.reject_unknown_keys({"address", "port", "tls"});
}

void read_upstream(ObjectReader r, const std::filesystem::path& base, Upstream& out) {
    if (!r.has("host")) r.fail("host", "missing", "name the origin server, e.g. \"127.0.0.1\"");
    out.host = *r.string("host", "write a host name or IP address");
    if (!r.has("port")) r.fail("port", "missing", "give the origin's port, e.g. 8081");
    out.port = port(r, "port", out.port);
    if (auto scheme = r.one_of("scheme", {"http", "https"}))
        out.scheme = *scheme == "https" ? UpstreamScheme::https : UpstreamScheme::http;
    out.max_idle_connections =
        r.integer("max_idle_connections", 0, 10'000).value_or(out.max_idle_connections);
    if (auto tls = r.object("tls")) {
        out.tls.verify = tls->boolean("verify").value_or(true);
        if (auto ca = tls->string("ca_file", "give the path of a PEM file of trusted CAs"))
            out.tls.ca_file = resolve(base, *ca);
        out.tls.server_name =
            tls->string("server_name", "write the host name the origin's certificate names")
                .value_or("");
        tls->reject_unknown_keys({"verify", "ca_file", "server_name"});
    }
    r.reject_unknown_keys({"host", "port", "scheme", "max_idle_connections", "tls"});
}

void read_limits(ObjectReader r, Limits& out) {
    out.header_bytes =
        r.integer("header_bytes", 1024, std::uint64_t{1024} * 1024).value_or(out.header_bytes);
    out.request_body_bytes =
        r.integer("request_body_bytes", 0, 1ull << 50).value_or(out.request_body_bytes);
    out.max_connections = r.integer("max_connections", 1, 1'000'000).value_or(out.max_connections);
    r.reject_unknown_keys({"header_bytes", "request_body_bytes", "max_connections"});
}

void read_timeouts(ObjectReader r, Timeouts& out) {
    auto ms = [&](std::string_view key, Timeouts::ms fallback) {
        return Timeouts::ms(
            r.integer(key, 1, kDay).value_or(static_cast<std::uint64_t>(fallback.count())));
    };
    out.header = ms("header_ms", out.header);
    out.idle = ms("idle_ms", out.idle);
    out.body_read = ms("body_read_ms", out.body_read);
    out.upstream_connect = ms("upstream_connect_ms", out.upstream_connect);
    out.upstream_response = ms("upstream_response_ms", out.upstream_response);
    out.upstream_idle = ms("upstream_idle_ms", out.upstream_idle);
    out.drain = ms("drain_ms", out.drain);
    r.reject_unknown_keys({"header_ms", "idle_ms", "body_read_ms", "upstream_connect_ms",
                           "upstream_response_ms", "upstream_idle_ms", "drain_ms"});
}

std::optional<std::vector<std::string>> read_context_signals(ObjectReader& r) {
    constexpr const char* kFix =
        "list signals of the catalog or their families, e.g. [\"geo.country\", \"time\"] "
        "(policies/README.md lists them)";
    auto names = r.string_list("context_signals", kFix);
    if (!names) return std::nullopt;
    for (std::size_t i = 0; i < names->size(); ++i) {
        const auto& name = (*names)[i];
        if (!signals::find_signal_kind(name) && !signals::is_signal_family(name))
            r.fail("context_signals/" + std::to_string(i),
                   "\"" + name + "\" is neither a signal nor a family of signals", kFix);
    }
    return names;
}

void read_forwarding(ObjectReader r, Forwarding& out) {
    if (auto mode = r.one_of("client_address", {"off", "truncated", "full"})) {
        out.client_address = *mode == "off"    ? ClientAddressForwarding::off
                             : *mode == "full" ? ClientAddressForwarding::full
                                               : ClientAddressForwarding::truncated;
    }
    out.context_signals = read_context_signals(r);
    out.trust_forwarded_proto =
        r.boolean("trust_forwarded_proto").value_or(out.trust_forwarded_proto);
    r.reject_unknown_keys({"client_address", "context_signals", "trust_forwarded_proto"});
}

void read_access_log(ObjectReader r, const std::filesystem::path& base, AccessLog& out) {
    if (auto path = r.string("path", "write a file path, or \"-\" for standard output"))
        out.path = *path == "-" ? "-" : resolve(base, *path).string();
    r.reject_unknown_keys({"path"});
}

void read_admin(ObjectReader r, Admin& out) {
    out.address =
        r.string("address", "write an IP address such as \"127.0.0.1\"").value_or(out.address);
    out.port = port(r, "port", out.port);
    r.reject_unknown_keys({"address", "port"});
}

GeoIp read_geoip(ObjectReader r, const std::filesystem::path& base) {
    GeoIp out;
    auto database = r.string("database", "give the path of a MaxMind DB (.mmdb) file");
    if (!database) r.fail("database", "missing", "give the path of a MaxMind DB (.mmdb) file");
    out.database = resolve(base, *database);
    if (auto layout = r.one_of("layout", {"geoip2", "flat"}))
        out.paths = *layout == "flat" ? geoip::LookupPaths::flat() : geoip::LookupPaths::geoip2();
    if (auto paths = r.object("paths")) {
        const char* fix = "write the keys leading to the value, e.g. [\"country\", \"iso_code\"]";
        auto path = [&](std::string_view key, geoip::LookupPaths::Path& into) {
            if (auto keys = paths->string_list(key, fix)) into = *keys;
        };
        path("continent", out.paths.continent);
        path("country", out.paths.country);
        path("subdivision", out.paths.subdivision);
        path("city", out.paths.city);
        path("time_zone", out.paths.time_zone);
        paths->reject_unknown_keys({"continent", "country", "subdivision", "city", "time_zone"});
    }
    r.reject_unknown_keys({"database", "layout", "paths"});
    return out;
}

Policies read_policies(ObjectReader r, const std::filesystem::path& base) {
    Policies out;
    const char* fix = "give the folder of the policy files, e.g. \"policies\"";
    auto directory = r.string("directory", fix);
    if (!directory) r.fail("directory", "missing", fix);
    out.directory = resolve(base, *directory);
    if (auto log = r.object("decision_log")) {
        if (auto path = log->string("path", "write a file path, or \"-\" for standard output"))
            out.decision_log.path = *path == "-" ? "-" : resolve(base, *path).string();
        out.decision_log.sample_rate =
            log->number("sample_rate", 0.0, 1.0).value_or(out.decision_log.sample_rate);
        out.decision_log.include_values =
            log->boolean("include_values").value_or(out.decision_log.include_values);
        log->reject_unknown_keys({"path", "sample_rate", "include_values"});
    }
    r.reject_unknown_keys({"directory", "decision_log"});
    return out;
}

ConsentKeys read_consent(ObjectReader r, const std::filesystem::path& base) {
    ConsentKeys out;
    const char* fix =
        "list the keys: [{\"id\": \"2026-11\", \"file\": \"keys/consent-2026-11.key\"}]";
    auto keys = r.object_list("keys", fix);
    if (!keys || keys->empty()) r.fail("keys", "at least one signing key is needed", fix);
    for (auto& key : *keys) {
        auto id = key.string("id", "name the key, e.g. \"2026-11\"");
        auto file = key.string("file", "give the path of the key file");
        if (!id || id->empty() || id->find('.') != std::string::npos)
            key.fail("id", "every key needs an id without dots", "add \"id\": \"2026-11\"");
        if (!file) key.fail("file", "missing", "give the path of the key file");
        key.reject_unknown_keys({"id", "file"});
        out.keys.emplace_back(*id, resolve(base, *file));
    }
    out.sign_with = r.string("sign_with", "name the id of the key that signs new cookies")
                        .value_or(out.keys.front().first);
    if (std::none_of(out.keys.begin(), out.keys.end(),
                     [&](const auto& k) { return k.first == out.sign_with; }))
        r.fail("sign_with", "\"" + out.sign_with + "\" is not one of the keys",
               "name the id of one of \"keys\"");
    out.generate_missing_keys = r.boolean("generate_missing_keys").value_or(false);
    const char* log_fix =
        "give the consent log, e.g. {\"directory\": \"/var/lib/tact/consent-log\", "
        "\"signing_key\": \"/etc/tact/keys/consent-log.pem\"}";
    auto log = r.object("log");
    if (!log)
        r.fail("log", "consent actions must be recorded before they are acknowledged", log_fix);
    auto directory = log->string("directory", "give the folder of the log's segment files");
    auto signing_key = log->string("signing_key",
                                   "give the Ed25519 private key that signs checkpoints "
                                   "(openssl genpkey -algorithm ed25519 -out FILE)");
    if (!directory) log->fail("directory", "missing", log_fix);
    if (!signing_key) log->fail("signing_key", "missing", log_fix);
    out.log.directory = resolve(base, *directory);
    out.log.signing_key = resolve(base, *signing_key);
    out.log.checkpoint_every =
        log->integer("checkpoint_every", 1, 1000000).value_or(out.log.checkpoint_every);
    out.log.checkpoint_interval = std::chrono::seconds(
        log->integer("checkpoint_seconds", 1, 86400).value_or(out.log.checkpoint_interval.count()));
    out.log.segment_bytes =
        (std::uint64_t{1} << 20) *
        log->integer("segment_megabytes", 1, 4096).value_or(out.log.segment_bytes >> 20);
    out.log.segment_age = std::chrono::hours(
        log->integer("segment_hours", 1, 24 * 366).value_or(out.log.segment_age.count()));
    log->reject_unknown_keys({"directory", "signing_key", "checkpoint_every", "checkpoint_seconds",
                              "segment_megabytes", "segment_hours"});
    if (auto ui = r.object("ui")) {
        if (auto texts = ui->string("texts", "give a folder of <language>.json files"))
            out.ui.texts = resolve(base, *texts);
        out.ui.privacy_notice = ui->string("privacy_notice",
                                           "give the address of the site's privacy notice, e.g. "
                                           "\"/privacy\"")
                                    .value_or("");
        ui->reject_unknown_keys({"texts", "privacy_notice"});
    }
    r.reject_unknown_keys({"keys", "sign_with", "generate_missing_keys", "log", "ui"});
    return out;
}

std::vector<IpNetwork> read_trusted_proxies(ObjectReader& root) {
    constexpr const char* kFix =
        "write networks in CIDR notation, e.g. [\"10.0.0.0/8\", \"2001:db8::/32\"]";
    std::vector<IpNetwork> networks;
    auto texts = root.string_list("trusted_proxies", kFix);
    if (!texts) return networks;
    for (std::size_t i = 0; i < texts->size(); ++i) {
        auto network = parse_ip_network((*texts)[i]);
        if (!network)
            root.fail("trusted_proxies/" + std::to_string(i),
                      "\"" + (*texts)[i] + "\" is not a network in CIDR notation", kFix);
        networks.push_back(*network);
    }
    return networks;
}

signals::SignalSettings read_signals(ObjectReader r) {
    auto out = signals::SignalSettings::defaults();
    if (auto zone =
            r.string("site_time_zone", "write an IANA time zone such as \"Europe/Berlin\"")) {
        if (!signals::is_known_time_zone(*zone))
            r.fail("site_time_zone", "\"" + *zone + "\" is not a time zone this system knows",
                   "write an IANA time zone such as \"Europe/Berlin\" (see /usr/share/zoneinfo)");
        out.site_time_zone = *zone;
    }
    if (auto names = r.string_list("site_search_parameters",
                                   "list the query parameters of the site's search, e.g. [\"q\"]"))
        out.site_search_parameters = *names;
    if (auto click = r.string("click_parameter", "write a query parameter name, or \"\" for none"))
        out.click_parameter = *click;
    r.reject_unknown_keys({"site_time_zone", "site_search_parameters", "click_parameter"});
    return out;
}

DemoVisitors read_demo_visitors(ObjectReader r) {
    DemoVisitors out;
    out.parameter = r.string("parameter", "write a query parameter name").value_or(out.parameter);
    if (auto addresses = r.object("addresses")) {
        constexpr const char* kFix =
            "map a short name to an IP address, e.g. {\"ir\": \"198.51.100.7\"}";
        for (const auto& [name, text] : addresses->string_entries(kFix)) {
            boost::system::error_code ec;
            auto address = boost::asio::ip::make_address(text, ec);
            if (ec) addresses->fail(name, "\"" + text + "\" is not an IP address", kFix);
            out.addresses.emplace(name, address);
        }
    }
    r.reject_unknown_keys({"parameter", "addresses"});
    return out;
}

DemoOrigin read_demo_origin(ObjectReader r, const std::filesystem::path& base) {
    DemoOrigin out;
    out.address =
        r.string("address", "write an IP address such as \"127.0.0.1\"").value_or(out.address);
    if (!r.has("port")) r.fail("port", "missing", "give a free local port for the demo site");
    out.port = port(r, "port", 0);
    auto root = r.string("root", "give the folder of the demo site");
    if (!root) r.fail("root", "missing", "give the folder of the demo site, e.g. \"site\"");
    out.root = resolve(base, *root);
    if (!std::filesystem::is_directory(out.root))
        r.fail("root", "\"" + out.root.string() + "\" is not a folder",
               "point it at the demo site's folder");
    r.reject_unknown_keys({"address", "port", "root"});
    return out;
}

}  // namespace

std::string_view to_string(ClientAddressForwarding mode) {
    switch (mode) {
        case ClientAddressForwarding::off:
            return "off";
        case ClientAddressForwarding::full:
            return "full";
        case ClientAddressForwarding::truncated:
            break;
    }
    return "truncated";
}

Config parse_config(const std::string& text, const std::filesystem::path& file) {
    LocatedJson doc = parse_located_json(text, file);
    ObjectReader root(doc, "", file.string());
    const auto base = file.parent_path();

    Config config;
    config.source = file;
    if (auto r = root.object("listen")) read_listen(*r, base, config.listen);
    if (auto r = root.object("upstream"))
        read_upstream(*r, base, config.upstream);
    else
        root.fail("upstream", "missing",
                  "add \"upstream\": {\"host\": ..., \"port\": ...} naming the origin server");
    config.workers = static_cast<unsigned>(root.integer("workers", 0, 256).value_or(0));
    if (auto r = root.object("limits")) read_limits(*r, config.limits);
    if (auto r = root.object("timeouts")) read_timeouts(*r, config.timeouts);
    if (auto r = root.object("forwarding")) read_forwarding(*r, config.forwarding);
    if (auto r = root.object("access_log")) read_access_log(*r, base, config.access_log);
    if (auto r = root.object("admin")) read_admin(*r, config.admin);
    if (auto r = root.object("geoip")) config.geoip = read_geoip(*r, base);
    if (auto r = root.object("policies")) config.policies = read_policies(*r, base);
    if (auto r = root.object("consent")) config.consent = read_consent(*r, base);
    if (auto rules = root.string("rules", "give the path of the rules file, e.g. \"rules.json\""))
        config.rules = resolve(base, *rules);
    config.trusted_proxies = read_trusted_proxies(root);
    if (auto r = root.object("signals")) config.signals = read_signals(*r);
    if (auto r = root.object("demo_origin")) config.demo_origin = read_demo_origin(*r, base);
    if (auto r = root.object("demo_visitors")) config.demo_visitors = read_demo_visitors(*r);
    root.reject_unknown_keys({"listen", "upstream", "workers", "limits", "timeouts", "forwarding",
                              "access_log", "admin", "geoip", "policies", "consent", "rules",
                              "trusted_proxies", "signals", "demo_origin", "demo_visitors"});
    return config;
}

Config load_config_file(const std::filesystem::path& file) {
    const auto text = read_text_file(file);
    if (!text) {
        throw ConfigError(file.string() +
                          ": cannot be read. Fix: check that the file exists and "
                          "that the gateway's user may read it.");
    }
    return parse_config(*text, file);
}

}  // namespace tact::config
