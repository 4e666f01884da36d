#include <doctest/doctest.h>

#include <map>
#include <string>

#include "cli/user_paths.hpp"

namespace kolcat::cli {

TEST_CASE("user paths: XDG homes count only when absolute; HOME gives the defaults") {
    std::map<std::string, std::string> env;
    const GetEnv getenv = [&](const char* name) -> std::optional<std::string> {
        const auto found = env.find(name);
        return found == env.end() ? std::nullopt : std::optional(found->second);
    };
    // Nothing set: no default, rather than "/.local/share" or a folder relative to the cwd.
    CHECK_FALSE(data_home(getenv).has_value());
    CHECK_FALSE(config_home(getenv).has_value());
    CHECK_FALSE(default_catalogue_file(getenv).has_value());
    CHECK_FALSE(demo_catalogue_file(getenv).has_value());
    CHECK_FALSE(default_local_indicators_file(getenv).has_value());
    env["HOME"] = "";
    CHECK_FALSE(default_catalogue_file(getenv).has_value());
    env["HOME"] = "relative/home";
    CHECK_FALSE(default_catalogue_file(getenv).has_value());

    env["HOME"] = "/home/anna";
    CHECK(default_catalogue_file(getenv) == "/home/anna/.local/share/kolcat/catalogue.sqlite");
    CHECK(demo_catalogue_file(getenv) == "/home/anna/.local/share/kolcat/demo-catalogue.sqlite");
    CHECK(default_local_indicators_file(getenv) ==
          "/home/anna/.config/kolcat/indicators.local.json");

    env["XDG_DATA_HOME"] = "data";  // relative: invalid by the specification, ignored
    env["XDG_CONFIG_HOME"] = "./config";
    CHECK(data_home(getenv) == "/home/anna/.local/share");
    CHECK(config_home(getenv) == "/home/anna/.config");

    env["XDG_DATA_HOME"] = "/srv/data";
    env["XDG_CONFIG_HOME"] = "/srv/config";
    env.erase("HOME");  // absolute XDG homes need no HOME
    CHECK(default_catalogue_file(getenv) == "/srv/data/kolcat/catalogue.sqlite");
    CHECK(default_local_indicators_file(getenv) == "/srv/config/kolcat/indicators.local.json");

    env["KOLCAT_CATALOGUE"] = "mine.sqlite";  // a user's own choice may be relative
    CHECK(default_catalogue_file(getenv) == "mine.sqlite");
}

}  // namespace kolcat::cli
