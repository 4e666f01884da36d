# Proves that cmake/check_includes.cmake fails on a wrong include, and passes a right one, on
# small trees written here (the real tree is checked by the layout/includes test).
#
#   cmake -DCHECKER=<check_includes.cmake> -DWORK=<scratch folder> -P check_includes_test.cmake

function(run_checker tree out_result out_text)
  execute_process(COMMAND ${CMAKE_COMMAND} -DROOT=${tree} -P ${CHECKER}
                  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  set(${out_result} "${result}" PARENT_SCOPE)
  set(${out_text} "${output}" PARENT_SCOPE)
endfunction()

# A tree holding one file with the given text; the checker must pass or fail as expected.
function(expect name relative_path text expectation message_part)
  set(tree "${WORK}/${name}")
  file(REMOVE_RECURSE "${tree}")
  file(WRITE "${tree}/${relative_path}" "${text}")
  run_checker("${tree}" result output)
  if(expectation STREQUAL "fail")
    if(result EQUAL 0)
      message(FATAL_ERROR "${name}: the checker passed ${relative_path}, which it must refuse")
    endif()
    string(FIND "${output}" "${message_part}" found)
    if(found EQUAL -1)
      message(FATAL_ERROR "${name}: the checker's message lacks '${message_part}':\n${output}")
    endif()
  elseif(NOT result EQUAL 0)
    message(FATAL_ERROR "${name}: the checker refused ${relative_path}, which is allowed:\n${output}")
  endif()
endfunction()

expect(report_includes_sync "report/bad.cpp" "#include \"report/html.hpp\"\n#include \"sync/http/url.hpp\"\n"
       fail "report/bad.cpp:2: report/ may not include \"sync/http/url.hpp\"")
expect(catalogue_includes_curated "catalogue/bad.hpp" "#pragma once\n#include \"curated/indicators.hpp\"\n"
       fail "catalogue/ may not include \"curated/indicators.hpp\"")
expect(analysis_includes_cli "analysis/bad.cpp" "#include \"cli/exit_codes.hpp\"\n"
       fail "analysis/ may not include \"cli/exit_codes.hpp\"")
expect(http_includes_kolada "sync/http/bad.cpp" "#include \"sync/kolada/pager.hpp\"\n"
       fail "sync/http/ may not include \"sync/kolada/pager.hpp\"")
expect(output_includes_commands "cli/output/bad.cpp" "#include \"cli/command_line.hpp\"\n"
       fail "cli/output/ may not include \"cli/command_line.hpp\"")
expect(demo_includes_cli "demo/bad.cpp" "#include \"cli/app.hpp\"\n"
       fail "demo/ may not include \"cli/app.hpp\"")
expect(library_reads_environment "curated/bad.cpp" "const char* dir = std::getenv(\"HOME\");\n"
       fail "curated/ is a library and may not read the environment")
expect(analysis_header_with_qt "analysis/bad.hpp" "#pragma once\n#include <QString>\n"
       fail "analysis/ is a library and its headers may not include Qt")
expect(report_includes_analysis "report/good.cpp" "#include \"analysis/compare.hpp\"\n#include \"text/text_width.hpp\"\n"
       pass "")
expect(cli_includes_everything_below "cli/good.cpp" "#include \"report/html.hpp\"\n#include \"sync/kolada/sync_engine.hpp\"\n#include \"cli/output/render.hpp\"\n"
       pass "")
expect(cli_reads_environment "cli/good.cpp" "const char* dir = std::getenv(\"HOME\");\n"
       pass "")
expect(library_in_the_shared_namespace "curated/bad.cpp" "namespace kolcat {\nint x;\n}\n"
       fail "curated/bad.cpp:1: curated/ code belongs in namespace kolcat::curated")
expect(library_in_another_namespace "sync/http/bad.hpp" "namespace kolcat::sync {\nint x;\n}\n"
       fail "sync/http/ code belongs in namespace kolcat::http")
expect(library_in_its_namespace "sync/kolada/good.hpp" "namespace kolcat::sync::value_page {\nint x;\n}\n"
       pass "")
expect(forward_declaration_from_below "analysis/good.hpp" "namespace kolcat::catalogue {\nclass Catalogue;\n}\nnamespace kolcat::analysis {\n}\n"
       pass "")
