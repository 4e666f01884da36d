# `cpack -G DEB` in the build folder: kolcat_<version>_<arch>.deb, with the install rules of
# install.cmake under /usr. dpkg-shlibdeps derives Depends from the libraries the binaries link
# (libc6, libstdc++6, libcurl4, libsqlite3-0, libqt6core6, zlib1g...), so it names Debian's own
# runtime packages and versions.
set(CPACK_PACKAGE_NAME kolcat)
set(CPACK_PACKAGE_VENDOR kolcat)
set(CPACK_PACKAGE_CONTACT "kolcat maintainers <kolcat@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Kolada's key figures in a local SQLite catalogue, for equality analysis offline")
set(CPACK_PACKAGE_DESCRIPTION
    "kolcat syncs the key figures of Kolada (Swedish municipal and regional statistics, \
https://www.kolada.se) into a local SQLite catalogue and compares regions, breakdowns by sex and \
goals offline. It ships a curated set of equality key figures and an offline demo server.")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://www.kolada.se")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_GENERATOR DEB)
include(CPack)
