#include "sync/kolada/progress.hpp"

namespace kolcat::sync {

EtaEstimator::EtaEstimator(TimePoint start, std::size_t already_done, std::size_t total)
    : start_(start), already_done_(already_done), total_(total) {}

std::optional<double> EtaEstimator::seconds_left(TimePoint now, std::size_t done) const {
    if (done >= total_) {
        return 0.0;
    }
    if (done <= already_done_ || now <= start_) {
        return std::nullopt;
    }
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const auto finished_here = static_cast<double>(done - already_done_);
    const auto remaining = static_cast<double>(total_ - done);
    return elapsed / finished_here * remaining;
}

}  // namespace kolcat::sync
