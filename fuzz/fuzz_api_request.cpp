// libFuzzer target: any bytes as one request target ("path?query") for the v3 API's request
// reader and, when it accepts one, the page answered from the demo data. What must hold is
// listed in api_request_entry.hpp; a crash, a sanitizer report or a hang is a finding too.

#include <cstddef>
#include <cstdint>

#include "fuzz/api_request_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    kolcat::fuzz_api::run_api_request(data, size);
    return 0;
}
