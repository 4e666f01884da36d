#pragma once
// The differences `kolcat verify` found, kept on disk until they are written: each segment's
// differences are one run of a TempFile, sorted, and reading merges the runs. A full mirror can
// differ in half a million cells (about 300 bytes each in memory); this holds one buffered
// difference per run instead, so verify's memory does not grow with the differences.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "cli/temp_file.hpp"
#include "sync/kolada/verify.hpp"

namespace kolcat::cli {

class CellDifferenceSpill {
  public:
    // The file is created in `folder` with the first difference: a verify that finds none
    // needs no temporary file.
    explicit CellDifferenceSpill(std::filesystem::path folder);

    // Adds one segment's differences as one run. Throws OutputError when the file cannot be
    // created or written.
    void add_run(std::vector<sync::CellDifference> differences);

    // The differences added so far.
    std::size_t size() const { return size_; }

    // Visits every difference sorted by kpi, unit, period and gender, as `kolcat values` sorts
    // (a group's row after its members'); those with equal keys in the order they were added,
    // as a stable sort of all of them would leave them. May be called again (a table is measured
    // in a first pass). Throws OutputError when the file cannot be read.
    void for_each(const std::function<void(const sync::CellDifference&)>& visit) const;

  private:
    struct Run {
        std::uint64_t offset = 0;
        std::uint64_t bytes = 0;
    };

    std::filesystem::path folder_;
    std::optional<TempFile> file_;
    std::vector<Run> runs_;
    std::size_t size_ = 0;
};

}  // namespace kolcat::cli
