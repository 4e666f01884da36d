#pragma once
// A Kolada unit: a municipality (type "K"), a region or Riket (type "L").

#include <string>

namespace kolcat::catalogue {

struct Municipality {
    std::string id;     // "0025" Region Norrbotten, "2580" Luleå, "0000" Riket
    std::string title;  // "Region Norrbotten"
    std::string type;   // "K" or "L"
};

}  // namespace kolcat::catalogue
