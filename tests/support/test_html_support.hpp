#pragma once
// Test support for the report's markup: parses HTML/SVG output as XML (the builder writes
// XHTML-compatible markup) into a small tree, so that tests can look at elements, attributes
// and text instead of matching substrings. Any parse error fails with its line and column.

#include <QString>
#include <QXmlStreamReader>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace kolcat::testing {

struct MarkupNode {
    std::string name;
    std::map<std::string, std::string> attributes;
    std::string text;  // this element's own text, concatenated (not its children's)
    std::vector<std::unique_ptr<MarkupNode>> children;

    std::string attribute(const std::string& key) const {
        const auto found = attributes.find(key);
        return found == attributes.end() ? std::string() : found->second;
    }
    bool has_attribute(const std::string& key) const { return attributes.count(key) > 0; }

    // The text of this element and all its descendants, in document order.
    std::string all_text() const {
        std::string out = text;
        for (const auto& child : children) {
            out += child->all_text();
        }
        return out;
    }

    // Every descendant (not this node) for which `match` holds, in document order.
    std::vector<const MarkupNode*> find_all(
        const std::function<bool(const MarkupNode&)>& match) const {
        std::vector<const MarkupNode*> found;
        collect(match, found);
        return found;
    }
    std::vector<const MarkupNode*> find_all(const std::string& element_name) const {
        return find_all([&](const MarkupNode& node) { return node.name == element_name; });
    }
    std::vector<const MarkupNode*> find_by_class(const std::string& css_class) const {
        return find_all([&](const MarkupNode& node) {
            const std::string classes = " " + node.attribute("class") + " ";
            return classes.find(" " + css_class + " ") != std::string::npos;
        });
    }

  private:
    void collect(const std::function<bool(const MarkupNode&)>& match,
                 std::vector<const MarkupNode*>& found) const {
        for (const auto& child : children) {
            if (match(*child)) {
                found.push_back(child.get());
            }
            child->collect(match, found);
        }
    }
};

// The texts of the nodes joined by '|', to compare a list in one readable CHECK.
inline std::string joined_text(const std::vector<const MarkupNode*>& nodes) {
    std::string out;
    for (const auto* node : nodes) {
        if (!out.empty()) {
            out += '|';
        }
        out += node->all_text();
    }
    return out;
}

// The document's root element. Throws std::runtime_error when the markup is not well-formed.
inline std::unique_ptr<MarkupNode> parse_markup(const std::string& markup) {
    QXmlStreamReader reader(QByteArray::fromStdString(markup));
    auto document = std::make_unique<MarkupNode>();
    std::vector<MarkupNode*> stack{document.get()};
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            auto node = std::make_unique<MarkupNode>();
            node->name = reader.name().toString().toStdString();
            for (const auto& attribute : reader.attributes()) {
                node->attributes[attribute.name().toString().toStdString()] =
                    attribute.value().toString().toStdString();
            }
            MarkupNode* raw = node.get();
            stack.back()->children.push_back(std::move(node));
            stack.push_back(raw);
        } else if (reader.isEndElement()) {
            stack.pop_back();
        } else if (reader.isCharacters()) {
            stack.back()->text += reader.text().toString().toStdString();
        }
    }
    if (reader.hasError()) {
        throw std::runtime_error("markup is not well-formed at line " +
                                 std::to_string(reader.lineNumber()) + ", column " +
                                 std::to_string(reader.columnNumber()) + ": " +
                                 reader.errorString().toStdString());
    }
    if (document->children.size() != 1) {
        throw std::runtime_error("markup must have exactly one root element");
    }
    return std::move(document->children.front());
}

// Everything in a document that would make a browser fetch something or run code: scripts,
// external style sheets, frames, images, objects, @import, url(...), and any src/href/action
// attribute that leaves the document (http:, https:, protocol-relative //, file:, data:). The
// one data: URI allowed is a link's CSV download (<a href="data:text/csv;...">): the file is in
// the document, and a browser neither fetches nor runs anything for it.
// An empty list means the document is self-contained and inert.
inline std::vector<std::string> external_references(const std::string& markup) {
    std::vector<std::string> found;
    const auto root = parse_markup(markup);
    for (const auto* node : root->find_all([](const MarkupNode&) { return true; })) {
        for (const char* element : {"script", "link", "iframe", "img", "object", "embed", "frame",
                                    "audio", "video", "source", "base", "form", "image", "use"}) {
            if (node->name == element) {
                found.push_back("<" + node->name + "> element");
            }
        }
        for (const auto& [name, value] : node->attributes) {
            const bool reference = name == "src" || name == "href" || name == "action" ||
                                   name == "srcset" || name == "xlink:href" || name == "poster" ||
                                   name == "formaction" || name == "background";
            const bool in_page = value.size() > 1 && value.front() == '#';
            const bool csv_download = node->name == "a" && name == "href" &&
                                      value.rfind("data:text/csv;charset=utf-8;base64,", 0) == 0;
            if (reference && !in_page && !csv_download) {
                found.push_back(node->name + " " + name + "=\"" + value + "\"");
            }
            if (name.rfind("on", 0) == 0) {
                found.push_back(node->name + " event handler " + name);
            }
        }
    }
    // In the raw text: style rules that fetch, and script tags however they are written (text
    // from the data is escaped, so "<script" can only be markup).
    for (const char* needle : {"@import", "url(", "<script", "<SCRIPT"}) {
        std::size_t at = markup.find(needle);
        while (at != std::string::npos) {
            found.push_back(std::string(needle) + " at byte " + std::to_string(at));
            at = markup.find(needle, at + 1);
        }
    }
    return found;
}

}  // namespace kolcat::testing
