#pragma once
// Escaping for HTML and inline SVG. Every text that comes from data (KPI titles, descriptions,
// unit names, ids) passes through here before it reaches the report, so that a title holding
// "<script>" stays inert text. The output is also well-formed XML (XHTML-compatible), which
// lets tests parse the report with an XML reader.

#include <string>
#include <string_view>

namespace kolcat::report {

// Escapes text for element content: & < > " ' become entities. Characters XML forbids
// (control characters other than tab, line feed and carriage return) and invalid UTF-8 bytes
// become U+FFFD, so the result is always valid UTF-8 and valid XML.
std::string escape_html_text(std::string_view text);

// Escapes text for a double- or single-quoted attribute value. The same five characters are
// escaped as in text, plus tab, line feed and carriage return as character references, so an
// XML reader's attribute-value normalisation gives back exactly the original text.
std::string escape_html_attribute(std::string_view text);

}  // namespace kolcat::report
