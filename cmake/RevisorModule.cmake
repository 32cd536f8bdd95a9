# revisor_module(NAME DIR DEPS ...): one static library per engine folder, sources globbed so
# that adding a file needs no CMake edit. Each module names the modules it builds on.
function(revisor_module name)
    cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
    file(GLOB _sources CONFIGURE_DEPENDS
        ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp ${CMAKE_CURRENT_SOURCE_DIR}/*.h)
    qt_add_library(${name} STATIC ${_sources})
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/app)
    target_link_libraries(${name} PUBLIC ${ARG_DEPS})
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
    set_tests_properties(${_name} PROPERTIES TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;REVISOR_SOURCE_DIR=${PROJECT_SOURCE_DIR};REVISOR_BINARY=$<TARGET_FILE:revisor>"
        LABELS "${ARG_LABELS}")
endfunction()
