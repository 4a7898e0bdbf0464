# CREDITSIM_SANITIZE=address,undefined (any -fsanitize= list): every target, the tests
# included, is built and linked with those sanitizers. Reports halt the program
# (-fno-sanitize-recover), so a ctest pass fails on the first one (docs/FUZZING.md).
set(CREDITSIM_SANITIZE "" CACHE STRING "Sanitizers for every target, e.g. address,undefined")
# CMAKE_BUILD_TYPE=Sanitize: -O1 and line tables only (stack traces with file:line), the
# usual sanitizer build: quicker to compile than full debug information.
set(CMAKE_CXX_FLAGS_SANITIZE "-O1 -gline-tables-only" CACHE STRING "Flags of the Sanitize build type")
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set(CMAKE_CXX_FLAGS_SANITIZE "-O1 -g1" CACHE STRING "Flags of the Sanitize build type" FORCE)
endif()
if(CREDITSIM_SANITIZE)
  add_compile_options(-fsanitize=${CREDITSIM_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${CREDITSIM_SANITIZE} -fno-sanitize-recover=all)
endif()

# CREDITSIM_FUZZ=ON (clang only): every library is instrumented for libFuzzer's
# coverage, and the targets of tests/fuzz are built (scripts/fuzz runs them).
option(CREDITSIM_FUZZ "Build the libFuzzer targets of tests/fuzz (clang only)" OFF)
if(CREDITSIM_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "CREDITSIM_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
