// The fuzz target's entry point without libFuzzer, for CTest with any compiler: every seed in
// fuzz/corpus/api_request, then a fixed number of mutations of them (bytes flipped, inserted,
// deleted and copied, pieces of other seeds and of the API's vocabulary spliced in), from a
// fixed random seed so that a failure repeats. A broken rule aborts (api_request_entry.hpp).
//
//   replay_api_request CORPUS_DIR [MUTATIONS]

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "fuzz/api_request_entry.hpp"

namespace {

const std::vector<std::string> kVocabulary = {
    "/v3/",
    "/v2/",
    "data",
    "kpi",
    "municipality",
    "ou",
    "oudata",
    "year",
    "kpi_groups",
    "municipality_groups",
    "/",
    ",",
    "?",
    "&",
    "=",
    "page=",
    "per_page=",
    "title=",
    "from_date=",
    "kpi_id=",
    "municipality_id=",
    "year=",
    "region_type=",
    "2020",
    "-1",
    "0",
    "5000",
    "5001",
    "2147483647",
    "99999999999",
    "N00945",
    "0025",
    "G33632",
    "\xff",
    "\xc3\xa5",
    "\xed\xa0\x80",
    "%00",
    "\n",
    "2026-02-30",
    "2026-03-01",
};

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string mutate(std::string text, const std::vector<std::string>& seeds, std::mt19937& random) {
    const auto pick = [&](std::size_t bound) {
        return std::uniform_int_distribution<std::size_t>(0, bound == 0 ? 0 : bound - 1)(random);
    };
    const auto steps = 1 + pick(4);
    for (std::size_t step = 0; step < steps; ++step) {
        const auto at = pick(text.size() + 1);
        switch (pick(6)) {
            case 0:  // flip a byte
                if (!text.empty()) {
                    text[std::min(at, text.size() - 1)] = static_cast<char>(pick(256));
                }
                break;
            case 1:  // insert a byte
                text.insert(at, 1, static_cast<char>(pick(256)));
                break;
            case 2:  // delete a run
                text.erase(at, 1 + pick(8));
                break;
            case 3:  // a word of the API
                text.insert(at, kVocabulary[pick(kVocabulary.size())]);
                break;
            case 4: {  // a piece of another seed
                const auto& other = seeds[pick(seeds.size())];
                const auto from = pick(other.size() + 1);
                text.insert(at, other.substr(from, 1 + pick(40)));
                break;
            }
            default:  // repeat a piece (long lists, long values)
                if (!text.empty()) {
                    const auto from = std::min(at, text.size() - 1);
                    const auto piece = text.substr(from, 1 + pick(12));
                    for (std::size_t i = pick(40); i > 0; --i) {
                        text.insert(from, piece);
                    }
                }
                break;
        }
    }
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: replay_api_request CORPUS_DIR [MUTATIONS]\n");
        return 2;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> seeds;
    for (const auto& file : files) {
        seeds.push_back(read_file(file));
    }
    if (seeds.empty()) {
        std::fprintf(stderr, "replay_api_request: no seeds in %s\n", argv[1]);
        return 1;
    }
    const long mutations = argc == 3 ? std::strtol(argv[2], nullptr, 10) : 5000;
    const auto run = [](const std::string& input) {
        kolcat::fuzz_api::run_api_request(reinterpret_cast<const std::uint8_t*>(input.data()),
                                          input.size());
    };
    for (const auto& seed : seeds) {
        run(seed);
    }
    std::mt19937 random(20261204);
    for (long i = 0; i < mutations; ++i) {
        const auto& base = seeds[static_cast<std::size_t>(i) % seeds.size()];
        run(mutate(base, seeds, random));
    }
    std::printf("replay_api_request: %zu seeds and %ld mutations, every rule held\n", seeds.size(),
                mutations);
    return 0;
}
