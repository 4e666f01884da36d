#include "bench/support/texts.hpp"

#include <fstream>

namespace kolcat::bench {

std::string join_ids(const std::vector<std::string>& ids) {
    std::string joined;
    for (const auto& id : ids) {
        joined += (joined.empty() ? "" : ",") + id;
    }
    return joined;
}

std::string load_average() {
    std::ifstream loadavg("/proc/loadavg");
    std::string one;
    std::string five;
    std::string fifteen;
    loadavg >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

}  // namespace kolcat::bench
