#pragma once
// The curated set's fingerprint, which `kolcat --version` prints: it tells two installs, or an
// install and a checkout, apart when their files differ and not otherwise.

#include <filesystem>
#include <string>

namespace kolcat::cli {

// "sha256:" and 64 hex digits: SHA-256 over the files load_indicators reads, in this order:
// goals.json, kpis.json, region_sets.json. Each file adds its name, a NUL byte, its size in
// bytes as decimal digits, a NUL byte, then its bytes as they are. Throws IndicatorsReadError
// when one cannot be read.
std::string curated_fingerprint(const std::filesystem::path& dir);

}  // namespace kolcat::cli
