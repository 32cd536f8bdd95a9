# revisor_expose(TARGET): makes the target's folder includable as "<folder>/header.h" by the
# targets that link it, and by nothing else. The include root is a directory of the build tree
# that holds one link, to this folder only (the source tree's app/ would expose every module),
# so an #include of a module that is not a declared dependency does not compile.
function(revisor_expose target)
    get_filename_component(_folder ${CMAKE_CURRENT_SOURCE_DIR} NAME)
    set(_root ${PROJECT_BINARY_DIR}/include/${target})
    file(MAKE_DIRECTORY ${_root})
    file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR} ${_root}/${_folder} SYMBOLIC)
    target_include_directories(${target} PUBLIC ${_root})
endfunction()

# revisor_module(NAME [PUBLIC deps...] [PRIVATE deps...] [EXCLUDE files...]): one static library
# per engine folder, sources globbed so that adding a file needs no CMake edit. PUBLIC: modules
# whose headers this module's own headers include (its users need them too); PRIVATE: modules and
# libraries only its .cpp files use; EXCLUDE: files of the folder that another target builds.
function(revisor_module name)
    cmake_parse_arguments(ARG "" "" "PUBLIC;PRIVATE;EXCLUDE" ${ARGN})
    file(GLOB _sources CONFIGURE_DEPENDS
        ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp ${CMAKE_CURRENT_SOURCE_DIR}/*.h)
    foreach(_excluded ${ARG_EXCLUDE})
        list(REMOVE_ITEM _sources ${CMAKE_CURRENT_SOURCE_DIR}/${_excluded})
    endforeach()
    qt_add_library(${name} STATIC ${_sources})
    revisor_expose(${name})
    target_link_libraries(${name} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE})
endfunction()

# revisor_test(FILE LIBS ...): one test executable per test file, registered with ctest.
function(revisor_test file)
    cmake_parse_arguments(ARG "" "TIMEOUT" "LIBS;LABELS" ${ARGN})
    get_filename_component(_name ${file} NAME_WE)
    qt_add_executable(${_name} ${file})
    target_link_libraries(${_name} PRIVATE Qt6::Test ${ARG_LIBS})
    target_include_directories(${_name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
    add_test(NAME ${_name} COMMAND ${_name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    # Qt Test's own watchdog (300 s per test function) would abort a function that ctest
    # still allows: on a loaded machine one function of Alembic child processes can take longer.
    set_tests_properties(${_name} PROPERTIES TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "QTEST_FUNCTION_TIMEOUT=${ARG_TIMEOUT}000;QT_QPA_PLATFORM=offscreen;REVISOR_SOURCE_DIR=${PROJECT_SOURCE_DIR};REVISOR_BINARY=$<TARGET_FILE:revisor>"
        LABELS "${ARG_LABELS}")
endfunction()
