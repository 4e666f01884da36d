#include "serve/read_connections.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <optional>
#include <utility>

#include "catalogue/database.hpp"

namespace kolcat::serve {

namespace {

// SQLite calls the progress handler after about this many virtual machine instructions: often
// enough to stop a runaway scan within a few milliseconds, rarely enough to cost nothing.
constexpr int kProgressInstructions = 1000;

struct FileIdentity {
    dev_t device = 0;
    ino_t inode = 0;
    bool operator==(const FileIdentity&) const = default;
};

std::optional<FileIdentity> identity_of(const std::filesystem::path& path) {
    struct stat info{};
    if (::stat(path.c_str(), &info) != 0) {
        return std::nullopt;
    }
    return FileIdentity{info.st_dev, info.st_ino};
}

// No transaction open and no statement stepping: the connection holds no snapshot, so the
// next request reads the newest commit.
bool is_idle(sqlite3* db) {
    if (sqlite3_get_autocommit(db) == 0) {
        return false;
    }
    for (sqlite3_stmt* statement = sqlite3_next_stmt(db, nullptr); statement != nullptr;
         statement = sqlite3_next_stmt(db, statement)) {
        if (sqlite3_stmt_busy(statement) != 0) {
            return false;
        }
    }
    return true;
}

}  // namespace

struct ReadConnections::Slot {
    catalogue::Catalogue catalogue;
    FileIdentity identity;
    std::chrono::steady_clock::time_point deadline;
    bool expired = false;

    Slot(catalogue::Catalogue opened, FileIdentity file)
        : catalogue(std::move(opened)), identity(file) {
        sqlite3_progress_handler(handle(), kProgressInstructions, &Slot::on_progress, this);
    }
    ~Slot() { sqlite3_progress_handler(handle(), 0, nullptr, nullptr); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

    sqlite3* handle() { return catalogue.database().handle(); }

    // Non-zero interrupts the running statement (SQLITE_INTERRUPT).
    static int on_progress(void* self) {
        auto& slot = *static_cast<Slot*>(self);
        if (std::chrono::steady_clock::now() >= slot.deadline) {
            slot.expired = true;
            return 1;
        }
        return 0;
    }
};

ReadConnections::ReadConnections(std::filesystem::path catalogue) : path_(std::move(catalogue)) {
    idle_.reserve(max_idle);
}

ReadConnections::~ReadConnections() = default;

ReadConnections::Lease ReadConnections::lease(std::chrono::steady_clock::time_point deadline) {
    const auto identity = identity_of(path_);
    std::unique_ptr<Slot> slot;
    {
        const std::lock_guard lock(mutex_);
        if (!identity) {
            idle_.clear();  // the file is gone: opening it below says so
        }
        while (!slot && !idle_.empty()) {
            auto candidate = std::move(idle_.back());
            idle_.pop_back();
            if (identity && candidate->identity == *identity) {
                slot = std::move(candidate);
            }
        }
    }
    if (slot) {
        slot->deadline = deadline;
        // A newer kolcat may have migrated the file in place; reopening checks the schema.
        const auto version = slot->catalogue.database().query_int("PRAGMA user_version");
        if (version != slot->catalogue.schema_version()) {
            slot.reset();
        }
    }
    if (!slot) {
        auto opened = catalogue::Catalogue::open(path_, catalogue::OpenMode::read_only);
        slot = std::make_unique<Slot>(std::move(opened), identity.value_or(FileIdentity{}));
    }
    slot->deadline = deadline;
    slot->expired = false;
    return Lease(*this, std::move(slot));
}

std::size_t ReadConnections::idle() const {
    const std::lock_guard lock(mutex_);
    return idle_.size();
}

void ReadConnections::give_back(std::unique_ptr<Slot> slot) noexcept {
    if (!is_idle(slot->handle())) {
        return;  // closed: a connection still inside a snapshot would not see new commits
    }
    const std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle) {
        try {
            idle_.push_back(std::move(slot));
        } catch (const std::bad_alloc&) {
            // closed instead
        }
    }
}

ReadConnections::Lease::Lease(ReadConnections& owner, std::unique_ptr<Slot> slot)
    : owner_(&owner), slot_(std::move(slot)) {}

ReadConnections::Lease::Lease(Lease&& other) noexcept
    : owner_(other.owner_), slot_(std::move(other.slot_)) {}

ReadConnections::Lease::~Lease() {
    if (slot_) {
        owner_->give_back(std::move(slot_));
    }
}

catalogue::Catalogue& ReadConnections::Lease::catalogue() {
    return slot_->catalogue;
}

bool ReadConnections::Lease::expired() const {
    return slot_->expired;
}

void ReadConnections::Lease::throw_time_limit() const {
    throw RequestTimeLimit("the request's time limit passed while the catalogue was read");
}

}  // namespace kolcat::serve
