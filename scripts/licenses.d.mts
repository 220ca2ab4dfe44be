/** Types of scripts/licenses.mjs for the tests that import it. */
export interface BundledPackage {
  dir: string
  name: string
  version: string
  license: string
  repository?: string
}
export const ROOT: string
export function bundledPackages(stats: unknown): BundledPackage[]
export function licenceFiles(dir: string): { licences: string[]; notices: string[] }
export function render(packages: readonly BundledPackage[], what: readonly string[]): string
