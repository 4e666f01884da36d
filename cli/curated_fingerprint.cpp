#include "cli/curated_fingerprint.hpp"

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <array>

#include "curated/indicators.hpp"

namespace kolcat::cli {

std::string curated_fingerprint(const std::filesystem::path& dir) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const char* name : std::array{"goals.json", "kpis.json", "region_sets.json"}) {
        const auto path = dir / name;
        QFile file(QString::fromStdString(path.string()));
        if (!file.open(QIODevice::ReadOnly)) {
            throw curated::IndicatorsReadError(
                path.string() + ": cannot read the file: " + file.errorString().toStdString());
        }
        const QByteArray content = file.readAll();
        if (file.error() != QFileDevice::NoError) {
            throw curated::IndicatorsReadError(
                path.string() + ": cannot read the file: " + file.errorString().toStdString());
        }
        hash.addData(QByteArray(name) + '\0' + QByteArray::number(content.size()) + '\0');
        hash.addData(content);
    }
    return "sha256:" + hash.result().toHex().toStdString();
}

}  // namespace kolcat::cli
