#pragma once
// The focus of a comparison (compare --region, report --region): any unit but Riket, which is
// always shown beside the focus as the national row.

#include <string>

namespace kolcat::cli {

// Throws UsageError when `id` is Riket (0000), which cannot be compared with itself.
void require_focus_not_riket(const std::string& id);

}  // namespace kolcat::cli
