# `cpack -G DEB` in the build folder: kolcat_<version>_<arch>.deb, with the install rules of
# install.cmake under /usr. Depends names Debian's runtime packages: dpkg-shlibdeps (package
# dpkg-dev) derives them from the libraries the binaries link, with their versions.
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
find_program(KOLCAT_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(KOLCAT_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  # Without dpkg-dev: what dpkg-shlibdeps gives on Debian 12 (kolcat-demo-server links
  # cpp-httplib's shared library).
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "libc6 (>= 2.34), libcpp-httplib0.11 (>= 0.11.4+ds), libcurl4 (>= 7.16.2), \
libgcc-s1 (>= 3.0), libqt6core6 (>= 6.4.0), libsqlite3-0 (>= 3.37.0), libstdc++6 (>= 12), \
zlib1g (>= 1:1.2.0)")
endif()
set(CPACK_GENERATOR DEB)
include(CPack)
