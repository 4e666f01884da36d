#pragma once
// Fingerprints of the metadata lists, so that a sync stores a list (and rebuilds its part of the
// full-text index) only when Kolada's copy differs from the stored one. SHA-256 over every field
// stored from the list, each with its length, in the order Kolada sent them: what the catalogue
// keeps changes exactly when the fingerprint does (barring a SHA-256 collision). The answers'
// bodies are not hashed: they also carry paging links, which change with nothing stored.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/group.hpp"
#include "catalogue/kpi.hpp"
#include "catalogue/municipality.hpp"

namespace kolcat::sync {

// SHA-256 (FIPS 180-4), fed in pieces.
class Sha256 {
  public:
    Sha256();
    void add(std::string_view bytes);
    std::string hex();  // ends the hash: call once

  private:
    void block(const std::uint8_t* data);

    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0;  // bytes added
};

std::string metadata_fingerprint(const std::vector<catalogue::Kpi>& kpis);
std::string metadata_fingerprint(const std::vector<catalogue::Municipality>& municipalities);
std::string metadata_fingerprint(const std::vector<catalogue::Group>& groups);

}  // namespace kolcat::sync
