# Run by CTest in sanitizer builds (KOLCAT_SANITIZE=ON), as a fixture around the whole suite:
#   cmake -DREPORTS_DIR=<dir> -DMODE=clear -P sanitizer_reports.cmake   before the first test
#   cmake -DREPORTS_DIR=<dir> -DMODE=check -P sanitizer_reports.cmake   after the last test
# Every test runs with ASAN_OPTIONS/UBSAN_OPTIONS log_path under REPORTS_DIR, so a report from any
# process (also a kolcat child whose exit code a test expects to be non-zero) leaves a file here.
# The check prints every report and fails if there is one.
if(MODE STREQUAL "clear")
  file(REMOVE_RECURSE "${REPORTS_DIR}")
  file(MAKE_DIRECTORY "${REPORTS_DIR}")
elseif(MODE STREQUAL "check")
  file(GLOB reports "${REPORTS_DIR}/*")
  if(reports)
    foreach(report IN LISTS reports)
      file(READ "${report}" text)
      message("==== ${report}\n${text}")
    endforeach()
    list(LENGTH reports count)
    message(FATAL_ERROR "${count} sanitizer report(s) in ${REPORTS_DIR}")
  endif()
  message("no sanitizer reports")
else()
  message(FATAL_ERROR "MODE must be clear or check")
endif()
