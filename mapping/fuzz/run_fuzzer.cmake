# ctest driver for the libFuzzer target: a fresh working corpus, a fixed seed, a bounded number of runs.
# libFuzzer exits non-zero on a crash, a sanitizer report, a leak or a timeout; so does this script.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(
  COMMAND ${FUZZER} -runs=${RUNS} -seed=1 -max_len=4096 -timeout=10 -print_final_stats=1 ${WORK} ${SEEDS}
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "mapping_fuzz failed (exit ${result}); the crashing input is in the test's working directory")
endif()
