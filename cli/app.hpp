#pragma once

namespace kolcat::cli {

// The whole kolcat program: dispatches to a subcommand and maps errors to exit codes.
int run_app(int argc, char** argv);

}  // namespace kolcat::cli
