#include "catalogue/search_words.hpp"

#include <QString>
#include <algorithm>

namespace kolcat::catalogue {
namespace {

// Composed first, so that "å" typed as a + combining ring equals "å" stored as one character.
QString case_folded(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()))
        .normalized(QString::NormalizationForm_C)
        .toCaseFolded();
}

QString accents_folded(const QString& text) {
    QString out;
    for (const QChar c : text.normalized(QString::NormalizationForm_D)) {
        if (c.category() != QChar::Mark_NonSpacing) {
            out += c;
        }
    }
    return out.normalized(QString::NormalizationForm_C);
}

QStringList words_of(const QString& text) {
    QStringList words;
    QString word;
    for (const QChar c : text) {
        if (c.isLetterOrNumber() || c.category() == QChar::Mark_NonSpacing) {
            word += c;
        } else if (!word.isEmpty()) {
            words.push_back(word);
            word.clear();
        }
    }
    if (!word.isEmpty()) {
        words.push_back(word);
    }
    return words;
}

bool starts_some_word(const QString& wanted, const QStringList& words) {
    return std::any_of(words.begin(), words.end(),
                       [&](const QString& word) { return word.startsWith(wanted); });
}

}  // namespace

SearchWords::SearchWords(std::string_view text) : exact_(words_of(case_folded(text))) {
    for (const QString& word : exact_) {
        folded_.push_back(accents_folded(word));
    }
}

bool SearchWords::all_start_words_folded(std::string_view text) const {
    const QStringList words = words_of(accents_folded(case_folded(text)));
    return std::all_of(folded_.begin(), folded_.end(),
                       [&](const QString& wanted) { return starts_some_word(wanted, words); });
}

int SearchWords::count_starting_words_exactly(std::string_view text) const {
    const QStringList words = words_of(case_folded(text));
    return static_cast<int>(std::count_if(exact_.begin(), exact_.end(), [&](const QString& wanted) {
        return starts_some_word(wanted, words);
    }));
}

}  // namespace kolcat::catalogue
