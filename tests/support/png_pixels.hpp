#pragma once
// Reads an 8-bit RGB or RGBA PNG (what Chromium's --screenshot writes) into pixels, so that a
// browser test can tell a rendered page from a blank one. Only what screenshots use: no
// interlacing, no palettes, no 16-bit channels.

#include <zlib.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace kolcat::testing {

struct PngImage {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::array<std::uint8_t, 3>> pixels;  // RGB, row by row; alpha is dropped
};

namespace png_detail {

inline std::uint32_t big_endian(const std::string& bytes, std::size_t at) {
    return (std::uint32_t(std::uint8_t(bytes[at])) << 24) |
           (std::uint32_t(std::uint8_t(bytes[at + 1])) << 16) |
           (std::uint32_t(std::uint8_t(bytes[at + 2])) << 8) |
           std::uint32_t(std::uint8_t(bytes[at + 3]));
}

inline std::vector<std::uint8_t> inflate_all(const std::string& compressed, std::size_t expected) {
    std::vector<std::uint8_t> out(expected);
    uLongf out_size = static_cast<uLongf>(expected);
    const int status =
        ::uncompress(out.data(), &out_size, reinterpret_cast<const Bytef*>(compressed.data()),
                     static_cast<uLong>(compressed.size()));
    if (status != Z_OK || out_size != expected) {
        throw std::runtime_error("PNG: the image data does not inflate to its size");
    }
    return out;
}

inline std::uint8_t paeth(int left, int up, int up_left) {
    const int estimate = left + up - up_left;
    const int to_left = std::abs(estimate - left);
    const int to_up = std::abs(estimate - up);
    const int to_up_left = std::abs(estimate - up_left);
    if (to_left <= to_up && to_left <= to_up_left) {
        return static_cast<std::uint8_t>(left);
    }
    return static_cast<std::uint8_t>(to_up <= to_up_left ? up : up_left);
}

}  // namespace png_detail

inline PngImage read_png(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < 8 || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) {
        throw std::runtime_error("not a PNG file: " + path.string());
    }
    PngImage image;
    int channels = 0;
    std::string compressed;
    for (std::size_t at = 8; at + 12 <= bytes.size();) {
        const auto length = png_detail::big_endian(bytes, at);
        const std::string type = bytes.substr(at + 4, 4);
        if (at + 12 + length > bytes.size()) {
            throw std::runtime_error("PNG: a chunk runs past the end of the file");
        }
        const std::string data = bytes.substr(at + 8, length);
        if (type == "IHDR") {
            image.width = png_detail::big_endian(data, 0);
            image.height = png_detail::big_endian(data, 4);
            const int bit_depth = std::uint8_t(data[8]);
            const int colour_type = std::uint8_t(data[9]);
            const int interlace = std::uint8_t(data[12]);
            if (bit_depth != 8 || (colour_type != 2 && colour_type != 6) || interlace != 0) {
                throw std::runtime_error("PNG: only 8-bit RGB or RGBA without interlacing");
            }
            channels = colour_type == 6 ? 4 : 3;
        } else if (type == "IDAT") {
            compressed += data;
        } else if (type == "IEND") {
            break;
        }
        at += 12 + length;
    }
    if (channels == 0 || image.width == 0 || image.height == 0) {
        throw std::runtime_error("PNG: no image header");
    }
    const std::size_t stride = std::size_t(image.width) * std::size_t(channels);
    const auto raw = png_detail::inflate_all(compressed, (stride + 1) * image.height);
    std::vector<std::uint8_t> previous(stride, 0);
    std::vector<std::uint8_t> row(stride);
    image.pixels.reserve(std::size_t(image.width) * image.height);
    for (std::uint32_t y = 0; y < image.height; ++y) {
        const std::uint8_t* line = raw.data() + y * (stride + 1);
        const int filter = line[0];
        for (std::size_t i = 0; i < stride; ++i) {
            const int x = line[1 + i];
            const int left = i >= std::size_t(channels) ? row[i - channels] : 0;
            const int up = previous[i];
            const int up_left = i >= std::size_t(channels) ? previous[i - channels] : 0;
            int value = 0;
            switch (filter) {
                case 0:
                    value = x;
                    break;
                case 1:
                    value = x + left;
                    break;
                case 2:
                    value = x + up;
                    break;
                case 3:
                    value = x + (left + up) / 2;
                    break;
                case 4:
                    value = x + png_detail::paeth(left, up, up_left);
                    break;
                default:
                    throw std::runtime_error("PNG: unknown row filter");
            }
            row[i] = static_cast<std::uint8_t>(value & 0xff);
        }
        for (std::size_t i = 0; i < stride; i += std::size_t(channels)) {
            image.pixels.push_back({row[i], row[i + 1], row[i + 2]});
        }
        previous.swap(row);
    }
    return image;
}

// The share of pixels that differ from the image's most common colour: 0 for a blank page.
inline double share_not_background(const PngImage& image) {
    std::map<std::array<std::uint8_t, 3>, std::size_t> counts;
    for (const auto& pixel : image.pixels) {
        ++counts[pixel];
    }
    std::size_t most = 0;
    for (const auto& [colour, count] : counts) {
        most = std::max(most, count);
    }
    return image.pixels.empty() ? 0.0 : 1.0 - double(most) / double(image.pixels.size());
}

}  // namespace kolcat::testing
