// kolcat-demo-server: the offline demo. Serves the project's own fixture data (every KPI title
// starts with "[DEMO] ") as a Kolada v3 API on 127.0.0.1, marking every answer with
// "X-Kolcat-Demo: true" so that the sync records the data as demo data.
//
//   kolcat-demo-server [--port N] [--data DIR]
//
// Prints exactly one line, the base URL "http://127.0.0.1:PORT/v3", once it accepts
// connections, then serves until SIGTERM or SIGINT.

#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <system_error>

#include "demo/calendar.hpp"
#include "demo/fake_kolada_server.hpp"
#include "demo/load_dataset.hpp"

#ifndef KOLCAT_DEMO_DATA_DIR
#error "KOLCAT_DEMO_DATA_DIR must name the demo fixture directory"
#endif

namespace {

constexpr std::string_view kUsage =
    "Usage: kolcat-demo-server [--port N] [--data DIR]\n"
    "Serves kolcat's bundled demo data as a Kolada v3 API on 127.0.0.1.\n"
    "  --port N    listen on port N (default: a free port chosen by the system)\n"
    "  --data DIR  serve the fixture files in DIR (default: ../share/kolcat/demo beside this\n"
    "              program when installed, else " KOLCAT_DEMO_DATA_DIR
    ")\n"
    "Prints the base URL (http://127.0.0.1:PORT/v3) when ready; stops on SIGTERM or SIGINT.\n";

// The demo data installed with this program (any prefix), else the source tree's.
std::filesystem::path default_data_dir() {
    std::error_code error;
    const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) {
        auto installed = executable.parent_path().parent_path() / "share" / "kolcat" / "demo";
        if (std::filesystem::is_regular_file(installed / "kpi.json", error)) {
            return installed;
        }
    }
    return KOLCAT_DEMO_DATA_DIR;
}

struct Arguments {
    int port = 0;
    std::filesystem::path data_dir = default_data_dir();
};

[[noreturn]] void usage_error(const std::string& message) {
    std::cerr << "kolcat-demo-server: " << message << "\n" << kUsage;
    std::exit(2);
}

Arguments parse_arguments(int argc, char** argv) {
    Arguments arguments;
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        if (argument == "--help" || argument == "-h") {
            std::cout << kUsage;
            std::exit(0);
        }
        if (i + 1 >= argc) {
            usage_error("missing value after " + std::string(argument));
        }
        const std::string value = argv[++i];
        if (argument == "--port") {
            std::size_t used = 0;
            int port = -1;
            try {
                port = std::stoi(value, &used);
            } catch (const std::exception&) {
            }
            if (used != value.size() || port < 0 || port > 65535) {
                usage_error("--port needs a number from 0 to 65535");
            }
            arguments.port = port;
        } else if (argument == "--data") {
            arguments.data_dir = value;
        } else {
            usage_error("unknown option " + std::string(argument));
        }
    }
    return arguments;
}

}  // namespace

int main(int argc, char** argv) {
    const auto arguments = parse_arguments(argc, argv);

    // Block the stop signals in every thread (the server's threads inherit this mask), so that
    // sigwait below is the only place they arrive.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    try {
        auto dataset = kolcat::demo::load_dataset(arguments.data_dir);
        dataset.today = kolcat::demo::utc_today();
        kolcat::demo::ServerOptions options;
        options.port = arguments.port;
        options.demo_header = true;
        kolcat::demo::FakeKoladaServer server(std::move(dataset), options);
        server.start();
        std::cout << server.base_url() << std::endl;  // endl: the caller waits for this line

        int received = 0;
        sigwait(&stop_signals, &received);
        server.stop();
    } catch (const std::exception& failure) {
        std::cerr << "kolcat-demo-server: " << failure.what() << "\n";
        return 1;
    }
    return 0;
}
