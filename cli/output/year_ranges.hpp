#pragma once

#include <string>
#include <vector>

namespace kolcat::cli {

// "2010-2012, 2015" for {2010, 2011, 2012, 2015}: compact enough to read at a glance.
// The input must be sorted ascending.
std::string compress_years(const std::vector<int>& years);

}  // namespace kolcat::cli
