#pragma once
// The focus of a comparison (compare --region, report --region): any unit but Riket, which is
// always shown beside the focus as the national row; and what the units compared with
// (--against) can get wrong.

#include <string>

#include "curated/region_sets.hpp"

namespace kolcat::cli {

// Throws UsageError when `id` is Riket (0000), which cannot be compared with itself.
void require_focus_not_riket(const std::string& id);

// The one-line error for an --against that names nothing known, naming the option.
std::string against_error_text(const curated::UnitListError& error);
// Throws NotFoundError with against_error_text: every command answers a mistyped region set
// or unit with the same exit code (3).
[[noreturn]] void throw_against_error(const curated::UnitListError& error);

}  // namespace kolcat::cli
