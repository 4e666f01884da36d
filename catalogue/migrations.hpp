#pragma once
// The catalogue's schema, as an ordered list of migration steps tracked by PRAGMA user_version.

#include <span>

#include "catalogue/database.hpp"

namespace kolcat::catalogue {

struct Migration {
    int version;      // user_version once this step is applied: 1, 2, 3, ... without gaps
    const char* sql;  // one or more statements, run in one transaction
};

// Every step, oldest first (see migrations.cpp for how to add one).
std::span<const Migration> migrations();
// The version a catalogue has once every step is applied.
int current_schema_version();

// Brings the schema of a read-write connection up to current_schema_version(), one transaction
// per step. Throws CatalogueError when the file is newer than this code or not a catalogue.
void migrate(Database& db);
// For a read-only connection: throws CatalogueError unless the schema is exactly current.
void require_current_schema(const Database& db);

}  // namespace kolcat::catalogue
