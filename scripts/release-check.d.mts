/** Types of scripts/release-check.mjs for the tests that import it. */
export function checkRelease(
  root: string,
  tag: string
): { problems: string[]; notes: string; version?: string; prerelease?: boolean }
export function changelogSection(changelog: string, version: string): string | undefined
