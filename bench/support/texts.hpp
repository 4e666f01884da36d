#pragma once
// Small texts the benchmarks pass to kolcat or print beside their figures.

#include <string>
#include <vector>

namespace kolcat::bench {

// "a,b,c": a list of ids as kolcat's --kpi and --unit take it.
std::string join_ids(const std::vector<std::string>& ids);

// The 1, 5 and 15 minute load averages ("1.30 1.52 1.70"): how busy the machine was, which
// says how far its wall times can be trusted.
std::string load_average();

}  // namespace kolcat::bench
