#pragma once
// How search compares the words a user typed with titles and descriptions, in two strengths:
// folded, as the full-text index folds (case and accents: "vald" finds "våld" and
// "Valdeltagande"), and exact, with the user's own letters (case only: "våld" is not "vald";
// å, ä and ö are letters of their own in Swedish).

#include <QStringList>
#include <string>
#include <string_view>

namespace kolcat::catalogue {

class SearchWords {
  public:
    // The words of the text: runs of letters and digits, as FTS5's unicode61 tokenizer splits.
    explicit SearchWords(std::string_view text);

    bool empty() const { return exact_.isEmpty(); }
    // True when every word starts a word of `text`, case and accents folded: the full-text
    // index's rule, for the small lists searched without it (KPI groups).
    bool all_start_words_folded(std::string_view text) const;
    // How many of the words start a word of `text` with their own letters, case folded.
    int count_starting_words_exactly(std::string_view text) const;

  private:
    QStringList exact_;   // case folded
    QStringList folded_;  // case and accents folded
};

}  // namespace kolcat::catalogue
