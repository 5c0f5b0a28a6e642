import tseslint from "typescript-eslint";
import layers from "./scripts/lint-layers.js";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "results/", ".cache/", "instances/sample/*/repo/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": ["error", { selector: "TSEnumDeclaration", message: "Use a literal union or an as-const object instead of enum." }],
    },
  },
  { files: ["src/**/*.ts"], plugins: { sera: layers }, rules: { "sera/layers": "error" } },
);
