#include "cli/cell_difference_record.hpp"

#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>
#include <type_traits>

namespace kolcat::cli {
namespace {

// Flags: which of the difference's booleans hold, and which contents follow.
constexpr std::uint8_t value_differs = 1U << 0U;
constexpr std::uint8_t count_differs = 1U << 1U;
constexpr std::uint8_t status_differs = 1U << 2U;
constexpr std::uint8_t has_stored = 1U << 3U;
constexpr std::uint8_t has_kolada = 1U << 4U;
// A content's own flags.
constexpr std::uint8_t has_value = 1U << 0U;
constexpr std::uint8_t has_count = 1U << 1U;

template <typename T>
void put(T number, std::string& out) {
    static_assert(std::is_trivially_copyable_v<T>);
    char bytes[sizeof(T)];
    std::memcpy(bytes, &number, sizeof(T));
    out.append(bytes, sizeof(T));
}

void put_text(const std::string& text, std::string& out) {
    if (text.size() > std::numeric_limits<std::uint32_t>::max()) {
        throw std::length_error("a difference's text is too long to keep");
    }
    put(static_cast<std::uint32_t>(text.size()), out);
    out += text;
}

void put_content(const catalogue::StoredValue& content, std::string& out) {
    put(static_cast<std::uint8_t>((content.value ? has_value : 0U) |
                                  (content.count ? has_count : 0U)),
        out);
    if (content.value) {
        put(*content.value, out);
    }
    if (content.count) {
        put(*content.count, out);
    }
    put_text(content.status, out);
}

// Reads a payload front to back; every read checks that the payload holds it.
class PayloadReader {
  public:
    explicit PayloadReader(std::string_view payload) : rest_(payload) {}

    template <typename T>
    T take() {
        T number{};
        std::memcpy(&number, bytes(sizeof(T)), sizeof(T));
        return number;
    }
    void take_text(std::string& text) {
        const auto size = take<std::uint32_t>();
        text.assign(bytes(size), size);
    }
    void take_content(std::optional<catalogue::StoredValue>& content) {
        if (!content) {
            content.emplace();
        }
        const auto flags = take<std::uint8_t>();
        content->value = (flags & has_value) != 0 ? std::optional(take<double>()) : std::nullopt;
        content->count = (flags & has_count) != 0 ? std::optional(take<int>()) : std::nullopt;
        take_text(content->status);
    }
    bool done() const { return rest_.empty(); }

  private:
    const char* bytes(std::size_t size) {
        if (size > rest_.size()) {
            throw std::runtime_error("a spilled difference ends before its fields do");
        }
        const char* start = rest_.data();
        rest_.remove_prefix(size);
        return start;
    }

    std::string_view rest_;
};

}  // namespace

void append_record(const sync::CellDifference& difference, std::string& out) {
    const std::size_t start = out.size();
    put(std::uint32_t{0}, out);  // the length, filled in below
    put(static_cast<std::uint8_t>(difference.kind), out);
    put(static_cast<std::uint8_t>(difference.gender), out);
    put(static_cast<std::uint8_t>((difference.value_differs ? value_differs : 0U) |
                                  (difference.count_differs ? count_differs : 0U) |
                                  (difference.status_differs ? status_differs : 0U) |
                                  (difference.stored ? has_stored : 0U) |
                                  (difference.kolada ? has_kolada : 0U)),
        out);
    put(difference.period, out);
    put_text(difference.kpi, out);
    put_text(difference.unit, out);
    if (difference.stored) {
        put_content(*difference.stored, out);
    }
    if (difference.kolada) {
        put_content(*difference.kolada, out);
    }
    const auto length = static_cast<std::uint32_t>(out.size() - start - record_length_bytes);
    std::memcpy(out.data() + start, &length, sizeof(length));
}

std::size_t payload_length(const char* length_bytes) {
    std::uint32_t length = 0;
    std::memcpy(&length, length_bytes, sizeof(length));
    return length;
}

void read_record(std::string_view payload, sync::CellDifference& difference) {
    PayloadReader reader(payload);
    difference.kind = static_cast<sync::DifferenceKind>(reader.take<std::uint8_t>());
    difference.gender = static_cast<catalogue::Gender>(reader.take<std::uint8_t>());
    const auto flags = reader.take<std::uint8_t>();
    difference.value_differs = (flags & value_differs) != 0;
    difference.count_differs = (flags & count_differs) != 0;
    difference.status_differs = (flags & status_differs) != 0;
    difference.period = reader.take<int>();
    reader.take_text(difference.kpi);
    reader.take_text(difference.unit);
    if ((flags & has_stored) != 0) {
        reader.take_content(difference.stored);
    } else {
        difference.stored.reset();
    }
    if ((flags & has_kolada) != 0) {
        reader.take_content(difference.kolada);
    } else {
        difference.kolada.reset();
    }
    if (!reader.done()) {
        throw std::runtime_error("a spilled difference is longer than its fields");
    }
}

}  // namespace kolcat::cli
