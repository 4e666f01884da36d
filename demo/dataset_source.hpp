#pragma once
// The demo's dataset as the source of Kolada's answers (kolada_api/data_source.hpp): what the
// demo server answers from, and what the request reader's fuzz target answers from.

#include "demo/dataset.hpp"
#include "kolada_api/data_source.hpp"

namespace kolcat::demo {

class DatasetSource : public kolada_api::DataSource {
  public:
    explicit DatasetSource(const Dataset& dataset) : dataset_(dataset) {}
    const std::vector<catalogue::Kpi>& kpis() const override { return dataset_.kpis; }
    const std::vector<catalogue::Municipality>& municipalities() const override {
        return dataset_.municipalities;
    }
    const std::vector<catalogue::Group>& municipality_groups() const override {
        return dataset_.municipality_groups;
    }
    const std::vector<catalogue::Group>& kpi_groups() const override { return dataset_.kpi_groups; }
    kolada_api::VisitResult visit(const kolada_api::DataQuery& query, std::size_t offset,
                                  std::size_t limit,
                                  const kolada_api::ItemVisitor& visit) const override {
        return dataset_.visit(query, offset, limit, visit);
    }

  private:
    const Dataset& dataset_;
};

}  // namespace kolcat::demo
