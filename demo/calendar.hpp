#pragma once
// The dates of the demo's cells: kolada_api/calendar.hpp, under the demo's names.

#include "kolada_api/calendar.hpp"

namespace kolcat::demo {

using kolada_api::DayNumber;
using kolada_api::format_iso_date;
using kolada_api::parse_iso_date;
using kolada_api::utc_today;

}  // namespace kolcat::demo
