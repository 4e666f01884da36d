#pragma once
// kolcat's output, checked. Everything a command prints as its result goes to standard output
// through write_stdout, which checks every write; run_app calls finish_stdout before it
// returns, which checks the final flush and close. A full disk or a failing device is an
// OutputError (one line "kolcat: cannot write output: <reason>", exit 4), never a silently
// short file. A reader that went away (`| head`) is not an error: it ends kolcat quietly, as
// the default SIGPIPE does.

#include <stdexcept>
#include <string>
#include <string_view>

#include "text/fd_write.hpp"

namespace kolcat::cli {

// Writing the output failed; what() is "cannot write output: <reason>" or, for a named file,
// "cannot write output <file>: <reason>".
class OutputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The reader of standard output has closed the pipe (EPIPE, seen only when SIGPIPE is ignored).
class OutputClosed : public std::runtime_error {
  public:
    OutputClosed() : std::runtime_error("the reader of the output has gone") {}
};

// Writes text to stdout exactly (UTF-8, no translation). Throws OutputError, or OutputClosed
// on a closed pipe.
void write_stdout(const std::string& text);

// Flushes and closes standard output; throws like write_stdout when that fails.
void finish_stdout();

// Ends the process the way a default SIGPIPE does when a write meets a closed pipe: quietly,
// with the status "killed by SIGPIPE" (128 + 13 in a shell), also when the caller had SIGPIPE
// ignored. Returns 128 + SIGPIPE, the status to exit with, should the signal not end it.
int end_as_closed_pipe();

// Writes one line to stderr.
void write_stderr_line(const std::string& text);

}  // namespace kolcat::cli
