#!/bin/sh
# `npm run test:e2e [-- <file>… and vitest flags]`: the end-to-end tests (run after a build, see
# pretest:e2e), only the files named when any are; every file in __tests__/e2e otherwise.
# vitest ORs its file filters, so the folder is passed only when no file is named.
for arg; do
  case $arg in
    -*) ;;
    *) exec npx vitest run "$@" ;;
  esac
done
exec npx vitest run __tests__/e2e "$@"
