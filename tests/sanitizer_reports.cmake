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
  file(GLOB files "${REPORTS_DIR}/*")
  set(reports "")
  foreach(report IN LISTS files)
    file(READ "${report}" text)
    # LeakSanitizer's own notice when a thread was ending while it stopped the process to scan
    # for leaks: it names no finding, so a file holding nothing else is shown, not counted.
    string(REGEX REPLACE "==[0-9]+==Unable to get registers from thread [0-9]+\\.\n?" "" rest "${text}")
    string(STRIP "${rest}" rest)
    if(rest STREQUAL "")
      message("==== ${report} (LeakSanitizer notice, no finding)\n${text}")
    else()
      message("==== ${report}\n${text}")
      list(APPEND reports "${report}")
    endif()
  endforeach()
  if(reports)
    list(LENGTH reports count)
    message(FATAL_ERROR "${count} sanitizer report(s) in ${REPORTS_DIR}")
  endif()
  message("no sanitizer reports")
else()
  message(FATAL_ERROR "MODE must be clear or check")
endif()
