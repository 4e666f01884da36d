#include "analysis/compare.hpp"

#include <QCollator>
#include <QLocale>
#include <QString>
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "analysis/county_sum.hpp"
#include "catalogue/database.hpp"
#include "catalogue/unit_mapping.hpp"

namespace kolcat::analysis {

namespace {

using Series = ValueSeries;                        // period -> values
using StatusSeries = std::map<int, GenderStatus>;  // period -> statuses that are not empty

// One unit as the user named it, and its role.
struct NamedUnit {
    std::string id;
    bool is_focus = false;
    bool is_reference = false;
};

std::vector<NamedUnit> named_units(const catalogue::Catalogue& catalogue,
                                   const CompareRequest& request) {
    std::vector<NamedUnit> units;
    auto add = [&](const std::string& id, bool focus, bool reference) {
        const bool seen = std::any_of(units.begin(), units.end(),
                                      [&](const NamedUnit& unit) { return unit.id == id; });
        if (!seen && id != catalogue::kRiketId) {
            units.push_back({id, focus, reference});
        }
    };
    if (request.within) {
        add(*request.within, true, true);
        for (const auto& municipality : municipalities_of_county(catalogue, *request.within)) {
            add(municipality, false, false);
        }
        return units;
    }
    add(request.focus, true, false);
    for (const auto& id : request.against) {
        add(id, false, false);
    }
    return units;
}

// Titles of units, looked up once per command rather than once per key figure.
class UnitTitles {
  public:
    explicit UnitTitles(const catalogue::Catalogue& catalogue) : catalogue_(catalogue) {}

    // sum: the county group's row is its municipalities' sum (a count), not Kolada's mean.
    std::string title(const catalogue::MappedUnit& unit, bool sum = false) {
        if (unit.is_county_group) {
            if (const catalogue::County* county = catalogue::county_of_group(unit.data_unit)) {
                return std::string(county->name) + ": " +
                       std::string(sum ? kCountySumLabel : catalogue::kCountyGroupLabel);
            }
        }
        return lookup(unit.data_unit);
    }
    std::string lookup(const std::string& id) {
        auto found = titles_.find(id);
        if (found == titles_.end()) {
            found = titles_.emplace(id, catalogue_.unit_title(id).value_or("")).first;
        }
        return found->second;
    }

  private:
    const catalogue::Catalogue& catalogue_;
    std::map<std::string, std::string> titles_;
};

// Reads one key figure's non-null values for the given units, every year, and the statuses
// Kolada gave (null values with a status included).
class ValueReader {
  public:
    explicit ValueReader(catalogue::Database& db)
        : select_(db.prepare("SELECT u.id, v.period, v.gender, v.value, v.status "
                             "FROM kpi_value v JOIN unit_key u ON u.key = v.unit "
                             "WHERE v.kpi = (SELECT key FROM kpi_key WHERE id = ?1) "
                             "AND v.unit IN (SELECT key FROM unit_key "
                             "               WHERE id IN (SELECT value FROM json_each(?2))) "
                             "AND (v.value IS NOT NULL OR v.status <> '')")) {}

    std::map<std::string, Series> read(const std::string& kpi,
                                       const std::vector<std::string>& units,
                                       std::map<std::string, StatusSeries>& statuses) {
        std::map<std::string, Series> series;
        catalogue::StatementReset reset(select_);
        select_.bind(1, kpi).bind(2, nlohmann::json(units).dump());
        while (select_.step()) {
            const std::string unit = select_.column_text(0);
            const int period = select_.column_int(1);
            const int gender = select_.column_int(2);
            if (std::string status = select_.column_text(4); !status.empty()) {
                GenderStatus& texts = statuses[unit][period];
                (gender == 0 ? texts.t : gender == 1 ? texts.k : texts.m) = std::move(status);
            }
            if (select_.column_optional_double(3) == std::nullopt) {
                continue;  // a status without a value
            }
            GenderValues& values = series[unit][period];
            const double value = select_.column_double(3);
            switch (gender) {
                case 0:
                    values.t = value;
                    break;
                case 1:
                    values.k = value;
                    break;
                case 2:
                    values.m = value;
                    break;
                default:
                    throw catalogue::CatalogueError("corrupt value in the catalogue: gender code " +
                                                    std::to_string(gender));
            }
        }
        return series;
    }

  private:
    catalogue::Statement select_;
};

std::vector<int> periods_with_values(const Series& series) {
    std::vector<int> periods;
    for (const auto& [period, values] : series) {
        if (values.any()) {
            periods.push_back(period);
        }
    }
    return periods;
}

// Year by year, how many ranked units (all but the --within reference) have a T value.
YearCoverage year_coverage(const std::map<std::string, Series>& data,
                           const std::vector<std::pair<NamedUnit, catalogue::MappedUnit>>& units) {
    YearCoverage coverage;
    for (const auto& [unit, mapped] : units) {
        if (unit.is_reference) {
            continue;
        }
        ++coverage.units_compared;
        const auto series = data.find(mapped.data_unit);
        if (series == data.end()) {
            continue;
        }
        for (const auto& [period, values] : series->second) {
            if (values.t) {
                ++coverage.units_with_t[period];
            }
        }
    }
    return coverage;
}

GenderValues values_in(const std::map<std::string, Series>& data, const std::string& unit,
                       const std::optional<int>& period) {
    if (!period) {
        return {};
    }
    const auto series = data.find(unit);
    if (series == data.end()) {
        return {};
    }
    const auto values = series->second.find(*period);
    return values == series->second.end() ? GenderValues{} : values->second;
}

GenderStatus status_in(const std::map<std::string, StatusSeries>& statuses, const std::string& unit,
                       const std::optional<int>& period) {
    const auto series = statuses.find(unit);
    if (!period || series == statuses.end()) {
        return {};
    }
    const auto status = series->second.find(*period);
    return status == series->second.end() ? GenderStatus{} : status->second;
}

std::optional<Change> trend_of(const std::map<std::string, Series>& data, const std::string& unit,
                               const std::optional<int>& period,
                               const std::optional<int>& trend_years) {
    if (!period || !trend_years) {
        return std::nullopt;
    }
    const auto series = data.find(unit);
    return series == data.end() ? std::nullopt : change_over(series->second, *period, *trend_years);
}

// A county sum's row: its members, and why it is missing where it is. A member never synced
// makes the sum unknown, not missing at Kolada.
void describe_sum(UnitComparison& row, const std::vector<std::string>& members,
                  const std::map<std::string, Series>& data,
                  const std::set<std::string>& never_synced, const std::optional<int>& period) {
    row.sum_members = members;
    std::vector<std::string> synced_members;
    for (const auto& member : members) {
        (never_synced.count(member) != 0 ? row.sum_not_synced : synced_members).push_back(member);
    }
    row.synced = row.sum_not_synced.empty();
    if (period) {
        MissingMembers missing = members_missing(synced_members, data, *period);
        row.sum_missing_t = std::move(missing.t);
        row.sum_missing_k = std::move(missing.k);
        row.sum_missing_m = std::move(missing.m);
    }
}

// Ranked units by rank, then those without a rank; each by title in Swedish order (å ä ö
// after z). The --within reference comes first of all.
void sort_units(std::vector<UnitComparison>& units) {
    QCollator collator{QLocale(QLocale::Swedish, QLocale::Sweden)};
    collator.setNumericMode(true);
    std::stable_sort(units.begin(), units.end(),
                     [&](const UnitComparison& a, const UnitComparison& b) {
                         if (a.is_reference != b.is_reference) {
                             return a.is_reference;
                         }
                         if (a.rank.has_value() != b.rank.has_value()) {
                             return a.rank.has_value();
                         }
                         if (a.rank && *a.rank != *b.rank) {
                             return *a.rank < *b.rank;
                         }
                         return collator.compare(QString::fromStdString(a.title),
                                                 QString::fromStdString(b.title)) < 0;
                     });
}

KpiComparison compare_one(catalogue::Catalogue& catalogue, const CompareKpi& kpi,
                          const std::vector<NamedUnit>& named, const CompareRequest& request,
                          ValueReader& reader, UnitTitles& titles) {
    KpiComparison result;
    result.kpi = kpi.id;
    result.direction = kpi.direction;
    result.curated = kpi.curated;
    result.has_reference = request.within.has_value();
    result.has_trend = request.trend_years.has_value();
    if (const auto metadata = catalogue.kpi(kpi.id)) {
        result.title = metadata->title;
        result.municipality_type = metadata->municipality_type;
    }

    // Map every named unit to the unit holding its values; two names of one unit count once.
    std::vector<std::pair<NamedUnit, catalogue::MappedUnit>> units;
    std::vector<std::string> data_units{std::string(catalogue::kRiketId)};
    for (const NamedUnit& unit : named) {
        catalogue::MappedUnit mapped =
            catalogue::map_unit_for_kpi(result.municipality_type, unit.id);
        if (std::find(data_units.begin(), data_units.end(), mapped.data_unit) != data_units.end()) {
            continue;
        }
        data_units.push_back(mapped.data_unit);
        result.uses_county_groups = result.uses_county_groups || mapped.is_county_group;
        units.emplace_back(unit, std::move(mapped));
    }
    // A count: each county group standing for a county is its municipalities' sum, so their
    // values are read too.
    result.sums_counties =
        result.uses_county_groups && is_county_count(result.municipality_type, result.title);
    std::map<std::string, std::vector<std::string>> sum_members;  // county group -> members
    std::vector<std::string> read_units = data_units;
    if (result.sums_counties) {
        for (const auto& [unit, mapped] : units) {
            if (mapped.is_county_group) {
                auto members = county_sum_members(catalogue, mapped.data_unit);
                read_units.insert(read_units.end(), members.begin(), members.end());
                sum_members.emplace(mapped.data_unit, std::move(members));
            }
        }
    }
    std::map<std::string, StatusSeries> statuses;
    auto data = reader.read(kpi.id, read_units, statuses);
    // Pairs never fetched are unknown, which the output must not present as "no value".
    std::set<std::string> never_synced;
    for (const auto& [never_kpi, unit] : catalogue.never_synced_pairs({kpi.id}, read_units)) {
        never_synced.insert(unit);
    }
    for (const auto& [group, members] : sum_members) {
        data[group] = county_sums(members, data);
        statuses.erase(group);  // Kolada's statuses belong to its mean, not to this sum
    }

    std::string focus_unit;
    for (const auto& [unit, mapped] : units) {
        if (unit.is_focus) {
            focus_unit = mapped.data_unit;
        }
    }
    std::vector<int> focus_periods;
    std::vector<int> other_periods;
    for (const auto& [unit, series] : data) {
        if (std::find(data_units.begin(), data_units.end(), unit) == data_units.end()) {
            continue;  // a municipality read only for a county's sum
        }
        const auto periods = periods_with_values(series);
        auto& into = unit == focus_unit ? focus_periods : other_periods;
        into.insert(into.end(), periods.begin(), periods.end());
    }
    const YearCoverage coverage = year_coverage(data, units);
    result.common_period = latest_common_year(coverage);
    result.period =
        choose_period(request.years, request.common_year, focus_periods, other_periods, coverage);
    const auto& period = result.period.period;

    const std::string riket(catalogue::kRiketId);
    result.national.id = riket;
    result.national.title = titles.lookup(riket);
    if (result.national.title.empty()) {
        result.national.title = "Riket";
    }
    result.national.values = values_in(data, riket, period);
    result.national.status = status_in(statuses, riket, period);
    result.national.synced = never_synced.count(riket) == 0;
    result.national.gap = sex_gap(result.national.values);
    result.national.ratio = sex_ratio(result.national.values);
    result.national.trend = trend_of(data, riket, period, request.trend_years);

    std::optional<double> reference_t;
    for (const auto& [unit, mapped] : units) {
        UnitComparison row;
        row.id = mapped.data_unit;
        row.requested = mapped.requested;
        row.title = titles.title(mapped, result.sums_counties);
        row.is_focus = unit.is_focus;
        row.is_reference = unit.is_reference;
        row.is_county_group = mapped.is_county_group;
        row.values = values_in(data, mapped.data_unit, period);
        row.status = status_in(statuses, mapped.data_unit, period);
        row.synced = never_synced.count(mapped.data_unit) == 0;
        row.gap = sex_gap(row.values);
        row.ratio = sex_ratio(row.values);
        row.difference_from_national = difference(row.values.t, result.national.values.t);
        row.trend = trend_of(data, mapped.data_unit, period, request.trend_years);
        if (mapped.is_county_group) {
            row.aggregate =
                result.sums_counties ? CountyAggregate::county_sum : CountyAggregate::county_mean;
        }
        if (const auto members = sum_members.find(mapped.data_unit); members != sum_members.end()) {
            describe_sum(row, members->second, data, never_synced, period);
        }
        if (row.is_reference) {
            reference_t = row.values.t;
        }
        result.units.push_back(std::move(row));
    }

    std::vector<std::optional<double>> ranked_values;
    for (const auto& row : result.units) {
        if (!row.is_reference) {
            ranked_values.push_back(row.values.t);
        }
    }
    const auto ranks = competition_ranks(ranked_values, kpi.direction);
    std::size_t next_rank = 0;
    for (auto& row : result.units) {
        if (request.within) {
            row.difference_from_reference = difference(row.values.t, reference_t);
        }
        if (row.is_reference) {
            continue;
        }
        row.rank = ranks[next_rank++];
        ++result.units_ranked;
        result.units_with_data += row.values.t ? 1 : 0;
    }
    sort_units(result.units);
    return result;
}

}  // namespace

std::string_view to_string(CountyAggregate aggregate) {
    switch (aggregate) {
        case CountyAggregate::county_mean:
            return "county_mean";
        case CountyAggregate::county_sum:
            return "county_sum";
        case CountyAggregate::none:
            break;
    }
    return "";
}

std::vector<std::string> municipalities_of_county(const catalogue::Catalogue& catalogue,
                                                  const std::string& region) {
    std::vector<std::string> ids;
    const catalogue::County* county = catalogue::county_of_region(region);
    if (county == nullptr) {
        return ids;
    }
    const std::string code(county->region.substr(2));
    for (const auto& municipality : catalogue.all_municipalities()) {
        if (municipality.type == "K" &&
            catalogue::county_code_of_municipality(municipality.id) == code) {
            ids.push_back(municipality.id);
        }
    }
    if (ids.empty()) {
        if (const auto group = catalogue.group(catalogue::GroupKind::municipality_group,
                                               std::string(county->group))) {
            for (const auto& member : group->members) {
                ids.push_back(member.id);
            }
        }
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::vector<KpiComparison> compare(catalogue::Catalogue& catalogue, const CompareRequest& request) {
    const auto named = named_units(catalogue, request);
    ValueReader reader(catalogue.database());
    UnitTitles titles(catalogue);
    std::vector<KpiComparison> results;
    results.reserve(request.kpis.size());
    for (const auto& kpi : request.kpis) {
        results.push_back(compare_one(catalogue, kpi, named, request, reader, titles));
    }
    return results;
}

}  // namespace kolcat::analysis
