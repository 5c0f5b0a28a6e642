/**
 * Which `str_replace_editor view` a large Python file gets: SWE-agent's edit_anthropic bundle runs
 * `pip install 'tree-sitter==0.21.3' || true; pip install 'tree-sitter-languages' || true` in the
 * instance's testbed environment, and the editor silently shows the plain numbered view when
 * `tree_sitter_languages` cannot be imported. From the packages' published requirements:
 *   - tree-sitter 0.21.3 requires Python >= 3.8 (wheels cp38..cp312);
 *   - tree-sitter-languages ships wheels only, unpinned on tree-sitter: cp37.. for 1.10.x, cp36 for
 *     1.9.1, never cp35; on 3.6/3.7 pip pairs it with tree-sitter 0.20.4 (python_requires >= 3.3),
 *     whose Language(path, name) / captures() API is what the filemap calls;
 * so the filemap works on Python >= 3.6 and the plain view shows on 3.5 (2 Verified instances,
 * django__django-7530 and django__django-10097). Evidence: src/tools/README.md.
 * The version is read in the session, after ~/.bashrc activated the testbed, as the bundle sees it.
 */
export const PYTHON_VERSION_PROBE = `python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])'`;

export function parsePythonVersion(output: string): readonly [number, number] | undefined {
  const match = /^(\d+)\.(\d+)\s*$/m.exec(output);
  return match === null ? undefined : [Number(match[1]), Number(match[2])];
}

/** Whether edit_anthropic's install.sh leaves a working tree_sitter_languages for this Python. */
export function filemapInstallable(version: readonly [number, number] | undefined): boolean {
  if (version === undefined) return false;
  const [major, minor] = version;
  return major > 3 || (major === 3 && minor >= 6);
}
