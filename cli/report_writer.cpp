#include "cli/report_writer.hpp"

#include <QSaveFile>
#include <QString>

namespace kolcat::cli {

void write_file_atomically(const std::filesystem::path& path, const std::string& content) {
    const QString name = QString::fromStdString(path.string());
    QSaveFile file(name);
    // Never fall back to writing the target in place (QSaveFile does so only when allowed).
    file.setDirectWriteFallback(false);
    const auto fail = [&](const QString& reason) {
        file.cancelWriting();
        throw ReportWriteError("cannot write " + path.string() + ": " + reason.toStdString());
    };
    if (!file.open(QIODevice::WriteOnly)) {
        fail(file.errorString());
    }
    const auto size = static_cast<qint64>(content.size());
    if (file.write(content.data(), size) != size) {
        fail(file.errorString());
    }
    // commit() flushes, syncs and renames; on failure the temporary file is removed and the
    // target is untouched.
    if (!file.commit()) {
        throw ReportWriteError("cannot write " + path.string() + ": " +
                               file.errorString().toStdString());
    }
}

}  // namespace kolcat::cli
