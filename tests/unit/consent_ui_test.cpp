// The banner as served: shipped languages, operator overrides with their
// errors, language choice, versions, the no-script form, and the cache
// headers of a page the banner was added to.
#include <boost/beast/http/message.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "config/config_error.hpp"
#include "consent/noscript_form.hpp"
#include "consent/ui_bundle.hpp"
#include "personalize/rewritable_page.hpp"
#include "process.hpp"
#include "relayed_fields.hpp"
#include "shipped_policies.hpp"

using namespace tact;

namespace {

namespace http = boost::beast::http;

std::string load_error(const config::ConsentUi& settings) {
    try {
        (void)consent::UiBundle::load(settings);
    } catch (const config::ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("consent-ui: six languages ship, two of them right-to-left, each with its version") {
    const auto ui = consent::UiBundle::load({});
    for (const auto* code : {"en", "de", "fr", "es", "fa", "ar"}) {
        INFO(code);
        const auto* language = ui->find(code);
        REQUIRE(language);
        CHECK(language->version.size() == 32);
        CHECK(language->right_to_left == (std::string(code) == "fa" || std::string(code) == "ar"));
        // Every language has every text English has.
        for (const auto& [key, text] : ui->find("en")->texts) CHECK(language->texts.contains(key));
    }
    CHECK(ui->find("fa")->version != ui->find("ar")->version);
}

TEST_CASE("consent-ui: the visitor's best accepted language that the banner has") {
    const auto ui = consent::UiBundle::load({});
    CHECK(ui->language_for("fa-IR,fa;q=0.9,en;q=0.5").code == "fa");
    CHECK(ui->language_for("de;q=0.1, ar").code == "ar");
    CHECK(ui->language_for("pt-BR, es;q=0.4").code == "es");
    CHECK(ui->language_for("pt-BR").code == "en");
    CHECK(ui->language_for("").code == "en");
    CHECK(ui->language_for("fr;q=0, de").code == "de");  // q=0: not acceptable
}

TEST_CASE("consent-ui: an operator's texts replace the shipped ones and change the version") {
    tact::testing::TempDir folder;
    tact::testing::write_file(folder / "de.json", R"({"accept_all": "Alles klar"})");
    tact::testing::write_file(folder / "pt-BR.json",
                              R"({"accept_all": "Aceitar tudo", "dir": "ltr"})");
    const auto shipped = consent::UiBundle::load({});
    const auto ui = consent::UiBundle::load({.texts = folder.path(), .privacy_notice = "/privacy"});
    CHECK(ui->find("de")->texts.at("accept_all") == "Alles klar");
    CHECK(ui->find("de")->texts.at("reject_all") == "Alle ablehnen");  // not overridden
    CHECK(ui->find("de")->version != shipped->find("de")->version);
    CHECK(ui->language_for("pt-BR").texts.at("accept_all") == "Aceitar tudo");
    CHECK(ui->language_for("pt-BR").texts.at("reject_all") == "Reject all");  // from English
    CHECK(ui->privacy_notice() == "/privacy");
}

TEST_CASE("consent-ui: a language the operator adds warns of the texts it leaves in English") {
    tact::testing::TempDir folder;
    tact::testing::write_file(folder / "pt-BR.json",
                              R"({"accept_all": "Aceitar tudo", "dir": "ltr"})");
    tact::testing::write_file(folder / "de.json", R"({"accept_all": "Alles klar"})");
    const auto partial = consent::UiBundle::load({.texts = folder.path(), .privacy_notice = ""});
    REQUIRE(partial->warnings().size() == 1);  // not de: its other texts are the shipped German
    const auto& warning = partial->warnings().front();
    CHECK(warning.starts_with((folder / "pt-BR.json").string() +
                              ": 21 of 22 texts of the \"pt-br\" banner stay in English ("));
    const auto keys = warning.substr(warning.find("English (") + 9);
    CHECK(keys.starts_with(
        "always_on, back_to_page, choose, choose_again, close, gpc_honoured, intro, "));
    CHECK(keys.find("accept_all") == std::string::npos);
    CHECK(keys.find("dir") == std::string::npos);  // left-to-right is no English text

    // Two files for one language (names differ only in case): both count.
    tact::testing::TempDir twice;
    tact::testing::write_file(twice / "pt-BR.json", R"({"accept_all": "Aceitar tudo"})");
    tact::testing::write_file(twice / "pt-br.json", R"({"reject_all": "Rejeitar tudo"})");
    const auto both = consent::UiBundle::load({.texts = twice.path(), .privacy_notice = ""});
    REQUIRE(both->warnings().size() == 1);
    CHECK(both->warnings().front().starts_with((twice / "pt-BR.json").string() + " + " +
                                               (twice / "pt-br.json").string() + ": 20 of 22 "));

    // Every text given: no warning.
    nlohmann::json all = consent::UiBundle::load({})->find("en")->texts;
    for (auto& [key, text] : all.items())
        if (key != "dir") text = "pt: " + text.get<std::string>();
    tact::testing::write_file(folder / "pt-BR.json", all.dump());
    CHECK(consent::UiBundle::load({.texts = folder.path(), .privacy_notice = ""})
              ->warnings()
              .empty());
    CHECK(consent::UiBundle::load({})->warnings().empty());  // the shipped languages are complete
}

TEST_CASE("consent-ui: a bad texts file names its file, line, key and the fix") {
    tact::testing::TempDir folder;
    tact::testing::write_file(folder / "de.json",
                              "{\n  \"accept_all\": \"Ja\",\n  \"acept_all\": \"Ja\"\n}\n");
    auto error = load_error({.texts = folder.path(), .privacy_notice = ""});
    CHECK(error.find("de.json:3") != std::string::npos);
    CHECK(error.find("\"acept_all\"") != std::string::npos);
    CHECK(error.find("en.json") != std::string::npos);  // where the keys are listed

    tact::testing::write_file(folder / "de.json", "{\n  \"dir\": \"up\"\n}\n");
    error = load_error({.texts = folder.path(), .privacy_notice = ""});
    CHECK(error.find("de.json:2") != std::string::npos);
    CHECK(error.find("\"ltr\" or \"rtl\"") != std::string::npos);

    tact::testing::write_file(folder / "de.json", "{\n  \"title\": 7\n}\n");
    CHECK(load_error({.texts = folder.path(), .privacy_notice = ""}).find("de.json:2") !=
          std::string::npos);
    CHECK(load_error({.texts = folder.path() / "missing", .privacy_notice = ""})
              .find("must be a folder") != std::string::npos);
}

TEST_CASE(
    "consent-ui: the no-script form posts the same choices, escaped, in the visitor's language") {
    const auto ui =
        consent::UiBundle::load({.texts = std::nullopt, .privacy_notice = "/p?a=1&b=\"2\""});
    const auto& policy = *shipped_policies().find("eu-gdpr");
    const auto& persian = *ui->find("fa");
    const auto html = consent::noscript_form(persian, ui->privacy_notice(), policy, {}, true);
    CHECK(html.starts_with("<noscript><div class=\"tact-noscript\" lang=\"fa\" dir=\"rtl\">"));
    CHECK(html.find("<section class=\"tact-noscript-panel\"") != std::string::npos);  // open
    CHECK(html.find("name=\"all\" value=\"granted\">پذیرفتن همه</button>") != std::string::npos);
    CHECK(html.find("name=\"all\" value=\"refused\">رد همه</button>") != std::string::npos);
    CHECK(html.find("name=\"shown.ui_version\" value=\"" + persian.version + "\"") !=
          std::string::npos);
    CHECK(html.find("name=\"shown.policy_hash\" value=\"" + policy.hash + "\"") !=
          std::string::npos);
    CHECK(html.find("name=\"purpose.analytics\" value=\"granted\">") !=
          std::string::npos);  // unticked
    CHECK(html.find("name=\"purpose.necessary\" value=\"granted\" checked disabled>") !=
          std::string::npos);
    CHECK(html.find("href=\"/p?a=1&amp;b=&quot;2&quot;\"") != std::string::npos);

    consent::ConsentState answered;
    answered.receipt_id = "00112233445566778899aabbccddeeff";
    answered.purposes = {{"analytics", consent::Choice::granted}};
    const auto later = consent::noscript_form(*ui->find("en"), "", policy, answered, false);
    CHECK(
        later.find("<details class=\"tact-noscript-panel\"><summary>Privacy settings</summary>") !=
        std::string::npos);
    CHECK(later.find("name=\"purpose.analytics\" value=\"granted\" checked>") != std::string::npos);
    // The receipt is a link; its id never sits in the page's markup.
    CHECK(later.find("<a href=\"/__tact/consent/receipt\">Download receipt</a>") !=
          std::string::npos);
    CHECK(later.find(answered.receipt_id) == std::string::npos);
    CHECK(consent::escape_html("<a href='x'>&</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
}

TEST_CASE("consent-ui: the no-script form under opt-out leaves unticked what is on until refused") {
    const auto ui = consent::UiBundle::load({});
    const auto& policy = *shipped_policies().find("us-ca-ccpa");
    const auto html = consent::noscript_form(*ui->find("en"), "", policy, {}, false);
    CHECK(html.find("name=\"purpose.personalization\" value=\"granted\"><label "
                    "for=\"tact-ns-personalization\">Personalization · On until you say no<") !=
          std::string::npos);
    auto lenient = policy;
    lenient.banner.pre_ticked_allowed = true;
    const auto ticked = consent::noscript_form(*ui->find("en"), "", lenient, {}, false);
    CHECK(ticked.find("name=\"purpose.analytics\" value=\"granted\" checked>") !=
          std::string::npos);
    // Personalization covers the profile: never pre-ticked, still said to be on.
    CHECK(ticked.find("name=\"purpose.personalization\" value=\"granted\"><label") !=
          std::string::npos);
}

TEST_CASE("rewritable page: only whole, uncompressed HTML in an ASCII-compatible charset") {
    struct Case {
        http::status status;
        const char* type;
        const char* encoding;
        bool rewritable;
    };
    const Case cases[] = {
        {http::status::ok, "text/html; charset=utf-8", "", true},
        {http::status::ok, "TEXT/HTML", "", true},
        {http::status::ok, "text/html;charset=\"ISO-8859-1\"", "identity", true},
        {http::status::ok, "text/html; charset=windows-1252", "", true},
        {http::status::ok, "text/html; charset=utf-16", "", false},
        {http::status::ok, "text/html; charset=shift_jis", "", false},
        {http::status::ok, "Text/HTML; Charset=UTF-8", "", true},  // names in any case
        {http::status::ok, "text/html; CHARSET=Shift_JIS", "", false},
        {http::status::ok, "text/html", "gzip", true},  // decoded and encoded again
        {http::status::ok, "text/html", "br", true},
        {http::status::ok, "text/html", "zstd", false},  // not a coding the gateway decodes
        {http::status::ok, "text/html", "gzip, br", false},
        {http::status::ok, "application/json", "", false},
        {http::status::ok, "", "", false},
        {http::status::partial_content, "text/html", "", false},
        {http::status::not_found, "text/html", "", false},
    };
    for (const auto& c : cases) {
        INFO(c.type << " / " << c.encoding);
        tact::http_fields::ResponseHead head;
        head.status = static_cast<unsigned>(c.status);
        if (*c.type) head.fields.append(http::field::content_type, c.type);
        if (*c.encoding) head.fields.append(http::field::content_encoding, c.encoding);
        CHECK(personalize::rewritable_page_coding(head).has_value() == c.rewritable);
    }
}

TEST_CASE("rewritable page: a list field sent on several lines is read as one list") {
    // RFC 9110 5.3: the origin's second Cache-Control line counts as much as
    // its first; so do Vary's and Content-Encoding's.
    tact::http_fields::ResponseHead head;
    head.status = 200;
    head.fields.append(http::field::content_type, "text/html");
    head.fields.append(http::field::cache_control, "max-age=60");
    head.fields.append(http::field::cache_control, "no-store");
    head.fields.append(http::field::vary, "Accept-Encoding");
    head.fields.append(http::field::vary, "Tact-Context");
    CHECK(personalize::varies_by_context(head));
    tact::http_fields::AddedFields added;
    personalize::make_private(head, added);
    const auto sent = tact::test::relayed_fields(head.fields, added);
    CHECK(sent.count(http::field::cache_control) == 1);
    CHECK(sent[http::field::cache_control] == "max-age=60, no-store");
    CHECK(sent.count(http::field::vary) == 1);
    CHECK(sent[http::field::vary] == "Accept-Encoding, Tact-Context, Accept-Language, Cookie");

    CHECK(personalize::rewritable_page_coding(head).has_value());
    head.fields.append(http::field::content_encoding, "gzip");
    CHECK(personalize::rewritable_page_coding(head).has_value());
    head.fields.append(http::field::content_encoding, "br");  // gzip, then br: not one coding
    CHECK_FALSE(personalize::rewritable_page_coding(head).has_value());
}

TEST_CASE("rewritable page: a page made for one visitor is kept out of shared caches") {
    struct Case {
        const char* cache_control;
        const char* vary;
        const char* etag;
        const char* want_cache_control;
        const char* want_vary;
        const char* want_etag;
    };
    const Case cases[] = {
        {"public, max-age=600, s-maxage=3600", "", "\"abc\"", "private, max-age=600",
         "Accept-Language, Cookie", "W/\"abc\""},
        {"", "Accept-Encoding", "W/\"x\"", "private", "Accept-Encoding, Accept-Language, Cookie",
         "W/\"x\""},
        {"no-store", "cookie", "", "no-store", "cookie, Accept-Language", ""},
        {"private, no-cache", "*", "", "private, no-cache", "*", ""},
        {"", "accept-language", "", "private", "accept-language, Cookie", ""},
    };
    for (const auto& c : cases) {
        INFO(c.cache_control);
        tact::http_fields::ResponseHead head;
        head.status = 200;
        if (*c.cache_control) head.fields.append(http::field::cache_control, c.cache_control);
        if (*c.vary) head.fields.append(http::field::vary, c.vary);
        if (*c.etag) head.fields.append(http::field::etag, c.etag);
        head.fields.append(http::field::content_type, "text/html");
        tact::http_fields::AddedFields added;
        personalize::make_private(head, added);
        const auto sent = tact::test::relayed_fields(head.fields, added);
        CHECK(sent[http::field::cache_control] == c.want_cache_control);
        CHECK(sent[http::field::vary] == c.want_vary);
        CHECK(sent[http::field::etag] == c.want_etag);
        CHECK(sent.count(http::field::cache_control) == 1);
        CHECK(sent.count(http::field::vary) == 1);
        CHECK(sent.count(http::field::etag) == (*c.etag ? 1 : 0));
        CHECK(sent[http::field::content_type] == "text/html");  // the rest is untouched
    }
}
