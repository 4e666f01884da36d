#include "kolada_api/render_page.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "kolada_api/json_text.hpp"

namespace kolcat::kolada_api {

namespace {

using ordered_json = nlohmann::ordered_json;

// Kolada's ?title= match is a case-insensitive substring search. Folds ASCII and the Latin-1
// capitals (Å Ä Ö É ...) of UTF-8 text.
std::string fold_case(std::string_view text) {
    std::string folded(text);
    for (std::size_t i = 0; i < folded.size(); ++i) {
        auto& c = folded[i];
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        } else if (static_cast<unsigned char>(c) == 0xC3 && i + 1 < folded.size()) {
            // U+00C0..U+00DE (except U+00D7, the multiplication sign) are capitals whose small
            // letters lie 0x20 above, in the same two-byte UTF-8 block.
            auto& next = folded[i + 1];
            const auto byte = static_cast<unsigned char>(next);
            if (byte >= 0x80 && byte <= 0x9E && byte != 0x97) {
                next = static_cast<char>(byte + 0x20);
            }
            ++i;
        }
    }
    return folded;
}

ordered_json optional_text(const std::optional<std::string>& text) {
    return text ? ordered_json(*text) : ordered_json(nullptr);
}

ordered_json to_json(const catalogue::Kpi& kpi) {
    return ordered_json{{"id", kpi.id},
                        {"title", kpi.title},
                        {"description", kpi.description},
                        {"is_divided_by_gender", kpi.is_divided_by_gender},
                        {"municipality_type", kpi.municipality_type},
                        {"auspice", optional_text(kpi.auspice)},
                        {"operating_area", optional_text(kpi.operating_area)},
                        {"perspective", optional_text(kpi.perspective)},
                        {"prel_publication_date", optional_text(kpi.prel_publication_date)},
                        {"publication_date", optional_text(kpi.publication_date)},
                        {"publ_period", optional_text(kpi.publ_period)},
                        {"has_ou_data", kpi.has_ou_data}};
}

ordered_json to_json(const catalogue::Municipality& municipality) {
    return ordered_json{
        {"id", municipality.id}, {"title", municipality.title}, {"type", municipality.type}};
}

ordered_json to_json(const catalogue::Group& group) {
    auto members = ordered_json::array();
    for (const auto& member : group.members) {
        members.push_back(ordered_json{{"member_id", member.id}, {"member_title", member.title}});
    }
    return ordered_json{{"id", group.id}, {"title", group.title}, {"members", std::move(members)}};
}

template <typename Item, typename Extra>
PageContent render_list(const std::vector<Item>& list, const MetadataRequest& request,
                        const Extra& extra_filter, std::string& out) {
    const auto needle = request.title ? fold_case(*request.title) : std::string();
    std::vector<const Item*> matching;
    for (const auto& item : list) {
        const bool id_ok = request.ids.empty() || std::find(request.ids.begin(), request.ids.end(),
                                                            item.id) != request.ids.end();
        const bool title_ok =
            !request.title || fold_case(item.title).find(needle) != std::string::npos;
        if (id_ok && title_ok && extra_filter(item)) {
            matching.push_back(&item);
        }
    }
    std::sort(matching.begin(), matching.end(),
              [](const Item* a, const Item* b) { return a->id < b->id; });

    const auto per_page = static_cast<std::size_t>(request.paging.per_page);
    const auto first = static_cast<std::size_t>(request.paging.page - 1) * per_page;
    PageContent content;
    out.append("{\"values\":[");
    for (auto i = first; i < matching.size() && i < first + per_page; ++i) {
        if (content.items > 0) {
            out.push_back(',');
        }
        out.append(
            to_json(*matching[i]).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        ++content.items;
    }
    content.has_next = first + per_page < matching.size();
    return content;
}

void append_data_item(const DataItem& item, bool with_deleted_flag, std::string& out) {
    out.append("{\"kpi\":");
    append_json_string(out, item.kpi);
    out.append(",\"municipality\":");
    append_json_string(out, item.municipality);
    out.append(",\"period\":");
    append_json_int(out, item.period);
    out.append(",\"values\":[");
    for (int i = 0; i < item.size; ++i) {
        const auto& entry = item.entries[static_cast<std::size_t>(i)];
        out.append(i == 0 ? "{\"gender\":\"" : ",{\"gender\":\"");
        out.push_back("TKM"[static_cast<int>(entry.gender)]);
        out.append("\",\"count\":");
        if (entry.count) {
            append_json_int(out, *entry.count);
        } else {
            out.append("null");
        }
        out.append(",\"status\":");
        append_json_string(out, entry.status);
        out.append(",\"value\":");
        if (entry.value) {
            append_json_number(out, *entry.value);
        } else {
            out.append("null");
        }
        if (with_deleted_flag) {
            out.append(entry.is_deleted ? ",\"isdeleted\":true" : ",\"isdeleted\":false");
        }
        out.push_back('}');
    }
    out.append("]}");
}

}  // namespace

PageContent render_metadata_items(const DataSource& source, const MetadataRequest& request,
                                  std::string& out) {
    const auto any = [](const auto&) { return true; };
    switch (request.kind) {
        case MetadataKind::kpi:
            return render_list(source.kpis(), request, any, out);
        case MetadataKind::kpi_groups:
            return render_list(source.kpi_groups(), request, any, out);
        case MetadataKind::municipality: {
            const auto of_type = [&request](const catalogue::Municipality& municipality) {
                return !request.region_type || municipality.type == *request.region_type;
            };
            return render_list(source.municipalities(), request, of_type, out);
        }
        case MetadataKind::municipality_groups:
            return render_list(source.municipality_groups(), request, any, out);
        case MetadataKind::ou:
            break;  // no source holds organisational units
    }
    out.append("{\"values\":[");
    return {};
}

PageContent render_data_items(const DataSource& source, const DataRequest& request,
                              std::string& out) {
    out.append("{\"values\":[");
    PageContent content;
    if (request.organisational_units) {
        return content;  // no source holds OU data
    }
    const auto per_page = static_cast<std::size_t>(request.paging.per_page);
    // Most items hold three gender entries of about 60 bytes each.
    out.reserve(out.size() + per_page * 220);
    const bool with_deleted_flag = request.query.from_date.has_value();
    const auto result =
        source.visit(request.query, static_cast<std::size_t>(request.paging.page - 1) * per_page,
                     per_page, [&](const DataItem& item) {
                         if (content.items > 0) {
                             out.push_back(',');
                         }
                         append_data_item(item, with_deleted_flag, out);
                         ++content.items;
                         content.values += static_cast<std::size_t>(item.size);
                     });
    content.has_next = result.more;
    return content;
}

void append_envelope_tail(std::string& out, std::size_t count,
                          const std::optional<std::string>& next_url,
                          const std::optional<std::string>& previous_url) {
    out.append("],\"count\":");
    append_json_int(out, static_cast<long long>(count));
    out.append(",\"next_url\":");
    if (next_url) {
        append_json_string(out, *next_url);
    } else {
        out.append("null");
    }
    out.append(",\"previous_url\":");
    if (previous_url) {
        append_json_string(out, *previous_url);
    } else {
        out.append("null");
    }
    out.push_back('}');
}

std::string error_body(std::string_view message) {
    std::string body("{\"detail\":");
    append_json_string(body, message);
    body.push_back('}');
    return body;
}

}  // namespace kolcat::kolada_api
