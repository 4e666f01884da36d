// Key figures, units and groups: replacing the lists from Kolada, and looking them up.
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "catalogue/catalogue.hpp"
#include "catalogue/catalogue_impl.hpp"

namespace kolcat::catalogue {

namespace {

constexpr const char* kKpiColumns =
    "id, title, description, is_divided_by_gender, municipality_type, auspice, operating_area, "
    "perspective, prel_publication_date, publication_date, publ_period, has_ou_data, raw_json";

Kpi read_kpi(const Statement& row) {
    Kpi kpi;
    kpi.id = row.column_text(0);
    kpi.title = row.column_text(1);
    kpi.description = row.column_text(2);
    kpi.is_divided_by_gender = row.column_int(3) != 0;
    kpi.municipality_type = row.column_text(4);
    kpi.auspice = row.column_optional_text(5);
    kpi.operating_area = row.column_optional_text(6);
    kpi.perspective = row.column_optional_text(7);
    kpi.prel_publication_date = row.column_optional_text(8);
    kpi.publication_date = row.column_optional_text(9);
    kpi.publ_period = row.column_optional_text(10);
    kpi.has_ou_data = row.column_int(11) != 0;
    kpi.raw_json = row.column_text(12);
    return kpi;
}

// The tables of one kind of group. Fixed names, never user text.
struct GroupTables {
    const char* group;
    const char* member;
    const char* list;  // the endpoint, which names the list's fingerprint
};

GroupTables tables_of(GroupKind kind) {
    return kind == GroupKind::municipality_group
               ? GroupTables{"municipality_group", "municipality_group_member",
                             "municipality_groups"}
               : GroupTables{"kpi_group", "kpi_group_member", "kpi_groups"};
}

// The meta key of a list's fingerprint.
std::string fingerprint_key(const std::string& list) {
    return "metadata_fingerprint:" + list;
}

// Stores the list's fingerprint, or forgets it when there is none. Call inside a write.
void store_fingerprint(Database& db, const std::string& list, const std::string& fingerprint) {
    if (fingerprint.empty()) {
        db.prepare("DELETE FROM meta WHERE key = ?1").bind(1, fingerprint_key(list)).run();
        return;
    }
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")
        .bind(1, fingerprint_key(list))
        .bind(2, fingerprint)
        .run();
}

// The ids of a list, in their first order, without repeats.
std::vector<std::string> distinct(const std::vector<std::string>& ids) {
    std::vector<std::string> result;
    std::unordered_set<std::string> seen;
    for (const auto& id : ids) {
        if (seen.insert(id).second) {
            result.push_back(id);
        }
    }
    return result;
}

}  // namespace

void Catalogue::replace_kpis(const std::vector<Kpi>& kpis, const std::string& fingerprint) {
    impl_->write([&] {
        Database& db = impl_->db;
        store_fingerprint(db, "kpi", fingerprint);
        Statement upsert = db.prepare(
            std::string("INSERT INTO kpi (") + kKpiColumns +
            ", retired) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 0) "
            "ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
            "description = excluded.description, "
            "is_divided_by_gender = excluded.is_divided_by_gender, "
            "municipality_type = excluded.municipality_type, auspice = excluded.auspice, "
            "operating_area = excluded.operating_area, perspective = excluded.perspective, "
            "prel_publication_date = excluded.prel_publication_date, "
            "publication_date = excluded.publication_date, publ_period = excluded.publ_period, "
            "has_ou_data = excluded.has_ou_data, raw_json = excluded.raw_json, retired = 0 "
            // An unchanged row is left as it is, its full-text entry too, unless it was retired.
            "WHERE kpi.retired <> 0 OR (kpi.title, kpi.description, kpi.is_divided_by_gender, "
            "kpi.municipality_type, kpi.auspice, kpi.operating_area, kpi.perspective, "
            "kpi.prel_publication_date, kpi.publication_date, kpi.publ_period, kpi.has_ou_data, "
            "kpi.raw_json) IS NOT (excluded.title, excluded.description, "
            "excluded.is_divided_by_gender, excluded.municipality_type, excluded.auspice, "
            "excluded.operating_area, excluded.perspective, excluded.prel_publication_date, "
            "excluded.publication_date, excluded.publ_period, excluded.has_ou_data, "
            "excluded.raw_json)");
        for (const Kpi& kpi : kpis) {
            upsert.bind(1, kpi.id)
                .bind(2, kpi.title)
                .bind(3, kpi.description)
                .bind(4, kpi.is_divided_by_gender ? 1 : 0)
                .bind(5, kpi.municipality_type)
                .bind(6, kpi.auspice)
                .bind(7, kpi.operating_area)
                .bind(8, kpi.perspective)
                .bind(9, kpi.prel_publication_date)
                .bind(10, kpi.publication_date)
                .bind(11, kpi.publ_period)
                .bind(12, kpi.has_ou_data ? 1 : 0)
                .bind(13, kpi.raw_json)
                .run();
        }
        // What the new list lacks is what Kolada no longer has.
        nlohmann::json ids = nlohmann::json::array();
        for (const Kpi& kpi : kpis) {
            ids.push_back(kpi.id);
        }
        db.prepare(
              "UPDATE kpi SET retired = 1 WHERE retired = 0 AND id NOT IN "
              "(SELECT value FROM json_each(?1))")
            .bind(1, ids.dump())
            .run();
    });
}

void Catalogue::replace_municipalities(const std::vector<Municipality>& municipalities,
                                       const std::string& fingerprint) {
    impl_->write([&] {
        Database& db = impl_->db;
        store_fingerprint(db, "municipality", fingerprint);
        db.exec("DELETE FROM municipality");
        Statement insert =
            db.prepare("INSERT INTO municipality (id, title, type) VALUES (?1, ?2, ?3)");
        for (const Municipality& municipality : municipalities) {
            insert.bind(1, municipality.id)
                .bind(2, municipality.title)
                .bind(3, municipality.type)
                .run();
        }
    });
}

void Catalogue::replace_groups(GroupKind kind, const std::vector<Group>& groups,
                               const std::string& fingerprint) {
    const GroupTables tables = tables_of(kind);
    impl_->write([&] {
        Database& db = impl_->db;
        store_fingerprint(db, tables.list, fingerprint);
        db.exec(std::string("DELETE FROM ") + tables.member + "; DELETE FROM " + tables.group);
        Statement insert_group =
            db.prepare(std::string("INSERT INTO ") + tables.group + " (id, title) VALUES (?1, ?2)");
        Statement insert_member =
            db.prepare(std::string("INSERT INTO ") + tables.member +
                       " (group_id, position, member_id, member_title) VALUES (?1, ?2, ?3, ?4)");
        for (const Group& group : groups) {
            insert_group.bind(1, group.id).bind(2, group.title).run();
            int position = 0;
            for (const GroupMember& member : group.members) {
                insert_member.bind(1, group.id)
                    .bind(2, position++)
                    .bind(3, member.id)
                    .bind(4, member.title)
                    .run();
            }
        }
    });
}

std::optional<Kpi> Catalogue::kpi(const std::string& id) const {
    Statement select =
        impl_->db.prepare(std::string("SELECT ") + kKpiColumns + " FROM kpi WHERE id = ?1");
    select.bind(1, id);
    if (!select.step()) {
        return std::nullopt;
    }
    return read_kpi(select);
}

bool Catalogue::kpi_is_retired(const std::string& id) const {
    Statement select = impl_->db.prepare("SELECT retired FROM kpi WHERE id = ?1");
    select.bind(1, id);
    return select.step() && select.column_int(0) != 0;
}

std::optional<Municipality> Catalogue::municipality(const std::string& id) const {
    Statement select = impl_->db.prepare("SELECT id, title, type FROM municipality WHERE id = ?1");
    select.bind(1, id);
    if (!select.step()) {
        return std::nullopt;
    }
    return Municipality{select.column_text(0), select.column_text(1), select.column_text(2)};
}

std::optional<Group> Catalogue::group(GroupKind kind, const std::string& id) const {
    const GroupTables tables = tables_of(kind);
    Statement select_group =
        impl_->db.prepare(std::string("SELECT title FROM ") + tables.group + " WHERE id = ?1");
    select_group.bind(1, id);
    if (!select_group.step()) {
        return std::nullopt;
    }
    Group group{id, select_group.column_text(0), {}};
    Statement select_members =
        impl_->db.prepare(std::string("SELECT member_id, member_title FROM ") + tables.member +
                          " WHERE group_id = ?1 ORDER BY position");
    select_members.bind(1, id);
    while (select_members.step()) {
        group.members.push_back({select_members.column_text(0), select_members.column_text(1)});
    }
    return group;
}

std::vector<Kpi> Catalogue::present_kpis() const {
    Statement select = impl_->db.prepare(std::string("SELECT ") + kKpiColumns +
                                         " FROM kpi WHERE retired = 0 ORDER BY id");
    std::vector<Kpi> kpis;
    while (select.step()) {
        kpis.push_back(read_kpi(select));
    }
    return kpis;
}

std::vector<Group> Catalogue::all_groups(GroupKind kind) const {
    const GroupTables tables = tables_of(kind);
    Statement select = impl_->db.prepare(
        std::string("SELECT g.id, g.title, m.member_id, m.member_title FROM ") + tables.group +
        " g LEFT JOIN " + tables.member + " m ON m.group_id = g.id ORDER BY g.id, m.position");
    std::vector<Group> groups;
    while (select.step()) {
        const std::string id = select.column_text(0);
        if (groups.empty() || groups.back().id != id) {
            groups.push_back(Group{id, select.column_text(1), {}});
        }
        if (const auto member = select.column_optional_text(2)) {
            groups.back().members.push_back({*member, select.column_text(3)});
        }
    }
    return groups;
}

std::optional<std::string> Catalogue::unit_title(const std::string& id) const {
    Statement select = impl_->db.prepare(
        "SELECT title FROM municipality WHERE id = ?1 "
        "UNION ALL SELECT title FROM municipality_group WHERE id = ?1 LIMIT 1");
    select.bind(1, id);
    if (!select.step()) {
        return std::nullopt;
    }
    return select.column_text(0);
}

std::vector<std::string> Catalogue::unknown_kpis(const std::vector<std::string>& ids) const {
    Statement known = impl_->db.prepare("SELECT 1 FROM kpi WHERE id = ?1 AND retired = 0");
    std::vector<std::string> unknown;
    for (const auto& id : distinct(ids)) {
        StatementReset reset(known);
        known.bind(1, id);
        if (!known.step()) {
            unknown.push_back(id);
        }
    }
    return unknown;
}

std::vector<std::string> Catalogue::unknown_units(const std::vector<std::string>& ids) const {
    Statement known = impl_->db.prepare(
        "SELECT 1 FROM municipality WHERE id = ?1 "
        "UNION ALL SELECT 1 FROM municipality_group WHERE id = ?1 LIMIT 1");
    std::vector<std::string> unknown;
    for (const auto& id : distinct(ids)) {
        StatementReset reset(known);
        known.bind(1, id);
        if (!known.step()) {
            unknown.push_back(id);
        }
    }
    return unknown;
}

bool holds_demo_data(const Catalogue& catalogue) {
    return catalogue.meta(meta_data_source).value_or("") == "demo";
}

std::optional<std::string> Catalogue::metadata_fingerprint(const std::string& list) const {
    return meta(fingerprint_key(list));
}

bool Catalogue::has_metadata() const {
    return impl_->db.query_int("SELECT EXISTS (SELECT 1 FROM kpi)") != 0;
}

}  // namespace kolcat::catalogue
