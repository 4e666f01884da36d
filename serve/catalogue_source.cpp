#include "serve/catalogue_source.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "kolada_api/calendar.hpp"

namespace kolcat::serve {

namespace {

using kolada_api::DataItem;
using kolada_api::VisitResult;

// Thrown from inside the catalogue's scan once the page is full and one more item was seen.
struct PageFull {};

bool is_group_id(std::string_view id) {
    return !id.empty() && id.front() == 'G';
}

// Collects the scan's gender rows into items and decides which ones the page shows.
class ItemCollector {
  public:
    ItemCollector(std::size_t offset, std::size_t limit, const kolada_api::ItemVisitor& visit)
        : offset_(offset), limit_(limit), visit_(visit) {}

    void add(const catalogue::Value& value) {
        if (item_.size > 0 &&
            (value.kpi != kpi_ || value.municipality != unit_ || value.period != item_.period)) {
            flush();
        }
        if (item_.size == 0) {
            kpi_ = value.kpi;
            unit_ = value.municipality;
            item_.period = value.period;
        }
        if (item_.size == 3) {
            return;  // the primary key allows one row per gender
        }
        status_[static_cast<std::size_t>(item_.size)] = value.status;
        auto& entry = item_.entries[static_cast<std::size_t>(item_.size++)];
        entry.gender = value.gender;
        entry.value = value.value;
        entry.count = value.count;
        entry.is_deleted = value.is_deleted;
    }

    // Offers the item being collected; throws PageFull when it proves a next page.
    void flush() {
        if (item_.size == 0) {
            return;
        }
        if (seen_ >= offset_ && result_.visited >= limit_) {
            result_.more = true;
            throw PageFull{};
        }
        if (seen_ >= offset_) {
            item_.kpi = kpi_;
            item_.municipality = unit_;
            for (std::size_t i = 0; i < static_cast<std::size_t>(item_.size); ++i) {
                item_.entries[i].status = status_[i];
            }
            visit_(item_);
            ++result_.visited;
        }
        ++seen_;
        item_.size = 0;
    }

    kolada_api::VisitResult result() const { return result_; }

  private:
    std::size_t offset_;
    std::size_t limit_;
    const kolada_api::ItemVisitor& visit_;
    std::size_t seen_ = 0;
    kolada_api::VisitResult result_;
    kolada_api::DataItem item_;
    std::string kpi_;
    std::string unit_;
    std::string status_[3];
};

}  // namespace

std::int64_t from_date_seconds(const std::string& from_date) {
    const auto day = kolada_api::parse_iso_date(from_date);
    if (!day) {
        throw std::invalid_argument("not a date: " + from_date);
    }
    return static_cast<std::int64_t>(*day) * 86400;
}

CatalogueSource::CatalogueSource(const catalogue::Catalogue& catalogue,
                                 std::vector<std::string> only_ids)
    : catalogue_(catalogue), only_ids_(std::move(only_ids)) {
    // A list item appears once however often the request names it.
    std::sort(only_ids_.begin(), only_ids_.end());
    only_ids_.erase(std::unique(only_ids_.begin(), only_ids_.end()), only_ids_.end());
}

const std::vector<catalogue::Kpi>& CatalogueSource::kpis() const {
    if (!kpis_) {
        if (only_ids_.empty()) {
            kpis_ = catalogue_.present_kpis();
        } else {
            kpis_.emplace();
            for (const auto& id : only_ids_) {
                if (auto kpi = catalogue_.kpi(id); kpi && !catalogue_.kpi_is_retired(id)) {
                    kpis_->push_back(std::move(*kpi));
                }
            }
        }
    }
    return *kpis_;
}

const std::vector<catalogue::Municipality>& CatalogueSource::municipalities() const {
    if (!municipalities_) {
        if (only_ids_.empty()) {
            municipalities_ = catalogue_.all_municipalities();
        } else {
            municipalities_.emplace();
            for (const auto& id : only_ids_) {
                if (auto municipality = catalogue_.municipality(id)) {
                    municipalities_->push_back(std::move(*municipality));
                }
            }
        }
    }
    return *municipalities_;
}

std::vector<catalogue::Group> CatalogueSource::groups(catalogue::GroupKind kind) const {
    if (only_ids_.empty()) {
        return catalogue_.all_groups(kind);
    }
    std::vector<catalogue::Group> groups;
    for (const auto& id : only_ids_) {
        if (auto group = catalogue_.group(kind, id)) {
            groups.push_back(std::move(*group));
        }
    }
    return groups;
}

const std::vector<catalogue::Group>& CatalogueSource::municipality_groups() const {
    if (!municipality_groups_) {
        municipality_groups_ = groups(catalogue::GroupKind::municipality_group);
    }
    return *municipality_groups_;
}

const std::vector<catalogue::Group>& CatalogueSource::kpi_groups() const {
    if (!kpi_groups_) {
        kpi_groups_ = groups(catalogue::GroupKind::kpi_group);
    }
    return *kpi_groups_;
}

kolada_api::VisitResult CatalogueSource::visit(const kolada_api::DataQuery& query,
                                               std::size_t offset, std::size_t limit,
                                               const kolada_api::ItemVisitor& visit) const {
    catalogue::ValueQuery values;
    values.kpis = query.kpis;
    values.units = query.units;
    std::vector<int> years = query.years;
    std::sort(years.begin(), years.end());
    if (!years.empty()) {
        values.first_year = years.front();
        values.last_year = years.back();
    }
    // Without a unit list Kolada answers for its units; group values exist only when asked
    // for. Kolada's change feed (from_date) holds no group cell at all: it reports what it
    // stores, the members' cells, and a client fetches groups whole.
    const bool skip_groups = query.units.empty() || query.from_date.has_value();
    ItemCollector collector(offset, limit, visit);
    const auto add = [&](const catalogue::Value& value) {
        if (skip_groups && is_group_id(value.municipality)) {
            return;
        }
        if (!years.empty() && !std::binary_search(years.begin(), years.end(), value.period)) {
            return;
        }
        collector.add(value);
    };
    try {
        if (query.from_date) {
            catalogue_.for_each_change(values, from_date_seconds(*query.from_date), add);
        } else {
            catalogue_.for_each_value(values, add);
        }
        collector.flush();
    } catch (const PageFull&) {
    }
    return collector.result();
}

}  // namespace kolcat::serve
