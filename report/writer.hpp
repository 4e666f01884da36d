#pragma once
// Writes a finished report to its file atomically: a temporary file beside the target, renamed
// over it only when everything was written and synced. An interrupted or failed run never
// leaves a half-written report or a temporary file, and an existing file stays as it was.
// A target that exists and is not a regular file (/dev/stdout, a FIFO, a character device) is
// written directly: it must never be replaced by a file.

#include <filesystem>
#include <stdexcept>
#include <string>

namespace kolcat::report {

// what(): "cannot write output FILE: reason" (missing folder, no permission, disk full).
class ReportWriteError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Throws ReportWriteError naming the path and the reason.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace kolcat::report
