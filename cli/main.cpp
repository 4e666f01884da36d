#include "cli/app.hpp"

int main(int argc, char** argv) {
    return kolcat::cli::run_app(argc, argv);
}
