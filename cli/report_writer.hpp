#pragma once
// Writes a finished report to its file atomically (QSaveFile: a temporary file beside the
// target, renamed over it only when everything was written). An interrupted or failed run
// never leaves a half-written report, and an existing file stays as it was.

#include <filesystem>
#include <stdexcept>
#include <string>

namespace kolcat::cli {

class ReportWriteError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Throws ReportWriteError naming the path and the reason (missing folder, no permission,
// disk full).
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace kolcat::cli
