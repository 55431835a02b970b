import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Next's flat configs (core web vitals + typescript-eslint), plus the folders that are generated or vendored.
const config = [
  ...nextVitals,
  ...nextTs,
  // Route bodies go through lib/api/body.ts (capped: 413 before buffering), never request.json() and friends.
  {
    files: ["app/**/*.ts", "app/**/*.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name=/^(request|req)$/][callee.property.name=/^(json|text|formData|arrayBuffer|blob|bytes)$/]",
          message: "Read request bodies with readJson / readLimitedText from lib/api/body.ts (capped).",
        },
      ],
    },
  },
  { ignores: [".next/**", ".next-*/**", "node_modules/**", ".handback/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];

export default config;
