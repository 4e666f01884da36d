#pragma once
// Helpers for the hardening tests: a scratch folder, the real `kolcat` binary run as a child
// process (kolcat_process.hpp), a small fake-Kolada dataset, and a dump of a catalogue's
// contents to compare before and after.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "demo/dataset.hpp"
#include "demo/generate_dataset.hpp"
#include "tests/support/kolcat_process.hpp"
#include "tests/support/temp_folder.hpp"

extern char** environ;

namespace kolcat::hardening {

using ScratchDir = testing::TempFolder;

using testing::Child;
using testing::describe;
using testing::kolcat_binary;
using testing::ProcessResult;
using testing::read_text_file;
using testing::run_kolcat;
using testing::SpawnOptions;

// The number of lines in a text (a last line without '\n' counts).
inline std::size_t line_count(std::string_view text) {
    std::size_t lines = 0;
    for (const char c : text) {
        lines += c == '\n' ? 1 : 0;
    }
    return lines + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

// A generated dataset (see generate_dataset.hpp) and its key figure and unit ids.
struct SmallDataset {
    demo::Dataset dataset;
    std::vector<std::string> kpis;
    std::vector<std::string> units;
};

inline SmallDataset small_dataset(int kpis, int units, int years, std::uint64_t seed = 7) {
    SmallDataset small{demo::generate_dataset(kpis, units, years, seed), {}, {}};
    for (const auto& kpi : small.dataset.kpis) {
        small.kpis.push_back(kpi.id);
    }
    for (const auto& unit : small.dataset.municipalities) {
        small.units.push_back(unit.id);
    }
    return small;
}

inline std::string join_ids(const std::vector<std::string>& ids) {
    std::string text;
    for (const auto& id : ids) {
        text += (text.empty() ? "" : ",") + id;
    }
    return text;
}

// --- a catalogue's contents, for before/after comparisons ---

struct SqliteCloser {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
    void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;
using SqliteStatement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// A separate connection to a catalogue file, that only reads. It opens the file read-write
// (never creating it) so that it can recover the WAL of a killed writer, as kolcat would.
class RawCatalogue {
  public:
    explicit RawCatalogue(const std::filesystem::path& path) {
        sqlite3* raw = nullptr;
        const int result = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
        db_.reset(raw);
        if (result != SQLITE_OK) {
            throw std::runtime_error("cannot open " + path.string());
        }
        sqlite3_busy_timeout(raw, 10000);
    }

    // Every row of a query, columns quoted SQL-style and comma-separated, one row per line.
    std::string rows(const std::string& sql) const {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string("cannot prepare: ") + sqlite3_errmsg(db_.get()));
        }
        SqliteStatement statement(raw);
        std::string text;
        int result = SQLITE_ROW;
        while ((result = sqlite3_step(raw)) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(raw); ++i) {
                const auto* value = sqlite3_column_text(raw, i);
                text += i == 0 ? "" : ",";
                text += value == nullptr
                            ? "NULL"
                            : std::string(reinterpret_cast<const char*>(value),
                                          static_cast<std::size_t>(sqlite3_column_bytes(raw, i)));
            }
            text += '\n';
        }
        if (result != SQLITE_DONE) {
            throw std::runtime_error(std::string("query failed: ") + sqlite3_errmsg(db_.get()));
        }
        return text;
    }

    std::string integrity_check() const { return rows("PRAGMA integrity_check"); }

    // Everything a sync stores as data (metadata, values, their keys, the synced dates, the
    // curated set and the settings), but not the record of the runs and of the last failure,
    // which a failed sync legitimately adds to. The FTS index's internal tables are left out: its
    // content is the kpi table's.
    std::string contents() const {
        const std::string tables = rows(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'kpi_fts%' AND name NOT IN ('sync_run', 'sync_segment', "
            "'sync_missing_id') ORDER BY name");
        std::string dump;
        std::istringstream names(tables);
        for (std::string name; std::getline(names, name);) {
            const std::string filter = name == "meta" ? " WHERE key <> 'last_sync_failure'" : "";
            dump +=
                "== " + name + "\n" + sorted_lines(rows("SELECT * FROM \"" + name + "\"" + filter));
        }
        return dump;
    }

    // What a user of the catalogue sees, independent of internal numbering: every value with
    // its ids (the integer keys depend on the order ids were first met), the metadata, the
    // curated set and the synced dates. Not the settings (they hold the sync's time) nor the
    // record of the runs.
    std::string logical_contents() const {
        std::string dump =
            "== values\n" + rows(
                                "SELECT k.id, u.id, v.period, v.gender, quote(v.value), v.count, "
                                "v.status FROM kpi_value v JOIN kpi_key k ON k.key = v.kpi "
                                "JOIN unit_key u ON u.key = v.unit ORDER BY 1, 2, 3, 4");
        dump += "== synced_pair\n" +
                sorted_lines(rows("SELECT k.id, u.id, s.synced_on FROM synced_pair s JOIN kpi_key "
                                  "k ON k.key = s.kpi JOIN unit_key u ON u.key = s.unit"));
        const std::string tables = rows(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'kpi_fts%' AND name NOT IN ('sync_run', 'sync_segment', "
            "'sync_missing_id', 'meta', 'kpi_value', 'kpi_key', 'unit_key', 'synced_block') "
            "ORDER BY name");
        std::istringstream names(tables);
        for (std::string name; std::getline(names, name);) {
            dump += "== " + name + "\n" + sorted_lines(rows("SELECT * FROM \"" + name + "\""));
        }
        return dump;
    }

    std::int64_t count(const std::string& table) const {
        return std::stoll(rows("SELECT count(*) FROM \"" + table + "\""));
    }

  private:
    static std::string sorted_lines(const std::string& text) {
        std::vector<std::string> lines;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) {
            lines.push_back(line);
        }
        std::sort(lines.begin(), lines.end());
        std::string out;
        for (const auto& line : lines) {
            out += line + "\n";
        }
        return out;
    }

    SqliteHandle db_;
};

}  // namespace kolcat::hardening
