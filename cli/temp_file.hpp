#pragma once
// A scratch file for data too large to hold in memory, in the system's temporary folder. The
// file is removed from its folder the moment it is created and lives on only as an open
// descriptor: nothing is left behind however kolcat ends (an error, a closed pipe, a signal,
// even SIGKILL), and the destructor frees its space. Every write and read is checked; a failure
// is an OutputError (one line, exit 4), never a silently short result.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "cli/user_paths.hpp"

namespace kolcat::cli {

// $TMPDIR when set and not empty, else /tmp (POSIX). Not checked here: creating a TempFile in
// it says what is wrong with it.
std::filesystem::path temp_folder(const GetEnv& getenv);

class TempFile {
  public:
    // Creates the file in `folder`. Throws OutputError ("cannot create a temporary file in
    // <folder>: <reason>").
    explicit TempFile(std::filesystem::path folder);
    ~TempFile();
    TempFile(TempFile&& other) noexcept;
    TempFile& operator=(TempFile&& other) noexcept;
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    // Appends bytes at the end. Throws OutputError ("cannot write a temporary file in
    // <folder>: <reason>"), e.g. on a full disk.
    void append(std::string_view bytes);
    // Reads exactly `size` bytes at `offset`, which must lie within what was appended. Throws
    // OutputError.
    void read(std::uint64_t offset, char* out, std::size_t size) const;
    // Bytes appended so far.
    std::uint64_t size() const { return size_; }

  private:
    int fd_ = -1;
    std::filesystem::path folder_;
    std::uint64_t size_ = 0;
};

}  // namespace kolcat::cli
