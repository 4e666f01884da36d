#pragma once
// What `kolcat --version` prints.

#include <string>

#include "cli/curated_location.hpp"

namespace kolcat::cli {

// Two lines: "kolcat VERSION", then "curated set: FINGERPRINT (FOLDER)" for the set that SEARCH
// finds (see curated_fingerprint), or "curated set: " and why there is none to read. The
// version is always printed, so that a broken install can still say what it is.
std::string version_text(const CuratedSearch& search);

}  // namespace kolcat::cli
