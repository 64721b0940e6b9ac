# Copies the MISP warninglists named in NAMES (one list folder a line, '#'
# comments) from SRC (a misp-warninglists checkout's lists/ folder) into DEST,
# replacing what DEST held. Run by the build and by update-warninglists.sh:
#   cmake -DSRC=... -DDEST=... -DNAMES=... -P install_warninglists.cmake
if(NOT IS_DIRECTORY "${SRC}")
  message(STATUS "note: MISP warninglists not found at ${SRC}: none installed; only Dragnet's built-in "
                 "never-flag lists will apply (scripts/update-warninglists.sh CHECKOUT installs them)")
  return()
endif()
file(STRINGS "${NAMES}" lines)
set(tmp "${DEST}.tmp")
file(REMOVE_RECURSE "${tmp}")
file(MAKE_DIRECTORY "${tmp}")
set(copied 0)
foreach(line ${lines})
  string(STRIP "${line}" name)
  if(name STREQUAL "" OR name MATCHES "^#")
    continue()
  endif()
  if(EXISTS "${SRC}/${name}/list.json")
    file(COPY "${SRC}/${name}/list.json" DESTINATION "${tmp}/${name}")
    math(EXPR copied "${copied} + 1")
  else()
    message(STATUS "note: MISP warninglist ${name} not in ${SRC}: not installed")
  endif()
endforeach()
file(REMOVE_RECURSE "${DEST}")
file(RENAME "${tmp}" "${DEST}")
message(STATUS "installed ${copied} MISP warninglists into ${DEST}")
