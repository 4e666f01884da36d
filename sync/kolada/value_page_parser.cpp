// Data pages, the bulk of a sync (up to 15 000 values a page): read straight from the answer's
// text, without a JSON document in between, which made building and freeing the document most
// of a sync's cost. A plain page (Kolada's every page) goes through the quick reader of
// value_page_plain_reader.hpp; any other through nlohmann's SAX interface, here, which has the
// last word on what such a page gets.
//
// Both entry points fill the same small records (one item and its gender entries at a time)
// and run the same checks on them, in the same order as the document reader did, so a page is
// refused with the same message whichever way it came: parse_value_page walks a document,
// read_page_with_sax reads text. Every problem is held back until the text has been read to its
// end, so a syntax error still wins (the fetcher retries those) and the envelope's checks still
// come before the items', as when the whole document was parsed first.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sync/kolada/kolada_json.hpp"
#include "sync/kolada/kolada_json_checks.hpp"
#include "sync/kolada/value_page_builder.hpp"
#include "sync/kolada/value_page_plain_reader.hpp"

namespace kolcat::sync {
namespace {

using nlohmann::json;
using namespace kolada_checks;
using namespace value_page;

// --- text: nlohmann's SAX events ---

class ValuePageHandler {
  public:
    explicit ValuePageHandler(PageBuilder& builder) : builder_(builder) {}

    bool null() {
        return scalar([](Field& f) { f.kind = Field::Kind::null; });
    }
    bool boolean(bool value) {
        return scalar([value](Field& f) {
            f.kind = Field::Kind::boolean;
            f.boolean = value;
        });
    }
    bool number_integer(json::number_integer_t value) {
        return scalar([value](Field& f) {
            f.kind = Field::Kind::integer;
            f.integer = value;
        });
    }
    bool number_unsigned(json::number_unsigned_t value) {
        return scalar([value](Field& f) {
            f.kind = Field::Kind::unsigned_integer;
            f.unsigned_integer = value;
        });
    }
    bool number_float(json::number_float_t value, const json::string_t& /*text*/) {
        return scalar([value](Field& f) {
            f.kind = Field::Kind::floating;
            f.floating = value;
        });
    }
    bool string(json::string_t& value) {
        return scalar([&value](Field& f) {
            f.kind = Field::Kind::string;
            f.text.assign(value);  // keeps f's buffer
        });
    }
    bool binary(json::binary_t& /*value*/) {
        return scalar([](Field& f) { f.kind = Field::Kind::binary; });
    }

    bool start_object(std::size_t /*elements*/) {
        if (skip_depth_ > 0) {
            ++skip_depth_;
            return true;
        }
        if (stack_.empty()) {
            root_.kind = Field::Kind::object;
            stack_.push_back(Level::envelope);
            return true;
        }
        switch (stack_.back()) {
            case Level::page_values: {
                const std::size_t index = item_count_++;
                if (builder_.has_error()) {
                    skip_depth_ = 1;  // a problem is known: the rest is only counted
                } else {
                    item_ = &builder_.begin_item(index);
                    stack_.push_back(Level::item);
                }
                return true;
            }
            case Level::item_values:
                item_->add_entry(true);
                stack_.push_back(Level::entry);
                return true;
            default:
                set_target_kind(Field::Kind::object);
                skip_depth_ = 1;
                return true;
        }
    }

    bool end_object() {
        if (skip_depth_ > 0) {
            --skip_depth_;
            return true;
        }
        const Level level = stack_.back();
        stack_.pop_back();
        if (level == Level::item) {
            builder_.end_item();
        }
        target_ = nullptr;
        return true;
    }

    bool start_array(std::size_t /*elements*/) {
        if (skip_depth_ > 0) {
            ++skip_depth_;
            return true;
        }
        if (stack_.empty()) {
            root_.kind = Field::Kind::array;
            skip_depth_ = 1;
            return true;
        }
        switch (stack_.back()) {
            case Level::page_values: {
                Field element;
                element.kind = Field::Kind::array;
                builder_.not_an_object(item_count_++, element);
                skip_depth_ = 1;
                return true;
            }
            case Level::item_values:
                item_->add_entry(false).self.kind = Field::Kind::array;
                skip_depth_ = 1;
                return true;
            case Level::envelope:
                if (target_ == &values_) {
                    values_.kind = Field::Kind::array;
                    target_ = nullptr;
                    stack_.push_back(Level::page_values);
                    return true;
                }
                break;
            case Level::item:
                if (item_ != nullptr && target_ == &item_->values) {
                    item_->values.kind = Field::Kind::array;
                    item_->entry_count = 0;
                    target_ = nullptr;
                    stack_.push_back(Level::item_values);
                    return true;
                }
                break;
            case Level::entry:
                break;
        }
        set_target_kind(Field::Kind::array);
        skip_depth_ = 1;
        return true;
    }

    bool end_array() {
        if (skip_depth_ > 0) {
            --skip_depth_;
            return true;
        }
        stack_.pop_back();
        target_ = nullptr;
        return true;
    }

    bool key(json::string_t& key) {
        if (skip_depth_ > 0) {
            return true;
        }
        target_ = nullptr;
        switch (stack_.back()) {
            case Level::envelope:
                if (key == "values") {
                    // A repeated key: the last one counts, as in a document.
                    builder_.restart();
                    item_count_ = 0;
                    target_ = &values_;
                } else if (key == "count") {
                    target_ = &count_;
                } else if (key == "next_url") {
                    target_ = &next_url_;
                }
                break;
            case Level::item:
                target_ = item_->field(key);
                if (target_ == &item_->values) {
                    item_->entry_count = 0;
                }
                break;
            case Level::entry:
                target_ = item_->entries[item_->entry_count - 1].field(key);
                break;
            default:
                break;
        }
        return true;
    }

    // As nlohmann's own document parser does: throw the parser's exception as it is, so that the
    // fetcher tells a broken text (worth another try) from an unreadable one (1e999).
    template <typename Exception>
    bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                     const Exception& error) {
        throw error;
    }

    Page<catalogue::Value> finish() {
        const json body = root_.to_json();
        const json values = values_.to_json();
        const json count = count_.to_json();
        const json next_url = next_url_.to_json();
        EnvelopeFields envelope;
        envelope.body = &body;
        envelope.values = values_.kind == Field::Kind::missing ? nullptr : &values;
        envelope.item_count = item_count_;
        envelope.count = count_.kind == Field::Kind::missing ? nullptr : &count;
        envelope.next_url = next_url_.kind == Field::Kind::missing ? nullptr : &next_url;
        return builder_.finish(envelope);
    }

  private:
    enum class Level : std::uint8_t { envelope, page_values, item, item_values, entry };

    template <typename Set>
    bool scalar(Set set) {
        if (skip_depth_ > 0) {
            return true;
        }
        if (stack_.empty()) {
            set(root_);
            return true;
        }
        switch (stack_.back()) {
            case Level::page_values: {
                Field element;
                set(element);
                builder_.not_an_object(item_count_++, element);
                return true;
            }
            case Level::item_values:
                set(item_->add_entry(false).self);
                return true;
            default:
                if (target_ != nullptr) {
                    set(*target_);
                    target_ = nullptr;
                }
                return true;
        }
    }
    void set_target_kind(Field::Kind kind) {
        if (target_ != nullptr) {
            target_->kind = kind;
            target_ = nullptr;
        }
    }

    PageBuilder& builder_;
    std::vector<Level> stack_;  // at most 5 deep: deeper content is skipped
    std::size_t skip_depth_ = 0;
    Field* target_ = nullptr;  // where the next value goes; nullptr: an unknown key's value
    ItemFields* item_ = nullptr;
    std::size_t item_count_ = 0;
    Field root_;
    Field values_;
    Field count_;
    Field next_url_;
};

// Reserve for a full page (5 000 items of T, K and M) but never more: a hostile body's size
// says nothing about how many values it holds.
constexpr std::size_t reserved_values = 15'000;

// --- a document: the same records, filled from the document's fields ---

void read_entry(const json& element, ItemFields& item) {
    if (!element.is_object()) {
        assign(item.add_entry(false).self, element);
        return;
    }
    EntryFields& entry = item.add_entry(true);
    for (const auto& [key, value] : element.items()) {
        if (Field* field = entry.field(key)) {
            assign(*field, value);
        }
    }
}

void read_item(const json& element, ItemFields& item) {
    for (const auto& [key, value] : element.items()) {
        if (Field* field = item.field(key)) {
            assign(*field, value);
        }
    }
    if (const auto values = element.find("values"); values != element.end() && values->is_array()) {
        for (const json& entry : *values) {
            read_entry(entry, item);
        }
    }
}

}  // namespace

Page<catalogue::Value> parse_value_text(std::string_view json_text) {
    if (auto page = read_plain_page(json_text)) {
        return std::move(*page);
    }
    return value_page::read_page_with_sax(json_text);
}

namespace value_page {

Page<catalogue::Value> read_page_with_sax(std::string_view json_text) {
    PageBuilder builder;
    builder.reserve(reserved_values);
    ValuePageHandler handler(builder);
    json::sax_parse(json_text.begin(), json_text.end(), &handler);
    return handler.finish();
}

}  // namespace value_page

Page<catalogue::Value> parse_value_page(const json& body) {
    PageBuilder builder;
    EnvelopeFields envelope;
    envelope.body = &body;
    if (body.is_object()) {
        const auto find = [&body](const char* key) -> const json* {
            const auto it = body.find(key);
            return it == body.end() ? nullptr : &*it;
        };
        envelope.values = find("values");
        envelope.count = find("count");
        envelope.next_url = find("next_url");
    }
    if (envelope.values != nullptr && envelope.values->is_array()) {
        const json& values = *envelope.values;
        envelope.item_count = values.size();
        builder.reserve(std::min(values.size() * 3, reserved_values));
        for (std::size_t i = 0; i < values.size() && !builder.has_error(); ++i) {
            if (!values[i].is_object()) {
                Field element;
                assign(element, values[i]);
                builder.not_an_object(i, element);
                continue;
            }
            read_item(values[i], builder.begin_item(i));
            builder.end_item();
        }
    }
    return builder.finish(envelope);
}

}  // namespace kolcat::sync
