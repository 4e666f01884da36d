#include "sync/kolada/value_page_plain_reader.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>

#include "sync/kolada/value_page_builder.hpp"

namespace kolcat::sync::value_page {
namespace {

using nlohmann::json;

// Every read returns false when the text leaves the plain shape; nothing is reported: the
// full reader starts over and says what is wrong.
class PlainReader {
  public:
    PlainReader(std::string_view text, PageBuilder& builder)
        : at_(text.data()), end_(text.data() + text.size()), builder_(builder) {}

    bool page() {
        if (!open('{')) {
            return false;
        }
        bool seen_values = false;
        bool seen_count = false;
        bool seen_next = false;
        bool seen_previous = false;
        if (!close('}')) {
            do {
                std::string_view key;
                if (!read_key(key)) {
                    return false;
                }
                if (key == "values") {
                    if (!once(seen_values) || !items()) {
                        return false;
                    }
                } else if (key == "count") {
                    if (!once(seen_count) || !scalar(count_)) {
                        return false;
                    }
                } else if (key == "next_url") {
                    if (!once(seen_next) || !scalar(next_url_)) {
                        return false;
                    }
                } else if (key == "previous_url") {
                    if (!once(seen_previous) || !scalar(ignored_)) {
                        return false;
                    }
                } else if (!scalar(ignored_)) {
                    return false;
                }
            } while (next(','));
            if (!close('}')) {
                return false;
            }
        }
        skip_space();
        return at_ == end_ && seen_values;
    }

    std::size_t item_count() const { return item_count_; }
    const Field& count() const { return count_; }
    const Field& next_url() const { return next_url_; }

  private:
    static bool once(bool& seen) {
        if (seen) {
            return false;
        }
        seen = true;
        return true;
    }

    void skip_space() {
        while (at_ < end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) {
            ++at_;
        }
    }
    bool next(char c) {
        skip_space();
        if (at_ < end_ && *at_ == c) {
            ++at_;
            return true;
        }
        return false;
    }
    bool open(char c) { return next(c); }
    bool close(char c) { return next(c); }

    // A string without escapes: the only kind the reader takes. Its UTF-8 is checked as
    // strictly as nlohmann's lexer checks it.
    bool read_string(std::string_view& text) {
        if (!next('"')) {
            return false;
        }
        const char* start = at_;
        while (at_ < end_) {
            const auto c = static_cast<unsigned char>(*at_);
            if (c == '"') {
                text = std::string_view(start, static_cast<std::size_t>(at_ - start));
                ++at_;
                return true;
            }
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                return false;
            }
            if (c < 0x80) {
                ++at_;
                continue;
            }
            const std::size_t length = utf8_length();
            if (length == 0) {
                return false;
            }
            at_ += length;
        }
        return false;
    }

    // The length of the UTF-8 sequence at at_ (RFC 3629: no overlong forms, no surrogates,
    // nothing above U+10FFFF), or 0 when it is not one.
    std::size_t utf8_length() const {
        const auto left = static_cast<std::size_t>(end_ - at_);
        const auto byte = [this](std::size_t i) { return static_cast<unsigned char>(at_[i]); };
        const auto in = [](unsigned char c, unsigned char low, unsigned char high) {
            return c >= low && c <= high;
        };
        const unsigned char lead = byte(0);
        std::size_t length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xbf;
        if (in(lead, 0xc2, 0xdf)) {
            length = 2;
        } else if (in(lead, 0xe0, 0xef)) {
            length = 3;
            low = lead == 0xe0 ? 0xa0 : 0x80;
            high = lead == 0xed ? 0x9f : 0xbf;
        } else if (in(lead, 0xf0, 0xf4)) {
            length = 4;
            low = lead == 0xf0 ? 0x90 : 0x80;
            high = lead == 0xf4 ? 0x8f : 0xbf;
        } else {
            return 0;
        }
        if (left < length || !in(byte(1), low, high)) {
            return 0;
        }
        for (std::size_t i = 2; i < length; ++i) {
            if (!in(byte(i), 0x80, 0xbf)) {
                return 0;
            }
        }
        return length;
    }
    bool read_key(std::string_view& key) { return read_string(key) && next(':'); }

    static bool is_digit(char c) { return c >= '0' && c <= '9'; }
    bool digits() {
        if (at_ >= end_ || !is_digit(*at_)) {
            return false;
        }
        while (at_ < end_ && is_digit(*at_)) {
            ++at_;
        }
        return true;
    }

    // JSON's number grammar, then the type nlohmann would give it: an integer without fraction
    // or exponent (signed when negative), else a double; one out of its type's range is left to
    // the full reader.
    bool number(Field& field) {
        const char* start = at_;
        const bool negative = *at_ == '-';
        if (negative) {
            ++at_;
        }
        if (at_ < end_ && *at_ == '0') {
            ++at_;
        } else if (!digits()) {
            return false;
        }
        bool floating = false;
        if (at_ < end_ && *at_ == '.') {
            ++at_;
            floating = true;
            if (!digits()) {
                return false;
            }
        }
        if (at_ < end_ && (*at_ == 'e' || *at_ == 'E')) {
            ++at_;
            floating = true;
            if (at_ < end_ && (*at_ == '+' || *at_ == '-')) {
                ++at_;
            }
            if (!digits()) {
                return false;
            }
        }
        if (floating) {
            double value = 0;
            const auto [end, error] = std::from_chars(start, at_, value);
            if (error != std::errc() || end != at_ || !std::isfinite(value)) {
                return false;
            }
            field.kind = Field::Kind::floating;
            field.floating = value;
        } else if (negative) {
            std::int64_t value = 0;
            const auto [end, error] = std::from_chars(start, at_, value);
            if (error != std::errc() || end != at_) {
                return false;
            }
            field.kind = Field::Kind::integer;
            field.integer = value;
        } else {
            std::uint64_t value = 0;
            const auto [end, error] = std::from_chars(start, at_, value);
            if (error != std::errc() || end != at_) {
                return false;
            }
            field.kind = Field::Kind::unsigned_integer;
            field.unsigned_integer = value;
        }
        return true;
    }

    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(end_ - at_) < word.size() ||
            std::string_view(at_, word.size()) != word) {
            return false;
        }
        at_ += word.size();
        return true;
    }

    // A string, number, true, false or null: never a container.
    bool scalar(Field& field) {
        skip_space();
        if (at_ >= end_) {
            return false;
        }
        switch (*at_) {
            case '"': {
                std::string_view text;
                if (!read_string(text)) {
                    return false;
                }
                field.kind = Field::Kind::string;
                field.text.assign(text);
                return true;
            }
            case 't':
                field.kind = Field::Kind::boolean;
                field.boolean = true;
                return literal("true");
            case 'f':
                field.kind = Field::Kind::boolean;
                field.boolean = false;
                return literal("false");
            case 'n':
                field.kind = Field::Kind::null;
                return literal("null");
            default:
                return (*at_ == '-' || is_digit(*at_)) && number(field);
        }
    }

    // The page's items: an array of objects.
    bool items() {
        if (!open('[')) {
            return false;
        }
        if (close(']')) {
            return true;
        }
        do {
            ItemFields& item = builder_.begin_item(item_count_++);
            if (!read_item(item)) {
                return false;
            }
            builder_.end_item();
            if (builder_.has_error()) {
                return false;
            }
        } while (next(','));
        return close(']');
    }

    bool read_item(ItemFields& item) {
        if (!open('{')) {
            return false;
        }
        if (close('}')) {
            return true;
        }
        unsigned seen = 0;
        do {
            std::string_view key;
            if (!read_key(key)) {
                return false;
            }
            Field* field = item.field(key);
            if (field == nullptr) {
                if (!scalar(ignored_)) {
                    return false;
                }
                continue;
            }
            const unsigned bit = item_slot(item, field);
            if ((seen & bit) != 0) {
                return false;
            }
            seen |= bit;
            if (field == &item.values) {
                if (!entries(item)) {
                    return false;
                }
                item.values.kind = Field::Kind::array;
            } else if (!scalar(*field)) {
                return false;
            }
        } while (next(','));
        return close('}');
    }

    bool entries(ItemFields& item) {
        item.entry_count = 0;
        if (!open('[')) {
            return false;
        }
        if (close(']')) {
            return true;
        }
        do {
            if (!read_entry(item.add_entry(true))) {
                return false;
            }
        } while (next(','));
        return close(']');
    }

    bool read_entry(EntryFields& entry) {
        if (!open('{')) {
            return false;
        }
        if (close('}')) {
            return true;
        }
        unsigned seen = 0;
        do {
            std::string_view key;
            if (!read_key(key)) {
                return false;
            }
            Field* field = entry.field(key);
            if (field == nullptr) {
                if (!scalar(ignored_)) {
                    return false;
                }
                continue;
            }
            const unsigned bit = entry_slot(entry, field);
            if ((seen & bit) != 0 || !scalar(*field)) {
                return false;
            }
            seen |= bit;
        } while (next(','));
        return close('}');
    }

    // A bit for each field, to find a repeated key (left to the full reader: the last counts).
    static unsigned item_slot(const ItemFields& item, const Field* field) {
        return field == &item.kpi            ? 1U
               : field == &item.municipality ? 2U
               : field == &item.period       ? 4U
               : field == &item.isdeleted    ? 8U
                                             : 16U;
    }
    static unsigned entry_slot(const EntryFields& entry, const Field* field) {
        return field == &entry.gender   ? 1U
               : field == &entry.count  ? 2U
               : field == &entry.status ? 4U
               : field == &entry.value  ? 8U
                                        : 16U;
    }

    const char* at_;
    const char* end_;
    PageBuilder& builder_;
    std::size_t item_count_ = 0;
    Field count_;
    Field next_url_;
    Field ignored_;
};

// The deepest a plain page nests: the envelope, its values, an item, its values, an entry.
constexpr int plain_page_depth = 5;

// Reserve for a full page (5 000 items of T, K and M), as the full reader does.
constexpr std::size_t reserved_values = 15'000;

}  // namespace

std::optional<Page<catalogue::Value>> read_plain_page(std::string_view text) {
    PageBuilder builder;
    builder.reserve(reserved_values);
    PlainReader reader(text, builder);
    if (!reader.page()) {
        return std::nullopt;
    }
    const json body = json::object();
    const json values = json::array();
    const json count = reader.count().to_json();
    const json next_url = reader.next_url().to_json();
    kolada_checks::EnvelopeFields envelope;
    envelope.body = &body;
    envelope.values = &values;
    envelope.item_count = reader.item_count();
    envelope.count = reader.count().kind == Field::Kind::missing ? nullptr : &count;
    envelope.next_url = reader.next_url().kind == Field::Kind::missing ? nullptr : &next_url;
    try {
        auto page = builder.finish(envelope);
        page.checked_depth = plain_page_depth;
        return page;
    } catch (const KoladaFormatError&) {
        return std::nullopt;
    }
}

}  // namespace kolcat::sync::value_page
