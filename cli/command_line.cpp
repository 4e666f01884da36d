#include "cli/command_line.hpp"

#include <QRegularExpression>
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "cli/exit_codes.hpp"
#include "cli/user_paths.hpp"
#include "text/text_width.hpp"

namespace kolcat::cli {
namespace {

std::string to_std(const QString& text) {
    return text.toStdString();
}

// Ids reach SQL only as bound parameters; this check is for clear errors on typos.
bool is_plausible_id(const std::string& id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
               c == '_' || c == '-';
    });
}

// Qt's "Unknown option 'bogus'." reads as kolcat's other errors: "unknown option '--bogus'".
std::string usage_error_text(QString text) {
    if (text.startsWith("Unknown option")) {
        static const QRegularExpression bare_name("'([^'-][^']+)'");
        text.replace(bare_name, "'--\\1'");
    }
    if (text.endsWith('.')) {
        text.chop(1);
    }
    if (!text.isEmpty()) {
        text[0] = text[0].toLower();
    }
    return to_std(text);
}

// Folds each paragraph of `text` at spaces to at most `width` columns (for --help descriptions,
// which Qt prints unwrapped).
std::string wrap_paragraphs(const std::string& text, std::size_t width) {
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find('\n', start), text.size());
        for (const std::string& line : text::wrap_text(text.substr(start, end - start), width)) {
            out += line + "\n";
        }
        start = end + 1;
    }
    out.pop_back();  // Qt adds the line end after the description
    return out;
}

// Kolada's ids are upper case (N00957, U09808, G33632) or digits (0025).
std::string normalized_id(const QString& text, const std::string& where) {
    const std::string id = to_std(text.trimmed().toUpper());
    if (!is_plausible_id(id)) {
        throw UsageError("invalid id '" + to_std(text.trimmed()) + "'" + where +
                         ": ids are letters and digits, e.g. N00945 or 0025");
    }
    return id;
}

// Splits "A,B", "A, B" and "A B" into ids, keeping the first of duplicates.
void add_ids(const QString& text, const std::string& where, std::vector<std::string>& ids,
             const std::vector<std::string>& keywords = {}) {
    static const QRegularExpression separators("[,\\s]+");
    for (const QString& part : text.split(separators, Qt::SkipEmptyParts)) {
        const std::string word = to_std(part.trimmed().toLower());
        const bool keyword = std::find(keywords.begin(), keywords.end(), word) != keywords.end();
        std::string id = keyword ? word : normalized_id(part, where);
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
            ids.push_back(std::move(id));
        }
    }
}

}  // namespace

CommandLine::CommandLine(std::string command, std::string description,
                         std::vector<std::string> examples)
    : command_(std::move(command)), examples_(std::move(examples)) {
    parser_.setApplicationDescription(QString::fromStdString(wrap_paragraphs(description, 79)));
    parser_.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    // Our own -h/--help: Qt's addHelpOption() also offers --help-all with Qt's internal
    // options, which mean nothing to a kolcat user.
    parser_.addOption(QCommandLineOption({"h", "help"}, "Show this help, with examples."));
}

void CommandLine::add_catalogue_option() {
    has_catalogue_option_ = true;
    parser_.addOption(QCommandLineOption("catalogue",
                                         "The catalogue file. Default: $KOLCAT_CATALOGUE, else "
                                         "<XDG data dir>/kolcat/catalogue.sqlite.",
                                         "path"));
}

void CommandLine::add_output_options(OutputFormat default_format) {
    has_output_options_ = true;
    const char* default_name = default_format == OutputFormat::csv        ? "csv"
                               : default_format == OutputFormat::json     ? "json"
                               : default_format == OutputFormat::markdown ? "markdown"
                                                                          : "table";
    parser_.addOption(QCommandLineOption(
        "format",
        QString("Output format: table, csv, json or markdown (default %1).").arg(default_name),
        "format", default_name));
    parser_.addOption(QCommandLineOption(
        "csv-dialect",
        "CSV flavour: rfc4180 (default) or excel-sv (semicolons, decimal comma and a UTF-8 BOM, "
        "for Swedish Excel).",
        "dialect", "rfc4180"));
    parser_.addOption(QCommandLineOption(
        "locale",
        "Number style in table and markdown output: en (default) or sv (decimal comma, a space "
        "between thousands, no ,0 on whole numbers).",
        "locale", "en"));
}

void CommandLine::add_id_list_option(const QString& name, const QString& description,
                                     const QString& value_name) {
    parser_.addOption(QCommandLineOption(name, description, value_name));
}

void CommandLine::add_value_option(const QString& name, const QString& description,
                                   const QString& value_name, const QString& default_value) {
    parser_.addOption(QCommandLineOption(name, description, value_name, default_value));
}

void CommandLine::add_flag(const QString& name, const QString& description) {
    parser_.addOption(QCommandLineOption(name, description));
}

void CommandLine::add_year_option(const QStringList& names, const QString& description,
                                  const QString& value_name) {
    parser_.addOption(QCommandLineOption(names, description, value_name));
}

void CommandLine::add_positional(const QString& name, const QString& description,
                                 const QString& syntax) {
    parser_.addPositionalArgument(name, description, syntax);
}

bool CommandLine::parse(const QStringList& arguments) {
    if (!parser_.parse(arguments)) {
        throw UsageError(usage_error_text(parser_.errorText()) + " (see 'kolcat " + command_ +
                         " --help')");
    }
    if (parser_.isSet("help")) {
        std::string help = to_std(parser_.helpText());
        // Qt names the program by argv[0]; make the usage line show the subcommand.
        const std::string usage = "Usage: ";
        if (help.rfind(usage, 0) == 0) {
            const auto space = help.find(' ', usage.size());
            help = usage + "kolcat " + command_ + help.substr(space);
            // A blank line between the usage line and the description.
            help.insert(help.find('\n') + 1, "\n");
        }
        if (!examples_.empty()) {
            help += "\nExamples:\n";
            for (const auto& example : examples_) {
                help += "  " + example + "\n";
            }
        }
        write_stdout(help);
        return false;
    }
    return true;
}

bool CommandLine::flag(const QString& name) const {
    return parser_.isSet(name);
}

std::optional<std::string> CommandLine::value(const QString& name) const {
    const QStringList values = parser_.values(name);
    if (values.isEmpty()) {
        return std::nullopt;
    }
    return to_std(values.last());
}

std::vector<std::string> CommandLine::positional() const {
    std::vector<std::string> out;
    for (const QString& argument : parser_.positionalArguments()) {
        out.push_back(to_std(argument));
    }
    return out;
}

std::vector<std::string> CommandLine::id_list(const QString& name) const {
    return id_list(name, {});
}

std::vector<std::string> CommandLine::id_list(const QString& name,
                                              const std::vector<std::string>& keywords) const {
    std::vector<std::string> ids;
    for (const QString& value : parser_.values(name)) {
        add_ids(value, " in --" + to_std(name), ids, keywords);
    }
    if (parser_.isSet(name) && ids.empty()) {
        throw UsageError("--" + to_std(name) +
                         " needs at least one id, e.g. --kpi N00945,N00957 or --unit 0025 (leave "
                         "the option out for all)");
    }
    return ids;
}

std::optional<std::string> CommandLine::id_value(const QString& name) const {
    const QStringList values = parser_.values(name);
    if (values.isEmpty()) {
        return std::nullopt;
    }
    if (values.last().trimmed().isEmpty()) {
        throw UsageError("--" + to_std(name) + " needs an id, e.g. --" + to_std(name) + " 0025");
    }
    return normalized_id(values.last(), " in --" + to_std(name));
}

std::vector<std::string> CommandLine::positional_ids() const {
    std::vector<std::string> ids;
    for (const QString& argument : parser_.positionalArguments()) {
        if (argument.trimmed().isEmpty()) {
            throw UsageError("an empty key figure id was given: name ids like N00945");
        }
        add_ids(argument, "", ids);
    }
    return ids;
}

std::optional<int> CommandLine::int_value(const QString& name, int min, int max) const {
    const auto text = value(name);
    if (!text) {
        return std::nullopt;
    }
    int number = 0;
    const auto result = std::from_chars(text->data(), text->data() + text->size(), number);
    if (text->empty() || result.ec != std::errc() || result.ptr != text->data() + text->size() ||
        number < min || number > max) {
        throw UsageError("invalid --" + to_std(name) + " '" + *text +
                         "': expected a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max));
    }
    return number;
}

std::optional<double> CommandLine::double_value(const QString& name, double min, double max) const {
    const auto text = value(name);
    if (!text) {
        return std::nullopt;
    }
    bool ok = false;
    const double number = QString::fromStdString(*text).toDouble(&ok);
    if (!ok || number < min || number > max) {
        throw UsageError("invalid --" + to_std(name) + " '" + *text + "': expected a number from " +
                         std::to_string(min) + " to " + std::to_string(max));
    }
    return number;
}

std::optional<catalogue::YearSet> CommandLine::year_set(const QString& name) const {
    const auto text = value(name);
    if (!text) {
        return std::nullopt;
    }
    return parse_years(*text);
}

CommandLine::PeriodYears CommandLine::period_years(const QString& name) const {
    PeriodYears chosen;
    const auto text = value(name);
    if (!text || *text == "latest") {
        return chosen;
    }
    if (*text == "common") {
        chosen.common = true;
        return chosen;
    }
    chosen.years = parse_years(*text);
    return chosen;
}

std::filesystem::path CommandLine::catalogue_path() const {
    if (has_catalogue_option_) {
        if (const auto given = value("catalogue")) {
            if (given->empty()) {
                throw UsageError("--catalogue needs a file path");
            }
            return *given;
        }
    }
    if (auto path = default_catalogue_file(process_environment())) {
        return *path;
    }
    throw UsageError(
        "no catalogue path: HOME is not set (or not an absolute path), so there is no "
        "~/.local/share; use --catalogue PATH or set KOLCAT_CATALOGUE");
}

RenderOptions CommandLine::render_options() const {
    RenderOptions options;
    if (!has_output_options_) {
        return options;
    }
    if (const auto format = value("format")) {
        options.format = parse_output_format(*format);
    }
    if (const auto dialect = value("csv-dialect")) {
        options.csv_dialect = parse_csv_dialect(*dialect);
    }
    if (const auto locale = value("locale")) {
        options.locale = parse_number_locale(*locale);
    }
    return options;
}

catalogue::YearSet parse_years(const std::string& text) {
    try {
        return catalogue::parse_year_set(text);
    } catch (const catalogue::YearSyntaxError& error) {
        throw UsageError(error.what());
    }
}

}  // namespace kolcat::cli
