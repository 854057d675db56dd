// ESLint for every TypeScript file of the repository (root scripts and all workspaces).
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "artifacts/**",
      "cache/**",
      "coverage/**",
      "types/**",
      ".peper/**",
      "**/.next/**",
      "offchain/src/protocol/generated/**",
      "contracts/ignition/deployments/**",
      // graph codegen / graph build output (subgraph/.gitignore)
      "subgraph/generated/**",
      "subgraph/build/**",
      "subgraph/abis/**",
      "app/test-results/**",
      "app/next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        URL: "readonly",
        fetch: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        Buffer: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": [
        "error",
        {
          selector: "TSEnumDeclaration",
          message: "Node runs our TypeScript by stripping types: use a union of literals.",
        },
      ],
    },
  },
  {
    // The dApp: React's rules of hooks and the React Compiler's checks, and Next's own rules.
    files: ["app/src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      ...reactHooks.configs["recommended-latest"].rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
    },
    settings: { next: { rootDir: "app/" } },
  },
  {
    // AssemblyScript 0.19 (The Graph mappings) has no `import type`: value imports are the only form.
    files: ["subgraph/src/**/*.ts"],
    rules: { "@typescript-eslint/consistent-type-imports": "off" },
  },
);
