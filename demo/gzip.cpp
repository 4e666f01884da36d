#include "demo/gzip.hpp"

#include <zlib.h>

#include <memory>
#include <stdexcept>

namespace kolcat::demo {

namespace {

struct DeflateEnd {
    void operator()(z_stream* stream) const { deflateEnd(stream); }
};

}  // namespace

std::string gzip_compress(std::string_view data) {
    z_stream stream{};
    // windowBits 15 + 16: a gzip header and trailer rather than a raw zlib stream.
    if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("gzip: deflateInit2 failed");
    }
    const std::unique_ptr<z_stream, DeflateEnd> guard(&stream);
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    if (deflate(&stream, Z_FINISH) != Z_STREAM_END) {
        throw std::runtime_error("gzip: deflate failed");
    }
    out.resize(stream.total_out);
    return out;
}

bool accepts_gzip(std::string_view accept_encoding) {
    return accept_encoding.find("gzip") != std::string_view::npos;
}

}  // namespace kolcat::demo
