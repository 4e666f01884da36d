#include "cli/cell_difference_spill.hpp"

#include <algorithm>
#include <queue>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

#include "cli/cell_difference_record.hpp"

namespace kolcat::cli {
namespace {

// Records are appended in chunks of about this size, not one write each.
constexpr std::size_t write_chunk = 64 * 1024;
// What reading may buffer over all runs together, and the least and most one run reads at a
// time: a full mirror's 2 668 differing segments read 1.5 KB each.
constexpr std::size_t read_budget = 4 * 1024 * 1024;
constexpr std::size_t min_read_chunk = 512;
constexpr std::size_t max_read_chunk = 64 * 1024;

bool sorts_before(const sync::CellDifference& a, const sync::CellDifference& b) {
    return std::tie(a.kpi, a.unit, a.period, a.gender) <
           std::tie(b.kpi, b.unit, b.period, b.gender);
}

// Reads one run's records in order, a chunk of the file at a time.
class RunCursor {
  public:
    RunCursor(const TempFile& file, std::uint64_t offset, std::uint64_t bytes, std::size_t chunk)
        : file_(&file), next_(offset), end_(offset + bytes), chunk_(chunk) {}

    // Reads the next record into current(); false at the end of the run.
    bool advance() {
        if (at_ == buffer_.size() && next_ == end_) {
            return false;
        }
        fill(record_length_bytes);
        const std::size_t length = payload_length(buffer_.data() + at_);
        at_ += record_length_bytes;
        fill(length);
        read_record(std::string_view(buffer_).substr(at_, length), current_);
        at_ += length;
        return true;
    }

    const sync::CellDifference& current() const { return current_; }

  private:
    // Makes at least `need` unread bytes of the run buffered.
    void fill(std::size_t need) {
        const std::size_t buffered = buffer_.size() - at_;
        if (buffered >= need) {
            return;
        }
        const std::uint64_t left = end_ - next_;
        if (need - buffered > left) {
            throw std::runtime_error("a spilled run ends inside a difference");
        }
        buffer_.erase(0, at_);
        at_ = 0;
        const auto more = static_cast<std::size_t>(
            std::min<std::uint64_t>(left, std::max<std::uint64_t>(need - buffered, chunk_)));
        buffer_.resize(buffered + more);
        file_->read(next_, buffer_.data() + buffered, more);
        next_ += more;
    }

    const TempFile* file_;
    std::uint64_t next_;  // the file offset of the first byte not yet buffered
    std::uint64_t end_;
    std::size_t chunk_;
    std::string buffer_;
    std::size_t at_ = 0;  // the first unread byte of buffer_
    sync::CellDifference current_;
};

}  // namespace

CellDifferenceSpill::CellDifferenceSpill(std::filesystem::path folder)
    : folder_(std::move(folder)) {}

void CellDifferenceSpill::add_run(std::vector<sync::CellDifference> differences) {
    if (differences.empty()) {
        return;
    }
    // A run in key order whatever order the caller keeps: the merge relies on it.
    std::stable_sort(differences.begin(), differences.end(), sorts_before);
    if (!file_) {
        file_.emplace(folder_);
    }
    Run run;
    run.offset = file_->size();
    std::string chunk;
    chunk.reserve(write_chunk + 256);
    for (const auto& difference : differences) {
        append_record(difference, chunk);
        if (chunk.size() >= write_chunk) {
            file_->append(chunk);
            chunk.clear();
        }
    }
    file_->append(chunk);
    run.bytes = file_->size() - run.offset;
    runs_.push_back(run);
    size_ += differences.size();
}

void CellDifferenceSpill::for_each(
    const std::function<void(const sync::CellDifference&)>& visit) const {
    if (runs_.empty()) {
        return;
    }
    const std::size_t chunk =
        std::clamp(read_budget / runs_.size(), min_read_chunk, max_read_chunk);
    std::vector<RunCursor> cursors;
    cursors.reserve(runs_.size());
    for (const Run& run : runs_) {
        cursors.emplace_back(*file_, run.offset, run.bytes, chunk);
    }
    // The run whose current difference comes first on top; between equal keys the run added
    // first, so that the merge is stable.
    const auto after = [&cursors](std::size_t a, std::size_t b) {
        const auto& x = cursors[a].current();
        const auto& y = cursors[b].current();
        if (sorts_before(x, y)) {
            return false;
        }
        return sorts_before(y, x) || a > b;
    };
    std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(after)> next(after);
    for (std::size_t i = 0; i < cursors.size(); ++i) {
        if (cursors[i].advance()) {
            next.push(i);
        }
    }
    while (!next.empty()) {
        const std::size_t i = next.top();
        next.pop();
        visit(cursors[i].current());
        if (cursors[i].advance()) {
            next.push(i);
        }
    }
}

}  // namespace kolcat::cli
