#include "sync/kolada/metadata_fingerprint.hpp"

#include <cstdio>
#include <optional>

namespace kolcat::sync {
namespace {

constexpr std::array<std::uint32_t, 64> kRound{
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotate_right(std::uint32_t x, int n) {
    return (x >> n) | (x << (32 - n));
}

// A field with its length first, so that ("ab", "c") and ("a", "bc") differ, and an absent
// optional field differs from an empty one.
void add_field(Sha256& hash, std::string_view text) {
    const std::string length = std::to_string(text.size()) + ":";
    hash.add(length);
    hash.add(text);
}
void add_optional_field(Sha256& hash, const std::optional<std::string>& text) {
    if (!text) {
        hash.add("-");
        return;
    }
    add_field(hash, *text);
}

}  // namespace

Sha256::Sha256()
    : state_{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
             0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19} {}

void Sha256::block(const std::uint8_t* data) {
    std::array<std::uint32_t, 64> w{};
    for (std::size_t i = 0; i < 16; ++i) {
        w[i] = static_cast<std::uint32_t>(data[4 * i]) << 24 |
               static_cast<std::uint32_t>(data[4 * i + 1]) << 16 |
               static_cast<std::uint32_t>(data[4 * i + 2]) << 8 |
               static_cast<std::uint32_t>(data[4 * i + 3]);
    }
    for (std::size_t i = 16; i < 64; ++i) {
        const std::uint32_t s0 =
            rotate_right(w[i - 15], 7) ^ rotate_right(w[i - 15], 18) ^ (w[i - 15] >> 3);
        const std::uint32_t s1 =
            rotate_right(w[i - 2], 17) ^ rotate_right(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    auto [a, b, c, d, e, f, g, h] = state_;
    for (std::size_t i = 0; i < 64; ++i) {
        const std::uint32_t s1 = rotate_right(e, 6) ^ rotate_right(e, 11) ^ rotate_right(e, 25);
        const std::uint32_t choice = (e & f) ^ (~e & g);
        const std::uint32_t t1 = h + s1 + choice + kRound[i] + w[i];
        const std::uint32_t s0 = rotate_right(a, 2) ^ rotate_right(a, 13) ^ rotate_right(a, 22);
        const std::uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
        const std::uint32_t t2 = s0 + majority;
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    const std::array<std::uint32_t, 8> add{a, b, c, d, e, f, g, h};
    for (std::size_t i = 0; i < 8; ++i) {
        state_[i] += add[i];
    }
}

void Sha256::add(std::string_view bytes) {
    length_ += bytes.size();
    for (const char c : bytes) {
        buffer_[buffered_++] = static_cast<std::uint8_t>(c);
        if (buffered_ == buffer_.size()) {
            block(buffer_.data());
            buffered_ = 0;
        }
    }
}

std::string Sha256::hex() {
    const std::uint64_t bits = length_ * 8;
    std::string padding(1, '\x80');
    const std::size_t used = (buffered_ + 1) % 64;
    padding.append(used <= 56 ? 56 - used : 120 - used, '\0');
    for (int shift = 56; shift >= 0; shift -= 8) {
        padding += static_cast<char>((bits >> shift) & 0xff);
    }
    add(padding);
    std::string text;
    for (const std::uint32_t word : state_) {
        char digits[9];
        std::snprintf(digits, sizeof digits, "%08x", word);
        text += digits;
    }
    return text;
}

std::string metadata_fingerprint(const std::vector<catalogue::Kpi>& kpis) {
    Sha256 hash;
    hash.add("kpi-v1;");
    for (const catalogue::Kpi& kpi : kpis) {
        add_field(hash, kpi.id);
        add_field(hash, kpi.title);
        add_field(hash, kpi.description);
        add_field(hash, kpi.is_divided_by_gender ? "1" : "0");
        add_field(hash, kpi.municipality_type);
        add_optional_field(hash, kpi.auspice);
        add_optional_field(hash, kpi.operating_area);
        add_optional_field(hash, kpi.perspective);
        add_optional_field(hash, kpi.prel_publication_date);
        add_optional_field(hash, kpi.publication_date);
        add_optional_field(hash, kpi.publ_period);
        add_field(hash, kpi.has_ou_data ? "1" : "0");
        add_field(hash, kpi.raw_json);
    }
    return hash.hex();
}

std::string metadata_fingerprint(const std::vector<catalogue::Municipality>& municipalities) {
    Sha256 hash;
    hash.add("municipality-v1;");
    for (const catalogue::Municipality& municipality : municipalities) {
        add_field(hash, municipality.id);
        add_field(hash, municipality.title);
        add_field(hash, municipality.type);
    }
    return hash.hex();
}

std::string metadata_fingerprint(const std::vector<catalogue::Group>& groups) {
    Sha256 hash;
    hash.add("group-v1;");
    for (const catalogue::Group& group : groups) {
        add_field(hash, group.id);
        add_field(hash, group.title);
        add_field(hash, std::to_string(group.members.size()));
        for (const catalogue::GroupMember& member : group.members) {
            add_field(hash, member.id);
            add_field(hash, member.title);
        }
    }
    return hash.hex();
}

}  // namespace kolcat::sync
