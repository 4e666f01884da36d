#include "bench/support/launcher.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <stdexcept>

extern char** environ;

namespace kolcat::bench {
namespace {

bool read_all(int fd, void* data, std::size_t size) {
    auto* bytes = static_cast<char*>(data);
    while (size > 0) {
        const ssize_t got = read(fd, bytes, size);
        if (got <= 0) {
            return false;
        }
        bytes += got;
        size -= static_cast<std::size_t>(got);
    }
    return true;
}

void write_all(int fd, const void* data, std::size_t size) {
    const auto* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t put = write(fd, bytes, size);
        if (put <= 0) {
            throw std::runtime_error("cannot talk to the launcher process");
        }
        bytes += put;
        size -= static_cast<std::size_t>(put);
    }
}

// The message: the stdout path, then argv, each ending in a NUL.
Launcher::Outcome spawn(std::string& message) {
    std::vector<char*> argv;
    for (std::size_t start = 0; start < message.size();) {
        argv.push_back(message.data() + start);
        start = message.find('\0', start) + 1;
    }
    const std::string stdout_path = argv.front();
    argv.erase(argv.begin());
    argv.push_back(nullptr);
    Launcher::Outcome outcome;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (!stdout_path.empty()) {
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_path.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
    }
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0 ||
        wait4(pid, &outcome.status, 0, &outcome.usage) != pid) {
        outcome.status = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    return outcome;
}

// The launcher's loop: a command in, its exit status and rusage out, until end of file.
void serve(int commands, int outcomes) {
    std::uint64_t size = 0;
    while (read_all(commands, &size, sizeof size)) {
        std::string message(size, '\0');
        if (!read_all(commands, message.data(), message.size())) {
            return;
        }
        const Launcher::Outcome outcome = spawn(message);
        write_all(outcomes, &outcome, sizeof outcome);
    }
}

}  // namespace

Launcher::Launcher() {
    int commands[2];
    int outcomes[2];
    if (pipe(commands) != 0 || pipe(outcomes) != 0) {
        throw std::runtime_error("pipe failed");
    }
    pid_ = fork();
    if (pid_ < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid_ == 0) {
        close(commands[1]);
        close(outcomes[0]);
        setsid();
        serve(commands[0], outcomes[1]);
        _exit(0);
    }
    close(commands[0]);
    close(outcomes[1]);
    to_launcher_ = commands[1];
    from_launcher_ = outcomes[0];
}

Launcher::~Launcher() {
    close(to_launcher_);  // the launcher ends at end of file
    close(from_launcher_);
    int status = 0;
    waitpid(pid_, &status, 0);
}

Launcher::Outcome Launcher::run(const std::vector<std::string>& argv,
                                const std::string& stdout_path) {
    std::string message = stdout_path;
    message += '\0';
    for (const auto& argument : argv) {
        message += argument;
        message += '\0';
    }
    const auto size = static_cast<std::uint64_t>(message.size());
    write_all(to_launcher_, &size, sizeof size);
    write_all(to_launcher_, message.data(), message.size());
    Outcome outcome;
    if (!read_all(from_launcher_, &outcome, sizeof outcome)) {
        throw std::runtime_error("the launcher process ended");
    }
    return outcome;
}

bool succeeded(const Launcher::Outcome& outcome) {
    return outcome.status != -1 && WIFEXITED(outcome.status) && WEXITSTATUS(outcome.status) == 0;
}

double cpu_seconds_of(const rusage& usage) {
    const auto seconds = [](const timeval& time) {
        return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace kolcat::bench
