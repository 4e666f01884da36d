#pragma once
// Helpers for the catalogue's unit tests: a temporary catalogue file and small builders.

#include <atomic>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "catalogue/migrations.hpp"

namespace kolcat::test {

// A unique path in the temporary directory; the file and its WAL companions are removed at the
// end of the scope.
class TempCatalogueFile {
  public:
    TempCatalogueFile() {
        static std::atomic<int> counter{0};
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() /
                ("kolcat-catalogue-test-" + std::to_string(random()) + "-" +
                 std::to_string(counter++) + ".sqlite");
    }
    ~TempCatalogueFile() {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            std::filesystem::remove(path_.string() + suffix, ignored);
        }
    }
    TempCatalogueFile(const TempCatalogueFile&) = delete;
    TempCatalogueFile& operator=(const TempCatalogueFile&) = delete;

    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

inline catalogue::Kpi make_kpi(const std::string& id, const std::string& title,
                               const std::string& description = "") {
    catalogue::Kpi kpi;
    kpi.id = id;
    kpi.title = title;
    kpi.description = description;
    kpi.municipality_type = "A";
    kpi.raw_json = R"({"id":")" + id + R"("})";
    return kpi;
}

// The tests' one Value maker. `count` is how many group members had a value (1 by default;
// none for the analyses' fixtures, as for a single unit).
inline catalogue::Value make_value(const std::string& kpi, const std::string& unit, int period,
                                   catalogue::Gender gender, std::optional<double> number,
                                   std::optional<int> count = 1) {
    catalogue::Value value;
    value.kpi = kpi;
    value.municipality = unit;
    value.period = period;
    value.gender = gender;
    value.value = number;
    value.count = count;
    return value;
}

inline catalogue::Value make_deletion(const std::string& kpi, const std::string& unit, int period,
                                      catalogue::Gender gender) {
    catalogue::Value value = make_value(kpi, unit, period, gender, std::nullopt);
    value.is_deleted = true;
    return value;
}

// A run with one segment per (kpis, units, years, from_date) given.
inline catalogue::SyncRun make_run(const std::vector<catalogue::SyncSegment>& segments,
                                   bool full = false,
                                   const std::string& started_at = "2026-11-20T08:00:00Z") {
    catalogue::SyncRun run;
    run.started_at = started_at;
    run.api_url = "http://127.0.0.1:1/v3";
    run.full = full;
    run.segments = segments;
    for (const auto& segment : segments) {
        run.scope.kpis.insert(run.scope.kpis.end(), segment.kpis.begin(), segment.kpis.end());
        run.scope.units.insert(run.scope.units.end(), segment.units.begin(), segment.units.end());
    }
    return run;
}

inline catalogue::SyncSegment make_segment(int seq, std::vector<std::string> kpis,
                                           std::vector<std::string> units,
                                           std::vector<int> years = {},
                                           std::optional<std::string> from_date = std::nullopt) {
    catalogue::SyncSegment segment;
    segment.seq = seq;
    segment.kpis = std::move(kpis);
    segment.units = std::move(units);
    segment.years = std::move(years);
    segment.from_date = std::move(from_date);
    return segment;
}

// Writes values through a one-segment incremental run that finishes, the way a sync does.
inline void store_values(catalogue::Catalogue& catalogue,
                         const std::vector<catalogue::Value>& values) {
    catalogue::SyncRun run = catalogue.begin_run(
        make_run({make_segment(0, {}, {}, {}, std::optional<std::string>("2026-01-01"))}));
    catalogue.commit_page(run.id, 0, values, std::nullopt, 1);
    catalogue.finish_run(run.id, catalogue::RunStatus::finished, "2026-11-20T08:01:00Z", {},
                         std::nullopt, 1);
}

// A catalogue file as a kolcat of schema `version` left it: the migrations up to that version,
// then `sql` (the rows an upgrade must keep).
inline void create_catalogue_at_schema(const std::filesystem::path& path, int version,
                                       const std::string& sql) {
    catalogue::Database db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    for (const catalogue::Migration& step : catalogue::migrations()) {
        if (step.version > version) {
            break;
        }
        db.exec(step.sql);
        db.exec("PRAGMA user_version = " + std::to_string(step.version));
    }
    db.exec(sql);
}

// Every stored value, in the catalogue's output order.
inline std::vector<catalogue::Value> all_values(const catalogue::Catalogue& catalogue,
                                                const catalogue::ValueQuery& query = {}) {
    std::vector<catalogue::Value> values;
    catalogue.for_each_value(query,
                             [&](const catalogue::Value& value) { values.push_back(value); });
    return values;
}

}  // namespace kolcat::test
