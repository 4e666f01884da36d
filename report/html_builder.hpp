#pragma once
// A small writer for HTML with inline SVG that cannot produce unbalanced or unescaped markup:
// element and attribute names come from the program (checked), every text and attribute value
// is escaped, and each close() must match the element it closes. The output is therefore also
// well-formed XML (XHTML-compatible), which the report's tests rely on.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kolcat::report {

// Attribute name and (unescaped) value, in the order they are written.
using Attributes = std::vector<std::pair<std::string_view, std::string>>;

class HtmlBuilder {
  public:
    // Starts an element; close() must end it.
    HtmlBuilder& open(std::string_view tag, const Attributes& attributes = {});
    // Ends the innermost open element, which must be `tag` (throws std::logic_error otherwise).
    HtmlBuilder& close(std::string_view tag);
    // An element without content written as <tag/>: allowed for HTML's void elements (meta,
    // br, ...) and for any element inside <svg>, where HTML parsers honour the self-closing
    // slash. Elsewhere `<div/>` would not close, so it throws std::logic_error.
    HtmlBuilder& empty(std::string_view tag, const Attributes& attributes = {});
    // open(), text(), close() in one call.
    HtmlBuilder& element(std::string_view tag, const Attributes& attributes,
                         std::string_view content);
    // Escaped text.
    HtmlBuilder& text(std::string_view content);
    // Markup written by the program itself (the doctype, the style sheet): never data. The
    // text may hold no '<' and no '&', so that it cannot open elements or entities by accident.
    HtmlBuilder& trusted(std::string_view markup);
    // "<!DOCTYPE html>" and a line break: only at the very start.
    HtmlBuilder& doctype();
    // A line break in the source, for readable output.
    HtmlBuilder& newline();

    // The document. Throws std::logic_error when an element is still open.
    std::string finish() const;
    // Appends everything written to another builder (e.g. a finished chart) as a subtree.
    HtmlBuilder& append(const HtmlBuilder& other);

    std::size_t depth() const { return open_elements_.size(); }

  private:
    void write_start(std::string_view tag, const Attributes& attributes);
    bool inside_svg() const;

    std::string out_;
    std::vector<std::string> open_elements_;
};

}  // namespace kolcat::report
