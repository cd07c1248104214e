#include "demo_origin/static_site.hpp"

#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace tact::demo_origin {
namespace {

namespace http = boost::beast::http;

std::string content_type(const std::filesystem::path& file) {
    static const std::map<std::string, std::string> types{{".html", "text/html; charset=utf-8"},
                                                          {".css", "text/css; charset=utf-8"},
                                                          {".js", "text/javascript; charset=utf-8"},
                                                          {".svg", "image/svg+xml"},
                                                          {".json", "application/json"},
                                                          {".txt", "text/plain; charset=utf-8"},
                                                          {".png", "image/png"},
                                                          {".ico", "image/x-icon"}};
    auto it = types.find(file.extension().string());
    return it == types.end() ? "application/octet-stream" : it->second;
}

// "/product.html?x=1" -> "product.html"; nullopt for anything that could
// leave the root ("..", backslashes, NUL).
std::optional<std::filesystem::path> relative_file(std::string_view target) {
    std::string path(target.substr(0, target.find('?')));
    if (path.empty() || path.front() != '/' || path.find("..") != std::string::npos ||
        path.find('\\') != std::string::npos || path.find('\0') != std::string::npos)
        return std::nullopt;
    if (path.back() == '/') path += "index.html";
    return std::filesystem::path(path.substr(1));
}

}  // namespace

admin::LocalHandler static_site(std::filesystem::path root) {
    return [root = std::move(root)](const admin::LocalRequest& request) {
        admin::LocalResponse res{http::status::not_found, request.version()};
        res.set(http::field::content_type, "text/plain; charset=utf-8");
        res.body() = "not found\n";
        auto relative = relative_file(request.target());
        if (!relative) return res;
        auto file = root / *relative;
        if (std::filesystem::is_directory(file)) file /= "index.html";
        std::ifstream in(file, std::ios::binary);
        if (!in) return res;
        std::ostringstream body;
        body << in.rdbuf();
        res.result(http::status::ok);
        res.set(http::field::content_type, content_type(file));
        res.set(http::field::cache_control, "public, max-age=60");
        res.body() = body.str();
        return res;
    };
}

}  // namespace tact::demo_origin
