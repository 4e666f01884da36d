#include "cli/output/table.hpp"

#include <stdexcept>

namespace kolcat::cli {

Cell cell(const std::optional<double>& number) {
    if (number) {
        return *number;
    }
    return Missing{};
}

Cell cell(const std::optional<std::string>& text) {
    if (text) {
        return *text;
    }
    return Missing{};
}

void Table::add_row(std::vector<Cell> row) {
    if (row.size() != columns.size()) {
        throw std::logic_error("table row has " + std::to_string(row.size()) + " cells for " +
                               std::to_string(columns.size()) + " columns");
    }
    rows.push_back(std::move(row));
}

}  // namespace kolcat::cli
