# What `cmake --install` puts under the prefix (GNU layout), so that kolcat runs without the
# source and build trees: cli/curated_location.hpp finds share/kolcat/indicators beside
# bin/kolcat, and kolcat-demo-server finds share/kolcat/demo beside itself.
include(GNUInstallDirs)

install(TARGETS kolcat kolcat-demo-server RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${KOLCAT_INDICATORS_DIR}/goals.json ${KOLCAT_INDICATORS_DIR}/kpis.json
              ${KOLCAT_INDICATORS_DIR}/region_sets.json ${KOLCAT_INDICATORS_DIR}/README.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/kolcat/indicators)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/demo/data/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/kolcat/demo)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
