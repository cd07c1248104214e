// Policy files: every refusal names the file, line, key and fix; the shipped
// set loads; the content hash ignores formatting but not meaning.
#include "policy/policy_loader.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "config/config_error.hpp"

using namespace tact::policy;

namespace {

const std::filesystem::path kShipped = TACT_POLICIES_DIR;

// A directory holding the shipped policies, each editable before loading.
class PolicyDir {
  public:
    PolicyDir()
        : path_(
              std::filesystem::temp_directory_path() /
              ("tact-policies-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))) {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
        for (const auto& entry : std::filesystem::directory_iterator(kShipped))
            if (entry.path().extension() == ".json")
                std::filesystem::copy_file(entry.path(), path_ / entry.path().filename());
    }
    ~PolicyDir() { std::filesystem::remove_all(path_); }
    const std::filesystem::path& path() const { return path_; }
    nlohmann::json read(const std::string& name) const {
        std::ifstream in(path_ / name);
        return nlohmann::json::parse(in);
    }
    void write(const std::string& name, const nlohmann::json& document) const {
        std::ofstream(path_ / name) << document.dump(2) << "\n";
    }
    void write_text(const std::string& name, const std::string& text) const {
        std::ofstream(path_ / name) << text;
    }
    template <typename Edit>
    void edit(const std::string& name, Edit edit) const {
        auto document = read(name);
        edit(document);
        write(name, document);
    }

  private:
    static inline int counter_ = 0;
    std::filesystem::path path_;
};

std::string refusal(const PolicyDir& dir) {
    try {
        load_policy_set(dir.path());
    } catch (const tact::config::ConfigError& e) {
        return e.what();
    }
    return "(accepted)";
}

// The part after "DIR/", so expectations do not depend on the temp folder.
std::string without_dir(const PolicyDir& dir, std::string message) {
    const auto prefix = dir.path().string() + "/";
    for (auto at = message.find(prefix); at != std::string::npos; at = message.find(prefix))
        message.erase(at, prefix.size());
    return message;
}

}  // namespace

TEST_CASE("the shipped policies load, with one fallback and no place claimed twice") {
    const auto set = load_policy_set(kShipped);
    CHECK(set.policies().size() == 6);
    CHECK(set.fallback().id == "fallback");
    for (const auto& id :
         {"eu-gdpr", "uk-gdpr", "us-ca-ccpa", "us-co-cpa", "br-lgpd", "fallback"}) {
        INFO(id);
        const auto* p = set.find(id);
        REQUIRE(p);
        CHECK_FALSE(p->title.empty());
        CHECK_FALSE(p->version.empty());
        CHECK(p->hash.size() == 64);
        CHECK_FALSE(p->references.empty());
        for (const auto purpose : {"necessary", "personalization", "analytics", "advertising"})
            CHECK(p->find_purpose(purpose));
    }
    CHECK(set.find("eu-gdpr")->applies_to.size() == 30);  // EU-27 and IS, LI, NO
    CHECK(set.find("eu-gdpr")->consent_max_age_days == 180);
}

TEST_CASE("the hash ignores formatting and the schema line, and changes with meaning") {
    PolicyDir dir;
    const auto original = load_policy(dir.path() / "eu-gdpr.json");
    auto document = dir.read("eu-gdpr.json");
    document.erase("$schema");
    dir.write_text("eu-gdpr.json", document.dump());  // one line, no spaces
    CHECK(load_policy(dir.path() / "eu-gdpr.json").hash == original.hash);
    document["consent_max_age_days"] = 90;
    dir.write("eu-gdpr.json", document);
    CHECK(load_policy(dir.path() / "eu-gdpr.json").hash != original.hash);
}

TEST_CASE("each mistake in a policy is refused with the file, line, key and fix") {
    PolicyDir dir;
    SECTION("an unknown key") {
        dir.write_text("uk-gdpr.json", R"({
  "title": "UK", "version": "1", "applies_to": ["GB"], "consent_model": "opt-in",
  "consent_max_age": 180
})");
        CHECK(
            without_dir(dir, refusal(dir)).starts_with("uk-gdpr.json:3: key \"consent_max_age\""));
    }
    SECTION("an unknown signal") {
        dir.edit("uk-gdpr.json", [](auto& d) {
            d["signals"]["geo.street"] = {{"allowed", "always"}};
        });
        CHECK(without_dir(dir, refusal(dir))
                  .find("key \"signals.geo.street\": no signal or family of signals is called "
                        "\"geo.street\". Fix: use geo, time, search, campaign, path, click, "
                        "device, language, profile, or one signal such as geo.city") !=
              std::string::npos);
    }
    SECTION("a purpose id that could not travel in a header") {
        dir.edit("uk-gdpr.json", [](auto& d) { d["purposes"][1]["id"] = "Personal Data"; });
        CHECK_THAT(without_dir(dir, refusal(dir)),
                   Catch::Contains("\"Personal Data\" is not a purpose id. Fix: use lower-case "
                                   "letters"));
    }
    SECTION("an unknown purpose") {
        dir.edit("uk-gdpr.json", [](auto& d) {
            d["signals"]["profile"] = {{"allowed", "with_consent"}, {"purpose", "marketing"}};
        });
        CHECK(
            without_dir(dir, refusal(dir))
                .find(
                    "key \"signals.profile.purpose\": \"marketing\" is not a purpose of this "
                    "policy. Fix: use one of necessary, personalization, analytics, advertising") !=
            std::string::npos);
    }
    SECTION("a granularity that does not exist") {
        dir.edit("uk-gdpr.json", [](auto& d) { d["signals"]["geo"]["granularity"] = "street"; });
        CHECK(without_dir(dir, refusal(dir))
                  .find("key \"signals.geo.granularity\": \"street\" is not a granularity of "
                        "geo.continent. Fix: use one of continent, country, subdivision, city") !=
              std::string::npos);
    }
    SECTION("a personal signal allowed without consent") {
        dir.edit("uk-gdpr.json", [](auto& d) {
            d["signals"]["profile"] = {{"allowed", "always"}};
        });
        CHECK(
            without_dir(dir, refusal(dir))
                .find(
                    "key \"signals.profile.allowed\": profile.recent_sections is personal: it can "
                    "never be used without consent") != std::string::npos);
    }
    SECTION("a personal signal under a purpose the visitor cannot refuse") {
        dir.edit("uk-gdpr.json", [](auto& d) {
            d["signals"]["profile"] = {{"allowed", "with_consent"}, {"purpose", "necessary"}};
        });
        CHECK_THAT(without_dir(dir, refusal(dir)),
                   Catch::Contains("key \"signals.profile.purpose\": profile.recent_sections is "
                                   "personal: a strictly necessary purpose (\"necessary\") cannot "
                                   "cover it"));
    }
    SECTION("two policies claiming one place") {
        dir.edit("uk-gdpr.json", [](auto& d) { d["applies_to"].push_back("DE"); });
        const auto message = without_dir(dir, refusal(dir));
        CHECK(message.starts_with("uk-gdpr.json:"));
        CHECK(message.find("key \"applies_to\": \"DE\" is claimed by eu-gdpr.json too. Fix: name "
                           "each place in one policy only.") != std::string::npos);
    }
    SECTION("no fallback") {
        std::filesystem::remove(dir.path() / "fallback.json");
        CHECK(without_dir(dir, refusal(dir))
                  .find("no fallback policy. Fix: add a policy with \"fallback\": true") !=
              std::string::npos);
    }
    SECTION("an opt-out fallback") {
        dir.edit("fallback.json", [](auto& d) { d["consent_model"] = "opt-out"; });
        CHECK(
            without_dir(dir, refusal(dir))
                .find(
                    "key \"consent_model\": the fallback must be the strictest policy. Fix: write "
                    "\"opt-in\"") != std::string::npos);
    }
    SECTION("consent kept past 13 months under opt-in") {
        dir.edit("eu-gdpr.json", [](auto& d) { d["consent_max_age_days"] = 400; });
        CHECK(
            without_dir(dir, refusal(dir))
                .find(
                    "key \"consent_max_age_days\": 400 is out of range. Fix: write a whole number "
                    "from 1 to 395") != std::string::npos);
    }
    SECTION("a missing required purpose") {
        dir.edit("uk-gdpr.json", [](auto& d) { d["purposes"].erase(3); });
        CHECK(without_dir(dir, refusal(dir))
                  .find("key \"purposes\": the purpose \"advertising\" is missing") !=
              std::string::npos);
    }
    SECTION("GPC refusing a strictly necessary purpose") {
        dir.edit("us-ca-ccpa.json", [](auto& d) { d["gpc"]["refuses"].push_back("necessary"); });
        CHECK(without_dir(dir, refusal(dir))
                  .find("key \"gpc.refuses.1\": \"necessary\" is strictly necessary: it cannot be "
                        "refused") != std::string::npos);
    }
    SECTION("a place code that is not one") {
        dir.edit("uk-gdpr.json", [](auto& d) { d["applies_to"] = {"Great Britain"}; });
        CHECK(without_dir(dir, refusal(dir))
                  .find("key \"applies_to.0\": \"Great Britain\" is not a place code") !=
              std::string::npos);
    }
    SECTION("a JSON syntax error") {
        dir.write_text("uk-gdpr.json", "{\n  \"title\": \"UK\",\n}\n");
        CHECK(without_dir(dir, refusal(dir))
                  .starts_with("uk-gdpr.json: not valid JSON: parse error at line 3"));
    }
}
