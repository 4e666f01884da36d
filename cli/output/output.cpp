#include "cli/output/output.hpp"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

#include "text/fd_write.hpp"

namespace kolcat::cli {
namespace {

[[noreturn]] void throw_for(int error_number) {
    if (error_number == EPIPE) {
        throw OutputClosed();
    }
    throw OutputError("cannot write output: " + text::error_text(error_number));
}

// Text written with stdio by any code goes out before ours, and its errors count too.
void flush_stdio() {
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        throw_for(errno != 0 ? errno : EIO);
    }
}

}  // namespace

void write_stdout(const std::string& text) {
    flush_stdio();
    if (const int error = text::write_fully(STDOUT_FILENO, text); error != 0) {
        throw_for(error);
    }
}

void finish_stdout() {
    flush_stdio();
    // Some file systems (NFS, FUSE) report a failed write only when the file is closed. Closing
    // a duplicate asks for that report and keeps descriptor 1 from being reused.
    const int duplicate = ::dup(STDOUT_FILENO);
    if (duplicate < 0) {
        if (errno == EBADF) {
            return;  // no standard output at all; a write to it would have failed already
        }
        throw_for(errno);
    }
    if (::close(duplicate) != 0 && errno != EINTR) {
        throw_for(errno);
    }
}

int end_as_closed_pipe() {
    std::signal(SIGPIPE, SIG_DFL);
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    sigprocmask(SIG_UNBLOCK, &pipe_signal, nullptr);
    std::raise(SIGPIPE);
    return 128 + SIGPIPE;
}

void write_stderr_line(const std::string& text) {
    std::fprintf(stderr, "%s\n", text.c_str());
}

}  // namespace kolcat::cli
