#include "cli/temp_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "cli/output/output.hpp"
#include "text/fd_write.hpp"

namespace kolcat::cli {
namespace {

[[noreturn]] void fail(const char* doing, const std::filesystem::path& folder, int error_number) {
    throw OutputError(std::string("cannot ") + doing + " a temporary file in " + folder.string() +
                      ": " + text::error_text(error_number));
}

}  // namespace

std::filesystem::path temp_folder(const GetEnv& getenv) {
    if (const auto named = getenv("TMPDIR"); named && !named->empty()) {
        return *named;
    }
    return "/tmp";
}

TempFile::TempFile(std::filesystem::path folder) : folder_(std::move(folder)) {
    const std::string pattern = (folder_ / "kolcat-XXXXXX").string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd_ < 0) {
        fail("create", folder_, errno);
    }
    // Gone from the folder at once: from here on only the descriptor holds the file.
    if (::unlink(name.data()) != 0) {
        const int error = errno;
        ::close(fd_);
        fd_ = -1;
        fail("create", folder_, error);
    }
}

TempFile::~TempFile() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

TempFile::TempFile(TempFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), folder_(std::move(other.folder_)), size_(other.size_) {}

TempFile& TempFile::operator=(TempFile&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = std::exchange(other.fd_, -1);
        folder_ = std::move(other.folder_);
        size_ = other.size_;
    }
    return *this;
}

void TempFile::append(std::string_view bytes) {
    if (const int error = text::write_fully(fd_, bytes); error != 0) {
        fail("write", folder_, error);
    }
    size_ += bytes.size();
}

void TempFile::read(std::uint64_t offset, char* out, std::size_t size) const {
    std::size_t done = 0;
    while (done < size) {
        const ssize_t got =
            ::pread(fd_, out + done, size - done, static_cast<off_t>(offset + done));
        if (got > 0) {
            done += static_cast<std::size_t>(got);
        } else if (got == 0) {
            fail("read", folder_, EIO);  // shorter than what was written to it
        } else if (errno != EINTR) {
            fail("read", folder_, errno);
        }
    }
}

}  // namespace kolcat::cli
