// Serves the bundled demo site's files, for `make run` only.
#pragma once

#include <filesystem>

#include "admin/local_http_server.hpp"

namespace tact::demo_origin {

admin::LocalHandler static_site(std::filesystem::path root);

}  // namespace tact::demo_origin
