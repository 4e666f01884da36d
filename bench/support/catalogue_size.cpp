#include "bench/support/catalogue_size.hpp"

#include <sqlite3.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace kolcat::bench {

std::uintmax_t catalogue_bytes(const std::filesystem::path& path) {
    sqlite3* raw = nullptr;
    const int opened = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    const std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, &sqlite3_close);
    if (opened != SQLITE_OK || sqlite3_exec(db.get(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr,
                                            nullptr, nullptr) != SQLITE_OK) {
        throw std::runtime_error("cannot checkpoint " + path.string());
    }
    std::uintmax_t bytes = std::filesystem::file_size(path);
    if (const std::filesystem::path wal = path.string() + "-wal"; std::filesystem::exists(wal)) {
        bytes += std::filesystem::file_size(wal);
    }
    return bytes;
}

}  // namespace kolcat::bench
