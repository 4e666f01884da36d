#pragma once
// A Kolada group: a municipality group ("G33632") or a KPI group ("G2KPI148336").
// Both have the same shape in v3, so one type serves both.

#include <string>
#include <vector>

namespace kolcat::catalogue {

struct GroupMember {
    std::string id;     // member_id
    std::string title;  // member_title
};

struct Group {
    std::string id;
    std::string title;
    std::vector<GroupMember> members;
};

enum class GroupKind { municipality_group, kpi_group };

}  // namespace kolcat::catalogue
