// Opening a catalogue, and its key/value settings.
#include "catalogue/catalogue.hpp"

#include <system_error>

#include "catalogue/catalogue_impl.hpp"
#include "catalogue/migrations.hpp"

namespace kolcat::catalogue {

namespace {

// An SQLite URI for the file (https://sqlite.org/uri.html): '%', '?' and '#' are escaped so
// that any path names the file itself.
std::string immutable_uri(const std::filesystem::path& path) {
    std::string uri = "file:";
    for (const char c : std::filesystem::absolute(path).string()) {
        if (c == '%') {
            uri += "%25";
        } else if (c == '?') {
            uri += "%3F";
        } else if (c == '#') {
            uri += "%23";
        } else {
            uri += c;
        }
    }
    return uri + "?immutable=1";
}

Database open_database(const std::filesystem::path& path, OpenMode mode) {
    if (mode == OpenMode::read_only || mode == OpenMode::read_only_immutable) {
        std::error_code error;
        if (!std::filesystem::exists(path, error)) {
            throw CatalogueError("no catalogue at " + path.string() +
                                 " (run kolcat sync to create it)");
        }
        if (mode == OpenMode::read_only_immutable) {
            return Database(immutable_uri(path),
                            SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX);
        }
        return Database(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
    }
    if (path.has_parent_path()) {
        std::error_code error;
        std::filesystem::create_directories(path.parent_path(), error);
        if (error) {
            throw CatalogueError("cannot create the directory of catalogue " + path.string() +
                                 ": " + error.message());
        }
    }
    return Database(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
}

void configure_writer(Database& db) {
    // WAL lets readers (compare, gaps, report) work while a sync writes. In WAL mode,
    // synchronous=NORMAL still never corrupts the file and keeps every commit across a killed
    // process; only an OS crash may lose the last commits, which a resumed sync fetches again.
    Statement journal = db.prepare("PRAGMA journal_mode = WAL");
    if (!journal.step() || journal.column_text(0) != "wal") {
        throw CatalogueError("catalogue " + db.path().string() +
                             ": cannot switch to WAL mode (is it on a network file system?)");
    }
    db.exec(
        "PRAGMA synchronous = NORMAL;"
        "PRAGMA foreign_keys = ON;"
        // 16 MiB of page cache keeps bulk inserts fast without growing the process much.
        "PRAGMA cache_size = -16384;"
        // A checkpoint copies the log into the file and syncs both to disk (about 8 ms each
        // here). Every 1 000 pages (SQLite's default) a sync of 143 000 values made 20 such
        // syncs, and copied pages that the next commits rewrote anyway; 16 384 pages (64 MiB of
        // log) leaves 8. The log stays at most that size on disk and goes when the last
        // connection closes.
        "PRAGMA wal_autocheckpoint = 16384;"
        "PRAGMA journal_size_limit = 67108864;");
}

}  // namespace

Catalogue::Impl::Impl(const std::filesystem::path& catalogue_path, OpenMode open_mode)
    : path(catalogue_path),
      mode(open_mode),
      db(open_database(catalogue_path, open_mode)),
      kpi_keys(db, KeyInterner::Table::kpi_key),
      unit_keys(db, KeyInterner::Table::unit_key),
      value_writer(db) {
    if (mode == OpenMode::read_write) {
        configure_writer(db);
        migrate(db);
    } else {
        require_current_schema(db);
    }
    schema_version = static_cast<int>(db.query_int("PRAGMA user_version"));
}

void Catalogue::Impl::require_writable() const {
    if (mode != OpenMode::read_write) {
        throw CatalogueError("catalogue " + path.string() + " is open read-only");
    }
}

Catalogue Catalogue::open(const std::filesystem::path& path, OpenMode mode) {
    return Catalogue(std::make_unique<Impl>(path, mode));
}

Catalogue::Catalogue(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Catalogue::Catalogue(Catalogue&&) noexcept = default;
Catalogue& Catalogue::operator=(Catalogue&&) noexcept = default;
Catalogue::~Catalogue() = default;

const std::filesystem::path& Catalogue::path() const {
    return impl_->path;
}

int Catalogue::schema_version() const {
    return impl_->schema_version;
}

Database& Catalogue::database() {
    return impl_->db;
}

void Catalogue::set_meta(const std::string& key, const std::string& value) {
    impl_->write([&] {
        impl_->db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")
            .bind(1, key)
            .bind(2, value)
            .run();
    });
}

std::optional<std::string> Catalogue::meta(const std::string& key) const {
    Statement statement = impl_->db.prepare("SELECT value FROM meta WHERE key = ?1");
    statement.bind(1, key);
    if (!statement.step()) {
        return std::nullopt;
    }
    return statement.column_text(0);
}

}  // namespace kolcat::catalogue
