#pragma once
// A subcommand's command line: QCommandLineParser plus the options that many commands share
// (--catalogue, --format, --csv-dialect, --locale), with errors turned into UsageError so that
// every command reports them the same way (one line, exit code 2).

#include <QCommandLineParser>
#include <QStringList>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "catalogue/year_set.hpp"
#include "cli/output/output.hpp"
#include "cli/output/render.hpp"

namespace kolcat::cli {

class CommandLine {
  public:
    // `examples` are shown at the end of --help, one per line.
    CommandLine(std::string command, std::string description, std::vector<std::string> examples);

    QCommandLineParser& parser() { return parser_; }

    void add_catalogue_option();
    void add_output_options(OutputFormat default_format);
    // --kpi / --unit style option: repeatable, each a comma-separated list of ids.
    void add_id_list_option(const QString& name, const QString& description,
                            const QString& value_name);
    void add_value_option(const QString& name, const QString& description,
                          const QString& value_name, const QString& default_value = {});
    void add_flag(const QString& name, const QString& description);
    // A years option in the one syntax, under several names (the first is the one --help
    // shows first), e.g. {"years", "year"}.
    void add_year_option(const QStringList& names, const QString& description,
                         const QString& value_name = "years");
    void add_positional(const QString& name, const QString& description, const QString& syntax);

    // Parses the arguments (the first is the command's name). Returns false when --help was
    // asked for and printed. Throws UsageError on unknown options or missing values.
    bool parse(const QStringList& arguments);

    bool flag(const QString& name) const;
    std::optional<std::string> value(const QString& name) const;
    std::vector<std::string> positional() const;
    // Ids are trimmed and upper-cased (Kolada's ids are: "n00957" means N00957); an option
    // given with no id at all (--kpi "") is a UsageError rather than "every id".
    std::vector<std::string> id_list(const QString& name) const;
    // The same, where the words of `keywords` may stand among the ids (any case; returned as
    // written in `keywords`), e.g. --unit all-regions,0000.
    std::vector<std::string> id_list(const QString& name,
                                     const std::vector<std::string>& keywords) const;
    // One id (--region 0025), normalized like id_list; nullopt when the option is absent.
    std::optional<std::string> id_value(const QString& name) const;
    // Positional ids ("N00957 N00209", "N00957,N00209" or "N00957, N00209"), normalized like
    // id_list, duplicates dropped.
    std::vector<std::string> positional_ids() const;
    std::optional<int> int_value(const QString& name, int min, int max) const;
    std::optional<double> double_value(const QString& name, double min, double max) const;
    // A years option parsed with parse_years; nullopt when absent.
    std::optional<catalogue::YearSet> year_set(const QString& name) const;
    // The --year of compare and report: 'latest' or absent (nothing), 'common', or years.
    struct PeriodYears {
        std::optional<catalogue::YearSet> years;
        bool common = false;
    };
    PeriodYears period_years(const QString& name) const;

    // --catalogue, else $KOLCAT_CATALOGUE, else <XDG data dir>/kolcat/catalogue.sqlite.
    std::filesystem::path catalogue_path() const;
    RenderOptions render_options() const;

  private:
    std::string command_;
    std::vector<std::string> examples_;
    QCommandLineParser parser_;
    bool has_catalogue_option_ = false;
    bool has_output_options_ = false;
};

// Parses the one year syntax (catalogue/year_set.hpp); a bad year is a UsageError carrying the
// one message every command gives.
catalogue::YearSet parse_years(const std::string& text);

}  // namespace kolcat::cli
