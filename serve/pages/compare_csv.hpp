#pragma once
// The CSV of a comparison, as `kolcat compare --format csv` writes it. The command line owns
// that format (cli/commands/compare_data.cpp over cli/output/); `kolcat serve` is handed the
// same function, so a downloaded file is byte for byte what the command prints.

#include <functional>
#include <string>
#include <vector>

#include "analysis/compare.hpp"

namespace kolcat::serve {

enum class CsvFlavour {
    rfc4180,  // --format csv
    excel_sv  // --format csv --csv-dialect excel-sv: what Swedish Excel opens correctly
};

using CompareCsvWriter = std::function<std::string(const std::vector<analysis::KpiComparison>&,
                                                   const analysis::CompareRequest&, CsvFlavour)>;

}  // namespace kolcat::serve
