#include "cli/sync_lock.hpp"

#include <QString>

#include "catalogue/catalogue.hpp"

namespace kolcat::cli {

SyncLock::SyncLock(const std::filesystem::path& catalogue, bool wait)
    : lock_(std::make_unique<QLockFile>(QString::fromStdString(catalogue.string() + ".lock"))) {
    // A sync can run for hours: never treat a live holder's lock as stale by age.
    lock_->setStaleLockTime(0);
    if (lock_->tryLock(wait ? -1 : 0)) {
        return;
    }
    if (lock_->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host;
        QString application;
        std::string holder;
        if (lock_->getLockInfo(&pid, &host, &application)) {
            holder = " (process " + std::to_string(pid) + " on " + host.toStdString() + ")";
        }
        throw CatalogueError("another kolcat sync is running on " + catalogue.string() + holder +
                             "; wait for it to finish, or run again with --wait");
    }
    throw CatalogueError("cannot create the lock file " + catalogue.string() +
                         ".lock: check that its folder is writable");
}

}  // namespace kolcat::cli
