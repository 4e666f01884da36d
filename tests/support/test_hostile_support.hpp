#pragma once
// Helpers for the hardening tests: a scratch folder, the real `kolcat` binary run as a
// child process (output captured, killable at any moment, optionally with a file-size limit),
// a small fake-Kolada dataset, and a dump of a catalogue's contents to compare before and after.
//
// Children are started with fork + execve, and between the two only async-signal-safe calls
// (open, dup2, setrlimit, sigaction) are made: the test process runs server threads.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "demo/dataset.hpp"
#include "demo/generate_dataset.hpp"
#include "tests/support/temp_folder.hpp"

extern char** environ;

namespace kolcat::hardening {

using ScratchDir = testing::TempFolder;

inline std::string read_text_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct ProcessResult {
    int exit_code = -1;  // -1 when a signal ended the process
    int signal = 0;      // the signal that ended it, or 0
    bool timed_out = false;
    std::string out;
    std::string err;
};

struct SpawnOptions {
    // "NAME=value" entries added to (or replacing) the inherited environment.
    std::vector<std::string> env;
    // RLIMIT_FSIZE for the child, with SIGXFSZ ignored: a write past the limit fails as on a
    // full disk instead of killing the process.
    std::optional<rlim_t> max_file_bytes;
};

// The environment a child sees: the test's own, without anything that would point kolcat
// elsewhere (a developer's KOLCAT_* settings, proxies, their config and data folders), plus
// the given entries.
inline std::vector<std::string> child_environment(const std::filesystem::path& home,
                                                  const std::vector<std::string>& extra) {
    const auto name_of = [](std::string_view entry) {
        return std::string(entry.substr(0, entry.find('=')));
    };
    const auto dropped = [](std::string name) {
        for (char& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        return name.starts_with("kolcat_") || name.ends_with("_proxy") ||
               name == "xdg_config_home" || name == "xdg_data_home";
    };
    std::vector<std::string> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        if (!dropped(name_of(*entry))) {
            env.emplace_back(*entry);
        }
    }
    env.push_back("XDG_CONFIG_HOME=" + (home / "config").string());
    env.push_back("XDG_DATA_HOME=" + (home / "data").string());
    for (const auto& entry : extra) {
        const auto name = name_of(entry);
        std::erase_if(env, [&](const std::string& e) { return name_of(e) == name; });
        env.push_back(entry);
    }
    return env;
}

// One child process. The destructor kills and reaps it if it still runs.
class Child {
  public:
    Child(const std::vector<std::string>& argv, const std::filesystem::path& scratch,
          const SpawnOptions& options = {}) {
        static std::atomic<int> counter{0};
        const auto id = std::to_string(counter++);
        out_path_ = scratch / ("child-" + id + ".out");
        err_path_ = scratch / ("child-" + id + ".err");
        const auto env = child_environment(scratch, options.env);

        // Everything the child needs is prepared before fork.
        std::vector<char*> args;
        for (const auto& arg : argv) {
            args.push_back(const_cast<char*>(arg.c_str()));
        }
        args.push_back(nullptr);
        std::vector<char*> envp;
        for (const auto& entry : env) {
            envp.push_back(const_cast<char*>(entry.c_str()));
        }
        envp.push_back(nullptr);
        const std::string out = out_path_.string();
        const std::string err = err_path_.string();
        rlimit limit{};
        if (options.max_file_bytes) {
            limit.rlim_cur = *options.max_file_bytes;
            limit.rlim_max = *options.max_file_bytes;
        }
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;

        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            const int null_fd = ::open("/dev/null", O_RDONLY);
            if (out_fd < 0 || err_fd < 0 || null_fd < 0 || ::dup2(null_fd, 0) < 0 ||
                ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) {
                ::_exit(126);
            }
            if (options.max_file_bytes) {
                ::sigaction(SIGXFSZ, &ignore, nullptr);
                if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) {
                    ::_exit(126);
                }
            }
            ::execve(args[0], args.data(), envp.data());
            ::_exit(127);
        }
    }
    ~Child() {
        if (!reaped_) {
            ::kill(pid_, SIGKILL);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    pid_t pid() const { return pid_; }

    // True once the child has ended (it is then reaped).
    bool finished() {
        if (!reaped_) {
            const pid_t done = ::waitpid(pid_, &status_, WNOHANG);
            reaped_ = done == pid_;
        }
        return reaped_;
    }

    void kill(int signal) {
        if (!reaped_) {
            ::kill(pid_, signal);
        }
    }

    // Waits for the end (killing the child after `timeout`) and collects its output.
    ProcessResult wait(std::chrono::milliseconds timeout = std::chrono::seconds(120)) {
        ProcessResult result;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!finished()) {
            if (std::chrono::steady_clock::now() > deadline) {
                result.timed_out = true;
                ::kill(pid_, SIGKILL);
                ::waitpid(pid_, &status_, 0);
                reaped_ = true;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        if (WIFEXITED(status_)) {
            result.exit_code = WEXITSTATUS(status_);
        } else if (WIFSIGNALED(status_)) {
            result.signal = WTERMSIG(status_);
        }
        result.out = read_text_file(out_path_);
        result.err = read_text_file(err_path_);
        return result;
    }

    // What the child has written to stderr so far.
    std::string err_so_far() const { return read_text_file(err_path_); }

  private:
    pid_t pid_ = -1;
    int status_ = 0;
    bool reaped_ = false;
    std::filesystem::path out_path_;
    std::filesystem::path err_path_;
};

inline std::string kolcat_binary() {
    return KOLCAT_BINARY;
}

// Runs `kolcat ARGS...` to its end.
inline ProcessResult run_kolcat(const std::vector<std::string>& args,
                                const std::filesystem::path& scratch,
                                const SpawnOptions& options = {},
                                std::chrono::milliseconds timeout = std::chrono::seconds(120)) {
    std::vector<std::string> argv{kolcat_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    Child child(argv, scratch, options);
    return child.wait(timeout);
}

inline std::string describe(const ProcessResult& result) {
    return "exit " + std::to_string(result.exit_code) + ", signal " +
           std::to_string(result.signal) + (result.timed_out ? " (timed out)" : "") +
           "\n--- stdout ---\n" + result.out.substr(0, 2000) + "\n--- stderr ---\n" +
           result.err.substr(0, 2000);
}

// The number of lines in a text (a last line without '\n' counts).
inline std::size_t line_count(std::string_view text) {
    std::size_t lines = 0;
    for (const char c : text) {
        lines += c == '\n' ? 1 : 0;
    }
    return lines + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

// A generated dataset (see generate_dataset.hpp) and its key figure and unit ids.
struct SmallDataset {
    demo::Dataset dataset;
    std::vector<std::string> kpis;
    std::vector<std::string> units;
};

inline SmallDataset small_dataset(int kpis, int units, int years, std::uint64_t seed = 7) {
    SmallDataset small{demo::generate_dataset(kpis, units, years, seed), {}, {}};
    for (const auto& kpi : small.dataset.kpis) {
        small.kpis.push_back(kpi.id);
    }
    for (const auto& unit : small.dataset.municipalities) {
        small.units.push_back(unit.id);
    }
    return small;
}

inline std::string join_ids(const std::vector<std::string>& ids) {
    std::string text;
    for (const auto& id : ids) {
        text += (text.empty() ? "" : ",") + id;
    }
    return text;
}

// --- a catalogue's contents, for before/after comparisons ---

struct SqliteCloser {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
    void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;
using SqliteStatement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// A separate connection to a catalogue file, that only reads. It opens the file read-write
// (never creating it) so that it can recover the WAL of a killed writer, as kolcat would.
class RawCatalogue {
  public:
    explicit RawCatalogue(const std::filesystem::path& path) {
        sqlite3* raw = nullptr;
        const int result = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
        db_.reset(raw);
        if (result != SQLITE_OK) {
            throw std::runtime_error("cannot open " + path.string());
        }
        sqlite3_busy_timeout(raw, 10000);
    }

    // Every row of a query, columns quoted SQL-style and comma-separated, one row per line.
    std::string rows(const std::string& sql) const {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string("cannot prepare: ") + sqlite3_errmsg(db_.get()));
        }
        SqliteStatement statement(raw);
        std::string text;
        int result = SQLITE_ROW;
        while ((result = sqlite3_step(raw)) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(raw); ++i) {
                const auto* value = sqlite3_column_text(raw, i);
                text += i == 0 ? "" : ",";
                text += value == nullptr
                            ? "NULL"
                            : std::string(reinterpret_cast<const char*>(value),
                                          static_cast<std::size_t>(sqlite3_column_bytes(raw, i)));
            }
            text += '\n';
        }
        if (result != SQLITE_DONE) {
            throw std::runtime_error(std::string("query failed: ") + sqlite3_errmsg(db_.get()));
        }
        return text;
    }

    std::string integrity_check() const { return rows("PRAGMA integrity_check"); }

    // Everything a sync stores as data (metadata, values, their keys, the synced dates, the
    // curated set and the settings), but not the record of the runs and of the last failure,
    // which a failed sync legitimately adds to. The FTS index's internal tables are left out: its
    // content is the kpi table's.
    std::string contents() const {
        const std::string tables = rows(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'kpi_fts%' AND name NOT IN ('sync_run', 'sync_segment', "
            "'sync_missing_id') ORDER BY name");
        std::string dump;
        std::istringstream names(tables);
        for (std::string name; std::getline(names, name);) {
            const std::string filter = name == "meta" ? " WHERE key <> 'last_sync_failure'" : "";
            dump +=
                "== " + name + "\n" + sorted_lines(rows("SELECT * FROM \"" + name + "\"" + filter));
        }
        return dump;
    }

    // What a user of the catalogue sees, independent of internal numbering: every value with
    // its ids (the integer keys depend on the order ids were first met), the metadata, the
    // curated set and the synced dates. Not the settings (they hold the sync's time) nor the
    // record of the runs.
    std::string logical_contents() const {
        std::string dump =
            "== values\n" + rows(
                                "SELECT k.id, u.id, v.period, v.gender, quote(v.value), v.count, "
                                "v.status FROM kpi_value v JOIN kpi_key k ON k.key = v.kpi "
                                "JOIN unit_key u ON u.key = v.unit ORDER BY 1, 2, 3, 4");
        dump += "== synced_pair\n" +
                sorted_lines(rows("SELECT k.id, u.id, s.synced_on FROM synced_pair s JOIN kpi_key "
                                  "k ON k.key = s.kpi JOIN unit_key u ON u.key = s.unit"));
        const std::string tables = rows(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'kpi_fts%' AND name NOT IN ('sync_run', 'sync_segment', "
            "'sync_missing_id', 'meta', 'kpi_value', 'kpi_key', 'unit_key', 'synced_pair') "
            "ORDER BY name");
        std::istringstream names(tables);
        for (std::string name; std::getline(names, name);) {
            dump += "== " + name + "\n" + sorted_lines(rows("SELECT * FROM \"" + name + "\""));
        }
        return dump;
    }

    std::int64_t count(const std::string& table) const {
        return std::stoll(rows("SELECT count(*) FROM \"" + table + "\""));
    }

  private:
    static std::string sorted_lines(const std::string& text) {
        std::vector<std::string> lines;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) {
            lines.push_back(line);
        }
        std::sort(lines.begin(), lines.end());
        std::string out;
        for (const auto& line : lines) {
            out += line + "\n";
        }
        return out;
    }

    SqliteHandle db_;
};

}  // namespace kolcat::hardening
