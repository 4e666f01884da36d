#pragma once
// The server's read-only connections to the catalogue, kept open between requests.
//
// Opening the catalogue costs more than answering most requests (the schema check, the first
// pages read), so each request borrows an open connection and gives it back. A connection in
// autocommit mode reads each statement in a new WAL snapshot, so a request sees everything a
// sync committed before it, with no restart. A borrowed connection carries the request's
// deadline: SQLite's progress handler interrupts any statement that runs past it.
//
//   ReadConnections connections(path);
//   auto lease = connections.lease(std::chrono::steady_clock::now() + std::chrono::seconds(10));
//   lease.catalogue().counts();   // throws RequestTimeLimit past the deadline
//
// A connection goes back only when it is idle (no open transaction, no statement running);
// one whose file was replaced (another inode) or whose schema changed is closed and reopened.

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "catalogue/catalogue.hpp"

namespace kolcat::serve {

// The request's deadline passed while the catalogue was working for it.
class RequestTimeLimit : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class ReadConnections {
    struct Slot;

  public:
    // Connections beyond this many idle ones are closed when given back.
    static constexpr std::size_t max_idle = 16;

    explicit ReadConnections(std::filesystem::path catalogue);
    ~ReadConnections();
    ReadConnections(const ReadConnections&) = delete;
    ReadConnections& operator=(const ReadConnections&) = delete;

    class Lease {
      public:
        Lease(Lease&&) noexcept;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();

        catalogue::Catalogue& catalogue();
        // True once SQLite was interrupted because the deadline passed.
        bool expired() const;
        // Runs fn with the catalogue; a failure caused by the deadline becomes RequestTimeLimit.
        template <typename Fn>
        decltype(auto) run(Fn&& fn) {
            try {
                return std::forward<Fn>(fn)(catalogue());
            } catch (const catalogue::CatalogueError&) {
                if (expired()) {
                    throw_time_limit();
                }
                throw;
            }
        }

      private:
        friend class ReadConnections;
        Lease(ReadConnections& owner, std::unique_ptr<Slot> slot);
        [[noreturn]] void throw_time_limit() const;

        ReadConnections* owner_;
        std::unique_ptr<Slot> slot_;
    };

    // An open connection, with `deadline` armed. Throws CatalogueError when the catalogue
    // cannot be opened (missing, not a catalogue, a newer schema).
    Lease lease(std::chrono::steady_clock::time_point deadline);

    // How many connections wait idle (for tests).
    std::size_t idle() const;

  private:
    void give_back(std::unique_ptr<Slot> slot) noexcept;

    std::filesystem::path path_;
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<Slot>> idle_;
};

}  // namespace kolcat::serve
