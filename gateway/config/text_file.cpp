#include "config/text_file.hpp"

#include <fstream>

namespace tact::config {

std::optional<std::string> read_text_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    // Sized once, read once: consent log segments are tens of MiB.
    std::error_code ec;
    std::string text(std::filesystem::file_size(file, ec), '\0');
    if (ec) text.clear();
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    // Whatever is there beyond the size first seen (a file still growing).
    for (char buffer[4096]; in.read(buffer, sizeof buffer) || in.gcount() > 0;)
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
    return text;
}

}  // namespace tact::config
