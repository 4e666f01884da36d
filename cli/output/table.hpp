#pragma once
// The one shape every command's output takes before it is rendered: named columns and typed
// cells. Rendering (table, csv, json, markdown) lives in render.hpp, shared by all commands.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kolcat::cli {

// Missing is its own kind: a missing value is shown as missing, never as 0.
struct Missing {
    bool operator==(const Missing&) const = default;
};

using Cell = std::variant<Missing, std::string, double, std::int64_t, bool>;

Cell cell(const std::optional<double>& number);
Cell cell(const std::optional<std::string>& text);

enum class Align { left, right };

struct Column {
    std::string name;  // the CSV header and the JSON key: part of the public interface
    Align align = Align::left;
    // Decimal places in table/markdown output; CSV and JSON always carry full precision.
    std::optional<int> display_decimals;
    // Table output only: a longer text is cut to this display width and ends in "…", or with
    // `wrap` folded at spaces onto further lines, so one long Swedish title does not push the
    // other columns off the screen. CSV, JSON and markdown always carry the whole text.
    std::optional<std::size_t> max_width = {};
    bool wrap = false;
};

struct Table {
    std::vector<Column> columns;
    std::vector<std::vector<Cell>> rows;

    void add_row(std::vector<Cell> row);
};

}  // namespace kolcat::cli
