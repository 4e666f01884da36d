#include "report/writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <random>

#include "text/fd_write.hpp"

namespace kolcat::report {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, int error_number) {
    throw ReportWriteError("cannot write output " + path.string() + ": " +
                           text::error_text(error_number));
}

// An open file descriptor, closed on scope exit unless close() reported on it already.
class Descriptor {
  public:
    explicit Descriptor(int fd) : fd_(fd) {}
    ~Descriptor() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;

    int get() const { return fd_; }
    // 0, or the errno of a failed close (a delayed write error on some file systems).
    int close() {
        const int fd = fd_;
        fd_ = -1;
        return ::close(fd) == 0 || errno == EINTR ? 0 : errno;
    }

  private:
    int fd_;
};

// Removes the temporary file unless it was renamed into place.
class TemporaryFile {
  public:
    explicit TemporaryFile(std::filesystem::path path) : path_(std::move(path)) {}
    ~TemporaryFile() {
        if (!kept_) {
            ::unlink(path_.c_str());
        }
    }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;

    const std::filesystem::path& path() const { return path_; }
    void keep() { kept_ = true; }

  private:
    std::filesystem::path path_;
    bool kept_ = false;
};

void write_and_close(const std::filesystem::path& shown, Descriptor& file,
                     const std::string& content, bool sync) {
    if (const int error = text::write_fully(file.get(), content); error != 0) {
        fail(shown, error);
    }
    if (sync && ::fsync(file.get()) != 0) {
        fail(shown, errno);
    }
    if (const int error = file.close(); error != 0) {
        fail(shown, error);
    }
}

// A device or a FIFO is written as it is; renaming a file over it would destroy it.
void write_in_place(const std::filesystem::path& path, const std::string& content) {
    Descriptor file(::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC));
    if (file.get() < 0) {
        fail(path, errno);
    }
    write_and_close(path, file, content, false);
}

std::string random_suffix() {
    static std::mt19937 generator{std::random_device{}()};
    static constexpr char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::uniform_int_distribution<std::size_t> pick(0, sizeof letters - 2);
    std::string suffix;
    for (int i = 0; i < 8; ++i) {
        suffix += letters[pick(generator)];
    }
    return suffix;
}

// `target` is a regular file or does not exist yet. `mode` is the existing file's, kept.
void write_by_rename(const std::filesystem::path& shown, const std::filesystem::path& target,
                     const std::string& content, std::optional<mode_t> mode) {
    const std::string hidden = "." + target.filename().string() + ".";
    int fd = -1;
    std::filesystem::path temporary;
    for (int attempt = 0; fd < 0; ++attempt) {
        temporary = target.parent_path() / (hidden + random_suffix() + ".tmp");
        // 0666 less the umask, as for any new file.
        fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && (errno != EEXIST || attempt == 100)) {
            fail(shown, errno);
        }
    }
    TemporaryFile cleanup(temporary);
    Descriptor file(fd);
    if (mode && ::fchmod(file.get(), *mode & 07777) != 0) {
        fail(shown, errno);
    }
    write_and_close(shown, file, content, true);
    if (::rename(temporary.c_str(), target.c_str()) != 0) {
        fail(shown, errno);
    }
    cleanup.keep();
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, const std::string& content) {
    struct stat status{};
    if (::stat(path.c_str(), &status) != 0) {
        if (errno != ENOENT) {
            fail(path, errno);
        }
        write_by_rename(path, path, content, std::nullopt);
        return;
    }
    if (S_ISDIR(status.st_mode)) {
        fail(path, EISDIR);
    }
    if (!S_ISREG(status.st_mode)) {
        write_in_place(path, content);
        return;
    }
    // Through a symbolic link, the file it names is replaced and the link stays.
    std::error_code error;
    const auto target = std::filesystem::canonical(path, error);
    if (error) {
        fail(path, error.value());
    }
    write_by_rename(path, target, content, status.st_mode);
}

}  // namespace kolcat::report
