// Reading values back: streaming them in output order, coverage per unit, counts.
#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "catalogue/catalogue.hpp"
#include "catalogue/catalogue_impl.hpp"

namespace kolcat::catalogue {

namespace {

Gender gender_of(std::int64_t code) {
    if (code < 0 || code > 2) {
        throw CatalogueError("corrupt value in the catalogue: gender code " + std::to_string(code));
    }
    return static_cast<Gender>(code);
}

// Sorted, distinct ids with their keys; ids no value has ever named are left out.
std::vector<std::pair<std::string, std::int64_t>> keys_of(std::vector<std::string> ids,
                                                          KeyInterner& interner) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<std::pair<std::string, std::int64_t>> keyed;
    for (auto& id : ids) {
        if (const auto key = interner.find(id)) {
            keyed.emplace_back(std::move(id), *key);
        }
    }
    return keyed;
}

std::vector<std::pair<std::string, std::int64_t>> all_keys(Database& db, const char* table_sql) {
    std::vector<std::pair<std::string, std::int64_t>> keyed;
    Statement select = db.prepare(table_sql);
    while (select.step()) {
        keyed.emplace_back(select.column_text(0), select.column_int64(1));
    }
    return keyed;
}

}  // namespace

void Catalogue::for_each_value(const ValueQuery& query,
                               const std::function<void(const Value&)>& fn) const {
    Database& db = impl_->db;
    const auto kpis = query.kpis.empty() ? all_keys(db, "SELECT id, key FROM kpi_key ORDER BY id")
                                         : keys_of(query.kpis, impl_->kpi_keys);
    int first_year = query.first_year.value_or(std::numeric_limits<int>::min());
    int last_year = query.last_year.value_or(std::numeric_limits<int>::max());
    if (query.years) {
        // The set's bounds narrow the scan; its gaps are skipped row by row.
        first_year = std::max(first_year, query.years->lowest().value_or(first_year));
        last_year = std::min(last_year, query.years->highest().value_or(last_year));
    }

    Value value;
    auto emit = [&](const Statement& row, int first_column) {
        value.period = row.column_int(first_column);
        if (query.years && !query.years->contains(value.period)) {
            return;
        }
        value.gender = gender_of(row.column_int64(first_column + 1));
        value.value = row.column_optional_double(first_column + 2);
        value.count = row.column_optional_int(first_column + 3);
        value.status = row.column_text(first_column + 4);
        fn(value);
    };

    if (query.units.empty()) {
        // Per kpi, the primary key gives (unit key, period, gender); the sort puts unit ids in
        // order, over one kpi's rows at a time.
        Statement select = db.prepare(
            "SELECT u.id, v.period, v.gender, v.value, v.count, v.status "
            "FROM kpi_value v JOIN unit_key u ON u.key = v.unit "
            "WHERE v.kpi = ?1 AND v.period BETWEEN ?2 AND ?3 "
            "ORDER BY u.id, v.period, v.gender");
        for (const auto& [kpi, kpi_key] : kpis) {
            StatementReset reset(select);
            select.bind(1, kpi_key).bind(2, first_year).bind(3, last_year);
            value.kpi = kpi;
            while (select.step()) {
                value.municipality = select.column_text(0);
                emit(select, 1);
            }
        }
        return;
    }
    // With a unit list, each (kpi, unit) pair is one range of the primary key, already sorted.
    const auto units = keys_of(query.units, impl_->unit_keys);
    Statement select = db.prepare(
        "SELECT period, gender, value, count, status FROM kpi_value "
        "WHERE kpi = ?1 AND unit = ?2 AND period BETWEEN ?3 AND ?4 ORDER BY period, gender");
    for (const auto& [kpi, kpi_key] : kpis) {
        value.kpi = kpi;
        for (const auto& [unit, unit_key] : units) {
            StatementReset reset(select);
            select.bind(1, kpi_key).bind(2, unit_key).bind(3, first_year).bind(4, last_year);
            value.municipality = unit;
            while (select.step()) {
                emit(select, 0);
            }
        }
    }
}

std::vector<UnitCoverage> Catalogue::coverage(const std::string& kpi) const {
    std::vector<UnitCoverage> result;
    const auto key = impl_->kpi_keys.find(kpi);
    if (!key) {
        return result;
    }
    // Only values that hold a number count: a null is Kolada saying there is none.
    Statement select = impl_->db.prepare(
        "SELECT u.id, v.period, v.gender FROM kpi_value v JOIN unit_key u ON u.key = v.unit "
        "WHERE v.kpi = ?1 AND v.value IS NOT NULL ORDER BY u.id, v.period, v.gender");
    select.bind(1, *key);
    while (select.step()) {
        std::string unit = select.column_text(0);
        if (result.empty() || result.back().unit != unit) {
            result.push_back({std::move(unit), {}, {}});
        }
        auto& periods = result.back().periods;
        const int period = select.column_int(1);
        if (periods.empty() || periods.back().period != period) {
            periods.push_back({period, false, false, false});
        }
        switch (gender_of(select.column_int64(2))) {
            case Gender::T:
                periods.back().t = true;
                break;
            case Gender::K:
                periods.back().k = true;
                break;
            case Gender::M:
                periods.back().m = true;
                break;
        }
    }
    for (auto& unit : result) {
        unit.title = unit_title(unit.unit).value_or("");
    }
    return result;
}

void Catalogue::for_each_item_count(
    const std::vector<std::string>& kpis, const std::vector<int>& years,
    const std::function<void(const std::string&, const std::string&, std::int64_t)>& fn) const {
    Database& db = impl_->db;
    std::map<std::int64_t, std::string> unit_ids;
    for (auto& [id, key] : all_keys(db, "SELECT id, key FROM unit_key")) {
        unit_ids.emplace(key, std::move(id));
    }
    if (years.empty()) {
        // Every year: SQLite counts a unit's periods itself, along the primary key, which
        // spares stepping back here for each of the key figure's values.
        Statement count = db.prepare(
            "SELECT unit, count(DISTINCT period) FROM kpi_value WHERE kpi = ?1 GROUP BY unit");
        for (const auto& [kpi, kpi_key] : keys_of(kpis, impl_->kpi_keys)) {
            StatementReset reset(count);
            count.bind(1, kpi_key);
            while (count.step()) {
                if (const auto id = unit_ids.find(count.column_int64(0)); id != unit_ids.end()) {
                    fn(kpi, id->second, count.column_int64(1));
                }
            }
        }
        return;
    }
    const std::set<int> year_set(years.begin(), years.end());
    // The primary key orders a key figure's rows by unit, period and gender: a period's
    // genders are neighbours, so an item is a change of (unit, period).
    Statement select =
        db.prepare("SELECT unit, period FROM kpi_value WHERE kpi = ?1 ORDER BY unit, period");
    for (const auto& [kpi, kpi_key] : keys_of(kpis, impl_->kpi_keys)) {
        StatementReset reset(select);
        select.bind(1, kpi_key);
        std::optional<std::int64_t> unit;
        std::optional<int> period;
        std::int64_t items = 0;
        const auto flush = [&] {
            if (unit && items > 0) {
                if (const auto id = unit_ids.find(*unit); id != unit_ids.end()) {
                    fn(kpi, id->second, items);
                }
            }
        };
        while (select.step()) {
            const std::int64_t row_unit = select.column_int64(0);
            const int row_period = select.column_int(1);
            if (!year_set.empty() && year_set.count(row_period) == 0) {
                continue;
            }
            if (row_unit != unit) {
                flush();
                unit = row_unit;
                period.reset();
                items = 0;
            }
            if (row_period != period) {
                period = row_period;
                ++items;
            }
        }
        flush();
    }
}

CatalogueCounts Catalogue::counts() const {
    Database& db = impl_->db;
    CatalogueCounts counts;
    counts.kpis = db.query_int("SELECT count(*) FROM kpi WHERE retired = 0");
    counts.retired_kpis = db.query_int("SELECT count(*) FROM kpi WHERE retired = 1");
    counts.municipalities = db.query_int("SELECT count(*) FROM municipality");
    counts.municipality_groups = db.query_int("SELECT count(*) FROM municipality_group");
    counts.kpi_groups = db.query_int("SELECT count(*) FROM kpi_group");
    // The value counts are kept with the values (schema step 8): a few thousand rows to read.
    counts.values = db.query_int("SELECT coalesce(sum(n), 0) FROM value_count_by_kpi");
    counts.kpis_with_values = db.query_int("SELECT count(*) FROM value_count_by_kpi WHERE n > 0");
    counts.units_with_values = db.query_int("SELECT count(*) FROM value_count_by_unit WHERE n > 0");
    Statement periods =
        db.prepare("SELECT min(period), max(period) FROM value_count_by_period WHERE n > 0");
    periods.step();
    counts.first_period = periods.column_optional_int(0);
    counts.last_period = periods.column_optional_int(1);
    return counts;
}

}  // namespace kolcat::catalogue
