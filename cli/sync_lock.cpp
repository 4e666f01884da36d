#include "cli/sync_lock.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QDateTime>
#include <QFileInfo>
#include <QString>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <thread>

#include "catalogue/catalogue.hpp"
#include "sync/http/interruption.hpp"

namespace kolcat::cli {
namespace {

// QLockFile creates the lock file, locks it (flock) and only then writes the holder's pid into
// it. A sync killed in between leaves an empty or cut file that QLockFile can never prove stale:
// it trusts only the pid (and the file's age, which must stay off for syncs that run for hours),
// so every later sync would be refused for good. A live holder fills the file within
// microseconds, so an unreadable lock file a second old was left by a killed process; and
// removeStaleLockFile() still refuses to delete a file that a live process holds locked.
constexpr qint64 unreadable_lock_grace_ms = 1000;

enum class Unreadable { no, removed, too_young, held };

Unreadable remove_if_left_unreadable(QLockFile& lock, const QString& path, qint64& wait_ms) {
    qint64 pid = 0;
    QString host;
    QString application;
    if (lock.getLockInfo(&pid, &host, &application)) {
        return Unreadable::no;  // a holder QLockFile can judge itself
    }
    const QFileInfo file(path);
    if (!file.exists()) {
        return Unreadable::removed;  // gone in the meantime: try again
    }
    const qint64 age = file.lastModified().msecsTo(QDateTime::currentDateTime());
    if (age < unreadable_lock_grace_ms) {
        wait_ms = unreadable_lock_grace_ms - std::max<qint64>(age, 0);
        return Unreadable::too_young;
    }
    return lock.removeStaleLockFile() ? Unreadable::removed : Unreadable::held;
}

// An open file descriptor, closed on every path.
class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

bool process_lives(qint64 pid) {
    return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

}  // namespace

std::optional<RunningSync> running_sync(const std::filesystem::path& catalogue) {
    const std::string path = catalogue.string() + ".lock";
    const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat info{};
    if (file.get() < 0 || ::fstat(file.get(), &info) != 0) {
        return std::nullopt;  // no lock file: no sync
    }
    // The holder keeps an exclusive flock on the file for as long as it lives (QLockFile takes
    // one, so that nobody removes a live lock), and the kernel drops it when the holder dies:
    // unlike the pid in the file, it cannot be fooled by a pid used again.
    enum class Flock { held, free, unknown } flock_state = Flock::unknown;
    if (::flock(file.get(), LOCK_SH | LOCK_NB) == 0) {
        ::flock(file.get(), LOCK_UN);
        flock_state = Flock::free;
    } else if (errno == EWOULDBLOCK) {
        flock_state = Flock::held;
    }
    if (flock_state == Flock::free) {
        return std::nullopt;  // left by a sync that was killed
    }
    qint64 pid = 0;
    QString host;
    QString application;
    QLockFile lock(QString::fromStdString(path));
    if (!lock.getLockInfo(&pid, &host, &application)) {
        return std::nullopt;  // empty: its holder is filling it in, or a killed sync left it
    }
    // Where flock does not work (some network file systems), the pid must tell.
    if (flock_state == Flock::unknown && !process_lives(pid)) {
        return std::nullopt;
    }
    RunningSync running;
    running.pid = pid;
    running.since = std::chrono::system_clock::from_time_t(info.st_mtime);
    return running;
}

SyncLock::SyncLock(const std::filesystem::path& catalogue, bool wait) {
    const QString path = QString::fromStdString(catalogue.string() + ".lock");
    lock_ = std::make_unique<QLockFile>(path);
    // A sync can run for hours: never treat a live holder's lock as stale by age.
    lock_->setStaleLockTime(0);
    for (;;) {
        http::throw_if_interrupted();  // Ctrl-C while waiting for another sync
        // With --wait, tryLock waits a little at a time, so that a lock file left unreadable
        // by a killed sync is noticed too.
        if (lock_->tryLock(wait ? 250 : 0)) {
            return;
        }
        if (lock_->error() != QLockFile::LockFailedError) {
            throw catalogue::CatalogueError("cannot create the lock file " + catalogue.string() +
                                            ".lock: check that its folder is writable");
        }
        qint64 wait_ms = 0;
        const Unreadable unreadable = remove_if_left_unreadable(*lock_, path, wait_ms);
        if (unreadable == Unreadable::removed) {
            continue;
        }
        if (unreadable == Unreadable::too_young) {
            // At most a second, once: then it is either filled in or left over.
            std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
            continue;
        }
        if (!wait) {
            break;
        }
    }
    qint64 pid = 0;
    QString host;
    QString application;
    std::string holder;
    if (lock_->getLockInfo(&pid, &host, &application)) {
        holder = " (process " + std::to_string(pid) + " on " + host.toStdString() + ")";
    }
    throw catalogue::CatalogueError("another kolcat sync is running on " + catalogue.string() +
                                    holder + "; wait for it to finish, or run again with --wait");
}

}  // namespace kolcat::cli
