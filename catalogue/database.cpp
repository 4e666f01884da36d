#include "catalogue/database.hpp"

#include <limits>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace kolcat::catalogue {

namespace {

std::string error_message(sqlite3* db, int result_code, std::string_view context) {
    std::string message(context);
    message += ": ";
    // sqlite3_errmsg describes the most recent failure on this connection; when there is no
    // connection (open failed to allocate), fall back to the generic text of the code.
    message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(result_code);
    // What the user can do about the two failures that are not bugs.
    const int primary_code = result_code & 0xff;
    if (primary_code == SQLITE_BUSY || primary_code == SQLITE_LOCKED) {
        message += " (another process kept the catalogue locked; try again when it is done)";
    } else if (primary_code == SQLITE_FULL) {
        message += " (free some disk space and run the command again; nothing was lost)";
    }
    return message;
}

// The file a connection works on, to name it in messages.
std::string file_of(sqlite3* db) {
    const char* name = sqlite3_db_filename(db, "main");
    return name != nullptr && *name != '\0' ? std::string("catalogue ") + name : "catalogue";
}

sqlite3_stmt* compile(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    const int result = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                          SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    if (result != SQLITE_OK) {
        sqlite3_finalize(raw);
        throw CatalogueError(
            error_message(db, result, "cannot prepare \"" + std::string(sql) + "\""));
    }
    if (raw == nullptr) {
        throw CatalogueError("cannot prepare an empty statement");
    }
    return raw;
}

}  // namespace

// --- StatementPool ---

// The compiled statements of one connection that no Statement holds, by their text. Bounded:
// texts built with a varying number of parameters (IN lists) would otherwise pile up.
class StatementPool {
  public:
    StatementPool() = default;
    StatementPool(const StatementPool&) = delete;
    StatementPool& operator=(const StatementPool&) = delete;
    ~StatementPool() { finalize_idle(); }

    // An idle statement compiled from exactly sql, or nullptr.
    sqlite3_stmt* take(std::string_view sql) {
        const std::lock_guard lock(mutex_);
        const auto found = idle_.find(std::string(sql));
        if (found == idle_.end() || found->second.empty()) {
            return nullptr;
        }
        sqlite3_stmt* statement = found->second.back();
        found->second.pop_back();
        --count_;
        return statement;
    }

    // Keeps a statement no longer in use, reset and unbound. A full pool is emptied first:
    // the statements in use again soon come back at once.
    void give_back(sqlite3_stmt* statement) noexcept {
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
        try {
            const std::lock_guard lock(mutex_);
            if (count_ >= kCapacity) {
                finalize_idle();
            }
            idle_[sqlite3_sql(statement)].push_back(statement);
            ++count_;
        } catch (...) {
            // No memory to keep it: finalizing it is always correct.
            sqlite3_finalize(statement);
        }
    }

  private:
    // More than the statements one command uses over and over; each holds a few KB.
    static constexpr std::size_t kCapacity = 128;

    std::mutex mutex_;
    std::unordered_map<std::string, std::vector<sqlite3_stmt*>> idle_;
    std::size_t count_ = 0;

    void finalize_idle() noexcept {
        for (auto& [sql, statements] : idle_) {
            for (sqlite3_stmt* statement : statements) {
                sqlite3_finalize(statement);
            }
        }
        idle_.clear();
        count_ = 0;
    }
};

// --- Database ---

void Database::Closer::operator()(sqlite3* db) const noexcept {
    // sqlite3_close_v2 defers the close until every statement is finalized, so the order in
    // which owners are destroyed can never leak the connection.
    sqlite3_close_v2(db);
}

Database::Database(const std::filesystem::path& path, int flags,
                   std::chrono::milliseconds busy_timeout)
    : path_(path), pool_(std::make_shared<StatementPool>()) {
    sqlite3* raw = nullptr;
    const int result = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_EXRESCODE, nullptr);
    db_.reset(raw);  // owned even when opening failed: sqlite hands out a handle to close
    if (result != SQLITE_OK) {
        throw CatalogueError(error_message(raw, result, "cannot open " + path.string()));
    }
    const auto timeout_ms = busy_timeout.count();
    check(sqlite3_busy_timeout(db_.get(), timeout_ms > std::numeric_limits<int>::max()
                                              ? std::numeric_limits<int>::max()
                                              : static_cast<int>(timeout_ms)),
          "cannot set the busy timeout");
    sqlite3_extended_result_codes(db_.get(), 1);
}

void Database::check(int result_code, std::string_view context) const {
    if (result_code != SQLITE_OK) {
        throw CatalogueError(error_message(db_.get(), result_code, context));
    }
}

void Database::exec(const std::string& sql) {
    char* error = nullptr;
    const int result = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &error);
    if (result != SQLITE_OK) {
        sqlite3_free(error);  // the same text as sqlite3_errmsg, which error_message reads
        // The first line of the SQL is enough to tell which step failed.
        const auto first_line = sql.substr(0, sql.find('\n'));
        throw CatalogueError(error_message(db_.get(), result, "catalogue " + path_.string()) +
                             " (in \"" + first_line + "\")");
    }
}

Statement Database::prepare(std::string_view sql) const {
    if (sqlite3_stmt* idle = pool_->take(sql)) {
        return Statement(db_.get(), idle, pool_);
    }
    sqlite3_stmt* compiled = compile(db_.get(), sql);
    // The pool finds a statement by the text SQLite keeps of it, which is sql itself unless sql
    // holds more than one statement (the rest is never run): that one is not pooled.
    const bool whole = std::string_view(sqlite3_sql(compiled)) == sql;
    return Statement(db_.get(), compiled, whole ? pool_ : nullptr);
}

std::int64_t Database::query_int(const std::string& sql) const {
    Statement statement = prepare(sql);
    if (!statement.step()) {
        throw CatalogueError(path_.string() + ": no result from \"" + sql + "\"");
    }
    return statement.column_int64(0);
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_.get());
}

std::int64_t Database::changes() const {
    return sqlite3_changes64(db_.get());
}

bool Database::in_transaction() const {
    return sqlite3_get_autocommit(db_.get()) == 0;
}

// --- Statement ---

void Statement::Finalizer::operator()(sqlite3_stmt* statement) const noexcept {
    if (pool) {
        pool->give_back(statement);
    } else {
        sqlite3_finalize(statement);
    }
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    statement_.reset(compile(db, sql));
}

Statement::Statement(sqlite3* db, sqlite3_stmt* compiled, std::shared_ptr<StatementPool> pool)
    : db_(db), statement_(compiled, Finalizer{std::move(pool)}) {}

void Statement::check_bind(int result_code, int index) {
    if (result_code != SQLITE_OK) {
        throw CatalogueError(
            error_message(db_, result_code, "cannot bind parameter " + std::to_string(index)));
    }
}

Statement& Statement::bind(int index, int value) {
    check_bind(sqlite3_bind_int(statement_.get(), index, value), index);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    check_bind(sqlite3_bind_int64(statement_.get(), index, value), index);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    check_bind(sqlite3_bind_double(statement_.get(), index, value), index);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    // A default string_view has no data pointer, which SQLite would bind as NULL, not "".
    const char* data = text.data() != nullptr ? text.data() : "";
    check_bind(sqlite3_bind_text64(statement_.get(), index, data, text.size(), SQLITE_TRANSIENT,
                                   SQLITE_UTF8),
               index);
    return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
    return bind_null(index);
}

Statement& Statement::bind_null(int index) {
    check_bind(sqlite3_bind_null(statement_.get(), index), index);
    return *this;
}

bool Statement::step() {
    const int result = sqlite3_step(statement_.get());
    if (result == SQLITE_ROW) {
        return true;
    }
    if (result == SQLITE_DONE) {
        return false;
    }
    // Read the message before reset: resetting may overwrite it.
    const std::string message = error_message(db_, result, file_of(db_));
    sqlite3_reset(statement_.get());
    throw CatalogueError(message);
}

void Statement::run() {
    StatementReset reset_when_done(*this);
    while (step()) {
    }
}

void Statement::reset() noexcept {
    sqlite3_reset(statement_.get());
    sqlite3_clear_bindings(statement_.get());
}

bool Statement::column_is_null(int index) const {
    return sqlite3_column_type(statement_.get(), index) == SQLITE_NULL;
}

int Statement::column_int(int index) const {
    return sqlite3_column_int(statement_.get(), index);
}

std::int64_t Statement::column_int64(int index) const {
    return sqlite3_column_int64(statement_.get(), index);
}

double Statement::column_double(int index) const {
    return sqlite3_column_double(statement_.get(), index);
}

std::string Statement::column_text(int index) const {
    const auto* text = sqlite3_column_text(statement_.get(), index);
    if (text == nullptr) {
        return {};
    }
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement_.get(), index));
    return std::string(reinterpret_cast<const char*>(text), size);
}

std::optional<std::string> Statement::column_optional_text(int index) const {
    if (column_is_null(index)) {
        return std::nullopt;
    }
    return column_text(index);
}

std::optional<double> Statement::column_optional_double(int index) const {
    if (column_is_null(index)) {
        return std::nullopt;
    }
    return column_double(index);
}

std::optional<int> Statement::column_optional_int(int index) const {
    if (column_is_null(index)) {
        return std::nullopt;
    }
    return column_int(index);
}

// --- Transaction ---

// BEGIN and COMMIT are prepared statements, not exec: the pool then compiles them once per
// connection instead of once per page a sync stores.
Transaction::Transaction(Database& db, Kind kind) : db_(db) {
    db_.prepare(kind == Kind::immediate ? "BEGIN IMMEDIATE" : "BEGIN").run();
}

Transaction::~Transaction() {
    if (open_ && db_.in_transaction()) {
        // Never throws: a failed rollback (the connection is gone) leaves SQLite to roll back
        // from the journal the next time the file is opened.
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    db_.prepare("COMMIT").run();
    open_ = false;
}

}  // namespace kolcat::catalogue
