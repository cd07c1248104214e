// A set of countries (ISO 3166-1 alpha-2 codes) asked on every request:
// one bit per possible code, where a search of a sorted list costs some 300
// instructions.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace tact::geoip {

class CountrySet {
  public:
    // Codes that are not two capital letters are never members.
    constexpr CountrySet(std::initializer_list<std::string_view> codes) {
        for (const auto code : codes)
            if (is_code(code)) bits_[index(code) / 64] |= std::uint64_t{1} << (index(code) % 64);
    }
    constexpr bool contains(std::string_view code) const {
        return is_code(code) && ((bits_[index(code) / 64] >> (index(code) % 64)) & 1u);
    }

  private:
    static constexpr bool is_code(std::string_view code) {
        return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' &&
               code[1] <= 'Z';
    }
    static constexpr unsigned index(std::string_view code) {
        return static_cast<unsigned>(code[0] - 'A') * 26 + static_cast<unsigned>(code[1] - 'A');
    }
    std::array<std::uint64_t, (26 * 26 + 63) / 64> bits_{};
};

}  // namespace tact::geoip
