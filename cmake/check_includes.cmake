# Enforces the arrows between kolcat's folders (docs/ARCHITECTURE.md) on every #include "...":
# the targets' links alone cannot, because every target includes from the repository root.
# Also checks that each folder's code lives in its own namespace (kolcat::<name>, below), that no
# library reads the environment (only cli/ does) and that no library header pulls in Qt.
#
#   cmake -DROOT=<source tree> [-DSTAMP=<file to touch on success>] -P check_includes.cmake
#
# Fails with one line per broken rule: "<file>:<line>: <folder> may not include <header> ...".

cmake_minimum_required(VERSION 3.25)

if(NOT ROOT)
  message(FATAL_ERROR "check_includes.cmake: pass -DROOT=<source tree>")
endif()

# Each folder (longest prefix wins) and the folders its files may include. A folder may always
# include its own headers.
set(rule_folders
  text catalogue curated analysis report sync/http sync/kolada kolada_api serve cli/output cli
  demo)
set(allowed_text "")
set(allowed_catalogue "")
set(allowed_curated catalogue text)
set(allowed_analysis curated catalogue)
set(allowed_report analysis curated catalogue text)
set(allowed_sync/http text)
set(allowed_sync/kolada sync/http catalogue)
set(allowed_cli/output text catalogue cli/exit_codes.hpp)
set(allowed_kolada_api catalogue)
set(allowed_serve kolada_api report analysis curated catalogue text)
set(allowed_cli cli/output serve report analysis curated catalogue sync/kolada sync/http text)
set(allowed_demo kolada_api catalogue)
# Each folder's namespace below kolcat. A file may also open the namespace of a folder it may
# include, to forward-declare a class from there.
set(namespace_text text)
set(namespace_catalogue catalogue)
set(namespace_curated curated)
set(namespace_analysis analysis)
set(namespace_report report)
set(namespace_sync/http http)
set(namespace_sync/kolada sync)
set(namespace_cli/output cli)
set(namespace_cli cli)
set(namespace_demo demo)
set(namespace_kolada_api kolada_api)
set(namespace_serve serve)
# Folders whose code is a library: no getenv. Their headers include no Qt either, but for
# catalogue/, whose one Qt header (search_words.hpp) only its own search code includes.
set(library_folders text catalogue curated analysis report sync/http sync/kolada kolada_api serve)
set(qt_free_header_folders text curated analysis report sync/http sync/kolada kolada_api serve)

function(folder_of path out)
  set(best "")
  foreach(folder ${rule_folders})
    string(LENGTH "${folder}/" length)
    string(SUBSTRING "${path}" 0 ${length} head)
    if(head STREQUAL "${folder}/")
      string(LENGTH "${best}" best_length)
      if(length GREATER best_length)
        set(best "${folder}")
      endif()
    endif()
  endforeach()
  set(${out} "${best}" PARENT_SCOPE)
endfunction()

set(problems "")
set(scan_globs "")
foreach(folder ${rule_folders})
  list(APPEND scan_globs "${ROOT}/${folder}/*.hpp" "${ROOT}/${folder}/*.cpp")
endforeach()
file(GLOB_RECURSE sources RELATIVE "${ROOT}" ${scan_globs})
list(REMOVE_DUPLICATES sources)
list(SORT sources)

foreach(source ${sources})
  folder_of("${source}" folder)
  set(allowed "${folder}" ${allowed_${folder}})
  set(allowed_namespaces "")
  foreach(target ${allowed})
    if(DEFINED namespace_${target})
      list(APPEND allowed_namespaces "${namespace_${target}}")
    endif()
  endforeach()
  file(STRINGS "${ROOT}/${source}" lines)
  set(number 0)
  foreach(line IN LISTS lines)
    math(EXPR number "${number} + 1")
    if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\"")
      set(header "${CMAKE_MATCH_1}")
      set(ok FALSE)
      foreach(target ${allowed})
        string(LENGTH "${target}" length)
        string(SUBSTRING "${header}" 0 ${length} head)
        if(head STREQUAL target)
          # "cli" allows "cli/x.hpp", not "cli_extra/x.hpp"; a file rule matches exactly.
          string(SUBSTRING "${header}" ${length} 1 next)
          if(next STREQUAL "/" OR header STREQUAL target)
            set(ok TRUE)
          endif()
        endif()
      endforeach()
      # Nothing outside cli/commands/ includes a command: commands are reached through the
      # command table (cli/commands.hpp).
      if(header MATCHES "^cli/commands/" AND NOT source MATCHES "^cli/commands/")
        set(ok FALSE)
      endif()
      if(NOT ok)
        string(REPLACE ";" ", " allowed_text "${allowed}")
        list(APPEND problems
             "${source}:${number}: ${folder}/ may not include \"${header}\" (it may include: ${allowed_text})")
      endif()
    endif()
    if(line MATCHES "^namespace kolcat(::[A-Za-z_]+)?[ \t:{]")
      set(opened "")
      if(line MATCHES "^namespace kolcat::([A-Za-z_]+)")
        set(opened "${CMAKE_MATCH_1}")
      endif()
      if(NOT opened IN_LIST allowed_namespaces)
        list(APPEND problems
             "${source}:${number}: ${folder}/ code belongs in namespace kolcat::${namespace_${folder}}")
      endif()
    endif()
    if(folder IN_LIST library_folders)
      if(line MATCHES "getenv[ \t]*\\(" AND NOT line MATCHES "^[ \t]*//")
        list(APPEND problems
             "${source}:${number}: ${folder}/ is a library and may not read the environment (only cli/ does)")
      endif()
      if(folder IN_LIST qt_free_header_folders AND source MATCHES "\\.hpp$" AND line MATCHES "^[ \t]*#[ \t]*include[ \t]*<Q")
        list(APPEND problems
             "${source}:${number}: ${folder}/ is a library and its headers may not include Qt")
      endif()
    endif()
  endforeach()
endforeach()

if(problems)
  list(LENGTH problems count)
  foreach(problem IN LISTS problems)
    message(NOTICE "${problem}")  # NOTICE: one unwrapped line each, for editors to jump to
  endforeach()
  message(FATAL_ERROR "${count} layout rule(s) broken (see docs/ARCHITECTURE.md)")
endif()
if(STAMP)
  file(TOUCH "${STAMP}")
endif()
