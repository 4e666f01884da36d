#pragma once
// The one way tests run the real `kolcat` binary (or another program): a child process whose
// stdout and stderr go to files in a scratch folder, with an environment that keeps the
// developer's own settings out, killable at any moment, optionally with a file-size limit.
//
// Children are started with fork + execve, and between the two only async-signal-safe calls
// (open, dup2, setrlimit, sigaction) are made: the test process runs server threads.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

extern char** environ;

namespace kolcat::testing {

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
    // Words run before the program, e.g. {"setpriv", "--reuid=65534", ...}; the first is looked
    // up on PATH.
    std::vector<std::string> prefix;
};

// The program's path: as it is when it names a folder, else the first match on PATH.
inline std::string find_program(const std::string& name) {
    if (name.find('/') != std::string::npos) {
        return name;
    }
    const char* path = std::getenv("PATH");
    std::string_view folders = path != nullptr ? path : "/usr/bin:/bin";
    while (!folders.empty()) {
        const auto end = folders.find(':');
        const std::filesystem::path candidate =
            std::filesystem::path(folders.substr(0, end)) / name;
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate.string();
        }
        folders = end == std::string_view::npos ? std::string_view() : folders.substr(end + 1);
    }
    return name;
}

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
        std::vector<std::string> words = options.prefix;
        words.insert(words.end(), argv.begin(), argv.end());
        words.front() = find_program(words.front());
        std::vector<char*> args;
        for (const auto& arg : words) {
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
        struct sigaction ignore{};
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

    // What the child has written to stderr (stdout) so far.
    std::string err_so_far() const { return read_text_file(err_path_); }
    std::string out_so_far() const { return read_text_file(out_path_); }

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

}  // namespace kolcat::testing
