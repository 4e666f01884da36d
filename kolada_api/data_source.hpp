#pragma once
// What a Kolada v3 answer is made from, whoever holds the data: the demo server's in-memory
// dataset (demo/) or a local catalogue (serve/). The request parsing, paging, limits, errors
// and JSON of the answers live once, in kolada_api/; a DataSource only finds items.

#include <array>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/group.hpp"
#include "catalogue/kpi.hpp"
#include "catalogue/municipality.hpp"
#include "catalogue/value.hpp"

namespace kolcat::kolada_api {

// What a data request selects. An empty list means "all". The parser checks the API's rules
// (two of three dimensions, at most 25 ids each); a source answers anything.
struct DataQuery {
    std::vector<std::string> kpis;
    std::vector<std::string> units;  // municipalities, regions, Riket or municipality group ids
    std::vector<int> years;
    std::optional<std::string> from_date;  // "YYYY-MM-DD": only cells changed or deleted since
};

// One gender entry of a data item, as the API sends it.
struct GenderEntry {
    catalogue::Gender gender = catalogue::Gender::T;
    std::optional<double> value;
    std::optional<int> count;  // null in the JSON when unknown
    std::string_view status;
    bool is_deleted = false;  // only meaningful in from_date answers
};

// One data item: a kpi, unit and period with its gender entries in the order T, K, M.
struct DataItem {
    std::string_view kpi;
    std::string_view municipality;
    int period = 0;
    std::array<GenderEntry, 3> entries{};
    int size = 0;  // how many of entries are used
};

struct VisitResult {
    std::size_t visited = 0;  // items passed to the callback
    bool more = false;        // items exist after the last one visited
};

using ItemVisitor = std::function<void(const DataItem&)>;

// The lists and items a Kolada answer is built from. The lists need not be sorted nor
// filtered: the renderer filters by id, title and region type and sorts by id, as Kolada does.
class DataSource {
  public:
    virtual ~DataSource() = default;
    virtual const std::vector<catalogue::Kpi>& kpis() const = 0;
    virtual const std::vector<catalogue::Municipality>& municipalities() const = 0;
    virtual const std::vector<catalogue::Group>& municipality_groups() const = 0;
    virtual const std::vector<catalogue::Group>& kpi_groups() const = 0;
    // Items of a data answer in Kolada's order (kpi, municipality, period; genders T, K, M):
    // skips `offset` items, then calls `visit` for at most `limit` items.
    virtual VisitResult visit(const DataQuery& query, std::size_t offset, std::size_t limit,
                              const ItemVisitor& visit) const = 0;
};

}  // namespace kolcat::kolada_api
