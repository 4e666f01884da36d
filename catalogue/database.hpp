#pragma once
// Thin RAII wrappers over the SQLite C API: a connection, a prepared statement and a transaction
// guard. Every failure throws CatalogueError carrying SQLite's own message and what we were doing.

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "catalogue/catalogue.hpp"

namespace kolcat::catalogue {

class Statement;
class StatementPool;

// One connection to one SQLite file.
class Database {
  public:
    // flags: SQLITE_OPEN_READONLY or SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, ...
    // Waits up to busy_timeout for another process's lock instead of failing at once.
    Database(const std::filesystem::path& path, int flags,
             std::chrono::milliseconds busy_timeout = std::chrono::seconds(10));

    const std::filesystem::path& path() const { return path_; }
    sqlite3* handle() const { return db_.get(); }

    // Runs one or more statements that take no parameters (schema, PRAGMAs).
    void exec(const std::string& sql);
    // A statement ready to bind and step. A statement of the same text that an earlier
    // prepare handed out and that is no longer in use is reused (reset, parameters cleared):
    // a sync prepares the same few statements for every page it stores, and compiling them
    // again took as long as a fifth of storing the values.
    Statement prepare(std::string_view sql) const;
    // The first column of the first row of a parameterless query (e.g. "PRAGMA user_version").
    std::int64_t query_int(const std::string& sql) const;

    std::int64_t last_insert_rowid() const;
    std::int64_t changes() const;  // rows changed by the last statement
    bool in_transaction() const;

    // Throws CatalogueError "context: sqlite's message" for a result code that is not OK.
    void check(int result_code, std::string_view context) const;

  private:
    struct Closer {
        void operator()(sqlite3* db) const noexcept;
    };
    std::unique_ptr<sqlite3, Closer> db_;
    std::filesystem::path path_;
    // After db_: destroyed first, so that the pool's idle statements are finalized before the
    // connection is closed (close_v2 waits for any statement still in use).
    std::shared_ptr<StatementPool> pool_;
};

// One prepared statement. Parameters are 1-based, columns 0-based, as in SQLite.
class Statement {
  public:
    // Compiles sql; finalized when destroyed.
    Statement(sqlite3* db, std::string_view sql);

    Statement& bind(int index, int value);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);  // copied by SQLite
    Statement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, std::nullopt_t);
    Statement& bind_null(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    // True while there is a row to read; false when done. Throws on an error.
    bool step();
    // Steps a statement that returns no rows, then resets it for reuse.
    void run();
    // Makes the statement ready to run again, with its parameters cleared. Never throws: an error
    // from the previous step has already been reported by step().
    void reset() noexcept;

    bool column_is_null(int index) const;
    int column_int(int index) const;
    std::int64_t column_int64(int index) const;
    double column_double(int index) const;
    std::string column_text(int index) const;  // "" for NULL
    std::optional<std::string> column_optional_text(int index) const;
    std::optional<double> column_optional_double(int index) const;
    std::optional<int> column_optional_int(int index) const;

  private:
    friend class Database;
    struct Finalizer {
        std::shared_ptr<StatementPool> pool;
        void operator()(sqlite3_stmt* statement) const noexcept;
    };
    // Takes a compiled statement that goes back to pool, not finalized, when destroyed.
    Statement(sqlite3* db, sqlite3_stmt* compiled, std::shared_ptr<StatementPool> pool);
    sqlite3* db_;
    std::unique_ptr<sqlite3_stmt, Finalizer> statement_;
    void check_bind(int result_code, int index);
};

// Resets a (cached) statement when the scope ends, so that it holds no read lock and is ready
// for the next use even when an exception leaves the scope early.
class StatementReset {
  public:
    explicit StatementReset(Statement& statement) : statement_(statement) {}
    ~StatementReset() { statement_.reset(); }
    StatementReset(const StatementReset&) = delete;
    StatementReset& operator=(const StatementReset&) = delete;

  private:
    Statement& statement_;
};

// A transaction that rolls back unless commit() is called.
class Transaction {
  public:
    // immediate takes the write lock at once (BEGIN IMMEDIATE), so a writer waits for another
    // writer at the start (busy_timeout) instead of failing half-way with SQLITE_BUSY.
    enum class Kind { deferred, immediate };
    explicit Transaction(Database& db, Kind kind = Kind::immediate);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

  private:
    Database& db_;
    bool open_ = true;
};

}  // namespace kolcat::catalogue
