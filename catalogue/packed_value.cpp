#include "catalogue/packed_value.hpp"

#include <array>
#include <cmath>

namespace kolcat::catalogue {

namespace {

// Every power of ten up to 10^15 is an exact double, so digits / 10^scale is one correctly
// rounded division.
constexpr int kMaxScale = 15;
constexpr std::array<double, kMaxScale + 1> kPowersOfTen = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
// Digits beyond 2^53 are not all exact doubles.
constexpr double kMaxDigits = 9007199254740992.0;

}  // namespace

std::optional<std::int64_t> pack_value(double value) {
    if (!std::isfinite(value)) {
        return std::nullopt;
    }
    // The smallest scale whose digits give back this very double.
    for (int scale = 0; scale <= kMaxScale; ++scale) {
        const double scaled = std::nearbyint(value * kPowersOfTen[static_cast<std::size_t>(scale)]);
        if (!(std::fabs(scaled) < kMaxDigits)) {
            return std::nullopt;
        }
        const auto digits = static_cast<std::int64_t>(scaled);
        if (static_cast<double>(digits) / kPowersOfTen[static_cast<std::size_t>(scale)] == value) {
            return digits * 16 + scale;
        }
    }
    return std::nullopt;
}

double unpack_value(std::int64_t packed) {
    return static_cast<double>(packed >> 4) / kPowersOfTen[static_cast<std::size_t>(packed & 15)];
}

namespace {

void packed_value_function(sqlite3_context* context, int, sqlite3_value** arguments) {
    switch (sqlite3_value_numeric_type(arguments[0])) {
        case SQLITE_NULL:
            sqlite3_result_null(context);
            return;
        case SQLITE_INTEGER:
        case SQLITE_FLOAT:
            break;
        default:
            sqlite3_result_error(context, "kolcat_packed_value: not a number", -1);
            return;
    }
    const double value = sqlite3_value_double(arguments[0]);
    if (const auto packed = pack_value(value)) {
        sqlite3_result_int64(context, *packed);
    } else {
        sqlite3_result_double(context, value);
    }
}

}  // namespace

void register_pack_function(Database& db) {
    db.check(sqlite3_create_function_v2(db.handle(), "kolcat_packed_value", 1,
                                        SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                        nullptr, packed_value_function, nullptr, nullptr, nullptr),
             "cannot register kolcat_packed_value");
}

}  // namespace kolcat::catalogue
