#pragma once
// One function per subcommand. Each takes its own arguments (the first is the command name),
// parses them, calls the libraries and prints. It returns the exit code or throws; app.cpp
// turns exceptions into one-line errors and exit codes.

#include <QStringList>

namespace kolcat::cli {

int run_sync_command(const QStringList& arguments);
int run_status_command(const QStringList& arguments);
int run_search_command(const QStringList& arguments);
int run_show_command(const QStringList& arguments);
int run_values_command(const QStringList& arguments);
int run_changes_command(const QStringList& arguments);
int run_ping_command(const QStringList& arguments);
int run_goals_command(const QStringList& arguments);
int run_indicators_command(const QStringList& arguments);
int run_report_command(const QStringList& arguments);
int run_compare_command(const QStringList& arguments);
int run_gaps_command(const QStringList& arguments);
int run_differences_command(const QStringList& arguments);
int run_coverage_command(const QStringList& arguments);
int run_verify_command(const QStringList& arguments);
int run_serve_command(const QStringList& arguments);

}  // namespace kolcat::cli
