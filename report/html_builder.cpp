#include "report/html_builder.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "report/html_escape.hpp"

namespace kolcat::report {
namespace {

// Names are written by the program; checking them keeps a typo (or a data string passed by
// mistake) from producing broken markup.
void check_name(std::string_view name) {
    const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == ':' || c == '_';
    });
    if (!valid) {
        throw std::logic_error("invalid element or attribute name '" + std::string(name) + "'");
    }
}

bool is_void_html_element(std::string_view tag) {
    static constexpr std::array<std::string_view, 8> void_elements = {
        "meta", "br", "hr", "col", "img", "input", "link", "wbr"};
    return std::find(void_elements.begin(), void_elements.end(), tag) != void_elements.end();
}

}  // namespace

void HtmlBuilder::write_start(std::string_view tag, const Attributes& attributes) {
    check_name(tag);
    out_ += '<';
    out_ += tag;
    for (const auto& [name, value] : attributes) {
        check_name(name);
        out_ += ' ';
        out_ += name;
        out_ += "=\"";
        out_ += escape_html_attribute(value);
        out_ += '"';
    }
}

bool HtmlBuilder::inside_svg() const {
    return std::find(open_elements_.begin(), open_elements_.end(), "svg") != open_elements_.end();
}

HtmlBuilder& HtmlBuilder::open(std::string_view tag, const Attributes& attributes) {
    if (is_void_html_element(tag) && !inside_svg()) {
        throw std::logic_error("<" + std::string(tag) + "> is a void element: use empty()");
    }
    write_start(tag, attributes);
    out_ += '>';
    open_elements_.emplace_back(tag);
    return *this;
}

HtmlBuilder& HtmlBuilder::close(std::string_view tag) {
    if (open_elements_.empty() || open_elements_.back() != tag) {
        throw std::logic_error(
            "closing <" + std::string(tag) + "> but the open element is " +
            (open_elements_.empty() ? "none" : "<" + open_elements_.back() + ">"));
    }
    out_ += "</";
    out_ += tag;
    out_ += '>';
    open_elements_.pop_back();
    return *this;
}

HtmlBuilder& HtmlBuilder::empty(std::string_view tag, const Attributes& attributes) {
    if (!is_void_html_element(tag) && !inside_svg() && tag != "svg") {
        throw std::logic_error("<" + std::string(tag) +
                               "/> does not close in HTML: use element() instead");
    }
    write_start(tag, attributes);
    out_ += "/>";
    return *this;
}

HtmlBuilder& HtmlBuilder::element(std::string_view tag, const Attributes& attributes,
                                  std::string_view content) {
    open(tag, attributes);
    text(content);
    return close(tag);
}

HtmlBuilder& HtmlBuilder::text(std::string_view content) {
    out_ += escape_html_text(content);
    return *this;
}

HtmlBuilder& HtmlBuilder::trusted(std::string_view markup) {
    if (markup.find_first_of("<&") != std::string_view::npos) {
        throw std::logic_error("trusted markup may not hold '<' or '&'");
    }
    out_ += markup;
    return *this;
}

HtmlBuilder& HtmlBuilder::doctype() {
    if (!out_.empty()) {
        throw std::logic_error("the doctype must come first");
    }
    out_ += "<!DOCTYPE html>\n";
    return *this;
}

HtmlBuilder& HtmlBuilder::newline() {
    out_ += '\n';
    return *this;
}

HtmlBuilder& HtmlBuilder::append(const HtmlBuilder& other) {
    if (!other.open_elements_.empty()) {
        throw std::logic_error("appending a fragment with unclosed elements");
    }
    out_ += other.out_;
    return *this;
}

std::string HtmlBuilder::finish() const {
    if (!open_elements_.empty()) {
        throw std::logic_error("unclosed element <" + open_elements_.back() + ">");
    }
    return out_;
}

}  // namespace kolcat::report
